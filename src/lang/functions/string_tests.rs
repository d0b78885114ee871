//! Checks of the plain string functions against the values, types and errors
//! Terraform gives for the same calls.

use terrace_value::{Number, Type, Value};

pub(super) fn run(name: &str, args: Vec<Value>) -> Result<Value, String> {
    crate::lang::functions::test_support::call_named(name, args).map_err(|e| e.detail)
}

fn s(s: &str) -> Value {
    Value::string(s)
}

fn n(s: &str) -> Value {
    Value::Number(Number::parse(s).unwrap())
}

fn strings(items: &[&str]) -> Value {
    Value::List(Type::String, items.iter().map(|i| s(i)).collect())
}

fn check(name: &str, args: Vec<Value>, want: &str) {
    assert_eq!(run(name, args).unwrap(), s(want), "{name}");
}

fn truth(name: &str, args: Vec<Value>, want: bool) {
    assert_eq!(run(name, args).unwrap(), Value::Bool(want), "{name}");
}

#[test]
fn chomp_strips_trailing_newlines() {
    check("chomp", vec![s("hello\n")], "hello");
    check("chomp", vec![s("hello\r\n")], "hello");
    check("chomp", vec![s("hello\n\n")], "hello");
    check("chomp", vec![s("hello\r")], "hello");
    check("chomp", vec![s("a\nb")], "a\nb");
    check("chomp", vec![s("")], "");
}

#[test]
fn prefix_suffix_and_contains() {
    truth("endswith", vec![s("hello world"), s("world")], true);
    truth("endswith", vec![s("hello world"), s("hello")], false);
    truth("endswith", vec![s("x"), s("")], true);
    truth("endswith", vec![s(""), s("x")], false);
    truth("startswith", vec![s("hello world"), s("hello")], true);
    truth("startswith", vec![s("hello world"), s("world")], false);
    truth("startswith", vec![s(""), s("")], true);
    truth("startswith", vec![s("ab"), s("abc")], false);
    truth("strcontains", vec![s("hello world"), s("wor")], true);
    truth("strcontains", vec![s("hello world"), s("Wor")], false);
    truth("strcontains", vec![s("x"), s("")], true);
    // An unknown string still starts with the empty string.
    truth(
        "startswith",
        vec![Value::Unknown(Type::String), s("")],
        true,
    );
    let got = run("startswith", vec![Value::Unknown(Type::String), s("a")]).unwrap();
    assert_eq!(got, Value::Unknown(Type::Bool));
    let got = run("endswith", vec![Value::Unknown(Type::String), s("")]).unwrap();
    assert_eq!(got, Value::Unknown(Type::Bool));
}

#[test]
fn indent_pads_every_line_but_the_first() {
    check("indent", vec![n("2"), s("a\nb\nc")], "a\n  b\n  c");
    check(
        "indent",
        vec![n("4"), s("a\n\nb\n")],
        "a\n    \n    b\n    ",
    );
    check("indent", vec![n("0"), s("a\nb")], "a\nb");
    check("indent", vec![n("2"), s("")], "");
    assert_eq!(
        run("indent", vec![n("-1"), s("a\nb")]).unwrap_err(),
        "Call to function \"indent\" failed: panic in function implementation: strings: negative Repeat count."
    );
    assert!(run("indent", vec![n("1.5"), s("a")])
        .unwrap_err()
        .contains("whole number"));
    assert!(run("indent", vec![n("1000000000000"), s("a\nb")]).is_err());
    check("indent", vec![n("1000000000000"), s("ab")], "ab");
}

#[test]
fn join_concatenates_lists() {
    check(
        "join",
        vec![s(", "), strings(&["foo", "bar", "baz"])],
        "foo, bar, baz",
    );
    check("join", vec![s(", "), strings(&["foo"])], "foo");
    check("join", vec![s(", "), Value::empty_tuple()], "");
    check(
        "join",
        vec![s("-"), strings(&["a"]), strings(&["b", "c"])],
        "a-b-c",
    );
    let mixed = Value::Tuple(vec![n("1"), Value::Bool(true)]);
    check("join", vec![s(","), mixed], "1,true");
    let set = Value::set(Type::String, vec![s("b"), s("a")]);
    check("join", vec![s(","), set], "a,b");
    assert_eq!(
        run("join", vec![s(",")]).unwrap_err(),
        "Call to function \"join\" failed: at least one list is required."
    );
    let with_null = Value::List(Type::String, vec![s("a"), Value::Null(Type::String)]);
    assert_eq!(
        run("join", vec![s(","), with_null.clone()]).unwrap_err(),
        "Invalid value for \"lists\" parameter: element 1 is null; cannot concatenate null values."
    );
    assert_eq!(
        run("join", vec![s(","), strings(&["x"]), with_null]).unwrap_err(),
        "Invalid value for \"lists\" parameter: element 1 of list 2 is null; cannot concatenate null values."
    );
    let unknown = Value::List(Type::String, vec![Value::Unknown(Type::String)]);
    assert_eq!(
        run("join", vec![s(","), unknown]).unwrap(),
        Value::Unknown(Type::String)
    );
}

#[test]
fn case_mapping_is_per_character() {
    check("lower", vec![s("HELLO")], "hello");
    check("lower", vec![s("ÀÉÎ")], "àéî");
    check("lower", vec![s("İ")], "i");
    check("upper", vec![s("hello")], "HELLO");
    check("upper", vec![s("àéî")], "ÀÉÎ");
    check("upper", vec![s("straße")], "STRAßE");
    check("title", vec![s("hello world")], "Hello World");
    check("title", vec![s("hELLO wORLD")], "HELLO WORLD");
    check("title", vec![s("o'neil mc-donald")], "O'Neil Mc-Donald");
    check("title", vec![s("snake_case x1y")], "Snake_case X1y");
    check("title", vec![s("élan vital")], "Élan Vital");
    check("title", vec![s("ǆemal")], "ǅemal");
    check("title", vec![s("")], "");
}

#[test]
fn replace_plain_and_regex() {
    check("replace", vec![s("1 + 2 + 3"), s("+"), s("-")], "1 - 2 - 3");
    check("replace", vec![s("abc"), s(""), s("-")], "-a-b-c-");
    check("replace", vec![s("aaa"), s("a"), s("aa")], "aaaaaa");
    check("replace", vec![s("x.y.z"), s("."), s("")], "xyz");
    check(
        "replace",
        vec![s("hello world"), s("/w.*d/"), s("everybody")],
        "hello everybody",
    );
    check(
        "replace",
        vec![s("hello world"), s("/(h)(e)/"), s("$2$1")],
        "ehllo world",
    );
    check(
        "replace",
        vec![s("hello world"), s("/(?P<first>h)/"), s("${first}")],
        "hello world",
    );
    check("replace", vec![s("hello"), s("/l/"), s("$0$0")], "hellllo");
    check(
        "replace",
        vec![s("hello"), s("/(l)/"), s("$1$1")],
        "hellllo",
    );
    check(
        "replace",
        vec![s("hello"), s("/(l)/"), s("$1x|$$|$")],
        "he|$|$|$|$o",
    );
    check("replace", vec![s("a/b"), s("/"), s("-")], "a-b");
    assert_eq!(
        run("replace", vec![s("hello"), s("/[/"), s("x")]).unwrap_err(),
        "Call to function \"replace\" failed: error parsing regexp: missing closing ]: `[`."
    );
}

#[test]
fn split_keeps_empty_parts() {
    let list = |items: &[&str]| Ok(strings(items));
    assert_eq!(
        run("split", vec![s(","), s("foo,bar,baz")]),
        list(&["foo", "bar", "baz"])
    );
    assert_eq!(run("split", vec![s(","), s("foo")]), list(&["foo"]));
    assert_eq!(run("split", vec![s(","), s("")]), list(&[""]));
    assert_eq!(run("split", vec![s(""), s("abc")]), list(&["a", "b", "c"]));
    assert_eq!(run("split", vec![s(""), s("")]), list(&[]));
    assert_eq!(
        run("split", vec![s(","), s(",a,,b,")]),
        list(&["", "a", "", "b", ""])
    );
    assert_eq!(
        run("split", vec![s(", "), s("a, b,c")]),
        list(&["a", "b,c"])
    );
}

#[test]
fn strrev_reverses_grapheme_clusters() {
    check("strrev", vec![s("hello")], "olleh");
    check("strrev", vec![s("")], "");
    check("strrev", vec![s("héllo")], "olléh");
    check("strrev", vec![s("e\u{301}a")], "ae\u{301}");
    check("strrev", vec![s("🇩🇪🇫🇷")], "🇫🇷🇩🇪");
}

#[test]
fn substr_counts_grapheme_clusters() {
    let sub = |text: &str, off: &str, len: &str, want: &str| {
        check("substr", vec![s(text), n(off), n(len)], want);
    };
    sub("hello world", "1", "4", "ello");
    sub("hello world", "-5", "3", "wor");
    sub("hello world", "0", "-1", "hello world");
    sub("hello world", "6", "-1", "world");
    sub("hello", "2", "100", "llo");
    sub("hello", "10", "1", "");
    sub("hello", "5", "1", "");
    sub("hello", "-10", "2", "he");
    sub("héllo", "1", "1", "é");
    sub("", "0", "1", "");
    sub("hello", "1", "0", "");
    // Terraform's quirk: a zero length after a negative offset keeps the rest.
    sub("hello", "-3", "0", "llo");
    assert_eq!(
        run("substr", vec![s("hello"), n("1.5"), n("2")]).unwrap_err(),
        "Call to function \"substr\" failed: value must be a whole number, between \
         -9223372036854775808 and 9223372036854775807."
    );
}

#[test]
fn trimming() {
    check("trim", vec![s("?!hello?!"), s("!?")], "hello");
    check("trim", vec![s("  hello  "), s(" ")], "hello");
    check("trim", vec![s("abcHELLOcba"), s("abc")], "HELLO");
    check("trim", vec![s("hello"), s("")], "hello");
    check("trimprefix", vec![s("helloworld"), s("hello")], "world");
    check(
        "trimprefix",
        vec![s("helloworld"), s("world")],
        "helloworld",
    );
    check("trimprefix", vec![s("hellohello"), s("hello")], "hello");
    check("trimsuffix", vec![s("helloworld"), s("world")], "hello");
    check(
        "trimsuffix",
        vec![s("helloworld"), s("hello")],
        "helloworld",
    );
    check("trimspace", vec![s("  hello\n\t ")], "hello");
    check("trimspace", vec![s("\u{a0}x\u{a0}")], "x");
    check("trimspace", vec![s("a b")], "a b");
}

#[test]
fn marks_and_unknowns_pass_through() {
    let got = run("upper", vec![s("x").sensitive()]).unwrap();
    assert!(got.is_sensitive());
    assert_eq!(got.unmarked(), &s("X"));
    let got = run("upper", vec![Value::Unknown(Type::String)]).unwrap();
    assert_eq!(got, Value::Unknown(Type::String));
    assert_eq!(
        run("upper", vec![Value::null()]).unwrap_err(),
        "Invalid value for \"str\" parameter: argument must not be null."
    );
}

#[test]
fn go_quoting() {
    assert_eq!(
        super::go_quote("a\"b\\c\n\u{7f}\u{a0}é"),
        "\"a\\\"b\\\\c\\n\\x7f\\u00a0é\""
    );
    assert_eq!(super::go_quote_char('\''), "'\\''");
    assert_eq!(super::go_quote_char('!'), "'!'");
}
