//! Checks of the regular-expression functions against Terraform's results,
//! including where Go's RE2 dialect differs from the `regex` crate's.

use std::collections::BTreeMap;

use terrace_value::{Type, Value};

use crate::lang::functions::string::tests::run;

fn s(s: &str) -> Value {
    Value::string(s)
}

fn regex(pattern: &str, text: &str) -> Result<Value, String> {
    run("regex", vec![s(pattern), s(text)])
}

fn regexall(pattern: &str, text: &str) -> Result<Value, String> {
    run("regexall", vec![s(pattern), s(text)])
}

fn tuple(items: &[Option<&str>]) -> Value {
    Value::Tuple(
        items
            .iter()
            .map(|i| i.map_or(Value::Null(Type::String), Value::string))
            .collect(),
    )
}

fn object(items: &[(&str, &str)]) -> Value {
    Value::Object(
        items
            .iter()
            .map(|(k, v)| (k.to_string(), s(v)))
            .collect::<BTreeMap<_, _>>(),
    )
}

fn pattern_error(message: &str) -> String {
    format!("Invalid value for \"pattern\" parameter: invalid regexp pattern: {message}.")
}

#[test]
fn result_shapes_follow_capture_groups() {
    assert_eq!(
        regex("[a-z]+", "53453453.345345aaabbbccc23454"),
        Ok(s("aaabbbccc"))
    );
    assert_eq!(
        regex("(\\d\\d\\d\\d)-(\\d\\d)-(\\d\\d)", "2019-02-01"),
        Ok(tuple(&[Some("2019"), Some("02"), Some("01")]))
    );
    assert_eq!(
        regex(
            "^(?:(?P<scheme>[^:/?#]+):)?(?://(?P<authority>[^/?#]*))?",
            "https://terraform.io/docs/"
        ),
        Ok(object(&[
            ("authority", "terraform.io"),
            ("scheme", "https")
        ]))
    );
    assert_eq!(regex("(a)|(b)", "b"), Ok(tuple(&[None, Some("b")])));
    assert_eq!(regex("(?P<x>a)(?P<x>b)", "ab"), Ok(object(&[("x", "b")])));
    assert_eq!(regex("(?<y>a)", "ab"), Ok(object(&[("y", "a")])));
    assert_eq!(
        run("regex", vec![s("(\\d+)"), Value::from(12345)]),
        Ok(tuple(&[Some("12345")]))
    );
}

#[test]
fn matching_semantics() {
    assert_eq!(regex("(?i)HELLO", "say hello"), Ok(s("hello")));
    assert_eq!(regex("a+?", "aaa"), Ok(s("a")));
    assert_eq!(regex("^$", ""), Ok(s("")));
    assert_eq!(regex("x*", "abc"), Ok(s("")));
    assert_eq!(regex("\\p{Greek}+", "abc αβγ"), Ok(s("αβγ")));
    // RE2's Perl classes and word boundaries are ASCII-only.
    assert_eq!(regex("\\w+", "héllo wörld"), Ok(s("h")));
    assert_eq!(regex("\\d+", "٣3"), Ok(s("3")));
    assert_eq!(regex("\\bb", "éb"), Ok(s("b")));
    assert_eq!(regex("[\\d.]+", "v1.25x"), Ok(s("1.25")));
    assert_eq!(regex("[[:alpha:]]+", "12ab3"), Ok(s("ab")));
    assert_eq!(regex("[a&&b]+", "x&&a"), Ok(s("&&a")));
    assert_eq!(regex("[[]", "a[b"), Ok(s("[")));
    assert_eq!(regex("\\Qa.b\\E", "axb a.b"), Ok(s("a.b")));
    assert_eq!(regex("a{,2}", "a{,2}"), Ok(s("a{,2}")));
    assert_eq!(regex("\\<x\\>", "<x>"), Ok(s("<x>")));
    assert_eq!(regex("\\101", "A"), Ok(s("A")));
    assert_eq!(regex("(?)a", "a"), Ok(s("a")));
    assert_eq!(
        regex("[a-z]+", "123").unwrap_err(),
        "Call to function \"regex\" failed: pattern did not match any part of the given string."
    );
}

#[test]
fn syntax_errors_in_go_words() {
    let err = |p: &str| regex(p, "x").unwrap_err();
    assert_eq!(
        err("(?P<a>x)(y)"),
        pattern_error("cannot mix both named and unnamed capture groups")
    );
    assert_eq!(err("("), pattern_error("missing closing ) in ("));
    assert_eq!(err("a)"), pattern_error("unexpected ) in a)"));
    assert_eq!(err("["), pattern_error("missing closing ] in ["));
    assert_eq!(
        err("a(?=b)"),
        pattern_error("invalid or unsupported Perl syntax in (?=")
    );
    assert_eq!(
        err("(?x)a"),
        pattern_error("invalid or unsupported Perl syntax in (?x")
    );
    assert_eq!(
        err("*a"),
        pattern_error("missing argument to repetition operator in *")
    );
    assert_eq!(
        err("a**"),
        pattern_error("invalid nested repetition operator in **")
    );
    assert_eq!(err("\\q"), pattern_error("invalid escape sequence in \\q"));
    assert_eq!(
        err("a\\"),
        pattern_error("trailing backslash at end of expression in ")
    );
    assert_eq!(
        err("[z-a]"),
        pattern_error("invalid character class range in z-a")
    );
    assert_eq!(
        err("(?P<a-b>x)"),
        pattern_error("invalid named capture in (?P<a-b>")
    );
    assert_eq!(
        err("a{1001}"),
        pattern_error("invalid repeat count in {1001}")
    );
}

#[test]
fn regexall_lists_every_match() {
    let strings = |items: &[&str]| Value::List(Type::String, items.iter().map(|i| s(i)).collect());
    assert_eq!(
        regexall("[a-z]+", "1234abcd5678efgh9"),
        Ok(strings(&["abcd", "efgh"]))
    );
    assert_eq!(regexall("[a-z]+", "123"), Ok(strings(&[])));
    assert_eq!(regexall("", "ab"), Ok(strings(&["", "", ""])));
    assert_eq!(regexall("a*", "baaac"), Ok(strings(&["", "aaa", ""])));
    assert_eq!(regexall("a", ""), Ok(strings(&[])));
    let pairs = regexall("(\\d)(\\w)", "1a2b3c").unwrap();
    assert_eq!(
        pairs.ty(),
        Type::list(Type::Tuple(vec![Type::String, Type::String]))
    );
    assert_eq!(
        pairs.as_elements().unwrap()[2],
        tuple(&[Some("3"), Some("c")])
    );
    let named = regexall("(?P<num>\\d)", "1a2").unwrap();
    assert_eq!(
        named,
        Value::List(
            Type::object(BTreeMap::from([("num".to_string(), Type::String)])),
            vec![object(&[("num", "1")]), object(&[("num", "2")])]
        )
    );
    assert_eq!(
        regexall("[", "x").unwrap_err(),
        pattern_error("missing closing ] in [")
    );
}

#[test]
fn unknown_pattern_gives_unknown_result() {
    let got = run("regex", vec![Value::Unknown(Type::String), s("x")]).unwrap();
    assert_eq!(got, Value::Unknown(Type::Dynamic));
    let got = run("regexall", vec![s("x"), Value::Unknown(Type::String)]).unwrap();
    assert_eq!(got, Value::Unknown(Type::list(Type::Dynamic)));
}
