//! Resource instance addresses as the state spells them. An imported
//! Terraform state gives the parts (module, mode, type, name, key) and the
//! store needs the string that keys its rows; `state mv` gives strings and
//! the store needs the parts back. Only the address grammar is read here,
//! never HCL expressions: the engine keeps its own typed addresses.

use serde_json::Value;

use crate::{ResourceMode, StateError};

/// The parts of a resource or resource instance address.
#[derive(Debug, Clone, PartialEq)]
pub struct AddressParts {
    /// The module instance, `""` for the root module.
    pub module: String,
    /// Managed resource or data source.
    pub mode: ResourceMode,
    /// The resource type.
    pub type_name: String,
    /// The resource name.
    pub name: String,
    /// The instance key, `None` when the address names the whole resource
    /// (or an instance of a resource without `count`/`for_each`).
    pub key: Option<Value>,
}

impl AddressParts {
    /// The resource address, without the instance key.
    pub fn resource(&self) -> String {
        resource_address(&self.module, self.mode, &self.type_name, &self.name)
    }
}

/// `module.a["x"].data.t.n` from its parts.
pub fn resource_address(module: &str, mode: ResourceMode, type_name: &str, name: &str) -> String {
    let mut out = String::with_capacity(module.len() + type_name.len() + name.len() + 8);
    if !module.is_empty() {
        out.push_str(module);
        out.push('.');
    }
    if mode == ResourceMode::Data {
        out.push_str("data.");
    }
    out.push_str(type_name);
    out.push('.');
    out.push_str(name);
    out
}

/// `module.a["x"].t.n[0]` from its parts; a `null` key adds nothing.
pub fn instance_address(
    module: &str,
    mode: ResourceMode,
    type_name: &str,
    name: &str,
    key: &Value,
) -> String {
    let mut out = resource_address(module, mode, type_name, name);
    push_key(&mut out, key);
    out
}

fn push_key(out: &mut String, key: &Value) {
    match key {
        Value::Null => {}
        Value::String(s) => {
            out.push('[');
            out.push_str(&quote(s));
            out.push(']');
        }
        other => {
            out.push('[');
            out.push_str(&other.to_string());
            out.push(']');
        }
    }
}

/// Quotes a string key the way the engine prints addresses (HCL string
/// syntax, template sequences escaped).
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    let escaped = out.replace("${", "$${").replace("%{", "%%{");
    format!("{escaped}\"")
}

/// Splits `module.a["x"].t.n[0]` into its parts.
pub fn parse_address(text: &str) -> Result<AddressParts, StateError> {
    let bad = |reason: &str| StateError::InvalidAddress {
        address: text.to_string(),
        reason: reason.to_string(),
    };
    let mut steps = Vec::new();
    let mut rest = text.trim();
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('[') {
            let (key, after) = read_key(after).ok_or_else(|| bad("malformed instance key"))?;
            steps.push(Step::Key(key));
            rest = after;
        } else {
            let after = if steps.is_empty() {
                rest
            } else {
                rest.strip_prefix('.')
                    .ok_or_else(|| bad("expected '.' between names"))?
            };
            let end = after
                .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
                .unwrap_or(after.len());
            if end == 0 {
                return Err(bad("expected a name"));
            }
            steps.push(Step::Name(after[..end].to_string()));
            rest = &after[end..];
        }
    }
    let mut module = String::new();
    let mut i = 0;
    while matches!(steps.get(i), Some(Step::Name(n)) if n == "module") {
        let Some(Step::Name(call)) = steps.get(i + 1) else {
            return Err(bad("module needs a name"));
        };
        if !module.is_empty() {
            module.push('.');
        }
        module.push_str("module.");
        module.push_str(call);
        i += 2;
        if let Some(Step::Key(k)) = steps.get(i) {
            push_key(&mut module, k);
            i += 1;
        }
    }
    let mode = match steps.get(i) {
        Some(Step::Name(n)) if n == "data" => {
            i += 1;
            ResourceMode::Data
        }
        _ => ResourceMode::Managed,
    };
    let (Some(Step::Name(type_name)), Some(Step::Name(name))) = (steps.get(i), steps.get(i + 1))
    else {
        return Err(bad("an address needs a resource type and name"));
    };
    let key = match steps.get(i + 2) {
        Some(Step::Key(k)) => Some(k.clone()),
        None => None,
        Some(Step::Name(_)) => return Err(bad("unexpected name after the resource name")),
    };
    if steps.len() > i + 2 + usize::from(key.is_some()) {
        return Err(bad("unexpected steps after the instance key"));
    }
    Ok(AddressParts {
        module,
        mode,
        type_name: type_name.clone(),
        name: name.clone(),
        key,
    })
}

enum Step {
    Name(String),
    Key(Value),
}

/// Reads a key after `[` up to and including `]`: digits or a quoted
/// string.
fn read_key(text: &str) -> Option<(Value, &str)> {
    if let Some(body) = text.strip_prefix('"') {
        let mut out = String::new();
        let mut chars = body.char_indices();
        while let Some((at, c)) = chars.next() {
            match c {
                '"' => {
                    let rest = body[at + 1..].strip_prefix(']')?;
                    let out = out.replace("$${", "${").replace("%%{", "%{");
                    return Some((Value::String(out), rest));
                }
                '\\' => {
                    let (_, e) = chars.next()?;
                    match e {
                        'n' => out.push('\n'),
                        'r' => out.push('\r'),
                        't' => out.push('\t'),
                        '"' => out.push('"'),
                        '\\' => out.push('\\'),
                        'u' => {
                            let hex: String =
                                (0..4).filter_map(|_| chars.next()).map(|p| p.1).collect();
                            out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
                        }
                        _ => return None,
                    }
                }
                c => out.push(c),
            }
        }
        None
    } else {
        let end = text.find(']')?;
        let n: u64 = text[..end].trim().parse().ok()?;
        Some((Value::from(n), &text[end + 1..]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_and_splits_the_same_addresses() {
        let cases = [
            "aws_s3_bucket.b",
            "aws_s3_bucket.b[0]",
            "data.local_file.f",
            "module.a[\"x\"].aws_s3_bucket.b[0]",
            "module.a.module.b[2].random_pet.p[\"k\\\"q $${x}\"]",
        ];
        for text in cases {
            let p = parse_address(text).unwrap();
            let key = p.key.clone().unwrap_or(Value::Null);
            assert_eq!(
                instance_address(&p.module, p.mode, &p.type_name, &p.name, &key),
                text
            );
        }
        let p = parse_address("module.a.module.b[2].random_pet.p[\"k\\\"q $${x}\"]").unwrap();
        assert_eq!(p.module, "module.a.module.b[2]");
        assert_eq!(p.key, Some(Value::String("k\"q ${x}".into())));
        assert_eq!(p.resource(), "module.a.module.b[2].random_pet.p");
    }

    #[test]
    fn rejects_what_is_not_an_address() {
        for text in [
            "",
            "aws_s3_bucket",
            "a.b.c",
            "a.b[x]",
            "module.m",
            "a.b[\"x\"",
        ] {
            assert!(parse_address(text).is_err(), "{text}");
        }
    }
}
