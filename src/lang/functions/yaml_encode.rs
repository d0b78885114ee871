//! `yamlencode`: writes a value as YAML text byte-for-byte as Terraform
//! does. Terraform's output comes from a libyaml-style emitter whose layout
//! rules (indentless sequences under keys, `? ` for long or multi-line keys,
//! folding double-quoted strings past column 80, literal blocks for
//! multi-line strings, `...` after a bare root scalar) this module follows
//! with the same bookkeeping of column, indent and whitespace.

use terrace_value::Value;

use super::{FuncContext, FuncError};

const BEST_INDENT: i64 = 2;
const BEST_WIDTH: usize = 80;

pub(super) fn yamlencode(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    let mut e = Emitter::default();
    e.node(
        args.first().unwrap_or(&Value::null()),
        Context {
            root: true,
            ..Context::default()
        },
    )?;
    // The implicit document end.
    e.write_indent();
    if e.open_ended {
        e.write_indicator("...", true, false, false);
        e.write_indent();
    }
    Ok(Value::string(e.out))
}

/// Where a node sits, which decides its layout.
#[derive(Clone, Copy, Default)]
struct Context {
    root: bool,
    mapping: bool,
    simple_key: bool,
}

struct Emitter {
    out: String,
    column: usize,
    indent: i64,
    indents: Vec<i64>,
    /// The last thing written was whitespace (or nothing).
    whitespace: bool,
    /// Only indentation has been written on the current line.
    indention: bool,
    /// The document needs an explicit `...` end marker.
    open_ended: bool,
}

impl Default for Emitter {
    fn default() -> Emitter {
        Emitter {
            out: String::new(),
            column: 0,
            indent: -1,
            indents: Vec::new(),
            whitespace: true,
            indention: true,
            open_ended: false,
        }
    }
}

/// What the emitter needs to know about a string to pick its style.
struct Analysis {
    multiline: bool,
    block_allowed: bool,
}

fn is_break(c: char) -> bool {
    matches!(c, '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

fn is_printable(c: char) -> bool {
    matches!(c, '\n' | '\x20'..='\x7e' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}')
        && c != '\u{feff}'
}

fn analyze(s: &str) -> Analysis {
    if s.is_empty() {
        return Analysis {
            multiline: false,
            block_allowed: false,
        };
    }
    let (mut line_breaks, mut special, mut space_break, mut previous_space) =
        (false, false, false, false);
    for c in s.chars() {
        if !is_printable(c) {
            special = true;
        }
        if c == ' ' {
            previous_space = true;
        } else if is_break(c) {
            line_breaks = true;
            space_break |= previous_space;
            previous_space = false;
        } else {
            previous_space = false;
        }
    }
    let trailing_space = s.ends_with(' ');
    Analysis {
        multiline: line_breaks,
        block_allowed: !(trailing_space || space_break || special),
    }
}

impl Emitter {
    fn put(&mut self, c: char) {
        self.out.push(c);
        self.column += 1;
    }

    fn put_break(&mut self) {
        self.out.push('\n');
        self.column = 0;
    }

    fn write_break(&mut self, c: char) {
        if c == '\n' {
            self.put_break();
        } else {
            self.out.push(c);
            self.column = 0;
        }
    }

    fn write_indent(&mut self) {
        let indent = usize::try_from(self.indent.max(0)).unwrap_or(0);
        if !self.indention || self.column > indent || (self.column == indent && !self.whitespace) {
            self.put_break();
        }
        while self.column < indent {
            self.put(' ');
        }
        self.whitespace = true;
        self.indention = true;
    }

    fn write_indicator(&mut self, text: &str, need_ws: bool, is_ws: bool, is_indention: bool) {
        if need_ws && !self.whitespace {
            self.put(' ');
        }
        for c in text.chars() {
            self.put(c);
        }
        self.whitespace = is_ws;
        self.indention = self.indention && is_indention;
        self.open_ended = false;
    }

    fn increase_indent(&mut self, flow: bool, indentless: bool) {
        self.indents.push(self.indent);
        if self.indent < 0 {
            self.indent = if flow { BEST_INDENT } else { 0 };
        } else if !indentless {
            self.indent += BEST_INDENT;
        }
    }

    fn pop_indent(&mut self) {
        self.indent = self.indents.pop().unwrap_or(-1);
    }

    fn node(&mut self, v: &Value, ctx: Context) -> Result<(), FuncError> {
        match v.unmarked() {
            Value::Null(_) => self.plain("null", ctx),
            Value::Unknown(_) => {
                return Err(FuncError::call("cannot serialize unknown value as YAML"))
            }
            Value::Bool(b) => self.plain(if *b { "true" } else { "false" }, ctx),
            Value::Number(n) => self.plain(&n.to_string(), ctx),
            Value::String(s) => self.string(s, ctx),
            Value::List(_, vs) | Value::Set(_, vs) | Value::Tuple(vs) => self.sequence(vs, ctx)?,
            Value::Map(_, m) | Value::Object(m) => {
                if m.is_empty() {
                    self.empty_flow("{", "}");
                } else {
                    self.increase_indent(false, false);
                    for (k, v) in m {
                        self.write_indent();
                        let analysis = analyze(k);
                        let inner = Context {
                            mapping: true,
                            ..Context::default()
                        };
                        if !analysis.multiline && k.len() <= 128 {
                            self.string(
                                k,
                                Context {
                                    simple_key: true,
                                    ..inner
                                },
                            );
                            self.write_indicator(":", false, false, false);
                        } else {
                            self.write_indicator("?", true, false, true);
                            self.string(k, inner);
                            self.write_indent();
                            self.write_indicator(":", true, false, true);
                        }
                        self.node(v, inner)?;
                    }
                    self.pop_indent();
                }
            }
            Value::Marked(..) => unreachable!("unmarked() removes marks"),
        }
        Ok(())
    }

    fn sequence(&mut self, items: &[Value], ctx: Context) -> Result<(), FuncError> {
        if items.is_empty() {
            self.empty_flow("[", "]");
            return Ok(());
        }
        self.increase_indent(false, ctx.mapping && !self.indention);
        for item in items {
            self.write_indent();
            self.write_indicator("-", true, false, true);
            self.node(item, Context::default())?;
        }
        self.pop_indent();
        Ok(())
    }

    fn empty_flow(&mut self, open: &str, close: &str) {
        self.write_indicator(open, true, true, false);
        self.increase_indent(true, false);
        self.pop_indent();
        self.write_indicator(close, false, false, false);
    }

    fn plain(&mut self, text: &str, ctx: Context) {
        self.increase_indent(true, false);
        if !self.whitespace {
            self.put(' ');
        }
        for c in text.chars() {
            self.put(c);
        }
        self.whitespace = false;
        self.indention = false;
        if ctx.root {
            self.open_ended = true;
        }
        self.pop_indent();
    }

    fn string(&mut self, s: &str, ctx: Context) {
        let analysis = analyze(s);
        let literal = s.contains('\n') && analysis.block_allowed && !ctx.simple_key;
        self.increase_indent(true, false);
        if literal {
            self.literal(s);
        } else {
            self.double_quoted(s, !ctx.simple_key);
        }
        self.pop_indent();
    }

    fn double_quoted(&mut self, s: &str, allow_breaks: bool) {
        self.write_indicator("\"", true, false, false);
        let mut spaces = false;
        let mut chars = s.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if !is_printable(c) || is_break(c) || c == '"' || c == '\\' {
                self.put('\\');
                match c {
                    '\0' => self.put('0'),
                    '\x07' => self.put('a'),
                    '\x08' => self.put('b'),
                    '\t' => self.put('t'),
                    '\n' => self.put('n'),
                    '\x0b' => self.put('v'),
                    '\x0c' => self.put('f'),
                    '\r' => self.put('r'),
                    '\x1b' => self.put('e'),
                    '"' => self.put('"'),
                    '\\' => self.put('\\'),
                    '\u{85}' => self.put('N'),
                    '\u{a0}' => self.put('_'),
                    '\u{2028}' => self.put('L'),
                    '\u{2029}' => self.put('P'),
                    c => {
                        let n = c as u32;
                        let escaped = match n {
                            0..=0xff => format!("x{n:02X}"),
                            0x100..=0xffff => format!("u{n:04X}"),
                            _ => format!("U{n:08X}"),
                        };
                        for e in escaped.chars() {
                            self.put(e);
                        }
                    }
                }
                spaces = false;
            } else if c == ' ' {
                let next_is_space = chars.peek().is_some_and(|&(_, n)| n == ' ');
                if allow_breaks && !spaces && self.column > BEST_WIDTH && i > 0 && i < s.len() - 1 {
                    self.write_indent();
                    if next_is_space {
                        self.put('\\');
                    }
                } else {
                    self.put(c);
                }
                spaces = true;
            } else {
                self.put(c);
                spaces = false;
            }
        }
        self.write_indicator("\"", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn literal(&mut self, s: &str) {
        self.write_indicator("|", true, false, false);
        if s.starts_with(|c: char| c == ' ' || is_break(c)) {
            self.write_indicator("2", false, false, false);
        }
        self.open_ended = false;
        let mut tail = s.chars().rev();
        let chomp = match (tail.next(), tail.next()) {
            (Some(last), _) if !is_break(last) => Some("-"),
            (Some(_), None) => Some("+"),
            (Some(_), Some(before)) if is_break(before) => Some("+"),
            _ => None,
        };
        if let Some(chomp) = chomp {
            self.open_ended = chomp == "+";
            self.write_indicator(chomp, false, false, false);
        }
        self.put_break();
        self.indention = true;
        self.whitespace = true;
        let mut breaks = true;
        for c in s.chars() {
            if is_break(c) {
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                self.put(c);
                self.indention = false;
                breaks = false;
            }
        }
    }
}
