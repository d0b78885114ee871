//! Checks the encoding functions against the values and types Terraform
//! gives, including the exact text of `jsonencode` and `yamlencode`.

use std::collections::BTreeMap;

use terrace_value::{Number, Type, Value};

use crate::lang::functions::CallError;

fn run(name: &str, args: Vec<Value>) -> Result<Value, CallError> {
    crate::lang::functions::test_support::call_named(name, args)
}

fn s(text: &str) -> Value {
    Value::string(text)
}

fn n(text: &str) -> Value {
    Value::Number(Number::parse(text).unwrap())
}

fn obj(pairs: &[(&str, Value)]) -> Value {
    Value::Object(
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect(),
    )
}

fn one(name: &str, arg: Value) -> Result<Value, CallError> {
    run(name, vec![arg])
}

fn text(name: &str, arg: Value) -> String {
    one(name, arg).unwrap().as_str().unwrap().to_string()
}

#[test]
fn base64() {
    assert_eq!(
        one("base64encode", s("Hello World")),
        Ok(s("SGVsbG8gV29ybGQ="))
    );
    assert_eq!(one("base64encode", s("")), Ok(s("")));
    assert_eq!(
        one("base64decode", s("SGVsbG8gV29ybGQ=")),
        Ok(s("Hello World"))
    );
    // Go skips line breaks and tolerates stray trailing bits.
    assert_eq!(one("base64decode", s("SGVs\nbG8=")), Ok(s("Hello")));
    assert_eq!(one("base64decode", s("aGk=")), Ok(s("hi")));
    assert_eq!(one("base64decode", s("aGl=")), Ok(s("hi")));

    let err = one("base64decode", s("dfasd")).unwrap_err();
    assert_eq!(
        err.detail,
        "Call to function \"base64decode\" failed: failed to decode base64 data \"dfasd\"."
    );
    let err = one("base64decode", s("SGVsbG8").sensitive()).unwrap_err();
    assert!(err.detail.contains("(sensitive value)"), "{}", err.detail);
    let err = one("base64decode", s("/w==")).unwrap_err();
    assert!(err.detail.contains("not valid UTF-8"), "{}", err.detail);
    assert!(one("base64decode", s("SGVsbG8=").sensitive())
        .unwrap()
        .is_sensitive());
}

#[test]
fn base64gzip() {
    assert_eq!(
        one("base64gzip", s("hello world")),
        Ok(s(
            "H4sIAAAAAAAA/8pIzcnJVyjPL8pJAQAAAP//AQAA//+FEUoNCwAAAA=="
        ))
    );
    assert_eq!(
        one("base64gzip", s("")),
        Ok(s("H4sIAAAAAAAA/wAAAP//AQAA//8AAAAAAAAAAA=="))
    );
    assert_eq!(
        one("base64gzip", s("é")),
        Ok(s("H4sIAAAAAAAA/zq8EgAAAP//AQAA//8+jQQOAgAAAA=="))
    );
    assert_eq!(
        one("base64gzip", s("test")),
        Ok(s("H4sIAAAAAAAA/ypJLS4BAAAA//8BAAD//wx+f9gEAAAA"))
    );
    assert_eq!(
        one("base64gzip", s("helloworld")),
        Ok(s("H4sIAAAAAAAA/8pIzcnJL88vykkBAAAA//8BAAD//60g6/kKAAAA"))
    );
}

#[test]
fn urlencode() {
    assert_eq!(one("urlencode", s("Hello World!")), Ok(s("Hello+World%21")));
    assert_eq!(
        one("urlencode", s("foo:bar@localhost?foo=bar&bar=baz")),
        Ok(s("foo%3Abar%40localhost%3Ffoo%3Dbar%26bar%3Dbaz"))
    );
    assert_eq!(
        one("urlencode", s("mailto:email?subject=this+is+my+subject")),
        Ok(s("mailto%3Aemail%3Fsubject%3Dthis%2Bis%2Bmy%2Bsubject"))
    );
    assert_eq!(
        one("urlencode", s("a-b_c.d~e/é")),
        Ok(s("a-b_c.d~e%2F%C3%A9"))
    );
}

#[test]
fn text_encodings() {
    let enc = |t: &str, e: &str| run("textencodebase64", vec![s(t), s(e)]);
    let dec = |t: &str, e: &str| run("textdecodebase64", vec![s(t), s(e)]);
    assert_eq!(
        enc("Hello World", "UTF-16LE"),
        Ok(s("SABlAGwAbABvACAAVwBvAHIAbABkAA=="))
    );
    assert_eq!(
        enc("Hello World", "utf-16be"),
        Ok(s("AEgAZQBsAGwAbwAgAFcAbwByAGwAZA=="))
    );
    assert_eq!(enc("Hi", "UTF-16"), Ok(s("/v8ASABp")));
    assert_eq!(enc("Hello World", "UTF-8"), Ok(s("SGVsbG8gV29ybGQ=")));
    assert_eq!(enc("café", "ISO-8859-1"), Ok(s("Y2Fm6Q==")));
    let err = enc("✓", "latin1").unwrap_err();
    assert_eq!(
        err.detail,
        "Invalid value for \"string\" parameter: the given string contains characters that \
         cannot be represented in ISO_8859-1:1987."
    );
    let err = enc("x", "NOPE").unwrap_err();
    assert_eq!(
        err.detail,
        "Invalid value for \"encoding\" parameter: \"NOPE\" is not a supported IANA encoding \
         name or alias in this Terraform version."
    );

    assert_eq!(
        dec("SABlAGwAbABvACAAVwBvAHIAbABkAA==", "UTF-16LE"),
        Ok(s("Hello World"))
    );
    assert_eq!(dec("/v8ASABp", "UTF-16"), Ok(s("Hi")));
    assert_eq!(dec("Y2Fm6Q==", "ISO-8859-1"), Ok(s("café")));
    assert!(dec("Y2Fm6Q==", "UTF-8").is_err());
    assert!(dec("SABlAGwAbABvACAAVwBvAHIAbABkAA", "UTF-16LE").is_err());
    let err = dec("a%b=", "UTF-8").unwrap_err();
    assert!(
        err.detail.contains("invalid base64 symbol at offset 1"),
        "{}",
        err.detail
    );
}

#[test]
fn csvdecode() {
    let got = one("csvdecode", s("a,b,c\n1,2,3\n4,5,6\n")).unwrap();
    let row = |a: &str, b: &str, c: &str| obj(&[("a", s(a)), ("b", s(b)), ("c", s(c))]);
    let attrs: BTreeMap<_, _> = ["a", "b", "c"]
        .iter()
        .map(|k| (k.to_string(), Type::String))
        .collect();
    assert_eq!(
        got,
        Value::List(
            Type::object(attrs.clone()),
            vec![row("1", "2", "3"), row("4", "5", "6")]
        )
    );
    assert_eq!(
        one("csvdecode", s("a,b,c")),
        Ok(Value::List(Type::object(attrs), vec![]))
    );

    let err = one("csvdecode", s("a,b,c\n1,2\n")).unwrap_err();
    assert_eq!(
        err.detail,
        "Call to function \"csvdecode\" failed: CSV parse error on line 2: wrong number of fields."
    );
    let err = one("csvdecode", s("")).unwrap_err();
    assert!(err.detail.contains("missing header line"));
    let err = one("csvdecode", s("a,a\n1,2")).unwrap_err();
    assert!(err.detail.contains("duplicate column name \"a\""));
    assert!(one("csvdecode", s("a\nb\"c\n")).is_err());
    assert_eq!(
        one("csvdecode", Value::Unknown(Type::String)),
        Ok(Value::unknown())
    );
}

#[test]
fn jsonencode() {
    let enc = |v: Value| text("jsonencode", v);
    assert_eq!(enc(Value::null()), "null");
    assert_eq!(enc(Value::Null(Type::String)), "null");
    assert_eq!(enc(s("hello")), "\"hello\"");
    assert_eq!(
        enc(s("<a&b>\u{2028}\n\t\u{1}\u{8}\u{c}\"\\é\u{7f}")),
        "\"\\u003ca\\u0026b\\u003e\\u2028\\n\\t\\u0001\\b\\f\\\"\\\\é\u{7f}\""
    );
    assert_eq!(enc(n("1.5")), "1.5");
    assert_eq!(
        enc(n("123456789012345678901234567890")),
        "123456789012345678901234567890"
    );
    assert_eq!(enc(n("1e25")), "10000000000000000000000000");
    assert_eq!(enc(Value::Bool(false)), "false");
    let v = obj(&[
        (
            "b",
            Value::Tuple(vec![n("1"), Value::Bool(true), Value::Null(Type::Number)]),
        ),
        ("a", s("x")),
    ]);
    assert_eq!(enc(v), "{\"a\":\"x\",\"b\":[1,true,null]}");
    assert_eq!(
        enc(Value::set(Type::String, vec![s("b"), s("a")])),
        "[\"a\",\"b\"]"
    );
    assert_eq!(enc(Value::Map(Type::String, BTreeMap::new())), "{}");
    assert_eq!(enc(Value::List(Type::String, vec![])), "[]");

    assert_eq!(
        one(
            "jsonencode",
            Value::Tuple(vec![Value::Unknown(Type::String)])
        ),
        Ok(Value::Unknown(Type::String))
    );
    assert!(one("jsonencode", obj(&[("a", s("x").sensitive())]))
        .unwrap()
        .is_sensitive());
}

#[test]
fn jsondecode() {
    let dec = |t: &str| one("jsondecode", s(t));
    assert_eq!(
        dec("{\"hello\": \"world\"}"),
        Ok(obj(&[("hello", s("world"))]))
    );
    assert_eq!(dec("true"), Ok(Value::Bool(true)));
    assert_eq!(dec(" null "), Ok(Value::null()));
    assert_eq!(
        dec("[1, \"a\", [], {}]"),
        Ok(Value::Tuple(vec![
            n("1"),
            s("a"),
            Value::empty_tuple(),
            Value::empty_object()
        ]))
    );
    assert_eq!(dec("9007199254740993"), Ok(n("9007199254740993")));
    assert_eq!(dec("-0.1e1"), Ok(n("-1")));
    assert_eq!(
        dec("\"\\u00e9\\ud83d\\ude00\\ud800x\\/\""),
        Ok(s("é😀\u{fffd}x/"))
    );
    for bad in [
        "", "{", "[1,]", "01", "1.", "tru", "\"a\nb\"", "1 2", "'a'", "\"\\x\"", "NaN",
    ] {
        assert!(dec(bad).is_err(), "{bad:?} should fail");
    }
    assert!(dec(&"[".repeat(100_000)).is_err());
    assert_eq!(dec("{\"a\": 1, \"a\": 2}"), Ok(obj(&[("a", n("2"))])));
    assert_eq!(
        dec("{").unwrap_err().detail,
        "Call to function \"jsondecode\" failed: EOF."
    );
    assert_eq!(
        dec("").unwrap_err().detail,
        "Call to function \"jsondecode\" failed: EOF."
    );
    assert_eq!(
        dec("[1,]").unwrap_err().detail,
        "Call to function \"jsondecode\" failed: invalid character ']' looking for beginning of value."
    );
    assert_eq!(dec("[]").unwrap().ty(), Type::Tuple(vec![]));
}

#[test]
fn yamldecode() {
    let dec = |t: &str| one("yamldecode", s(t));
    assert_eq!(dec("hello: world"), Ok(obj(&[("hello", s("world"))])));
    assert_eq!(dec("- 1\n- true\n- \"3\"\n- '4'\n- ~\n- yes\n- No\n- 0x1F\n- 0o17\n- 1.5e3\n- .5\n- 2001-12-14\n- 1_000\n- +\n- -0x1\n"),
        Ok(Value::Tuple(vec![n("1"), Value::Bool(true), s("3"), s("4"), Value::null(), Value::Bool(true),
            Value::Bool(false), n("31"), n("15"), n("1500"), n("0.5"), s("2001-12-14T00:00:00Z"),
            s("1_000"), s("+"), s("-0x1")])));
    assert_eq!(dec("~").unwrap().ty(), Type::Dynamic);
    let err = dec("").unwrap_err();
    assert_eq!(
        err.detail,
        "Call to function \"yamldecode\" failed: on line 1, column 1: missing start of document."
    );
    assert!(dec("# just a comment\n").is_err());
    let err = dec("---\na: 1\n---\nb: 2").unwrap_err();
    assert_eq!(err.detail, "Call to function \"yamldecode\" failed: on line 2, column 1: unexpected extra content after value.");
    let err = dec("a: b: c").unwrap_err();
    assert_eq!(
        err.detail,
        "Call to function \"yamldecode\" failed: mapping values are not allowed in this context."
    );
    assert_eq!(dec("!!binary aGVsbG8="), Ok(s("aGVsbG8=")));
    assert_eq!(dec("null"), Ok(Value::null()));
    assert_eq!(
        dec("a:\nb: ''"),
        Ok(obj(&[("a", Value::null()), ("b", s(""))]))
    );
    assert_eq!(
        dec("1: a\ntrue: b\n1.50: c"),
        Ok(obj(&[("1", s("a")), ("true", s("b")), ("1.5", s("c"))]))
    );
    assert_eq!(dec("!!str 123"), Ok(s("123")));
    assert_eq!(dec("!!int \"12\""), Ok(s("12")));
    assert_eq!(dec("!!float 12"), Ok(n("12")));
    assert_eq!(
        dec("|\n  line one\n  line two\n"),
        Ok(s("line one\nline two\n"))
    );
    assert_eq!(dec(">-\n  folded\n  text\n"), Ok(s("folded text")));
    assert_eq!(
        dec("base: &b {x: 1, z: 2}\nderived:\n  <<: *b\n  z: 3\ncopy: *b\n"),
        Ok(obj(&[
            ("base", obj(&[("x", n("1")), ("z", n("2"))])),
            ("derived", obj(&[("x", n("1")), ("z", n("3"))])),
            ("copy", obj(&[("x", n("1")), ("z", n("2"))]))
        ]))
    );
    // Keys are typed like values first, so YAML 1.1 booleans become "true".
    assert_eq!(
        dec("y: 1\nno: 2"),
        Ok(obj(&[("true", n("1")), ("false", n("2"))]))
    );
    assert_eq!(dec("[]").unwrap().ty(), Type::Tuple(vec![]));
    for bad in [
        "a: 1\n---\nb: 2",
        "? [a]\n: 1",
        "~: 1",
        ".nan",
        "!!int abc",
        "!foo bar",
        "*nope",
        "a: [1",
        "!!bool maybe",
        "&a [*a]",
    ] {
        assert!(dec(bad).is_err(), "{bad:?} should fail");
    }
    assert!(dec(&"[".repeat(100_000)).is_err());
}

#[test]
fn yamlencode() {
    let enc = |v: Value| text("yamlencode", v);
    assert_eq!(
        enc(obj(&[("a", s("b")), ("c", s("d"))])),
        "\"a\": \"b\"\n\"c\": \"d\"\n"
    );
    assert_eq!(
        enc(obj(&[
            ("foo", Value::Tuple(vec![n("1"), n("2"), n("3")])),
            ("bar", s("baz"))
        ])),
        "\"bar\": \"baz\"\n\"foo\":\n- 1\n- 2\n- 3\n"
    );
    assert_eq!(
        enc(obj(&[
            (
                "foo",
                Value::Tuple(vec![n("1"), obj(&[("a", s("b")), ("c", s("d"))]), n("3")])
            ),
            ("bar", s("baz"))
        ])),
        "\"bar\": \"baz\"\n\"foo\":\n- 1\n- \"a\": \"b\"\n  \"c\": \"d\"\n- 3\n"
    );
    assert_eq!(enc(Value::Bool(true)), "true\n...\n");
    assert_eq!(enc(n("0")), "0\n...\n");
    assert_eq!(enc(Value::null()), "null\n...\n");
    assert_eq!(enc(s("")), "\"\"\n");
    assert_eq!(enc(s("hello")), "\"hello\"\n");
    assert_eq!(enc(Value::empty_object()), "{}\n");
    assert_eq!(enc(Value::empty_tuple()), "[]\n");
    assert_eq!(enc(Value::List(Type::String, vec![s("b")])), "- \"b\"\n");
    assert_eq!(
        enc(obj(&[(
            "a",
            obj(&[("b", n("1")), ("c", Value::empty_tuple())])
        )])),
        "\"a\":\n  \"b\": 1\n  \"c\": []\n"
    );
    assert_eq!(
        enc(Value::Tuple(vec![
            Value::Tuple(vec![n("1"), n("2")]),
            Value::null()
        ])),
        "- - 1\n  - 2\n- null\n"
    );
    assert_eq!(enc(obj(&[("a", s("x\ny"))])), "\"a\": |-\n  x\n  y\n");
    assert_eq!(
        enc(obj(&[("a", s("x\ny\n")), ("b", n("1"))])),
        "\"a\": |\n  x\n  y\n\"b\": 1\n"
    );
    assert_eq!(enc(obj(&[("a", s("x\n\n"))])), "\"a\": |+\n  x\n\n");
    assert_eq!(enc(obj(&[("a", s(" x\ny"))])), "\"a\": |2-\n   x\n  y\n");
    assert_eq!(enc(s("x\ny")), "|-\n  x\n  y\n");
    // Tabs, trailing spaces and non-printable characters force double quotes.
    assert_eq!(enc(s("a\tb\nc")), "\"a\\tb\\nc\"\n");
    assert_eq!(enc(s("a \nb")), "\"a \\nb\"\n");
    assert_eq!(
        enc(s("é😀\u{85}\u{a0}\u{7f}\"\\")),
        "\"é\\U0001F600\\N\u{a0}\\x7F\\\"\\\\\"\n"
    );
    assert_eq!(enc(obj(&[("x\ny", n("1"))])), "? |-\n  x\n  y\n: 1\n");
    let long = "word ".repeat(20) + "end";
    assert_eq!(
        enc(obj(&[("k", s(&long))])),
        "\"k\": \"word word word word word word word word word word word word word word word word\n  word word word word end\"\n"
    );
    assert_eq!(
        one(
            "yamlencode",
            Value::Tuple(vec![Value::Unknown(Type::String)])
        ),
        Ok(Value::Unknown(Type::String))
    );
}

#[test]
fn codecs_round_trip() {
    let v = obj(&[
        (
            "list",
            Value::Tuple(vec![n("1.25"), s("two"), Value::Bool(false)]),
        ),
        ("nested", obj(&[("k", s("v\nw"))])),
    ]);
    let json = one("jsonencode", v.clone()).unwrap();
    assert_eq!(one("jsondecode", json), Ok(v.clone()));
    let yaml = one("yamlencode", v.clone()).unwrap();
    assert_eq!(one("yamldecode", yaml), Ok(v));
}
