//! Terraform's JSON configuration syntax (`*.tf.json`), read by rewriting it
//! into the native syntax it stands for: objects nest blocks by their labels,
//! and strings are templates.

use serde_json::Value as Json;
use terrace_value::{Diagnostic, Diagnostics};

/// How many labels each top-level block type takes.
fn label_count(block: &str) -> usize {
    match block {
        "resource" | "data" => 2,
        "variable" | "output" | "module" | "provider" | "check" => 1,
        _ => 0,
    }
}

/// Rewrites a JSON configuration file into native syntax.
pub fn to_native(name: &str, text: &str) -> Result<String, Diagnostics> {
    let json: Json = serde_json::from_str(text).map_err(|e| {
        let mut d = Diagnostic::error(
            "Invalid JSON syntax",
            format!("The file {name:?} is not valid JSON: {e}."),
        );
        d.range = Some(terrace_value::SourceRange {
            filename: name.to_string(),
            start: terrace_value::Pos {
                line: e.line(),
                column: e.column().max(1),
                byte: 0,
            },
            end: terrace_value::Pos {
                line: e.line(),
                column: e.column().max(1) + 1,
                byte: 0,
            },
        });
        Diagnostics::from(d)
    })?;
    let Json::Object(root) = json else {
        return Err(Diagnostic::error(
            "Invalid JSON configuration",
            format!("The root of {name:?} must be a JSON object."),
        )
        .into());
    };
    let mut out = String::new();
    for (block, content) in &root {
        if block == "//" {
            continue;
        }
        let bodies: Vec<&Json> = match content {
            Json::Array(items) => items.iter().collect(),
            other => vec![other],
        };
        for body in bodies {
            blocks(&mut out, block, &mut Vec::new(), label_count(block), body);
        }
    }
    Ok(out)
}

fn blocks(out: &mut String, block: &str, labels: &mut Vec<String>, remaining: usize, body: &Json) {
    if remaining > 0 {
        if let Json::Object(m) = body {
            for (label, inner) in m {
                labels.push(label.clone());
                blocks(out, block, labels, remaining - 1, inner);
                labels.pop();
            }
        }
        return;
    }
    out.push_str(block);
    for l in labels.iter() {
        out.push_str(&format!(" {}", quote(l)));
    }
    out.push_str(" {\n");
    if let Json::Object(m) = body {
        for (k, v) in m {
            if k == "//" {
                continue;
            }
            if matches!(
                k.as_str(),
                "lifecycle"
                    | "validation"
                    | "precondition"
                    | "postcondition"
                    | "required_providers"
                    | "backend"
                    | "assert"
            ) {
                nested(out, k, v);
            } else {
                out.push_str(&format!("  {k} = {}\n", expr(v)));
            }
        }
    }
    out.push_str("}\n");
}

fn nested(out: &mut String, name: &str, v: &Json) {
    match v {
        Json::Array(items) => items.iter().for_each(|i| nested(out, name, i)),
        Json::Object(m) if name == "backend" => {
            for (kind, body) in m {
                out.push_str(&format!("  backend {} {{\n", quote(kind)));
                if let Json::Object(attrs) = body {
                    for (k, v) in attrs {
                        out.push_str(&format!("    {k} = {}\n", expr(v)));
                    }
                }
                out.push_str("  }\n");
            }
        }
        Json::Object(m) => {
            out.push_str(&format!("  {name} {{\n"));
            for (k, v) in m {
                out.push_str(&format!("    {k} = {}\n", expr(v)));
            }
            out.push_str("  }\n");
        }
        _ => {}
    }
}

fn expr(v: &Json) -> String {
    match v {
        Json::Null => "null".into(),
        Json::Bool(b) => b.to_string(),
        Json::Number(n) => n.to_string(),
        Json::String(s) => template(s),
        Json::Array(items) => format!(
            "[{}]",
            items.iter().map(expr).collect::<Vec<_>>().join(", ")
        ),
        Json::Object(m) => format!(
            "{{ {} }}",
            m.iter()
                .map(|(k, v)| format!("{} = {}", quote(k), expr(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// A JSON string is a template: escape quotes and backslashes but keep `${`.
fn template(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn quote(s: &str) -> String {
    format!("{:?}", s).replace("${", "$${").replace("%{", "%%{")
}
