//! Expectations for the collection and conversion functions, taken from
//! Terraform 1.15.5: each case gives the arguments as HCL literals would
//! build them (JSON arrays are tuples, JSON objects are objects) and the
//! value and type Terraform answered, or the words of its error.

use std::path::PathBuf;

use serde_json::Value as Json;
use terrace_value::{type_from_json, value_from_json, value_to_json, Type, Value};

use super::{call, lookup, FuncContext};

fn no_template(_: &str, _: &str, _: &Value) -> Result<Value, String> {
    Err("no templates here".into())
}

fn run(name: &str, args: Vec<Value>) -> Result<Value, String> {
    let ctx = FuncContext {
        base_dir: PathBuf::from("."),
        plan_timestamp: String::new(),
        planning: false,
        render_template: &no_template,
    };
    let f = lookup(name).unwrap_or_else(|| panic!("no function {name}"));
    call(f, &ctx, args).map_err(|e| e.detail)
}

/// An argument: JSON as an HCL literal gives it, where the strings "<?>",
/// "<?n>" and "<?any>" stand for unknown strings, numbers and values, and
/// "<s:...>" for a sensitive string.
pub(super) fn lit(json: &str) -> Value {
    let j: Json = serde_json::from_str(json).expect("test JSON");
    placeholders(value_from_json(&j, &Type::Dynamic).expect("test value"))
}

/// An argument of a given type, as `tolist(...)` or `tomap(...)` make them.
pub(super) fn typed(ty: &str, json: &str) -> Value {
    let t = type_from_json(&serde_json::from_str(ty).expect("test type")).expect("type");
    let j: Json = serde_json::from_str(json).expect("test JSON");
    placeholders(value_from_json(&j, &t).expect("test value"))
}

fn placeholders(v: Value) -> Value {
    match v {
        Value::String(s) if s == "<?>" => Value::Unknown(Type::String),
        Value::String(s) if s == "<?n>" => Value::Unknown(Type::Number),
        Value::String(s) if s == "<?any>" => Value::unknown(),
        Value::String(s) if s.starts_with("<s:") => {
            Value::string(s[3..s.len() - 1].to_string()).sensitive()
        }
        Value::Tuple(vs) => Value::Tuple(vs.into_iter().map(placeholders).collect()),
        Value::List(t, vs) => {
            let vs: Vec<Value> = vs.into_iter().map(placeholders).collect();
            Value::List(t, vs)
        }
        Value::Set(t, vs) => Value::Set(t, vs.into_iter().map(placeholders).collect()),
        Value::Object(m) => {
            Value::Object(m.into_iter().map(|(k, v)| (k, placeholders(v))).collect())
        }
        Value::Map(t, m) => Value::Map(
            t,
            m.into_iter().map(|(k, v)| (k, placeholders(v))).collect(),
        ),
        v => v,
    }
}

/// Asserts the call gives a known value of the given type and JSON form.
pub(super) fn ok(name: &str, args: Vec<Value>, ty: &str, value: &str) {
    let got = run(name, args).unwrap_or_else(|e| panic!("{name}: unexpected error: {e}"));
    let want_ty = type_from_json(&serde_json::from_str(ty).expect("type")).expect("type");
    assert_eq!(got.ty(), want_ty, "{name}: type of {got:?}");
    let want: Json = serde_json::from_str(value).expect("value");
    let got_json = value_to_json(&got).unwrap_or_else(|e| panic!("{name}: {e}: {got:?}"));
    assert_eq!(got_json, want, "{name}: value");
}

/// Asserts the call gives an unknown of the given type.
pub(super) fn unknown(name: &str, args: Vec<Value>, ty: &str) {
    let got = run(name, args).unwrap_or_else(|e| panic!("{name}: unexpected error: {e}"));
    let want_ty = type_from_json(&serde_json::from_str(ty).expect("type")).expect("type");
    assert_eq!(got.unmarked(), &Value::Unknown(want_ty), "{name}");
}

/// Asserts the call fails with exactly this diagnostic detail.
pub(super) fn err(name: &str, args: Vec<Value>, detail: &str) {
    match run(name, args) {
        Ok(v) => panic!("{name}: expected error {detail:?}, got {v:?}"),
        Err(e) => assert_eq!(e, detail, "{name}"),
    }
}

/// The value a call gives, for checks the helpers above do not cover.
pub(super) fn value(name: &str, args: Vec<Value>) -> Value {
    run(name, args).unwrap_or_else(|e| panic!("{name}: unexpected error: {e}"))
}

#[test]
fn integer_arguments() {
    let whole =
        "value must be a whole number, between -9223372036854775808 and 9223372036854775807";
    err(
        "element",
        vec![lit(r#"["a"]"#), lit("1.5")],
        &format!("Call to function \"element\" failed: invalid index: {whole}."),
    );
    err(
        "element",
        vec![lit(r#"["a"]"#), lit("1e30")],
        &format!("Call to function \"element\" failed: invalid index: {whole}."),
    );
    err(
        "chunklist",
        vec![lit(r#"["a"]"#), lit("1.5")],
        &format!("Call to function \"chunklist\" failed: invalid size: {whole}."),
    );
    err(
        "slice",
        vec![lit(r#"["a"]"#), lit("0.5"), lit("1")],
        &format!("Invalid value for \"start_index\" parameter: invalid start index: {whole}."),
    );
}

#[test]
fn coalesce_cases() {
    let f = "coalesce";
    err(
        f,
        vec![],
        "Call to function \"coalesce\" failed: all arguments must have the same type.",
    );
    let none = "Call to function \"coalesce\" failed: no non-null, non-empty-string arguments.";
    err(f, vec![Value::null()], none);
    err(f, vec![lit(r#""""#), Value::null()], none);
    ok(f, vec![lit("1"), lit(r#""a""#)], r#""string""#, r#""1""#);
    err(
        f,
        vec![lit("[1]"), lit(r#""a""#)],
        "Call to function \"coalesce\" failed: all arguments must have the same type.",
    );
    ok(
        f,
        vec![Value::null(), lit(r#""""#), lit(r#""b""#)],
        r#""string""#,
        r#""b""#,
    );
    ok(
        f,
        vec![Value::null(), lit("1"), lit(r#""b""#)],
        r#""string""#,
        r#""1""#,
    );
    err(f, vec![Value::null(), Value::null()], none);
    unknown(f, vec![lit(r#""<?>""#), lit(r#""a""#)], r#""string""#);
}

#[test]
fn coalescelist_cases() {
    let f = "coalescelist";
    err(
        f,
        vec![],
        "Call to function \"coalescelist\" failed: at least one argument is required.",
    );
    err(
        f,
        vec![Value::null(), lit(r#"["a"]"#)],
        "Call to function \"coalescelist\" failed: coalescelist arguments must be lists or tuples.",
    );
    ok(
        f,
        vec![lit("[]"), lit(r#"["a"]"#), lit("[1]")],
        r#"["tuple",["string"]]"#,
        r#"["a"]"#,
    );
    ok(
        f,
        vec![
            typed(r#"["list","string"]"#, "[]"),
            typed(r#"["list","string"]"#, r#"["a"]"#),
        ],
        r#"["list","string"]"#,
        r#"["a"]"#,
    );
}

#[test]
fn range_cases() {
    let f = "range";
    let limit = "Call to function \"range\" failed: more than 1024 values were generated; either \
                 decrease the difference between start and end or use a smaller step.";
    err(f, vec![lit("0"), lit("1"), lit("0")], limit);
    ok(
        f,
        vec![lit("1"), lit("1"), lit("0")],
        r#"["list","number"]"#,
        "[]",
    );
    ok(f, vec![lit("3")], r#"["list","number"]"#, "[0,1,2]");
    ok(f, vec![lit("-3")], r#"["list","number"]"#, "[0,-1,-2]");
    ok(
        f,
        vec![lit("5"), lit("1")],
        r#"["list","number"]"#,
        "[5,4,3,2]",
    );
    ok(
        f,
        vec![lit("1"), lit("2"), lit("0.25")],
        r#"["list","number"]"#,
        "[1,1.25,1.5,1.75]",
    );
    err(
        f,
        vec![lit("1"), lit("5"), lit("-1")],
        "Invalid value for \"params\" parameter: end must be less than start when step is negative.",
    );
    err(
        f,
        vec![lit("5"), lit("1"), lit("1")],
        "Invalid value for \"params\" parameter: end must be greater than start when step is positive.",
    );
    let arity = "Call to function \"range\" failed: must have one, two, or three arguments.";
    err(f, vec![], arity);
    err(f, vec![lit("1"), lit("2"), lit("3"), lit("4")], arity);
    err(f, vec![lit("2000")], limit);
    err(f, vec![lit("1e18")], limit);
    ok(
        f,
        vec![lit("1024")],
        r#"["list","number"]"#,
        &format!("{:?}", (0..1024).collect::<Vec<_>>()),
    );
}

#[test]
fn length_cases() {
    let f = "length";
    err(
        f,
        vec![Value::null()],
        "Invalid value for \"value\" parameter: argument must not be null.",
    );
    err(
        f,
        vec![lit("true")],
        "Call to function \"length\" failed: argument must be a string, a collection type, or a \
         structural type.",
    );
    unknown(f, vec![Value::unknown()], r#""number""#);
    ok(f, vec![lit(r#"["<?>"]"#)], r#""number""#, "1");
    unknown(
        f,
        vec![typed(r#"["set","string"]"#, r#"["<?>", "a"]"#)],
        r#""number""#,
    );
    ok(
        f,
        vec![typed(r#"["set","string"]"#, r#"["<?>"]"#)],
        r#""number""#,
        "1",
    );
    ok(f, vec![lit(r#"{"a":1,"b":2}"#)], r#""number""#, "2");
    ok(f, vec![lit(r#""👍🏽x""#)], r#""number""#, "2");
    ok(f, vec![lit(r#""héllo""#)], r#""number""#, "5");
    ok(
        f,
        vec![typed(r#"["map","number"]"#, r#"{"a":1}"#)],
        r#""number""#,
        "1",
    );
    ok(
        f,
        vec![Value::Unknown(Type::Tuple(vec![Type::String; 3]))],
        r#""number""#,
        "3",
    );
    unknown(f, vec![Value::Unknown(Type::String)], r#""number""#);
}

#[test]
fn sort_cases() {
    let f = "sort";
    ok(
        f,
        vec![lit("[3, 10, 2]")],
        r#"["list","string"]"#,
        r#"["10","2","3"]"#,
    );
    err(
        f,
        vec![lit(r#"["b", null]"#)],
        "Call to function \"sort\" failed: given list element 1 is null; a null string cannot be sorted.",
    );
    // A list with an unknown element sorts to all-unknown elements; the golden
    // case `sort([local.u_str, "a"])` in unknown.hcl pins it.
}

#[test]
fn sum_cases() {
    let f = "sum";
    let p = "Invalid value for \"list\" parameter: ";
    err(f, vec![lit("[]")], &format!("{p}cannot sum an empty list."));
    err(
        f,
        vec![lit(r#""a""#)],
        &format!("{p}cannot sum noniterable."),
    );
    err(
        f,
        vec![lit(r#"{"a":1}"#)],
        &format!("{p}argument must be list, set, or tuple. Received object."),
    );
    let numbers = format!("{p}argument must be list, set, or tuple of number values.");
    err(f, vec![lit("[1, null]")], &numbers);
    err(f, vec![lit(r#"[1, "x"]"#)], &numbers);
    ok(f, vec![lit(r#"["1", 2]"#)], r#""number""#, "3");
    ok(f, vec![lit("[1.5, 2]")], r#""number""#, "3.5");
    ok(
        f,
        vec![typed(r#"["set","number"]"#, "[1, 1]")],
        r#""number""#,
        "1",
    );
    unknown(f, vec![lit(r#"[1, "<?n>"]"#)], r#""number""#);
    unknown(f, vec![Value::unknown()], r#""dynamic""#);
}

#[test]
fn concat_cases() {
    let f = "concat";
    ok(
        f,
        vec![lit(r#"["a"]"#), lit(r#"["b", 1]"#)],
        r#"["tuple",["string","string","number"]]"#,
        r#"["a","b",1]"#,
    );
    let l = |t: &str, v: &str| typed(&format!(r#"["list","{t}"]"#), v);
    ok(
        f,
        vec![l("string", r#"["a"]"#), l("number", "[1]")],
        r#"["list","string"]"#,
        r#"["a","1"]"#,
    );
    ok(
        f,
        vec![l("string", r#"["a"]"#), lit(r#"["b"]"#)],
        r#"["tuple",["string","string"]]"#,
        r#"["a","b"]"#,
    );
    err(
        f,
        vec![l("string", r#"["a"]"#), lit(r#""x""#)],
        "Invalid value for \"seqs\" parameter: all arguments must be lists or tuples; got string.",
    );
    ok(f, vec![lit("[]"), lit("[]")], r#"["tuple",[]]"#, "[]");
    let v = value(f, vec![lit(r#"["a", "<?>"]"#)]);
    assert_eq!(
        v,
        Value::Tuple(vec![lit(r#""a""#), Value::Unknown(Type::String)])
    );
    unknown(
        f,
        vec![Value::Unknown(Type::list(Type::String)), lit(r#"["a"]"#)],
        r#""dynamic""#,
    );
    unknown(
        f,
        vec![Value::Unknown(Type::list(Type::String)), l("string", "[]")],
        r#"["list","string"]"#,
    );
    err(
        f,
        vec![],
        "Call to function \"concat\" failed: at least one argument is required.",
    );
}

#[test]
fn flatten_cases() {
    let f = "flatten";
    ok(
        f,
        vec![lit(r#"[["a", ["b"]], [], "c"]"#)],
        r#"["tuple",["string","string","string"]]"#,
        r#"["a","b","c"]"#,
    );
    let inner = typed(r#"["list","string"]"#, r#"["a"]"#);
    let outer = Value::List(Type::list(Type::String), vec![inner.clone(), inner]);
    ok(
        f,
        vec![outer],
        r#"["tuple",["string","string"]]"#,
        r#"["a","a"]"#,
    );
    let v = value(f, vec![lit(r#"["<?>", ["a"]]"#)]);
    assert_eq!(
        v,
        Value::Tuple(vec![Value::Unknown(Type::String), lit(r#""a""#)])
    );
    unknown(f, vec![lit(r#"["<?any>", ["a"]]"#)], r#""dynamic""#);
    err(
        f,
        vec![lit(r#""a""#)],
        "Call to function \"flatten\" failed: can only flatten lists, sets and tuples.",
    );
    ok(f, vec![lit("[]")], r#"["tuple",[]]"#, "[]");
}

#[test]
fn chunklist_cases() {
    let f = "chunklist";
    let chunks = r#"["list",["list","string"]]"#;
    ok(
        f,
        vec![lit(r#"["a","b","c"]"#), lit("2")],
        chunks,
        r#"[["a","b"],["c"]]"#,
    );
    ok(
        f,
        vec![lit(r#"["a","b"]"#), lit("0")],
        chunks,
        r#"[["a","b"]]"#,
    );
    ok(
        f,
        vec![lit("[]"), lit("2")],
        r#"["list",["list","dynamic"]]"#,
        "[]",
    );
    ok(
        f,
        vec![lit(r#"[1, "a"]"#), lit("1")],
        chunks,
        r#"[["1"],["a"]]"#,
    );
    err(
        f,
        vec![lit(r#"["a"]"#), lit("-1")],
        "Call to function \"chunklist\" failed: the size argument must be positive.",
    );
    ok(f, vec![lit(r#"["a"]"#), lit("1e15")], chunks, r#"[["a"]]"#);
    unknown(
        f,
        vec![lit("[]"), Value::Unknown(Type::Number)],
        r#"["list",["list","dynamic"]]"#,
    );
}

#[test]
fn reverse_cases() {
    let f = "reverse";
    ok(
        f,
        vec![lit(r#"[1, "a"]"#)],
        r#"["tuple",["string","number"]]"#,
        r#"["a",1]"#,
    );
    ok(
        f,
        vec![typed(r#"["list","number"]"#, "[1, 2]")],
        r#"["list","number"]"#,
        "[2,1]",
    );
    ok(
        f,
        vec![typed(r#"["set","string"]"#, r#"["b","a"]"#)],
        r#"["list","string"]"#,
        r#"["b","a"]"#,
    );
    err(
        f,
        vec![lit(r#""a""#)],
        "Invalid value for \"list\" parameter: can only reverse list or tuple values, not string.",
    );
    unknown(
        f,
        vec![Value::Unknown(Type::set(Type::Number))],
        r#"["list","number"]"#,
    );
}

#[test]
fn slice_cases() {
    let f = "slice";
    ok(
        f,
        vec![lit(r#"[1, "a", true]"#), lit("1"), lit("3")],
        r#"["tuple",["string","bool"]]"#,
        r#"["a",true]"#,
    );
    ok(
        f,
        vec![
            typed(r#"["list","string"]"#, r#"["a","b"]"#),
            lit("0"),
            lit("1"),
        ],
        r#"["list","string"]"#,
        r#"["a"]"#,
    );
    err(
        f,
        vec![typed(r#"["set","string"]"#, r#"["a"]"#), lit("0"), lit("1")],
        "Invalid value for \"list\" parameter: cannot slice a set, because its elements do not have \
         indices; explicitly convert to a list if the ordering of the result is not important.",
    );
    err(f, vec![lit(r#"["a"]"#), lit("1"), lit("0")], "Invalid value for \"start_index\" parameter: start index must not be greater than end index.");
    err(f, vec![lit(r#"["a"]"#), lit("0"), lit("2")], "Invalid value for \"end_index\" parameter: end index must not be greater than the length of the list.");
    err(
        f,
        vec![lit(r#"["a"]"#), lit("-1"), lit("0")],
        "Invalid value for \"start_index\" parameter: start index must not be less than zero.",
    );
    unknown(
        f,
        vec![lit(r#"["a"]"#), lit("0"), Value::Unknown(Type::Number)],
        r#""dynamic""#,
    );
    unknown(
        f,
        vec![Value::Unknown(Type::list(Type::String)), lit("0"), lit("5")],
        r#"["list","string"]"#,
    );
}

#[test]
fn keys_values_cases() {
    ok(
        "keys",
        vec![lit(r#"{"b":1,"a":"x"}"#)],
        r#"["tuple",["string","string"]]"#,
        r#"["a","b"]"#,
    );
    ok(
        "keys",
        vec![typed(r#"["map","number"]"#, r#"{"b":1,"a":2}"#)],
        r#"["list","string"]"#,
        r#"["a","b"]"#,
    );
    ok("keys", vec![lit("{}")], r#"["tuple",[]]"#, "[]");
    err(
        "keys",
        vec![lit("[1]")],
        "Invalid value for \"inputMap\" parameter: must have map or object type.",
    );
    let obj = Type::object([("a".to_string(), Type::String)].into());
    ok(
        "keys",
        vec![Value::Unknown(obj.clone())],
        r#"["tuple",["string"]]"#,
        r#"["a"]"#,
    );
    unknown(
        "keys",
        vec![Value::Unknown(Type::map(Type::String))],
        r#"["list","string"]"#,
    );
    ok(
        "values",
        vec![lit(r#"{"b":1,"a":"x"}"#)],
        r#"["tuple",["string","number"]]"#,
        r#"["x",1]"#,
    );
    ok(
        "values",
        vec![typed(r#"["map","number"]"#, r#"{"b":1,"a":2}"#)],
        r#"["list","number"]"#,
        "[2,1]",
    );
    err(
        "values",
        vec![lit("[1]")],
        "Call to function \"values\" failed: values() requires a map as the first argument.",
    );
    unknown(
        "values",
        vec![Value::Unknown(obj)],
        r#"["tuple",["string"]]"#,
    );
}

#[test]
fn lookup_cases() {
    let f = "lookup";
    let m = |v: &str| typed(r#"["map","number"]"#, v);
    ok(
        f,
        vec![lit(r#"{"a":1,"b":"x"}"#), lit(r#""a""#)],
        r#""number""#,
        "1",
    );
    ok(
        f,
        vec![
            typed(r#"["map","string"]"#, r#"{"a":"x"}"#),
            lit(r#""a""#),
            lit("1"),
        ],
        r#""string""#,
        r#""x""#,
    );
    ok(
        f,
        vec![lit(r#"{"a":1}"#), lit(r#""b""#), lit(r#""x""#)],
        r#""string""#,
        r#""x""#,
    );
    err(
        f,
        vec![lit(r#"{"a":1}"#), lit(r#""b""#)],
        "Invalid value for \"inputMap\" parameter: the given object has no attribute \"b\".",
    );
    let default_type = "Invalid value for \"default\" parameter: the default value must have the same type as the map elements.";
    err(
        f,
        vec![m(r#"{"a":1}"#), lit(r#""b""#), lit(r#""x""#)],
        default_type,
    );
    err(
        f,
        vec![m(r#"{"a":1}"#), lit(r#""b""#), lit("[1]")],
        default_type,
    );
    err(
        f,
        vec![m(r#"{"a":1}"#), lit(r#""b""#)],
        "Call to function \"lookup\" failed: lookup failed to find key \"b\".",
    );
    err(
        f,
        vec![m(r#"{"a":1}"#), lit(r#""<s:b>""#)],
        "Call to function \"lookup\" failed: lookup failed to find key (sensitive value).",
    );
    err(
        f,
        vec![lit(r#""a""#), lit(r#""b""#)],
        "Invalid value for \"inputMap\" parameter: lookup() requires a map as the first argument.",
    );
    err(
        f,
        vec![lit(r#"{"a":1}"#), lit(r#""a""#), lit("1"), lit("2")],
        "Call to function \"lookup\" failed: lookup() takes two or three arguments, got 4.",
    );
    unknown(f, vec![lit(r#"{"a":1}"#), lit(r#""<?>""#)], r#""dynamic""#);
    unknown(f, vec![m(r#"{"a":1}"#), lit(r#""<?>""#)], r#""number""#);
    assert!(value(f, vec![m(r#"{"a":1}"#), lit(r#""<s:a>""#)]).is_sensitive());
}

#[test]
fn merge_cases() {
    let f = "merge";
    let m = |t: &str, v: &str| typed(&format!(r#"["map","{t}"]"#), v);
    let ab = r#"["object",{"a":"number","b":"string"}]"#;
    ok(
        f,
        vec![lit(r#"{"a":1}"#), m("string", r#"{"b":"x"}"#)],
        ab,
        r#"{"a":1,"b":"x"}"#,
    );
    ok(
        f,
        vec![m("number", r#"{"a":1}"#), m("string", r#"{"b":"x"}"#)],
        ab,
        r#"{"a":1,"b":"x"}"#,
    );
    ok(
        f,
        vec![m("number", r#"{"a":1}"#), m("number", r#"{"b":2}"#)],
        r#"["map","number"]"#,
        r#"{"a":1,"b":2}"#,
    );
    ok(f, vec![], r#"["object",{}]"#, "{}");
    ok(
        f,
        vec![Value::null(), lit(r#"{"a":1}"#)],
        r#"["object",{"a":"number"}]"#,
        r#"{"a":1}"#,
    );
    ok(
        f,
        vec![lit(r#"{"a":1}"#), Value::null()],
        r#"["object",{"a":"number"}]"#,
        r#"{"a":1}"#,
    );
    err(
        f,
        vec![lit("1")],
        "Call to function \"merge\" failed: arguments must be maps or objects, got \"number\".",
    );
    ok(
        f,
        vec![lit(r#"{"a":1}"#), lit(r#"{"a":"x","b":true}"#)],
        r#"["object",{"a":"string","b":"bool"}]"#,
        r#"{"a":"x","b":true}"#,
    );
    ok(
        f,
        vec![m("number", r#"{"a":1}"#), lit(r#"{"b":"x"}"#)],
        ab,
        r#"{"a":1,"b":"x"}"#,
    );
    unknown(f, vec![lit(r#"{"a":1}"#), Value::unknown()], r#""dynamic""#);
}

#[test]
fn zipmap_cases() {
    let f = "zipmap";
    ok(
        f,
        vec![lit(r#"["a","b"]"#), lit(r#"[1,"x"]"#)],
        r#"["object",{"a":"number","b":"string"}]"#,
        r#"{"a":1,"b":"x"}"#,
    );
    ok(
        f,
        vec![lit(r#"["a","b"]"#), typed(r#"["list","number"]"#, "[1,2]")],
        r#"["map","number"]"#,
        r#"{"a":1,"b":2}"#,
    );
    err(f, vec![lit(r#"["a"]"#), lit("[1,2]")], "Call to function \"zipmap\" failed: number of keys (1) does not match number of values (2).");
    ok(
        f,
        vec![lit(r#"["a","a"]"#), lit("[1,2]")],
        r#"["object",{"a":"number"}]"#,
        r#"{"a":2}"#,
    );
    err(
        f,
        vec![lit(r#"["a"]"#), lit(r#""x""#)],
        "Call to function \"zipmap\" failed: values argument must be a list or tuple value.",
    );
    unknown(f, vec![lit(r#"["<?>"]"#), lit("[1]")], r#""dynamic""#);
    unknown(
        f,
        vec![lit(r#"["<?>"]"#), typed(r#"["list","number"]"#, "[1]")],
        r#"["map","number"]"#,
    );
}

#[test]
fn transpose_cases() {
    let f = "transpose";
    ok(
        f,
        vec![lit(r#"{"a":["1","2"],"b":["2","3"]}"#)],
        r#"["map",["list","string"]]"#,
        r#"{"1":["a"],"2":["a","b"],"3":["b"]}"#,
    );
    ok(f, vec![lit("{}")], r#"["map",["list","string"]]"#, "{}");
    unknown(
        f,
        vec![lit(r#"{"a":["<?>"]}"#)],
        r#"["map",["list","string"]]"#,
    );
}

#[test]
fn matchkeys_cases() {
    let f = "matchkeys";
    ok(
        f,
        vec![
            lit(r#"["a","b","c"]"#),
            lit(r#"["x","y","z"]"#),
            lit(r#"["y","z"]"#),
        ],
        r#"["list","string"]"#,
        r#"["b","c"]"#,
    );
    ok(
        f,
        vec![lit(r#"["a","b"]"#), lit("[1,2]"), lit(r#"["2"]"#)],
        r#"["list","string"]"#,
        r#"["b"]"#,
    );
    err(
        f,
        vec![lit(r#"["a"]"#), lit(r#"["x","y"]"#), lit(r#"["y"]"#)],
        "Call to function \"matchkeys\" failed: length of keys and values should be equal.",
    );
    ok(
        f,
        vec![lit(r#"["a"]"#), lit(r#"["x"]"#), lit("[]")],
        r#"["list","string"]"#,
        "[]",
    );
    unknown(
        f,
        vec![lit(r#"["a"]"#), lit(r#"["<?>"]"#), lit(r#"["x"]"#)],
        r#"["list","string"]"#,
    );
}

#[test]
fn element_cases() {
    let f = "element";
    ok(f, vec![lit(r#"["a", 1]"#), lit("3")], r#""number""#, "1");
    ok(
        f,
        vec![lit(r#"["a","b","c"]"#), lit("-1")],
        r#""string""#,
        r#""c""#,
    );
    ok(
        f,
        vec![lit(r#"["a","b","c"]"#), lit("-4")],
        r#""string""#,
        r#""c""#,
    );
    ok(
        f,
        vec![typed(r#"["list","string"]"#, r#"["a","b","c"]"#), lit("-5")],
        r#""string""#,
        r#""b""#,
    );
    ok(
        f,
        vec![lit(r#"[1, "a"]"#), lit("-1")],
        r#""string""#,
        r#""a""#,
    );
    let empty =
        "Call to function \"element\" failed: cannot use element function with an empty list.";
    err(f, vec![lit("[]"), lit("0")], empty);
    err(
        f,
        vec![typed(r#"["list","string"]"#, "[]"), lit("0")],
        empty,
    );
    err(
        f,
        vec![typed(r#"["set","string"]"#, r#"["a"]"#), lit("0")],
        "Call to function \"element\" failed: cannot read elements from set of string.",
    );
    err(
        f,
        vec![lit(r#"{"a":1}"#), lit("0")],
        "Call to function \"element\" failed: cannot read elements from object.",
    );
    unknown(
        f,
        vec![lit(r#"["a", 1]"#), Value::Unknown(Type::Number)],
        r#""dynamic""#,
    );
    unknown(
        f,
        vec![Value::Unknown(Type::list(Type::String)), lit("0")],
        r#""string""#,
    );
}

#[test]
fn index_cases() {
    let f = "index";
    ok(
        f,
        vec![lit(r#"["a","b"]"#), lit(r#""b""#)],
        r#""number""#,
        "1",
    );
    err(
        f,
        vec![lit("[]"), lit(r#""b""#)],
        "Call to function \"index\" failed: cannot search an empty list.",
    );
    let missing = "Call to function \"index\" failed: item not found.";
    err(f, vec![lit(r#"["a"]"#), lit(r#""c""#)], missing);
    ok(
        f,
        vec![lit(r#"["a","<?>"]"#), lit(r#""a""#)],
        r#""number""#,
        "0",
    );
    unknown(f, vec![lit(r#"["<?>","a"]"#), lit(r#""a""#)], r#""number""#);
    err(f, vec![lit(r#"["1"]"#), lit("1")], missing);
    err(
        f,
        vec![typed(r#"["list","number"]"#, "[1]"), lit(r#""1""#)],
        missing,
    );
    err(
        f,
        vec![typed(r#"["set","string"]"#, r#"["a"]"#), lit(r#""a""#)],
        "Call to function \"index\" failed: argument must be a list or tuple.",
    );
}

#[test]
fn contains_cases() {
    let f = "contains";
    ok(
        f,
        vec![lit(r#"["a", 1]"#), lit(r#""1""#)],
        r#""bool""#,
        "false",
    );
    ok(f, vec![lit(r#"["a", 1]"#), lit("1")], r#""bool""#, "true");
    ok(
        f,
        vec![typed(r#"["set","string"]"#, r#"["a"]"#), lit(r#""a""#)],
        r#""bool""#,
        "true",
    );
    unknown(f, vec![lit(r#"["<?>"]"#), lit(r#""a""#)], r#""bool""#);
    ok(
        f,
        vec![lit(r#"["<?>","a"]"#), lit(r#""a""#)],
        r#""bool""#,
        "true",
    );
    err(
        f,
        vec![lit(r#""a""#), lit(r#""a""#)],
        "Call to function \"contains\" failed: argument must be list, tuple, or set.",
    );
    ok(f, vec![lit("[]"), lit(r#""a""#)], r#""bool""#, "false");
    unknown(f, vec![Value::unknown(), lit(r#""a""#)], r#""dynamic""#);
}

#[test]
fn one_cases() {
    let f = "one";
    ok(f, vec![lit("[]")], r#""dynamic""#, "null");
    ok(f, vec![lit(r#"["a"]"#)], r#""string""#, r#""a""#);
    ok(
        f,
        vec![typed(r#"["list","string"]"#, "[]")],
        r#""string""#,
        "null",
    );
    ok(
        f,
        vec![typed(r#"["set","number"]"#, "[1]")],
        r#""number""#,
        "1",
    );
    let wrong = "Invalid value for \"list\" parameter: must be a list, set, or tuple value with either zero or one elements.";
    err(f, vec![lit("[1, 2]")], wrong);
    err(f, vec![lit(r#"{"a":1}"#)], wrong);
    err(f, vec![typed(r#"["list","number"]"#, "[1, 2]")], wrong);
    unknown(f, vec![Value::Unknown(Type::list(Type::Bool))], r#""bool""#);
}

#[test]
fn distinct_compact_cases() {
    ok(
        "distinct",
        vec![lit(r#"[1, "1", 2]"#)],
        r#"["list","string"]"#,
        r#"["1","2"]"#,
    );
    ok(
        "distinct",
        vec![lit(r#"["a","b","a"]"#)],
        r#"["list","string"]"#,
        r#"["a","b"]"#,
    );
    ok(
        "distinct",
        vec![lit("[[1],[1]]")],
        r#"["list",["tuple",["number"]]]"#,
        "[[1]]",
    );
    ok("distinct", vec![lit("[]")], r#"["list","dynamic"]"#, "[]");
    unknown(
        "distinct",
        vec![lit(r#"["a","<?>"]"#)],
        r#"["list","string"]"#,
    );
    ok(
        "compact",
        vec![lit(r#"["a", "", null, "b"]"#)],
        r#"["list","string"]"#,
        r#"["a","b"]"#,
    );
    ok("compact", vec![lit("[]")], r#"["list","string"]"#, "[]");
}

#[test]
fn alltrue_anytrue_cases() {
    ok(
        "alltrue",
        vec![lit(r#"[true, "true"]"#)],
        r#""bool""#,
        "true",
    );
    ok("alltrue", vec![lit("[]")], r#""bool""#, "true");
    ok(
        "alltrue",
        vec![lit(r#"[false, "<?>"]"#)],
        r#""bool""#,
        "false",
    );
    unknown("alltrue", vec![lit(r#"["<?>", false]"#)], r#""bool""#);
    ok("alltrue", vec![lit("[true, null]")], r#""bool""#, "false");
    ok(
        "anytrue",
        vec![lit(r#"[false, "<?>", true]"#)],
        r#""bool""#,
        "true",
    );
    unknown("anytrue", vec![lit(r#"[false, "<?>"]"#)], r#""bool""#);
    ok("anytrue", vec![lit("[null]")], r#""bool""#, "false");
    ok("anytrue", vec![lit("[]")], r#""bool""#, "false");
}

#[test]
fn set_operation_cases() {
    let set = r#"["set","string"]"#;
    ok(
        "setunion",
        vec![lit(r#"["b"]"#), lit(r#"["a", 1]"#)],
        set,
        r#"["1","a","b"]"#,
    );
    ok(
        "setunion",
        vec![lit("[]"), lit("[]")],
        r#"["set","dynamic"]"#,
        "[]",
    );
    ok(
        "setunion",
        vec![typed(r#"["set","dynamic"]"#, "[]"), lit(r#"["a"]"#)],
        set,
        r#"["a"]"#,
    );
    ok(
        "setintersection",
        vec![lit(r#"["a","b"]"#), lit(r#"["b","c"]"#)],
        set,
        r#"["b"]"#,
    );
    ok(
        "setintersection",
        vec![lit(r#"["a"]"#), lit("[1]")],
        set,
        "[]",
    );
    ok(
        "setsubtract",
        vec![lit(r#"["a","b"]"#), lit(r#"["b"]"#)],
        set,
        r#"["a"]"#,
    );
    ok(
        "setsubtract",
        vec![lit("[1]"), lit(r#"["a"]"#)],
        set,
        r#"["1"]"#,
    );
    err(
        "setunion",
        vec![lit(r#"["a"]"#), lit(r#"[["b"]]"#)],
        "Call to function \"setunion\" failed: given sets must all have compatible element types.",
    );
    unknown(
        "setintersection",
        vec![lit(r#"["a","<?>"]"#), lit(r#"["a"]"#)],
        set,
    );
    let u = value("setunion", vec![lit(r#"["a","<?>"]"#), lit(r#"["b"]"#)]);
    assert_eq!(u.length(), Some(3));
}

#[test]
fn setproduct_cases() {
    let f = "setproduct";
    ok(
        f,
        vec![lit(r#"["a","b"]"#), lit("[1,2]")],
        r#"["list",["tuple",["string","number"]]]"#,
        r#"[["a",1],["a",2],["b",1],["b",2]]"#,
    );
    ok(
        f,
        vec![typed(r#"["set","string"]"#, r#"["a","b"]"#), lit("[1,2]")],
        r#"["set",["tuple",["string","number"]]]"#,
        r#"[["a",1],["a",2],["b",1],["b",2]]"#,
    );
    ok(
        f,
        vec![lit(r#"["a"]"#), lit("[]")],
        r#"["list",["tuple",["string","dynamic"]]]"#,
        "[]",
    );
    ok(
        f,
        vec![lit(r#"["a"]"#), lit(r#"[1,"x"]"#)],
        r#"["list",["tuple",["string","string"]]]"#,
        r#"[["a","1"],["a","x"]]"#,
    );
    err(
        f,
        vec![lit(r#"["a"]"#)],
        "Call to function \"setproduct\" failed: at least two arguments are required.",
    );
    err(
        f,
        vec![lit(r#"["a"]"#), lit(r#""b""#)],
        "Invalid value for \"sets\" parameter: a set or a list is required.",
    );
    err(
        f,
        vec![lit(r#"["a"]"#), lit(r#"[[1],"x"]"#)],
        "Invalid value for \"sets\" parameter: all elements must be of the same type.",
    );
    let big = Value::List(Type::Number, (0..2000).map(Value::number).collect());
    assert!(run(f, vec![big.clone(), big.clone(), big]).is_err());
}
