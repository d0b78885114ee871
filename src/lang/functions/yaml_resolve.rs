//! How Terraform's YAML library types a scalar from its tag, text and
//! style: untagged plain scalars by their text (YAML 1.1 booleans such as
//! `yes`, YAML 1.2 integers, floats, timestamps as RFC 3339 strings),
//! quoted scalars as strings, explicit `!!` tags by their meaning.

use num_bigint::BigInt;
use terrace_value::{Number, Value};
use yaml_rust2::parser::Tag;
use yaml_rust2::scanner::TScalarStyle;

use super::encoding::{decode_base64, go_quote};
use super::yaml_decode::full_tag;

pub(super) const TAG_PREFIX: &str = "tag:yaml.org,2002:";

/// A scalar's meaning once its tag is resolved.
pub(super) enum Scalar {
    Value(Value),
    /// The `<<` merge key.
    Merge,
}

/// Decides what a scalar means from its tag, text and style.
pub(super) fn resolve(tag: Option<&Tag>, src: &str, style: TScalarStyle) -> Result<Scalar, String> {
    let tag = full_tag(tag);
    let kind = tag.strip_prefix(TAG_PREFIX).map(str::to_string);
    let known = matches!(
        kind.as_deref(),
        Some("str" | "bool" | "int" | "float" | "null" | "timestamp" | "binary")
    );
    if !tag.is_empty() && !known {
        return Err(format!("unsupported tag {}", go_quote(&tag)));
    }
    let kind = kind.unwrap_or_default();
    let hint = match src.as_bytes().first() {
        None => b'N',
        Some(b'+' | b'-') => b'S',
        Some(b'0'..=b'9') => b'D',
        Some(b'y' | b'Y' | b'n' | b'N' | b't' | b'T' | b'f' | b'F' | b'o' | b'O' | b'~') => b'M',
        Some(b'.') => b'.',
        Some(_) => 0,
    };
    let value = |v: Value| Ok(Scalar::Value(v));
    if hint != 0 && kind != "str" && kind != "binary" {
        if matches!(
            style,
            TScalarStyle::SingleQuoted | TScalarStyle::DoubleQuoted
        ) {
            return value(Value::string(src));
        }
        if let Some(v) = special_word(src) {
            return v.map(Scalar::Value);
        }
        if tag.is_empty() && matches!(src, ".nan" | ".NaN" | ".NAN") {
            return Err("floating point NaN is not supported".into());
        }
        match hint {
            b'.' => {
                if let Some(n) = parse_float(src) {
                    return value(Value::Number(n));
                }
            }
            b'D' | b'S' => {
                if kind.is_empty() || kind == "timestamp" {
                    if let Some(t) = parse_timestamp(src) {
                        return value(Value::string(t));
                    }
                }
                if let Some(n) = parse_int(src).or_else(|| parse_float(src)) {
                    return value(Value::Number(n));
                }
            }
            _ => {}
        }
    }
    if tag.is_empty() && src == "<<" {
        return Ok(Scalar::Merge);
    }
    let cannot = || Err(format!("cannot parse {} as {tag}", go_quote(src)));
    match kind.as_str() {
        "" | "str" => value(Value::string(src)),
        "binary" => match decode_base64(src) {
            Ok(_) => value(Value::string(src)),
            Err(_) => Err(format!(
                "cannot parse {} as {tag}: not valid base64",
                go_quote(src)
            )),
        },
        "bool" => match special_word(src) {
            Some(Ok(v @ Value::Bool(_))) => value(v),
            _ => cannot(),
        },
        "int" | "float" => match parse_int(src).or_else(|| parse_float(src)) {
            Some(n) => value(Value::Number(n)),
            None => cannot(),
        },
        "timestamp" => match parse_timestamp(src) {
            Some(t) => value(Value::string(t)),
            None => cannot(),
        },
        _ => value(Value::null()),
    }
}

/// The words with fixed meanings: booleans (YAML 1.1 spellings included),
/// nulls and infinities.
fn special_word(src: &str) -> Option<Result<Value, String>> {
    Some(Ok(match src {
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            Value::Bool(true)
        }
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            Value::Bool(false)
        }
        "" | "~" | "null" | "Null" | "NULL" => Value::null(),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            Value::Number(Number::infinity(false))
        }
        "-.inf" | "-.Inf" | "-.INF" => Value::Number(Number::infinity(true)),
        _ => return None,
    }))
}

/// YAML 1.2 core-schema integers: decimal with an optional sign, `0o`
/// octal and `0x` hexadecimal.
fn parse_int(src: &str) -> Option<Number> {
    let radix = |digits: &str, radix: u32| {
        BigInt::parse_bytes(digits.as_bytes(), radix).filter(|_| !digits.is_empty())
    };
    if let Some(h) = src.strip_prefix("0x") {
        return radix(h, 16).map(Number::from);
    }
    if let Some(o) = src.strip_prefix("0o") {
        return radix(o, 8).map(Number::from);
    }
    let digits = src.strip_prefix(['+', '-']).unwrap_or(src);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Number::parse(src).ok()
}

/// YAML 1.2 core-schema floats (finite ones), kept exact.
fn parse_float(src: &str) -> Option<Number> {
    let unsigned = src.strip_prefix(['+', '-']).unwrap_or(src);
    let negative = src.starts_with('-');
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(i) => (&unsigned[..i], Some(&unsigned[i + 1..])),
        None => (unsigned, None),
    };
    let (int, frac) = match mantissa.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (mantissa, None),
    };
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = all_digits(int)
        && frac.is_none_or(all_digits)
        && (!int.is_empty() || frac.is_some_and(|f| !f.is_empty()));
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['+', '-']).unwrap_or(e);
        !e.is_empty() && all_digits(e)
    });
    if !mantissa_ok || !exponent_ok {
        return None;
    }
    let mut text = String::from(if negative { "-" } else { "" });
    text.push_str(if int.is_empty() { "0" } else { int });
    if let Some(f) = frac.filter(|f| !f.is_empty()) {
        text.push('.');
        text.push_str(f);
    }
    if let Some(e) = exponent {
        // Exponents this large would make numbers too big to hold.
        let magnitude: i64 = e.trim_start_matches(['+', '-']).parse().ok()?;
        if magnitude > 100_000 {
            return None;
        }
        text.push('e');
        text.push_str(e);
    }
    Number::parse(&text).ok()
}

/// Timestamps as Terraform's YAML library accepts them (`2001-12-14`,
/// `2001-12-14T21:59:43.10Z`, `2001-12-14 21:59:43.10`, one-digit fields
/// allowed), written back in RFC 3339 without fractional seconds.
fn parse_timestamp(src: &str) -> Option<String> {
    let b = src.as_bytes();
    if b.len() < 5 || !b[..4].iter().all(u8::is_ascii_digit) || b[4] != b'-' {
        return None;
    }
    let mut pos = 5;
    let num = |pos: &mut usize, max_digits: usize| -> Option<u32> {
        let start = *pos;
        while *pos < b.len() && *pos - start < max_digits && b[*pos].is_ascii_digit() {
            *pos += 1;
        }
        if *pos == start {
            return None;
        }
        src[start..*pos].parse().ok()
    };
    let expect =
        |pos: &mut usize, c: u8| -> Option<()> { (b.get(*pos) == Some(&c)).then(|| *pos += 1) };
    let year: i32 = src[..4].parse().ok()?;
    let month = num(&mut pos, 2)?;
    expect(&mut pos, b'-')?;
    let day = num(&mut pos, 2)?;
    let date = chrono::NaiveDate::from_ymd_opt(year, month, day)?;
    if pos == b.len() {
        return Some(format!("{}T00:00:00Z", date.format("%Y-%m-%d")));
    }
    let zoned = match b[pos] {
        b'T' | b't' => true,
        b' ' => false,
        _ => return None,
    };
    pos += 1;
    let hour = num(&mut pos, 2)?;
    expect(&mut pos, b':')?;
    let minute = num(&mut pos, 2)?;
    expect(&mut pos, b':')?;
    let second = num(&mut pos, 2)?;
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    if b.get(pos) == Some(&b'.') {
        let start = pos + 1;
        pos = start;
        while pos < b.len() && b[pos].is_ascii_digit() {
            pos += 1;
        }
        if pos == start || pos - start > 9 {
            return None;
        }
    }
    let time = format!(
        "{}T{hour:02}:{minute:02}:{second:02}",
        date.format("%Y-%m-%d")
    );
    if !zoned {
        return (pos == b.len()).then(|| format!("{time}Z"));
    }
    match b.get(pos)? {
        b'Z' if pos + 1 == b.len() => Some(format!("{time}Z")),
        sign @ (b'+' | b'-') => {
            let rest = &src[pos + 1..];
            let (h, m) = rest.split_once(':')?;
            if h.len() != 2
                || m.len() != 2
                || !(h.bytes().chain(m.bytes())).all(|c| c.is_ascii_digit())
            {
                return None;
            }
            let (hh, mm): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
            if hh > 24 || mm > 59 {
                return None;
            }
            if hh == 0 && mm == 0 {
                Some(format!("{time}Z"))
            } else {
                Some(format!("{time}{}{h}:{m}", *sign as char))
            }
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps() {
        assert_eq!(
            parse_timestamp("2001-12-14").as_deref(),
            Some("2001-12-14T00:00:00Z")
        );
        assert_eq!(
            parse_timestamp("2001-1-4").as_deref(),
            Some("2001-01-04T00:00:00Z")
        );
        assert_eq!(
            parse_timestamp("2001-12-14t21:59:43.10-05:00").as_deref(),
            Some("2001-12-14T21:59:43-05:00")
        );
        assert_eq!(
            parse_timestamp("2001-12-14 21:59:43.10").as_deref(),
            Some("2001-12-14T21:59:43Z")
        );
        assert_eq!(parse_timestamp("2001-12-14 21:59:43.10 -5"), None);
        assert_eq!(parse_timestamp("2001-13-14"), None);
        assert_eq!(parse_timestamp("12345-1-1"), None);
    }

    #[test]
    fn numbers() {
        let n = |s: &str| {
            parse_int(s)
                .or_else(|| parse_float(s))
                .map(|n| n.to_string())
        };
        assert_eq!(n("0x1F").as_deref(), Some("31"));
        assert_eq!(n("0o17").as_deref(), Some("15"));
        assert_eq!(n("-12").as_deref(), Some("-12"));
        assert_eq!(n("+12").as_deref(), Some("12"));
        assert_eq!(n("1.").as_deref(), Some("1"));
        assert_eq!(n(".5").as_deref(), Some("0.5"));
        assert_eq!(n("1e3").as_deref(), Some("1000"));
        assert_eq!(
            n("123456789012345678901234567890").as_deref(),
            Some("123456789012345678901234567890")
        );
        assert_eq!(n("1_000"), None);
        assert_eq!(n("-0x1"), None);
        assert_eq!(n("+"), None);
        assert_eq!(n("1e999999999"), None);
    }
}
