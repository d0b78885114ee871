//! Checks of the numeric functions against the values, types and errors that
//! Terraform gives for the same calls.

use terrace_value::{Number, Type, Value};

fn run(name: &str, args: Vec<Value>) -> Result<Value, String> {
    crate::lang::functions::test_support::call_named(name, args).map_err(|e| e.detail)
}

fn n(s: &str) -> Value {
    Value::Number(Number::parse(s).unwrap())
}

fn s(s: &str) -> Value {
    Value::string(s)
}

fn check(name: &str, args: Vec<Value>, want: &str) {
    let got = run(name, args).unwrap();
    assert_eq!(got.ty(), Type::Number, "{name}");
    assert_eq!(got.as_number().unwrap().to_string(), want, "{name}");
}

fn fails(name: &str, args: Vec<Value>, detail: &str) {
    assert_eq!(run(name, args).unwrap_err(), detail, "{name}");
}

#[test]
fn abs_ceil_floor() {
    check("abs", vec![n("-12.4")], "12.4");
    check("abs", vec![n("0")], "0");
    check("abs", vec![n("-9007199254740993")], "9007199254740993");
    check("abs", vec![s("-3")], "3");
    fails(
        "abs",
        vec![s("x")],
        "Invalid value for \"num\" parameter: a number is required.",
    );
    fails(
        "abs",
        vec![Value::null()],
        "Invalid value for \"num\" parameter: argument must not be null.",
    );
    check("ceil", vec![n("5.1")], "6");
    check("ceil", vec![n("-5.9")], "-5");
    check("ceil", vec![n("0.0000001")], "1");
    check("ceil", vec![s("1.5")], "2");
    check("floor", vec![n("4.9")], "4");
    check("floor", vec![n("-4.1")], "-5");
    check(
        "floor",
        vec![n("100000000000000000000.5")],
        "100000000000000000000",
    );
}

#[test]
fn log_and_pow_go_through_floats() {
    check("log", vec![n("50"), n("10")], "1.6989700043360185");
    check("log", vec![n("16"), n("2")], "4");
    check("log", vec![n("1"), n("10")], "0");
    check("log", vec![n("8"), n("2")], "3");
    fails(
        "log",
        vec![n("-1"), n("10")],
        "Call to function \"log\" failed: panic in function implementation: Float.SetFloat64(NaN).",
    );
    // As in Terraform, log(0) is negative infinity rather than an error.
    let log0 = run("log", vec![n("0"), n("10")]).unwrap();
    assert!(log0
        .as_number()
        .is_some_and(|x| x.is_infinite() && x.is_negative()));
    check("pow", vec![n("3"), n("2")], "9");
    check("pow", vec![n("4"), n("0")], "1");
    check("pow", vec![n("2"), n("-1")], "0.5");
    check("pow", vec![n("2"), n("0.5")], "1.4142135623730951");
    check("pow", vec![n("0"), n("0")], "1");
    check(
        "pow",
        vec![n("10"), n("30")],
        "1000000000000000000000000000000",
    );
    check("pow", vec![n("1.5"), n("2")], "2.25");
    assert!(run("pow", vec![n("-8"), n("0.3333333333333333")]).is_err());
}

#[test]
fn max_and_min() {
    check("max", vec![n("12"), n("54"), n("3")], "54");
    check("max", vec![n("-1"), n("-5")], "-1");
    check("max", vec![s("5"), n("3")], "5");
    check("min", vec![n("12"), n("54"), n("3")], "3");
    check("min", vec![n("0.1"), n("0.2")], "0.1");
    fails(
        "max",
        vec![],
        "Call to function \"max\" failed: must pass at least one number.",
    );
    fails(
        "min",
        vec![],
        "Call to function \"min\" failed: must pass at least one number.",
    );
    fails(
        "max",
        vec![n("1"), s("a")],
        "Invalid value for \"numbers\" parameter: a number is required.",
    );
}

#[test]
fn signum_wants_a_whole_number() {
    check("signum", vec![n("-13")], "-1");
    check("signum", vec![n("0")], "0");
    check("signum", vec![n("344")], "1");
    check("signum", vec![s("2")], "1");
    fails(
        "signum",
        vec![n("-0.5")],
        "Call to function \"signum\" failed: value must be a whole number, between \
         -9223372036854775808 and 9223372036854775807.",
    );
    assert!(run("signum", vec![n("1e20")]).is_err());
}

#[test]
fn parseint_bases() {
    check("parseint", vec![s("100"), n("10")], "100");
    check("parseint", vec![s("FF"), n("16")], "255");
    check("parseint", vec![s("ff"), n("16")], "255");
    check("parseint", vec![s("-10"), n("16")], "-16");
    check("parseint", vec![s("+5"), n("10")], "5");
    check("parseint", vec![s("1011111011101111"), n("2")], "48879");
    check("parseint", vec![s("aA"), n("62")], "656");
    check(
        "parseint",
        vec![s("zzzzzzzzzzzzzzzzzzzzzzzz"), n("36")],
        "22452257707354557240087211123792674815",
    );
    let bad = |text: &str, base: &str| {
        format!(
            "Invalid value for \"number\" parameter: cannot parse {text} as a base {base} integer."
        )
    };
    fails("parseint", vec![s("12"), n("2")], &bad("\"12\"", "2"));
    fails("parseint", vec![s("0x10"), n("16")], &bad("\"0x10\"", "16"));
    fails("parseint", vec![s(""), n("10")], &bad("\"\"", "10"));
    fails("parseint", vec![s(" 1"), n("10")], &bad("\" 1\"", "10"));
    fails("parseint", vec![s("-"), n("10")], &bad("\"-\"", "10"));
    fails(
        "parseint",
        vec![s("x").sensitive(), n("10")],
        &bad("(sensitive value)", "10"),
    );
    let base = "Invalid value for \"base\" parameter: base must be a whole number between 2 and 62 inclusive.";
    fails("parseint", vec![s("10"), n("1")], base);
    fails("parseint", vec![s("10"), n("63")], base);
    fails(
        "parseint",
        vec![n("10"), n("10")],
        "Invalid value for \"number\" parameter: first argument must be a string, not number.",
    );
}

#[test]
fn parseint_unknowns_and_marks() {
    let got = run("parseint", vec![Value::Unknown(Type::String), n("10")]).unwrap();
    assert_eq!(got, Value::Unknown(Type::Number));
    let got = run("parseint", vec![Value::unknown(), n("10")]).unwrap();
    assert_eq!(got, Value::Unknown(Type::Number));
    let got = run("parseint", vec![s("7"), n("10").sensitive()]).unwrap();
    assert!(got.is_sensitive());
    assert_eq!(got.as_number().unwrap().to_string(), "7");
}

#[test]
fn unknown_arguments_give_unknown_numbers() {
    let got = run("max", vec![n("1"), Value::Unknown(Type::Number)]).unwrap();
    assert_eq!(got, Value::Unknown(Type::Number));
    let got = run("abs", vec![n("-1").sensitive()]).unwrap();
    assert!(got.is_sensitive());
}
