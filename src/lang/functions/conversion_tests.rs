//! Expectations for the conversion and sensitivity functions, taken from
//! Terraform 1.15.5.

use terrace_value::{Type, Value};

use super::collection_tests::{err, lit, ok, typed, unknown, value};

const P: &str = "Invalid value for \"v\" parameter: ";

#[test]
fn nulls_take_the_wanted_type() {
    ok("tostring", vec![Value::null()], r#""string""#, "null");
    ok("tobool", vec![Value::null()], r#""bool""#, "null");
    ok(
        "tolist",
        vec![Value::null()],
        r#"["list","dynamic"]"#,
        "null",
    );
    unknown("tostring", vec![Value::unknown()], r#""string""#);
}

#[test]
fn primitives() {
    ok("tostring", vec![lit("true")], r#""string""#, r#""true""#);
    ok("tostring", vec![lit("1.50")], r#""string""#, r#""1.5""#);
    ok("tonumber", vec![lit(r#""1e3""#)], r#""number""#, "1000");
    ok("tobool", vec![lit(r#""true""#)], r#""bool""#, "true");
    ok("tobool", vec![lit(r#""1""#)], r#""bool""#, "true");
    err(
        "tobool",
        vec![lit(r#""True""#)],
        &format!("{P}cannot convert \"True\" to bool; only the strings \"true\" or \"false\" are allowed."),
    );
    ok("tonumber", vec![lit(r#"".5""#)], r#""number""#, "0.5");
    err(
        "tobool",
        vec![lit("1")],
        &format!("{P}cannot convert number to bool."),
    );
    err(
        "tobool",
        vec![lit(r#""x""#)],
        &format!(
            "{P}cannot convert \"x\" to bool; only the strings \"true\" or \"false\" are allowed."
        ),
    );
    for s in [r#""x""#, r#""0x10""#, r#"" 1""#] {
        err(
            "tonumber",
            vec![lit(s)],
            &format!(
                "{P}cannot convert {s} to number; given string must be a decimal representation of a number."
            ),
        );
    }
    err(
        "tostring",
        vec![lit(r#"["a"]"#)],
        &format!("{P}cannot convert tuple to string."),
    );
    unknown(
        "tonumber",
        vec![Value::Unknown(Type::String)],
        r#""number""#,
    );
    err(
        "tostring",
        vec![lit(r#"["<?>"]"#)],
        &format!("{P}cannot convert tuple to string."),
    );
}

#[test]
fn collections() {
    ok(
        "tolist",
        vec![lit(r#"["a", 1]"#)],
        r#"["list","string"]"#,
        r#"["a","1"]"#,
    );
    ok("tolist", vec![lit("[]")], r#"["list","dynamic"]"#, "[]");
    ok(
        "tolist",
        vec![typed(r#"["list","string"]"#, "[]")],
        r#"["list","string"]"#,
        "[]",
    );
    ok(
        "toset",
        vec![lit(r#"["b", "a", "b"]"#)],
        r#"["set","string"]"#,
        r#"["a","b"]"#,
    );
    ok(
        "toset",
        vec![lit(r#"[1, "a"]"#)],
        r#"["set","string"]"#,
        r#"["1","a"]"#,
    );
    ok(
        "tomap",
        vec![lit(r#"{"a":1,"b":"x"}"#)],
        r#"["map","string"]"#,
        r#"{"a":"1","b":"x"}"#,
    );
    err(
        "tolist",
        vec![lit(r#"{"a":1}"#)],
        &format!("{P}cannot convert object to list of any single type."),
    );
    err(
        "tomap",
        vec![lit(r#"["a"]"#)],
        &format!("{P}cannot convert tuple to map of any single type."),
    );
    err(
        "tolist",
        vec![lit("[1, true]")],
        &format!("{P}cannot convert tuple to list of any single type."),
    );
    err(
        "tomap",
        vec![lit(r#"{"a":1,"b":[1]}"#)],
        &format!("{P}cannot convert object to map of any single type."),
    );
    let v = value("tolist", vec![lit(r#"["<?>", 1]"#)]);
    assert_eq!(
        v,
        Value::List(
            Type::String,
            vec![Value::Unknown(Type::String), lit(r#""1""#)]
        )
    );
    err(
        "tolist",
        vec![Value::Unknown(Type::String)],
        &format!("{P}cannot convert string to list of any single type."),
    );
}

#[test]
fn sensitive_values() {
    err(
        "tostring",
        vec![lit(r#"["<s:a>"]"#)],
        &format!("{P}cannot convert tuple to string."),
    );
    err(
        "tonumber",
        vec![lit(r#""<s:x>""#)],
        &format!("{P}cannot convert this sensitive string to number."),
    );
    assert!(value("tostring", vec![lit("1").sensitive()]).is_sensitive());
    let s = value("sensitive", vec![lit("[1]")]);
    assert!(s.is_sensitive());
    assert_eq!(s.ty(), Type::Tuple(vec![Type::Number]));
    let null = value("sensitive", vec![Value::null()]);
    assert!(null.is_sensitive() && null.is_null());
    assert_eq!(
        value("nonsensitive", vec![lit("[1]").sensitive()]),
        lit("[1]")
    );
    assert_eq!(value("nonsensitive", vec![lit(r#""a""#)]), lit(r#""a""#));
    ok("issensitive", vec![lit(r#""<s:a>""#)], r#""bool""#, "true");
    ok("issensitive", vec![Value::null()], r#""bool""#, "false");
    ok(
        "issensitive",
        vec![lit(r#"["<s:a>"]"#)],
        r#""bool""#,
        "false",
    );
    unknown(
        "issensitive",
        vec![Value::Unknown(Type::String)],
        r#""bool""#,
    );
    ok(
        "issensitive",
        vec![Value::Unknown(Type::String).sensitive()],
        r#""bool""#,
        "true",
    );
}
