//! Checks of `format` and `formatlist` against Terraform's outputs, including
//! its error messages and Go's number formatting.

use std::collections::BTreeMap;

use terrace_value::{Number, Type, Value};

use crate::lang::functions::string::tests::run;

fn s(s: &str) -> Value {
    Value::string(s)
}

fn n(s: &str) -> Value {
    Value::Number(Number::parse(s).unwrap())
}

fn fmt(args: Vec<Value>) -> Result<String, String> {
    run("format", args).map(|v| v.as_str().expect("a string").to_string())
}

fn check(f: &str, args: Vec<Value>, want: &str) {
    let mut all = vec![s(f)];
    all.extend(args);
    assert_eq!(fmt(all).as_deref(), Ok(want), "{f}");
}

fn fails(f: &str, args: Vec<Value>, detail: &str) {
    let mut all = vec![s(f)];
    all.extend(args);
    assert_eq!(fmt(all).unwrap_err(), detail, "{f}");
}

fn call_failed(message: &str) -> String {
    format!("Call to function \"format\" failed: {message}.")
}

#[test]
fn basic_verbs() {
    check("Hello, %s!", vec![s("Ander")], "Hello, Ander!");
    check("There are %d lights", vec![n("4")], "There are 4 lights");
    check("%t", vec![Value::Bool(true)], "true");
    check("%t", vec![s("false")], "false");
    check(
        "%q",
        vec![s("quoted \"string\"")],
        "\"quoted \\\"string\\\"\"",
    );
    check("%q", vec![s("<&>")], "\"\\u003c\\u0026\\u003e\"");
    check(
        "%v %v %v",
        vec![n("1"), s("a"), Value::Bool(true)],
        "1 a true",
    );
    check("%s", vec![n("1")], "1");
    check("%s", vec![Value::Bool(true)], "true");
    check("%d", vec![s("12")], "12");
    check("%%", vec![], "%");
    check("no verbs", vec![], "no verbs");
    check("%[2]s %[1]s", vec![s("a"), s("b")], "b a");
    check("%[2]s %s", vec![s("a"), s("b"), s("c")], "b c");
    check("%d", vec![n("9007199254740993")], "9007199254740993");
    check("héllo %s", vec![s("wörld")], "héllo wörld");
}

#[test]
fn structured_values_as_json() {
    let tuple = Value::Tuple(vec![n("1"), s("a")]);
    check("%#v", vec![tuple], "[1,\"a\"]");
    let obj = Value::Object(BTreeMap::from([("a".to_string(), n("1"))]));
    check("%#v", vec![obj.clone()], "{\"a\":1}");
    check("%v", vec![obj], "{\"a\":1}");
    check("%v", vec![Value::Tuple(vec![n("1"), n("2")])], "[1,2]");
    check("%v", vec![Value::null()], "null");
    check("%#v", vec![s("x")], "\"x\"");
    check("%#v", vec![n("1.5")], "1.5");
    check("%v", vec![Value::Bool(false)], "false");
}

#[test]
fn width_precision_and_flags() {
    check("%5.1f|", vec![n("3.14159")], "  3.1|");
    check(
        "%5d|%-5d|%05d",
        vec![n("42"), n("42"), n("42")],
        "   42|42   |00042",
    );
    check(
        "%10s|%-10s|",
        vec![s("right"), s("left")],
        "     right|left      |",
    );
    check("%.3s", vec![s("abcdef")], "abc");
    check("%.0s", vec![s("abc")], "abc");
    check("%5s|", vec![s("é")], "    é|");
    check("%-05s|", vec![s("a")], "a0000|");
    check("%-05d|", vec![n("7")], "7    |");
    check("%+d % d %+d", vec![n("5"), n("5"), n("-5")], "+5  5 -5");
    check(
        "%#x %#o %#b %#X",
        vec![n("255"), n("8"), n("5"), n("255")],
        "0xff 010 0b101 0XFF",
    );
    check(
        "%.3d|%6.3d|%06.3d",
        vec![n("7"), n("7"), n("7")],
        "007|   007|   007",
    );
    check("%.0d|", vec![n("0")], "|");
    check(
        "%x %X %o %b",
        vec![n("255"), n("255"), n("8"), n("5")],
        "ff FF 10 101",
    );
    check("%x", vec![n("-255")], "-ff");
    check("%3v|%-4v|", vec![n("1"), s("ab")], "  1|ab  |");
    check("%5t|", vec![Value::Bool(true)], "true|");
}

#[test]
fn floats_round_like_go() {
    check("%f", vec![n("3.14159")], "3.141590");
    check("%.2f", vec![n("3.14159")], "3.14");
    check("%e", vec![n("123456.789")], "1.234568e+05");
    check("%E", vec![n("0.000123")], "1.230000E-04");
    check("%g", vec![n("0.000012345")], "1.2345e-05");
    check("%g", vec![n("123456")], "123456");
    check("%g", vec![n("1234567")], "1.234567e+06");
    check("%.3g", vec![n("1234567")], "1.23e+06");
    check("%.3g", vec![n("0.0001234")], "0.000123");
    check("%G", vec![n("1e-10")], "1E-10");
    check(
        "%f",
        vec![n("0.333333333333333333333333333333")],
        "0.333333",
    );
    check(
        "%.0f %.0f %.0f %.0f",
        vec![n("0.5"), n("1.5"), n("2.5"), n("0.9")],
        "0 2 2 1",
    );
    check("%.1f %.2f", vec![n("0.25"), n("0.125")], "0.2 0.12");
    // 0.35 and 2.675 are a little below their decimal value in binary.
    check("%.1f %.2f", vec![n("0.35"), n("2.675")], "0.3 2.67");
    // 0.15 is a little above.
    check("%.1f", vec![n("0.15")], "0.2");
    check("%f", vec![n("-0.0000001")], "-0.000000");
    check(
        "%8.2f|%-8.2f|%08.2f",
        vec![n("-3.14159"), n("2.5"), n("-2.5")],
        "   -3.14|2.50    |-0002.50",
    );
    check("%+.1e", vec![n("12345")], "+1.2e+04");
    check("%f", vec![n("1e20")], "100000000000000000000.000000");
    check("%.2f", vec![n("0")], "0.00");
    check("%e", vec![n("0")], "0.000000e+00");
    check("%g", vec![n("0")], "0");
}

#[test]
fn numbers_under_v_use_shortest_g() {
    check("%v", vec![n("1000000")], "1e+06");
    check("%v", vec![n("123456")], "123456");
    check("%v", vec![n("123456789")], "1.23456789e+08");
    check("%v", vec![n("0.5")], "0.5");
    check("%v", vec![n("0.00001")], "1e-05");
    check("%v", vec![n("-2.5")], "-2.5");
}

#[test]
fn errors_match_terraform() {
    fails(
        "%d",
        vec![n("4.5")],
        &call_failed("unsupported value for \"%d\" at 0: an integer is required"),
    );
    fails(
        "%d",
        vec![s("x")],
        &call_failed("unsupported value for \"%d\" at 0: a number is required"),
    );
    fails(
        "%s",
        vec![Value::Tuple(vec![n("1")])],
        &call_failed("unsupported value for \"%s\" at 0: string required, but have tuple"),
    );
    fails(
        "%t",
        vec![n("1")],
        &call_failed("unsupported value for \"%t\" at 0: bool required, but have number"),
    );
    fails(
        "%t",
        vec![s("yes")],
        &call_failed("unsupported value for \"%t\" at 0: a bool is required"),
    );
    fails(
        "%s",
        vec![Value::Null(Type::String)],
        &call_failed("unsupported value for \"%s\" at 0: null value cannot be formatted"),
    );
    fails(
        "%s %s",
        vec![s("a")],
        &call_failed("not enough arguments for \"%s\" at 3: need index 2 but have 1 total"),
    );
    fails(
        "%s",
        vec![s("a"), s("b")],
        "Invalid value for \"args\" parameter: too many arguments; only 1 used by format string.",
    );
    fails(
        "plain",
        vec![s("a")],
        "Invalid value for \"args\" parameter: too many arguments; no verbs in format string.",
    );
    fails(
        "%c",
        vec![n("65")],
        &call_failed("unsupported format verb 'c' in \"%c\" at offset 0"),
    );
    fails(
        "%z",
        vec![n("1")],
        &call_failed("unsupported format verb 'z' in \"%z\" at offset 0"),
    );
    fails(
        "%c",
        vec![],
        &call_failed("not enough arguments for \"%c\" at 0: need index 1 but have 0 total"),
    );
    fails(
        "abc%",
        vec![],
        &call_failed("invalid format string starting at offset 4"),
    );
    fails(
        "%5",
        vec![n("1")],
        &call_failed("invalid format string starting at offset 2"),
    );
    fails(
        "%!",
        vec![],
        &call_failed("unrecognized format character '!' at offset 1"),
    );
    fails(
        "%é",
        vec![],
        &call_failed("unrecognized format character 'é' at offset 1"),
    );
    fails(
        "%[0]d",
        vec![n("1")],
        &call_failed("unrecognized format character '0' at offset 2"),
    );
    fails(
        "%[1d",
        vec![n("1")],
        &call_failed("unrecognized format character 'd' at offset 3"),
    );
    fails(
        "%5-d",
        vec![n("1")],
        &call_failed("unrecognized format character '-' at offset 2"),
    );
    fails(
        "%[3]d",
        vec![n("1")],
        &call_failed("not enough arguments for \"%[3]d\" at 0: need index 3 but have 1 total"),
    );
}

#[test]
fn huge_widths_fail_instead_of_exhausting_memory() {
    assert!(fmt(vec![s("%9999999d"), n("1")]).is_err());
    assert!(fmt(vec![s("%.99999999999999999999999f"), n("1")]).is_err());
    assert!(fmt(vec![s("%9999999d")]).is_err());
    check("%e", vec![n("1e5000")], "1.000000e+5000");
}

#[test]
fn format_marks_and_unknowns() {
    let got = run("format", vec![s("%s"), s("hunter2").sensitive()]).unwrap();
    assert!(got.is_sensitive());
    let got = run("format", vec![s("%s"), Value::Unknown(Type::String)]).unwrap();
    assert_eq!(got, Value::Unknown(Type::String));
}

fn strings(items: &[&str]) -> Value {
    Value::List(Type::String, items.iter().map(|i| s(i)).collect())
}

#[test]
fn formatlist_walks_sequences_together() {
    let list = |args: Vec<Value>| run("formatlist", args);
    assert_eq!(
        list(vec![s("Hello, %s!"), strings(&["Valentina", "Ander"])]),
        Ok(strings(&["Hello, Valentina!", "Hello, Ander!"]))
    );
    assert_eq!(
        list(vec![s("%s=%s"), strings(&["a", "b"]), strings(&["1", "2"])]),
        Ok(strings(&["a=1", "b=2"]))
    );
    assert_eq!(
        list(vec![s("%s-%s"), s("x"), strings(&["1", "2"])]),
        Ok(strings(&["x-1", "x-2"]))
    );
    assert_eq!(list(vec![s("%s"), Value::empty_tuple()]), Ok(strings(&[])));
    assert_eq!(list(vec![s("%s"), s("scalar")]), Ok(strings(&["scalar"])));
    assert_eq!(list(vec![s("plain")]), Ok(strings(&["plain"])));
    let set = Value::set(Type::Number, vec![n("2"), n("1")]);
    assert_eq!(list(vec![s("%d"), set]), Ok(strings(&["1", "2"])));
    assert_eq!(
        list(vec![
            s("%s-%s"),
            strings(&["a", "b", "c"]),
            strings(&["1", "2"])
        ])
        .unwrap_err(),
        "Invalid value for \"args\" parameter: argument 2 has length 2, which is inconsistent \
         with argument 1 of length 3."
    );
    assert_eq!(
        list(vec![s("%d"), strings(&["1", "x"])]).unwrap_err(),
        "Call to function \"formatlist\" failed: error on format iteration 1: unsupported value \
         for \"%d\" at 0: a number is required."
    );
    assert_eq!(
        list(vec![s("%s"), strings(&["a"]), s("b")]).unwrap_err(),
        "Call to function \"formatlist\" failed: error on format iteration 0: too many \
         arguments; only 1 used by format string."
    );
    let partly = Value::List(Type::String, vec![s("a"), Value::Unknown(Type::String)]);
    assert_eq!(
        list(vec![s("%s"), partly]),
        Ok(Value::List(
            Type::String,
            vec![s("a"), Value::Unknown(Type::String)]
        ))
    );
    assert_eq!(
        list(vec![s("%s"), Value::Unknown(Type::list(Type::String))]),
        Ok(Value::Unknown(Type::list(Type::String)))
    );
    assert_eq!(list(vec![s("%v"), Value::null()]), Ok(strings(&["null"])));
}
