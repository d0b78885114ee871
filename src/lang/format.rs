//! Values written the way Terraform's console and plan show them:
//! `tolist([...])`, `{ "a" = 1 }` with aligned keys, heredocs for multi-line
//! strings, `(sensitive value)` and `(known after apply)`.

use terrace_value::Value;

/// `value` in console syntax, indented for nesting level `indent`.
pub fn format_value(value: &Value, indent: usize) -> String {
    if value.is_sensitive() {
        return "(sensitive value)".into();
    }
    let pad = "  ".repeat(indent + 1);
    let end_pad = "  ".repeat(indent);
    match value.unmarked() {
        Value::Null(_) => "null".into(),
        Value::Unknown(_) => "(known after apply)".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) if s.contains('\n') && !s.trim_end_matches('\n').is_empty() => {
            let body = s.strip_suffix('\n').unwrap_or(s);
            let lines: Vec<String> = body.lines().map(|l| format!("{pad}{l}")).collect();
            format!("<<-EOT\n{}\n{end_pad}EOT", lines.join("\n"))
        }
        Value::String(s) => quote(s),
        Value::List(_, vs) | Value::Set(_, vs) | Value::Tuple(vs) => {
            let wrap = match value.unmarked() {
                Value::List(..) => Some("tolist"),
                Value::Set(..) => Some("toset"),
                _ => None,
            };
            let inner = if vs.is_empty() {
                "[]".to_string()
            } else {
                let items: Vec<String> = vs
                    .iter()
                    .map(|v| format!("{pad}{},\n", format_value(v, indent + 1)))
                    .collect();
                format!("[\n{}{end_pad}]", items.concat())
            };
            match wrap {
                Some(f) => format!("{f}({inner})"),
                None => inner,
            }
        }
        Value::Map(_, m) | Value::Object(m) => {
            let is_map = matches!(value.unmarked(), Value::Map(..));
            let inner = if m.is_empty() {
                "{}".to_string()
            } else {
                let width = m
                    .keys()
                    .map(|k| quote(k).chars().count())
                    .max()
                    .unwrap_or(0);
                let items: Vec<String> = m
                    .iter()
                    .map(|(k, v)| {
                        let key = quote(k);
                        let gap = " ".repeat(width - key.chars().count());
                        format!("{pad}{key}{gap} = {}\n", format_value(v, indent + 1))
                    })
                    .collect();
                format!("{{\n{}{end_pad}}}", items.concat())
            };
            if is_map {
                format!("tomap({inner})")
            } else {
                inner
            }
        }
        Value::Marked(..) => "(sensitive value)".into(),
    }
}

/// A string literal with HCL escapes.
pub fn quote(s: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;
    use terrace_value::Type;

    #[test]
    fn console_shapes() {
        let l = Value::List(Type::Number, vec![Value::from(1), Value::from(2)]);
        assert_eq!(format_value(&l, 0), "tolist([\n  1,\n  2,\n])");
        let o = Value::Object(
            [
                ("a".to_string(), Value::from("x")),
                ("bb".to_string(), Value::from(true)),
            ]
            .into(),
        );
        assert_eq!(
            format_value(&o, 0),
            "{\n  \"a\"  = \"x\"\n  \"bb\" = true\n}"
        );
        assert_eq!(
            format_value(&Value::from("s").sensitive(), 0),
            "(sensitive value)"
        );
        assert_eq!(
            format_value(&Value::Unknown(Type::String), 0),
            "(known after apply)"
        );
        assert_eq!(format_value(&Value::Tuple(vec![]), 0), "[]");
    }
}
