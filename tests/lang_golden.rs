//! The differential suite: every expression in `tests/lang/cases`, evaluated
//! by Terrace, must give the value, type and sensitivity that Terraform gave
//! (recorded in `tests/lang/golden`), or fail where Terraform failed.
//!
//! Cases not yet matching are listed in `tests/lang/known_mismatches.txt`;
//! the suite fails on any other mismatch, and on a listed case that now
//! matches, so the list only ever shrinks.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::Value as Json;
use terrace::config::{load_module, Module};
use terrace::engine::module_values::{base_context, evaluate_locals};
use terrace::lang::eval::Evaluator;
use terrace::lang::scope::EvalContext;
use terrace::lang::source::SourceFile;
use terrace_value::{type_to_json, value_to_json, Type, Value};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The module the generator evaluated cases in: `_context.tf` at `tests/lang`.
fn context() -> (Module, EvalContext) {
    let tmp = tempfile::tempdir().expect("temp dir");
    std::fs::copy(
        root().join("tests/lang/cases/_context.tf"),
        tmp.path().join("_context.tf"),
    )
    .expect("copy context");
    let (mut module, diags) = load_module(tmp.path(), "tests/lang");
    assert!(!diags.has_errors(), "{diags:?}");
    module.dir = root().join("tests/lang");
    let (vars, diags) =
        terrace::config::variables::resolve(&module, tmp.path(), &[], &Default::default());
    assert!(!diags.has_errors(), "{diags:?}");
    let mut ctx = base_context(&root(), &module, &vars, "default", &root());
    let diags = evaluate_locals(&module, &mut ctx);
    assert!(!diags.has_errors(), "{diags:?}");
    (module, ctx)
}

/// The plan-time context of `unknown.hcl`: the locals of `_unknown.tf`, whose
/// values come from resources not yet created.
fn unknown_context(known: &EvalContext) -> EvalContext {
    let mut ctx = known.clone();
    ctx.planning = true;
    let mut locals = ctx
        .variables
        .get("local")
        .and_then(|l| l.as_entries().cloned())
        .unwrap_or_default();
    let object = Type::object(
        [
            ("a".to_string(), Type::Number),
            ("b".to_string(), Type::String),
        ]
        .into(),
    );
    locals.insert("u_str".into(), Value::Unknown(Type::String));
    locals.insert(
        "u_list".into(),
        Value::Unknown(Type::Tuple(vec![Type::String, Type::String])),
    );
    locals.insert("u_obj".into(), Value::Unknown(object));
    ctx.variables.insert("local".into(), Value::Object(locals));
    ctx
}

/// Which parts of a value are unknown, in the golden files' shape.
fn unknown_shape(v: &Value) -> Json {
    if !v.is_known() {
        return Json::Bool(true);
    }
    if v.is_wholly_known() {
        return Json::Bool(false);
    }
    match v.unmarked() {
        Value::List(_, vs) | Value::Set(_, vs) | Value::Tuple(vs) => {
            Json::Array(vs.iter().map(unknown_shape).collect())
        }
        Value::Map(_, m) | Value::Object(m) => Json::Object(
            m.iter()
                .map(|(k, v)| (k.clone(), unknown_shape(v)))
                .collect(),
        ),
        _ => Json::Bool(false),
    }
}

/// The value with unknown parts as null, as the golden files write it.
fn known_parts(v: &Value) -> Value {
    match v {
        Value::Marked(inner, marks) => known_parts(inner).mark(*marks),
        Value::Unknown(t) => Value::Null(t.clone()),
        Value::List(t, vs) => Value::List(t.clone(), vs.iter().map(known_parts).collect()),
        Value::Set(t, vs) => Value::Set(t.clone(), vs.iter().map(known_parts).collect()),
        Value::Tuple(vs) => Value::Tuple(vs.iter().map(known_parts).collect()),
        Value::Map(t, m) => Value::Map(
            t.clone(),
            m.iter().map(|(k, v)| (k.clone(), known_parts(v))).collect(),
        ),
        Value::Object(m) => {
            Value::Object(m.iter().map(|(k, v)| (k.clone(), known_parts(v))).collect())
        }
        other => other.clone(),
    }
}

/// Evaluates `expr` the way the generator embedded it: as the only element of a tuple.
fn evaluate(ctx: &EvalContext, expr: &str) -> Result<Value, String> {
    let text = format!("[\n{expr}\n]");
    let file = SourceFile::new("case.tf", text.clone());
    let parsed = hcl_edit::parser::parse_expr(&text)
        .map_err(|e| format!("Invalid syntax: {}", e.message()))?;
    let v = Evaluator::new(&file, ctx).eval(&parsed).map_err(|d| {
        d.iter()
            .map(|d| d.summary.clone())
            .collect::<Vec<_>>()
            .join("; ")
    })?;
    match v.unmark() {
        (Value::Tuple(mut items), marks) if items.len() == 1 => Ok(items.remove(0).mark(marks)),
        (other, _) => Err(format!("unexpected wrapper value {other:?}")),
    }
}

/// Numbers compare as decimals; everything else structurally.
fn same_json(a: &Json, b: &Json) -> bool {
    match (a, b) {
        (Json::Number(x), Json::Number(y)) => {
            let (x, y) = (x.to_string(), y.to_string());
            x == y || terrace_value::Number::parse(&x).ok() == terrace_value::Number::parse(&y).ok()
        }
        (Json::Array(x), Json::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same_json(a, b))
        }
        (Json::Object(x), Json::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_json(v, w)))
        }
        _ => a == b,
    }
}

fn check(ctx: &EvalContext, case: &Json) -> Result<(), String> {
    let expr = case["expr"].as_str().unwrap_or_default();
    let got = evaluate(ctx, expr);
    if case.get("error").and_then(Json::as_bool) == Some(true) {
        return match got {
            Err(_) => Ok(()),
            Ok(v) => Err(format!(
                "Terraform fails ({}), Terrace gives {v:?}",
                case["summary"]
            )),
        };
    }
    let v = got.map_err(|e| format!("Terrace fails: {e}"))?;
    let shape = unknown_shape(&v);
    let want_shape = case.get("unknown").cloned().unwrap_or(Json::Bool(false));
    if shape != want_shape {
        return Err(format!("unknown parts {shape} != {want_shape}"));
    }
    let v = known_parts(&v);
    let ty = type_to_json(&v.ty());
    if !same_json(&ty, &case["type"]) {
        return Err(format!("type {ty} != {}", case["type"]));
    }
    let json = value_to_json(&v).map_err(|e| e.to_string())?;
    if !same_json(&json, &case["value"]) {
        return Err(format!("value {json} != {}", case["value"]));
    }
    let sensitive = case
        .get("sensitive")
        .and_then(Json::as_bool)
        .unwrap_or(false);
    if v.has_marks_deep() != sensitive {
        return Err(format!("sensitive {} != {sensitive}", v.has_marks_deep()));
    }
    Ok(())
}

fn known_mismatches() -> BTreeSet<String> {
    std::fs::read_to_string(root().join("tests/lang/known_mismatches.txt"))
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(String::from)
        .collect()
}

#[test]
fn expressions_match_terraform() {
    let (_module, ctx) = context();
    let known = known_mismatches();
    let mut total = 0;
    let mut unexpected = Vec::new();
    let mut fixed = Vec::new();
    let mut mismatched = Vec::new();
    let dir = root().join("tests/lang/golden");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("golden dir")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    files.sort();
    for path in files {
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_string();
        // `_functions` lists signatures, not cases.
        if stem.starts_with('_') {
            continue;
        }
        let file_ctx = if stem == "unknown" {
            unknown_context(&ctx)
        } else {
            ctx.clone()
        };
        let cases: Vec<Json> =
            serde_json::from_str(&std::fs::read_to_string(&path).expect("read golden"))
                .expect("golden JSON");
        for case in &cases {
            total += 1;
            let id = format!(
                "{stem}: {}",
                case["expr"]
                    .as_str()
                    .unwrap_or_default()
                    .replace('\n', "\\n")
            );
            let outcome =
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(&file_ctx, case)))
                    .unwrap_or_else(|_| Err("panicked".into()));
            match (outcome, known.contains(&id)) {
                (Ok(()), true) => fixed.push(id),
                (Ok(()), false) => {}
                (Err(e), true) => mismatched.push(format!("{id}\n    {e}")),
                (Err(e), false) => unexpected.push(format!("{id}\n    {e}")),
            }
        }
    }
    if std::env::var_os("TERRACE_GOLDEN_REPORT").is_some() {
        let _ = std::fs::write(
            Path::new("/tmp/golden-report.txt"),
            format!("{}\n{}", unexpected.join("\n"), mismatched.join("\n")),
        );
    }
    eprintln!("{total} cases, {} known mismatches", known.len());
    assert!(total >= 400, "only {total} cases");
    assert!(
        unexpected.is_empty(),
        "{} cases differ from Terraform:\n{}",
        unexpected.len(),
        unexpected.join("\n")
    );
    assert!(
        fixed.is_empty(),
        "these cases now match; remove them from known_mismatches.txt:\n{}",
        fixed.join("\n")
    );
}
