//! Parsing and duration cases with the answers Terraform 1.15.5 gives.

use super::super::go_duration::parse_duration;
use super::*;

fn strict(s: &str) -> Result<String, String> {
    parse_strict(s).map(|t| t.to_rfc3339())
}

#[test]
fn strict_accepts_rfc3339() {
    assert_eq!(
        strict("2017-11-22T00:00:00Z").as_deref(),
        Ok("2017-11-22T00:00:00Z")
    );
    assert_eq!(
        strict("2017-11-22T00:00:00+01:00").as_deref(),
        Ok("2017-11-22T00:00:00+01:00")
    );
    assert_eq!(
        strict("2017-11-22T00:00:00-00:00").as_deref(),
        Ok("2017-11-22T00:00:00Z")
    );
    assert_eq!(
        strict("2017-11-22T00:00:00.999999999999Z").as_deref(),
        Ok("2017-11-22T00:00:00Z")
    );
}

#[test]
fn strict_errors_match_terraform() {
    let cases = [
        ("2017-11-22T1:02:03Z", "hour must have exactly two digits"),
        (
            "2017-11-22T00:00:00,5Z",
            r#"cannot use "," as timestamp segment"#,
        ),
        (
            "2017-11-22T00:00:00+24:00",
            r#"cannot use "+24:00" as UTC offset"#,
        ),
        (
            "2017-11-22T00:00:00+23:60",
            r#"cannot use "+23:60" as UTC offset"#,
        ),
        (
            "2017-11-22T00:00:00+23:61",
            "end of string before UTC offset",
        ),
        (
            "2017-11-22T00:00:00+25:00",
            "end of string before UTC offset",
        ),
        ("2017-11-22", "missing required time introducer 'T'"),
        (
            "2017-11-22t00:00:00Z",
            "missing required time introducer 'T'",
        ),
        (
            "2017-13-22T00:00:00Z",
            r#"cannot use "-22T00:00:00Z" as month"#,
        ),
        ("2017-02-30T00:00:00Z", "day out of range"),
        (
            "2017-11-22T24:00:00Z",
            "hour must be between 0 and 23 inclusive",
        ),
        (
            "2017-11-22T00:60:00Z",
            "minute must have exactly two digits",
        ),
        ("2017-11-22T00:00:60Z", r#"cannot use "Z" as second"#),
        ("2017-11-22T00:00:00", "end of string before UTC offset"),
        (
            "2017-11-22T00:00:00Zjunk",
            r#"cannot use "junk" as timestamp segment"#,
        ),
        (
            "2017-11-22T00:00:00+0100",
            r#"cannot use "+0100" as UTC offset"#,
        ),
        (
            "17-11-22T00:00:00Z",
            r#"cannot use "17-11-22T00:00:00Z" as year"#,
        ),
        (
            "2017/11/22T00:00:00Z",
            r#"found "/11/22T00:00:00Z" where "-" is expected"#,
        ),
        (
            "2017-1-22T00:00:00Z",
            r#"cannot use "1-22T00:00:00Z" as month"#,
        ),
        (
            "2017-11-2T00:00:00Z",
            r#"cannot use "2T00:00:00Z" as day of month"#,
        ),
        ("2017-11-22T00:0:00Z", "minute must have exactly two digits"),
        ("2017-11-22T00:00:0Z", r#"cannot use "0Z" as second"#),
        (
            "2017-11-22T00-00:00Z",
            r#"found "-00:00Z" where ":" is expected"#,
        ),
        (
            "2017-11-22T00:00:00x01:00",
            r#"cannot use "x01:00" as UTC offset"#,
        ),
        (
            "2017-11-22T00:00:00+ab:00",
            r#"cannot use "+ab:00" as UTC offset"#,
        ),
        ("", "end of string before year"),
        (
            "20171122T00:00:00Z",
            r#"found "1122T00:00:00Z" where "-" is expected"#,
        ),
        ("2017-11-22T00:00:00é", r#"cannot use "é" as UTC offset"#),
        (
            "2017-11-22T00:00:00+01:0",
            r#"cannot use "+01:0" as UTC offset"#,
        ),
        ("2017-01-02T00", r#"end of string where ":" is expected"#),
    ];
    for (input, want) in cases {
        assert_eq!(
            strict(input),
            Err(format!("not a valid RFC3339 timestamp: {want}")),
            "{input}"
        );
    }
}

#[test]
fn lenient_accepts_what_go_accepts() {
    let lenient = |s: &str| parse_lenient(s).map(|t| t.utc);
    assert_eq!(
        lenient("2017-11-22T1:02:03Z"),
        lenient("2017-11-22T01:02:03Z")
    );
    assert!(lenient("2017-11-22T00:00:00,5Z").is_ok());
    assert!(lenient("2017-11-22T00:00:00+24:00").is_ok());
    assert_eq!(
        lenient("2017-11-22T24:00:00Z"),
        Err(r#"not a valid RFC3339 timestamp: cannot use ":00:00Z" as hour"#.into())
    );
    assert_eq!(
        lenient("x"),
        Err(r#"not a valid RFC3339 timestamp: cannot use "x" as year"#.into())
    );
}

#[test]
fn formats_years_like_go() {
    let add = |s: &str, d: &str| {
        parse_strict(s)
            .unwrap()
            .add_nanos(parse_duration(d).unwrap())
            .unwrap()
            .to_rfc3339()
    };
    assert_eq!(add("9999-12-31T23:59:59Z", "1s"), "10000-01-01T00:00:00Z");
    assert_eq!(add("0000-01-01T00:00:00Z", "-1s"), "-0001-12-31T23:59:59Z");
    assert_eq!(
        add("0000-01-01T00:00:00Z", "-2562047h"),
        "-0293-09-22T01:00:00Z"
    );
    assert_eq!(
        add("2017-11-22T00:00:00+01:00", "1h"),
        "2017-11-22T01:00:00+01:00"
    );
}
