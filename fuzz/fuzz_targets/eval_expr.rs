//! Fuzzes the expression path end to end: any UTF-8 text is parsed as an
//! expression and evaluated against a context with strings, numbers, lists,
//! a sensitive value and unknowns, then turned into JSON and a type, as the
//! engine would. Errors are fine; panics, hangs and runaway memory are not.

#![no_main]

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use terrace::lang::eval::Evaluator;
use terrace::lang::scope::EvalContext;
use terrace::lang::source::SourceFile;
use terrace_value::{type_to_json, value_to_json, Number, Type, Value};

/// A few small files for the file functions, in a directory made once.
fn fixtures_dir() -> PathBuf {
    let dir = std::env::temp_dir().join("terrace-fuzz-fixtures");
    let files: [(&str, &str); 6] = [
        ("hello.txt", "Hello, world!\n"),
        ("data.json", r#"{"a": [1, 2, 3], "b": {"c": "d"}}"#),
        ("data.yaml", "a: [1, 2, 3]\nb:\n  c: d\n"),
        ("data.csv", "name,port\nweb,80\ndb,5432\n"),
        (
            "greeting.tftpl",
            "Hello, ${name}!%{ for t in tags } #${t}%{ endfor }\n",
        ),
        ("sub/nested.txt", "nested\n"),
    ];
    for (name, text) in files {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            let _ = std::fs::create_dir_all(parent);
        }
        let _ = std::fs::write(path, text);
    }
    dir
}

fn object(entries: Vec<(&str, Value)>) -> Value {
    Value::Object(
        entries
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
    )
}

fn strings(items: &[&str]) -> Vec<Value> {
    items.iter().map(|s| Value::string(*s)).collect()
}

/// The context every input is evaluated in, built once.
fn context() -> &'static EvalContext {
    static CTX: OnceLock<EvalContext> = OnceLock::new();
    CTX.get_or_init(|| {
        let dir = fixtures_dir();
        let server = |name: &str, port: i64| {
            object(vec![
                ("name", Value::string(name)),
                ("port", Value::number(port)),
                ("tags", Value::List(Type::String, strings(&[name, "x"]))),
            ])
        };
        let var = object(vec![
            ("name", Value::string("web")),
            ("count", Value::number(3i64)),
            (
                "ratio",
                Value::Number(Number::parse("0.25").unwrap_or_else(|_| Number::zero())),
            ),
            ("enabled", Value::Bool(true)),
            (
                "names",
                Value::List(Type::String, strings(&["alpha", "beta", "gamma"])),
            ),
            (
                "ports",
                Value::Map(
                    Type::Number,
                    BTreeMap::from([
                        ("http".to_string(), Value::number(80i64)),
                        ("https".to_string(), Value::number(443i64)),
                    ]),
                ),
            ),
            (
                "servers",
                Value::Tuple(vec![server("a", 80), server("b", 443)]),
            ),
            ("secret", Value::string("hunter2").sensitive()),
            ("pending", Value::Unknown(Type::String)),
            ("maybe", Value::Null(Type::String)),
        ]);
        let local = object(vec![
            (
                "nums",
                Value::Tuple(vec![
                    Value::number(3i64),
                    Value::number(1i64),
                    Value::number(2i64),
                ]),
            ),
            (
                "mixed",
                Value::Tuple(vec![
                    Value::number(1i64),
                    Value::string("two"),
                    Value::Bool(true),
                ]),
            ),
            ("tags", Value::set(Type::String, strings(&["b", "a", "c"]))),
            (
                "secret_obj",
                object(vec![
                    ("user", Value::string("admin")),
                    ("pass", Value::string("hunter2").sensitive()),
                ]),
            ),
            ("later", Value::unknown()),
            ("later_list", Value::Unknown(Type::list(Type::String))),
            ("tpl", Value::string("Hello, ${name}!")),
            ("tpl_self", Value::string("${templatestring(tpl, {})}")),
        ]);
        let module = Value::string(dir.display().to_string());
        let mut variables = BTreeMap::new();
        variables.insert("var".to_string(), var);
        variables.insert("local".to_string(), local);
        variables.insert(
            "path".to_string(),
            object(vec![
                ("module", module.clone()),
                ("root", module.clone()),
                ("cwd", module),
            ]),
        );
        variables.insert(
            "terraform".to_string(),
            object(vec![("workspace", Value::string("default"))]),
        );
        variables.insert(
            "each".to_string(),
            object(vec![
                ("key", Value::string("k")),
                ("value", Value::string("v")),
            ]),
        );
        variables.insert(
            "count".to_string(),
            object(vec![("index", Value::number(0i64))]),
        );
        EvalContext {
            variables,
            base_dir: dir,
            plan_timestamp: "2024-01-02T03:04:05Z".to_string(),
            planning: true,
            ..EvalContext::default()
        }
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let file = SourceFile::new("fuzz.tf", text);
    // hcl-edit's parser behind Terrace's nesting limit (see `lang::nesting`).
    let Ok(expr) = terrace::lang::parse::parse_expr(&file) else {
        return;
    };
    match Evaluator::new(&file, context()).eval(&expr) {
        Ok(value) => {
            let _ = type_to_json(&value.ty());
            let _ = value_to_json(&value);
            let _ = value.is_wholly_known();
        }
        Err(diags) => {
            for d in diags.iter() {
                if let Some(r) = &d.range {
                    let _ = file.line_text(r.start.line);
                }
            }
        }
    }
});
