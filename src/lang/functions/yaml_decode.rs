//! `yamldecode`: reads one YAML document into values the way Terraform's
//! YAML library does. Mappings become objects, sequences tuples, scalars
//! are typed by `yaml_resolve`; anchors, aliases and `<<` merge keys work,
//! and a second document is an error.

use std::collections::{BTreeMap, HashMap, HashSet};

use terrace_value::Value;
use yaml_rust2::parser::{Event, Parser, Tag};
use yaml_rust2::scanner::Marker;

use super::encoding::str_arg;
use super::yaml_resolve::{resolve, Scalar};
use super::{FuncContext, FuncError};

/// Nesting beyond this is refused rather than risking the stack.
const MAX_DEPTH: usize = 1000;

pub(super) fn yamldecode(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    decode(str_arg(args, 0)).map_err(FuncError::call)
}

struct Decoder<'a> {
    parser: Parser<std::str::Chars<'a>>,
    anchors: HashMap<usize, Value>,
    pending: HashSet<usize>,
}

/// A message placed as Terraform places it: the line counted from zero,
/// the column from one.
fn at(mark: &Marker, message: impl std::fmt::Display) -> String {
    format!(
        "on line {}, column {}: {message}",
        mark.line().saturating_sub(1),
        mark.col() + 1
    )
}

/// A syntax error, placed only when it is past the first line (on the line
/// after, column zero, as Terraform reports scanner errors).
fn syntax_error(e: &yaml_rust2::ScanError) -> String {
    match e.marker().line().saturating_sub(1) {
        0 => e.info().to_string(),
        line => format!("on line {}, column 0: {}", line + 1, e.info()),
    }
}

fn decode(src: &str) -> Result<Value, String> {
    // An empty source is read as a single blank line, which matters for
    // where the error about it is placed.
    let src = if src.is_empty() { "\n" } else { src };
    let mut d = Decoder {
        parser: Parser::new_from_str(src),
        anchors: HashMap::new(),
        pending: HashSet::new(),
    };
    let (first, _) = d.next()?;
    if !matches!(first, Event::StreamStart) {
        return Err("missing stream start token".into());
    }
    let (start, mark) = d.next()?;
    match start {
        Event::DocumentStart => {}
        _ => return Err(at(&mark, "missing start of document")),
    }
    let v = d.node(0)?;
    let (end, mark) = d.next()?;
    match end {
        Event::DocumentEnd => {}
        Event::DocumentStart => return Err(at(&mark, "only a single document is allowed")),
        _ => return Err(at(&mark, "unexpected extra content after value")),
    }
    let (end, mark) = d.next()?;
    match end {
        Event::StreamEnd => Ok(v),
        _ => Err(at(&mark, "unexpected extra content after value")),
    }
}

impl Decoder<'_> {
    fn next(&mut self) -> Result<(Event, Marker), String> {
        self.parser.next_token().map_err(|e| syntax_error(&e))
    }

    fn node(&mut self, depth: usize) -> Result<Value, String> {
        let (ev, mark) = self.next()?;
        self.node_from(ev, mark, depth)
    }

    fn node_from(&mut self, ev: Event, mark: Marker, depth: usize) -> Result<Value, String> {
        if depth > MAX_DEPTH {
            return Err(at(&mark, "document is nested too deeply"));
        }
        match ev {
            Event::Scalar(text, style, anchor, tag) => {
                let v = match resolve(tag.as_ref(), &text, style).map_err(|e| at(&mark, e))? {
                    Scalar::Value(v) => v,
                    Scalar::Merge => Value::string("<<"),
                };
                self.define(anchor, &v);
                Ok(v)
            }
            Event::Alias(id) => {
                if self.pending.contains(&id) {
                    return Err(at(
                        &mark,
                        "cannot refer to an anchor from inside its own definition",
                    ));
                }
                self.anchors
                    .get(&id)
                    .cloned()
                    .ok_or_else(|| at(&mark, "reference to undefined anchor"))
            }
            Event::SequenceStart(anchor, tag) => {
                check_tag(tag.as_ref(), "seq", "sequence").map_err(|e| at(&mark, e))?;
                self.begin(anchor);
                let mut items = Vec::new();
                loop {
                    let (ev, mark) = self.next()?;
                    if matches!(ev, Event::SequenceEnd) {
                        break;
                    }
                    items.push(self.node_from(ev, mark, depth + 1)?);
                }
                let v = Value::Tuple(items);
                self.define(anchor, &v);
                Ok(v)
            }
            Event::MappingStart(anchor, tag) => {
                check_tag(tag.as_ref(), "map", "mapping").map_err(|e| at(&mark, e))?;
                self.begin(anchor);
                let v = Value::Object(self.mapping(depth)?);
                self.define(anchor, &v);
                Ok(v)
            }
            Event::DocumentStart => Err(at(&mark, "only a single document is allowed")),
            Event::StreamEnd => Err(at(&mark, "expecting value but found end of stream")),
            _ => Err(at(&mark, "unexpected parser event")),
        }
    }

    fn mapping(&mut self, depth: usize) -> Result<BTreeMap<String, Value>, String> {
        let mut attrs = BTreeMap::new();
        loop {
            let (ev, mark) = self.next()?;
            let (text, style, tag) = match ev {
                Event::MappingEnd => return Ok(attrs),
                Event::Scalar(text, style, _, tag) => (text, style, tag),
                _ => return Err(at(&mark, "only strings are allowed as mapping keys")),
            };
            let key = match resolve(tag.as_ref(), &text, style).map_err(|e| at(&mark, e))? {
                Scalar::Merge => {
                    let (ev, vmark) = self.next()?;
                    match self.node_from(ev, vmark, depth + 1)? {
                        Value::Object(m) => attrs.extend(m),
                        other => {
                            let name = other.ty().friendly_name();
                            return Err(at(&mark, format!("cannot merge {name} into mapping")));
                        }
                    }
                    continue;
                }
                Scalar::Value(Value::String(s)) => s,
                Scalar::Value(Value::Number(n)) => n.to_string(),
                Scalar::Value(Value::Bool(b)) => b.to_string(),
                Scalar::Value(Value::Null(_)) => {
                    return Err(at(&mark, "mapping key cannot be null"));
                }
                Scalar::Value(_) => {
                    return Err(at(&mark, "only strings are allowed as mapping keys"))
                }
            };
            let v = self.node(depth + 1)?;
            attrs.insert(key, v);
        }
    }

    fn begin(&mut self, anchor: usize) {
        if anchor != 0 {
            self.pending.insert(anchor);
        }
    }

    fn define(&mut self, anchor: usize, v: &Value) {
        if anchor != 0 {
            self.pending.remove(&anchor);
            self.anchors.insert(anchor, v.clone());
        }
    }
}

pub(super) fn full_tag(tag: Option<&Tag>) -> String {
    tag.map(|t| format!("{}{}", t.handle, t.suffix))
        .unwrap_or_default()
}

fn check_tag(tag: Option<&Tag>, want: &str, what: &str) -> Result<(), String> {
    let tag = full_tag(tag);
    if tag.is_empty() || tag == format!("{}{want}", super::yaml_resolve::TAG_PREFIX) {
        Ok(())
    } else {
        Err(format!("can't interpret {what} as {tag}"))
    }
}
