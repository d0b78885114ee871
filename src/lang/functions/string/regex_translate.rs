//! Go's RE2 pattern dialect rewritten into the `regex` crate's, one token at
//! a time: the crate reads `\d \w \s \b` as Unicode-aware, treats `[`, `&&`
//! and `~~` inside classes as set syntax, knows no `\Q…\E` and refuses a
//! group name used twice, where Go does otherwise. Syntax errors are caught
//! here so they can be reported with Go's codes and fragments.

/// A Go syntax error: its code ("missing closing )") and the offending text.
#[derive(Debug, PartialEq)]
pub(super) struct SyntaxError {
    pub code: &'static str,
    pub expr: String,
}

/// Whether `c` may appear in a group name or `$name` reference.
pub(super) fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The pattern in the crate's syntax and the Go name of each capture group
/// (`None` for unnamed ones), in order.
pub(super) fn translate(pattern: &str) -> Result<(String, Vec<Option<String>>), SyntaxError> {
    Translator::new(pattern).run()
}

/// Rewrites a Go pattern into the `regex` crate's dialect, one token at a time.
struct Translator<'a> {
    src: &'a str,
    chars: Vec<(usize, char)>,
    pos: usize,
    out: String,
    names: Vec<Option<String>>,
    depth: usize,
    /// Whether the last thing written can take a repetition operator, and
    /// the operator text if it was itself a repetition.
    last: Last,
}

#[derive(Clone, PartialEq)]
enum Last {
    Nothing,
    Atom,
    Repeat(String),
}

const ASCII_DIGIT: &str = "[0-9]";
const ASCII_WORD: &str = "[0-9A-Za-z_]";
const ASCII_SPACE: &str = "[\\t\\n\\x0C\\r ]";

impl<'a> Translator<'a> {
    fn new(src: &'a str) -> Translator<'a> {
        Translator {
            src,
            chars: src.char_indices().collect(),
            pos: 0,
            out: String::with_capacity(src.len() + 16),
            names: Vec::new(),
            depth: 0,
            last: Last::Nothing,
        }
    }

    fn peek(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.pos + ahead).map(|(_, c)| *c)
    }

    fn offset(&self, pos: usize) -> usize {
        self.chars.get(pos).map_or(self.src.len(), |(i, _)| *i)
    }

    fn error(&self, code: &'static str, from: usize, to: usize) -> SyntaxError {
        SyntaxError {
            code,
            expr: self.src[self.offset(from)..self.offset(to)].to_string(),
        }
    }

    fn whole(&self, code: &'static str) -> SyntaxError {
        SyntaxError {
            code,
            expr: self.src.to_string(),
        }
    }

    fn run(mut self) -> Result<(String, Vec<Option<String>>), SyntaxError> {
        while let Some(c) = self.peek(0) {
            match c {
                '\\' => {
                    let piece = self.escape(false)?;
                    self.out.push_str(&piece);
                    self.last = Last::Atom;
                }
                '[' => {
                    self.class()?;
                    self.last = Last::Atom;
                }
                '(' => self.open()?,
                ')' => {
                    if self.depth == 0 {
                        return Err(self.whole("unexpected )"));
                    }
                    self.depth -= 1;
                    self.out.push(')');
                    self.pos += 1;
                    self.last = Last::Atom;
                }
                '|' => {
                    self.out.push('|');
                    self.pos += 1;
                    self.last = Last::Nothing;
                }
                '^' | '$' | '.' => {
                    self.out.push(c);
                    self.pos += 1;
                    self.last = Last::Atom;
                }
                '*' | '+' | '?' => self.repeat(1)?,
                '{' => match self.counted_repeat_len() {
                    Some(len) => self.repeat(len)?,
                    None => self.literal('{'),
                },
                c => self.literal(c),
            }
        }
        if self.depth > 0 {
            return Err(self.whole("missing closing )"));
        }
        Ok((self.out, self.names))
    }

    fn literal(&mut self, c: char) {
        push_literal(&mut self.out, c);
        self.pos += 1;
        self.last = Last::Atom;
    }

    /// The length in characters of a `{n}`, `{n,}` or `{n,m}` at the
    /// cursor; Go treats any other `{` as a literal.
    fn counted_repeat_len(&self) -> Option<usize> {
        let mut i = 1;
        let digits = |i: &mut usize| {
            let start = *i;
            while self.peek(*i).is_some_and(|c| c.is_ascii_digit()) {
                *i += 1;
            }
            *i > start
        };
        if !digits(&mut i) {
            return None;
        }
        if self.peek(i) == Some(',') {
            i += 1;
            digits(&mut i);
        }
        (self.peek(i) == Some('}')).then_some(i + 1)
    }

    fn repeat(&mut self, len: usize) -> Result<(), SyntaxError> {
        let mut end = self.pos + len;
        if self.chars.get(end).map(|(_, c)| *c) == Some('?') {
            end += 1;
        }
        let op: String = self.chars[self.pos..end].iter().map(|(_, c)| c).collect();
        match &self.last {
            Last::Nothing => {
                return Err(self.error("missing argument to repetition operator", self.pos, end))
            }
            Last::Repeat(prev) => {
                return Err(SyntaxError {
                    code: "invalid nested repetition operator",
                    expr: format!("{prev}{op}"),
                })
            }
            Last::Atom => {}
        }
        if len > 1 {
            let counts: Vec<u32> = op
                .trim_matches(|c| matches!(c, '{' | '}' | '?'))
                .split(',')
                .filter(|s| !s.is_empty())
                .map(|s| s.parse().unwrap_or(u32::MAX))
                .collect();
            let bad =
                counts.iter().any(|n| *n > 1000) || (counts.len() == 2 && counts[0] > counts[1]);
            if bad {
                return Err(SyntaxError {
                    code: "invalid repeat count",
                    expr: op,
                });
            }
        }
        self.out.push_str(&op);
        self.pos = end;
        self.last = Last::Repeat(op);
        Ok(())
    }

    fn open(&mut self) -> Result<(), SyntaxError> {
        let start = self.pos;
        if self.peek(1) != Some('?') {
            self.names.push(None);
            self.out.push('(');
            self.pos += 1;
            self.depth += 1;
            self.last = Last::Nothing;
            return Ok(());
        }
        let named = match (self.peek(2), self.peek(3)) {
            (Some('P'), Some('<')) => Some(4),
            (Some('<'), Some(_)) => Some(3),
            _ => None,
        };
        if let Some(skip) = named {
            let Some(close) = (start + skip..self.chars.len()).find(|&i| self.chars[i].1 == '>')
            else {
                return Err(self.error("invalid named capture", start, self.chars.len()));
            };
            let name: String = self.chars[start + skip..close]
                .iter()
                .map(|(_, c)| c)
                .collect();
            if name.is_empty() || !name.chars().all(is_word) {
                return Err(self.error("invalid named capture", start, close + 1));
            }
            self.names.push(Some(name));
            // Go allows a name twice; the crate does not, so groups get
            // positional names and the Go names are kept aside.
            self.out.push_str(&format!("(?P<g{}>", self.names.len()));
            self.pos = close + 1;
            self.depth += 1;
            self.last = Last::Nothing;
            return Ok(());
        }
        // Flags, as `(?i)` or `(?i-s:`; Go knows only i, m, s and U.
        let mut i = start + 2;
        let mut negated = false;
        let mut seen_flag = false;
        loop {
            let Some(c) = self.chars.get(i).map(|(_, c)| *c) else {
                return Err(self.whole("missing closing )"));
            };
            match c {
                'i' | 'm' | 's' | 'U' => seen_flag = true,
                '-' if !negated => {
                    negated = true;
                    seen_flag = false;
                }
                ')' if i == start + 2 => {
                    // Go accepts an empty flag group as a no-op.
                    self.pos = i + 1;
                    return Ok(());
                }
                ':' | ')' if !negated || seen_flag => {
                    let group: String = self.chars[start..=i].iter().map(|(_, c)| c).collect();
                    self.out.push_str(&group);
                    self.pos = i + 1;
                    if c == ':' {
                        self.depth += 1;
                    }
                    self.last = Last::Nothing;
                    return Ok(());
                }
                _ => return Err(self.error("invalid or unsupported Perl syntax", start, i + 1)),
            }
            i += 1;
        }
    }

    /// An escape at the cursor, returned in the crate's syntax.
    fn escape(&mut self, in_class: bool) -> Result<String, SyntaxError> {
        let start = self.pos;
        let Some(c) = self.peek(1) else {
            return Err(SyntaxError {
                code: "trailing backslash at end of expression",
                expr: String::new(),
            });
        };
        self.pos += 2;
        let piece = match c {
            'd' => ASCII_DIGIT.to_string(),
            'D' => "[^0-9]".to_string(),
            'w' => ASCII_WORD.to_string(),
            'W' => "[^0-9A-Za-z_]".to_string(),
            's' => ASCII_SPACE.to_string(),
            'S' => "[^\\t\\n\\x0C\\r ]".to_string(),
            'b' | 'B' if !in_class => format!("(?-u:\\{c})"),
            'A' | 'z' if !in_class => format!("\\{c}"),
            'a' | 'f' | 't' | 'n' | 'r' | 'v' => format!("\\{c}"),
            'p' | 'P' => {
                let end = if self.peek(0) == Some('{') {
                    (self.pos..self.chars.len()).find(|&i| self.chars[i].1 == '}')
                } else {
                    self.peek(0).map(|_| self.pos)
                };
                let Some(end) = end else {
                    return Err(self.error(
                        "invalid character class range",
                        start,
                        self.chars.len(),
                    ));
                };
                self.pos = end + 1;
                self.src[self.offset(start)..self.offset(end + 1)].to_string()
            }
            'x' => {
                let end = if self.peek(0) == Some('{') {
                    (self.pos..self.chars.len())
                        .find(|&i| self.chars[i].1 == '}')
                        .map(|e| e + 1)
                } else {
                    (self.pos + 2 <= self.chars.len()).then_some(self.pos + 2)
                };
                let body = end.and_then(|e| self.src.get(self.offset(start)..self.offset(e)));
                let valid = body.is_some_and(|b| {
                    let hex = b[2..].trim_matches(|c| c == '{' || c == '}');
                    !hex.is_empty() && hex.len() <= 8 && hex.chars().all(|c| c.is_ascii_hexdigit())
                });
                match (body, end) {
                    (Some(b), Some(e)) if valid => {
                        self.pos = e;
                        b.to_string()
                    }
                    _ => return Err(self.error("invalid escape sequence", start, self.pos)),
                }
            }
            '0'..='7' if c == '0' || self.peek(0).is_some_and(|d| d.is_digit(8)) => {
                let mut value = c.to_digit(8).unwrap_or(0);
                for _ in 0..2 {
                    match self.peek(0).and_then(|d| d.to_digit(8)) {
                        Some(d) => {
                            value = value * 8 + d;
                            self.pos += 1;
                        }
                        None => break,
                    }
                }
                format!("\\x{{{value:x}}}")
            }
            'Q' if !in_class => {
                let mut lit = String::new();
                while let Some(c) = self.peek(0) {
                    if c == '\\' && self.peek(1) == Some('E') {
                        self.pos += 2;
                        break;
                    }
                    push_literal(&mut lit, c);
                    self.pos += 1;
                }
                format!("(?:{lit})")
            }
            c if c.is_ascii_punctuation() => {
                let mut s = String::new();
                push_literal(&mut s, c);
                s
            }
            _ => return Err(self.error("invalid escape sequence", start, self.pos)),
        };
        Ok(piece)
    }

    /// A bracketed character class, rewritten so that characters the crate
    /// treats specially inside classes (`[`, `&`, `~`, `-` runs) are literal.
    fn class(&mut self) -> Result<(), SyntaxError> {
        let start = self.pos;
        self.pos += 1;
        self.out.push('[');
        if self.peek(0) == Some('^') {
            self.out.push('^');
            self.pos += 1;
        }
        let mut first = true;
        loop {
            let Some(c) = self.peek(0) else {
                return Err(self.error("missing closing ]", start, self.chars.len()));
            };
            match c {
                ']' if !first => {
                    self.out.push(']');
                    self.pos += 1;
                    return Ok(());
                }
                '\\' => {
                    let piece = self.escape(true)?;
                    self.out.push_str(&piece);
                }
                '[' if self.peek(1) == Some(':') => {
                    let close = (self.pos + 2..self.chars.len().saturating_sub(1))
                        .find(|&i| self.chars[i].1 == ':' && self.chars[i + 1].1 == ']');
                    let Some(close) = close else {
                        self.out.push_str("\\[");
                        self.pos += 1;
                        first = false;
                        continue;
                    };
                    let name: String = self.chars[self.pos + 2..close]
                        .iter()
                        .map(|(_, c)| c)
                        .collect();
                    let known = [
                        "alnum", "alpha", "ascii", "blank", "cntrl", "digit", "graph", "lower",
                        "print", "punct", "space", "upper", "word", "xdigit",
                    ];
                    if !known.contains(&name.trim_start_matches('^')) {
                        return Err(self.error(
                            "invalid character class range",
                            self.pos,
                            close + 2,
                        ));
                    }
                    self.out
                        .push_str(&self.src[self.offset(self.pos)..self.offset(close + 2)]);
                    self.pos = close + 2;
                }
                '-' if self.out.ends_with('-') && !self.out.ends_with("\\-") => {
                    self.out.push_str("\\-");
                    self.pos += 1;
                }
                '[' | '&' | '~' => {
                    self.out.push('\\');
                    self.out.push(c);
                    self.pos += 1;
                }
                c => {
                    self.out.push(c);
                    self.pos += 1;
                    if self.peek(0) == Some('-') {
                        if let Some(hi) = self.peek(1).filter(|h| !matches!(h, ']' | '\\' | '[')) {
                            if hi < c {
                                return Err(self.error(
                                    "invalid character class range",
                                    self.pos - 1,
                                    self.pos + 2,
                                ));
                            }
                        }
                    }
                }
            }
            first = false;
        }
    }
}

/// Appends `c` so that the crate reads it as that literal character.
fn push_literal(out: &mut String, c: char) {
    if regex_syntax_meta(c) {
        out.push('\\');
    }
    out.push(c);
}

/// The characters the crate treats as syntax outside a class.
fn regex_syntax_meta(c: char) -> bool {
    matches!(
        c,
        '\\' | '.'
            | '+'
            | '*'
            | '?'
            | '('
            | ')'
            | '|'
            | '['
            | ']'
            | '{'
            | '}'
            | '^'
            | '$'
            | '#'
            | '&'
            | '-'
            | '~'
    )
}
