//! The date and time functions of Terraform's library: `formatdate`,
//! `timeadd`, `timecmp`, `timestamp` and `plantimestamp`. Timestamps are
//! RFC 3339 strings; parsing and its messages live in [`super::go_time`].

use chrono::{Datelike, Timelike, Utc};
use terrace_value::{Type, Value};

use super::go_duration::parse_duration;
use super::go_quote::go_quote;
use super::go_time::{parse_lenient, parse_strict, Timestamp};
use super::{FuncContext, FuncError, Function, Param};

/// The functions of this group.
pub fn functions() -> Vec<Function> {
    let s = |name| Param::new(name, Type::String);
    vec![
        Function::new(
            "formatdate",
            vec![s("format"), s("time")],
            Type::String,
            formatdate,
        ),
        Function::new(
            "timeadd",
            vec![s("timestamp"), s("duration")],
            Type::String,
            timeadd,
        ),
        Function::new(
            "timecmp",
            vec![s("timestamp_a"), s("timestamp_b")],
            Type::Number,
            timecmp,
        ),
        Function::new("timestamp", vec![], Type::String, timestamp).impure(),
        Function::new("plantimestamp", vec![], Type::String, plantimestamp),
    ]
}

fn text(v: &Value) -> &str {
    v.as_str().unwrap_or_default()
}

fn timestamp(_: &FuncContext<'_>, _: &[Value]) -> Result<Value, FuncError> {
    Ok(Value::string(
        Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string(),
    ))
}

fn plantimestamp(ctx: &FuncContext<'_>, _: &[Value]) -> Result<Value, FuncError> {
    Ok(Value::string(ctx.plan_timestamp.clone()))
}

fn timeadd(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    let t = parse_strict(text(&args[0])).map_err(FuncError::call)?;
    let d = parse_duration(text(&args[1])).map_err(FuncError::call)?;
    let moved = t
        .add_nanos(d)
        .ok_or_else(|| FuncError::call("the result is out of the supported range"))?;
    Ok(Value::string(moved.to_rfc3339()))
}

fn timecmp(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    let a = parse_lenient(text(&args[0])).map_err(|e| FuncError::arg(0, e))?;
    let b = parse_lenient(text(&args[1])).map_err(|e| FuncError::arg(1, e))?;
    Ok(Value::number(a.utc.cmp(&b.utc) as i64))
}

fn formatdate(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    let t = parse_strict(text(&args[1])).map_err(|e| FuncError::arg(1, e))?;
    let mut out = Vec::new();
    for token in tokens(text(&args[0]).as_bytes()) {
        render(&mut out, token, &t).map_err(|e| FuncError::arg(0, e))?;
    }
    Ok(Value::string(String::from_utf8_lossy(&out).into_owned()))
}

/// Splits a format into quoted literals, runs of one letter, and other text.
fn tokens(mut s: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    while !s.is_empty() {
        let len = if s[0] == b'\'' {
            if s.get(1) == Some(&b'\'') {
                2
            } else {
                let mut i = 1;
                let mut end = s.len();
                while i < s.len() {
                    if s[i] == b'\'' {
                        if s.get(i + 1) == Some(&b'\'') {
                            i += 2;
                            continue;
                        }
                        end = i + 1;
                        break;
                    }
                    i += 1;
                }
                end
            }
        } else if s[0].is_ascii_alphabetic() {
            s.iter().take_while(|c| **c == s[0]).count()
        } else {
            1 + s[1..]
                .iter()
                .take_while(|c| **c != b'\'' && !c.is_ascii_alphabetic())
                .count()
        };
        out.push(&s[..len]);
        s = &s[len..];
    }
    out
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

fn render(out: &mut Vec<u8>, tok: &[u8], t: &Timestamp) -> Result<(), String> {
    let local = t.local();
    let verb = go_quote(tok);
    let mut put = |s: String| out.extend_from_slice(s.as_bytes());
    let bad = |why: &str| Err(format!("invalid date format verb {verb}: {why}"));
    match tok[0] {
        b'\'' => {
            if tok.len() == 1 || tok[tok.len() - 1] != b'\'' {
                return Err("unterminated literal '".into());
            }
            if tok.len() == 2 {
                put("'".into());
            } else {
                let raw = &tok[1..tok.len() - 1];
                let mut i = 0;
                let mut lit = Vec::new();
                while i < raw.len() {
                    lit.push(raw[i]);
                    i += if raw[i] == b'\'' { 2 } else { 1 };
                }
                out.extend_from_slice(&lit);
            }
        }
        c if c.is_ascii_alphabetic() => {
            let n = tok.len();
            let (hour, hour12) = (local.hour(), (local.hour() + 11) % 12 + 1);
            match (c, n) {
                (b'Y', 2) => put(format!("{:02}", local.year() % 100)),
                (b'Y', 4) => put(format!("{:04}", local.year())),
                (b'Y', _) => return bad(r#"year must either be "YY" or "YYYY""#),
                (b'M', 1) => put(local.month().to_string()),
                (b'M', 2) => put(format!("{:02}", local.month())),
                (b'M', 3) => put(MONTHS[local.month0() as usize][..3].to_string()),
                (b'M', 4) => put(MONTHS[local.month0() as usize].to_string()),
                (b'M', _) => return bad(r#"month must be "M", "MM", "MMM", or "MMMM""#),
                (b'D', 1) => put(local.day().to_string()),
                (b'D', 2) => put(format!("{:02}", local.day())),
                (b'D', _) => return bad(r#"day of month must either be "D" or "DD""#),
                (b'E', 3) => {
                    put(WEEKDAYS[local.weekday().num_days_from_monday() as usize][..3].to_string())
                }
                (b'E', 4) => {
                    put(WEEKDAYS[local.weekday().num_days_from_monday() as usize].to_string())
                }
                (b'E', _) => return bad(r#"day of week must either be "EEE" or "EEEE""#),
                (b'h', 1) => put(hour.to_string()),
                (b'h', 2) => put(format!("{hour:02}")),
                (b'h', _) => return bad(r#"24-hour must either be "h" or "hh""#),
                (b'H', 1) => put(hour12.to_string()),
                (b'H', 2) => put(format!("{hour12:02}")),
                (b'H', _) => return bad(r#"12-hour must either be "H" or "HH""#),
                (b'A' | b'a', 2) => {
                    let marker = if hour < 12 { "AM" } else { "PM" };
                    put(if c == b'A' {
                        marker.into()
                    } else {
                        marker.to_lowercase()
                    });
                }
                (b'A' | b'a', _) => {
                    let l = c as char;
                    return bad(&format!("must be \"{l}{l}\""));
                }
                (b'm', 1) => put(local.minute().to_string()),
                (b'm', 2) => put(format!("{:02}", local.minute())),
                (b'm', _) => return bad(r#"minute must either be "m" or "mm""#),
                (b's', 1) => put(local.second().to_string()),
                (b's', 2) => put(format!("{:02}", local.second())),
                (b's', _) => return bad(r#"second must either be "s" or "ss""#),
                (b'Z', 1) => put(t.zone("Z", true)),
                (b'Z', 3) => put(t.zone("UTC", false)),
                (b'Z', 4) => put(t.zone("", false)),
                (b'Z', 5) => put(t.zone("", true)),
                (b'Z', _) => return bad("timezone must be Z, ZZZZ, or ZZZZZ"),
                _ => return Err(format!("invalid date format verb {verb}")),
            }
        }
        _ => out.extend_from_slice(tok),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::{call, lookup, CallError, FuncContext};
    use super::*;

    fn run(name: &str, args: &[&str]) -> Result<Value, CallError> {
        let render = |_: &str, _: &str, _: &Value| Ok(Value::null());
        let ctx = FuncContext {
            base_dir: ".".into(),
            plan_timestamp: "2024-01-02T03:04:05Z".into(),
            planning: false,
            render_template: &render,
        };
        call(
            lookup(name).unwrap(),
            &ctx,
            args.iter().map(|a| Value::string(*a)).collect(),
        )
    }

    fn ok(name: &str, args: &[&str]) -> Value {
        run(name, args).unwrap()
    }

    fn err(name: &str, args: &[&str]) -> String {
        run(name, args).unwrap_err().detail
    }

    #[test]
    fn formatdate_verbs() {
        let t = "2017-01-02T13:04:05Z";
        assert_eq!(
            ok("formatdate", &["MMMM M MM D DD EEE h H HH AA aa m s", t]),
            Value::string("January 1 01 2 02 Mon 13 1 01 PM pm 4 5")
        );
        assert_eq!(
            ok(
                "formatdate",
                &["EEEE, DD-MMM-YY hh:mm:ss ZZZ", "2017-11-22T01:02:03Z"]
            ),
            Value::string("Wednesday, 22-Nov-17 01:02:03 UTC")
        );
        assert_eq!(
            ok("formatdate", &["Z ZZZ ZZZZ ZZZZZ", "2017-11-22T01:02:03Z"]),
            Value::string("Z UTC +0000 +00:00")
        );
        assert_eq!(
            ok(
                "formatdate",
                &["Z ZZZ ZZZZ ZZZZZ", "2017-11-22T01:02:03-05:30"]
            ),
            Value::string("-05:30 -0530 -0530 -05:30")
        );
        assert_eq!(
            ok("formatdate", &["H AA", "2017-01-02T00:04:05Z"]),
            Value::string("12 AM")
        );
        assert_eq!(
            ok("formatdate", &["YY", "0005-01-02T00:04:05Z"]),
            Value::string("05")
        );
        assert_eq!(
            ok("formatdate", &["YYYY é 123 ! ", t]),
            Value::string("2017 é 123 ! ")
        );
        assert_eq!(ok("formatdate", &["", t]), Value::string(""));
    }

    #[test]
    fn formatdate_literals() {
        let t = "2017-11-22T01:02:03Z";
        assert_eq!(ok("formatdate", &["'abc'", t]), Value::string("abc"));
        assert_eq!(
            ok("formatdate", &["YYYY'abc'", t]),
            Value::string("2017abc")
        );
        assert_eq!(ok("formatdate", &["''", t]), Value::string("'"));
        assert_eq!(ok("formatdate", &["'it''s'", t]), Value::string("it's"));
        assert_eq!(ok("formatdate", &["'abc''", t]), Value::string("abc'"));
        let unterminated = "Invalid value for \"format\" parameter: unterminated literal '.";
        assert_eq!(err("formatdate", &["'abc", t]), unterminated);
        assert_eq!(err("formatdate", &["'", t]), unterminated);
    }

    #[test]
    fn formatdate_errors() {
        let t = "2017-11-22T01:02:03Z";
        let f = |format: &str| err("formatdate", &[format, t]);
        assert_eq!(
            f("x'a''''b'y"),
            "Invalid value for \"format\" parameter: invalid date format verb \"x\"."
        );
        assert_eq!(
            f("YYY"),
            "Invalid value for \"format\" parameter: invalid date format verb \"YYY\": year must either be \"YY\" or \"YYYY\"."
        );
        assert_eq!(
            f("ZZ"),
            "Invalid value for \"format\" parameter: invalid date format verb \"ZZ\": timezone must be Z, ZZZZ, or ZZZZZ."
        );
        assert_eq!(f("AAA"), "Invalid value for \"format\" parameter: invalid date format verb \"AAA\": must be \"AA\".");
        assert_eq!(f("aaa"), "Invalid value for \"format\" parameter: invalid date format verb \"aaa\": must be \"aa\".");
        assert_eq!(
            f("Q"),
            "Invalid value for \"format\" parameter: invalid date format verb \"Q\"."
        );
        assert_eq!(
            err("formatdate", &["YYYY", "2017-11-22T1:02:03Z"]),
            "Invalid value for \"time\" parameter: not a valid RFC3339 timestamp: hour must have exactly two digits."
        );
    }

    #[test]
    fn timeadd_and_timecmp() {
        assert_eq!(
            ok("timeadd", &["2017-11-22T00:00:00Z", "1.5h"]),
            Value::string("2017-11-22T01:30:00Z")
        );
        assert_eq!(
            ok("timeadd", &["2017-11-22T00:00:00Z", "-1h30m"]),
            Value::string("2017-11-21T22:30:00Z")
        );
        assert_eq!(
            ok("timeadd", &["2017-11-22T00:00:00+01:00", "1h"]),
            Value::string("2017-11-22T01:00:00+01:00")
        );
        assert_eq!(
            ok("timeadd", &["2017-11-22T00:00:00Z", "300ms"]),
            Value::string("2017-11-22T00:00:00Z")
        );
        assert_eq!(
            err("timeadd", &["2017-11-22", "1s"]),
            "Call to function \"timeadd\" failed: not a valid RFC3339 timestamp: missing required time introducer 'T'."
        );
        assert_eq!(
            err("timeadd", &["2017-11-22T00:00:00Z", "1d"]),
            "Call to function \"timeadd\" failed: time: unknown unit \"d\" in duration \"1d\"."
        );
        assert_eq!(
            ok(
                "timecmp",
                &["2017-11-22T00:00:00Z", "2017-11-22T01:00:00+01:00"]
            ),
            Value::number(0)
        );
        assert_eq!(
            ok("timecmp", &["2017-11-22T00:00:00Z", "2017-11-22T01:00:00Z"]),
            Value::number(-1)
        );
        assert_eq!(
            ok("timecmp", &["2017-11-22T02:00:00Z", "2017-11-22T01:00:00Z"]),
            Value::number(1)
        );
        assert_eq!(
            ok("timecmp", &["2017-11-22T1:02:03Z", "2017-11-22T01:02:03Z"]),
            Value::number(0)
        );
        assert_eq!(
            err("timecmp", &["x", "2017-11-22T01:00:00Z"]),
            "Invalid value for \"timestamp_a\" parameter: not a valid RFC3339 timestamp: cannot use \"x\" as year."
        );
        assert_eq!(
            err("timecmp", &["2017-11-22T02:00:00Z", "x"]),
            "Invalid value for \"timestamp_b\" parameter: not a valid RFC3339 timestamp: cannot use \"x\" as year."
        );
    }

    #[test]
    fn timestamps() {
        assert_eq!(
            ok("plantimestamp", &[]),
            Value::string("2024-01-02T03:04:05Z")
        );
        let now = ok("timestamp", &[]);
        assert!(parse_strict(now.as_str().unwrap()).is_ok());
        assert!(now.as_str().unwrap().ends_with('Z'));
    }
}
