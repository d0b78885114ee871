//! Resource quantities as the real server stores them: `resources.limits`
//! and `resources.requests` values are rewritten in canonical form ("0.5"
//! becomes "500m", "1024Mi" becomes "1Gi"), keeping the input's kind of
//! suffix (binary, decimal or exponent), at nano precision rounded up.

use serde_json::Value;

const NANO: i128 = 1_000_000_000;
const BINARY: [&str; 7] = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];

#[derive(Clone, Copy, PartialEq)]
enum Format {
    Binary,
    Decimal,
    Exponent,
}

/// The value in nano units and the kind of suffix it was written with.
fn parse(s: &str) -> Option<(i128, Format)> {
    let end = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '+' || c == '-'))
        .unwrap_or(s.len());
    let (number, suffix) = s.split_at(end);
    let (negative, digits) = match number.as_bytes().first() {
        Some(b'-') => (true, &number[1..]),
        Some(b'+') => (false, &number[1..]),
        _ => (false, number),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let all = format!("{whole}{fraction}");
    if all.is_empty() || !all.bytes().all(|b| b.is_ascii_digit()) || all.len() > 30 {
        return None;
    }
    let mantissa: i128 = all.parse().ok()?;
    let scale = fraction.len() as i32;
    let (format, binary, exponent) = match suffix {
        "" => (Format::Decimal, 0, 0),
        "n" => (Format::Decimal, 0, -9),
        "u" => (Format::Decimal, 0, -6),
        "m" => (Format::Decimal, 0, -3),
        "k" => (Format::Decimal, 0, 3),
        "M" => (Format::Decimal, 0, 6),
        "G" => (Format::Decimal, 0, 9),
        "T" => (Format::Decimal, 0, 12),
        "P" => (Format::Decimal, 0, 15),
        "E" => (Format::Decimal, 0, 18),
        s if BINARY.contains(&s) => (
            Format::Binary,
            BINARY.iter().position(|b| *b == s)? as u32,
            0,
        ),
        s if s.starts_with(['e', 'E']) => (Format::Exponent, 0, s[1..].parse::<i32>().ok()?),
        _ => return None,
    };
    let value = mantissa.checked_mul(1024i128.checked_pow(binary)?)?;
    let shift = 9 + exponent - scale;
    let nanos = if shift >= 0 {
        value.checked_mul(10i128.checked_pow(shift as u32)?)?
    } else {
        let d = 10i128.checked_pow((-shift) as u32)?;
        (value + d - 1) / d
    };
    Some((if negative { -nanos } else { nanos }, format))
}

/// The canonical spelling of `s`, or `None` when it is not a quantity.
pub fn canonical(s: &str) -> Option<String> {
    let (nanos, mut format) = parse(s)?;
    if nanos == 0 {
        return Some("0".into());
    }
    if format == Format::Binary && (nanos % NANO != 0 || nanos.abs() < 1024 * NANO) {
        format = Format::Decimal;
    }
    if format == Format::Binary {
        let (mut v, mut k) = (nanos / NANO, 0);
        while k < 6 && v % 1024 == 0 {
            v /= 1024;
            k += 1;
        }
        return Some(format!("{v}{}", BINARY[k]));
    }
    let (mut v, mut exp) = (nanos, -9);
    while exp < 18 && v % 1000 == 0 {
        v /= 1000;
        exp += 3;
    }
    let suffix = match (format, exp) {
        (_, 0) => String::new(),
        (Format::Exponent, e) => format!("e{e}"),
        (_, e) => ["n", "u", "m", "", "k", "M", "G", "T", "P", "E"][((e + 9) / 3) as usize].into(),
    };
    Some(format!("{v}{suffix}"))
}

/// Rewrites every `resources.limits`/`resources.requests` value in `o` canonically.
pub fn canonicalize(o: &mut Value) {
    match o {
        Value::Object(m) => {
            if let Some(Value::Object(resources)) = m.get_mut("resources") {
                for list in ["limits", "requests"] {
                    if let Some(Value::Object(values)) = resources.get_mut(list) {
                        for v in values.values_mut() {
                            if let Some(c) = v.as_str().and_then(canonical) {
                                *v = Value::String(c);
                            }
                        }
                    }
                }
            }
            m.values_mut().for_each(canonicalize);
        }
        Value::Array(a) => a.iter_mut().for_each(canonicalize),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_forms_match_the_real_server() {
        for (input, want) in [
            ("0.5", "500m"),
            ("500m", "500m"),
            ("1.5", "1500m"),
            ("2000m", "2"),
            ("2000", "2k"),
            ("1024Mi", "1Gi"),
            ("1Gi", "1Gi"),
            ("1000Mi", "1000Mi"),
            ("1.5Gi", "1536Mi"),
            ("0.5Ki", "512"),
            ("128974848", "128974848"),
            ("129e6", "129e6"),
            ("1e3", "1e3"),
            ("0", "0"),
            ("0.1m", "100u"),
        ] {
            assert_eq!(canonical(input).as_deref(), Some(want), "{input}");
        }
        assert_eq!(canonical("abc"), None);
        assert_eq!(canonical("1Xi"), None);
    }

    #[test]
    fn only_resource_lists_are_rewritten() {
        let mut o = serde_json::json!({"spec": {"containers": [{"name": "a",
            "args": ["0.5"],
            "resources": {"limits": {"cpu": "0.5", "memory": "1024Mi"}, "requests": {"cpu": "1000m"}}}]}});
        canonicalize(&mut o);
        let c = &o["spec"]["containers"][0];
        assert_eq!(c["resources"]["limits"]["cpu"], "500m");
        assert_eq!(c["resources"]["limits"]["memory"], "1Gi");
        assert_eq!(c["resources"]["requests"]["cpu"], "1");
        assert_eq!(c["args"][0], "0.5");
    }
}
