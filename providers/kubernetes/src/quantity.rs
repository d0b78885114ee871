//! Resource quantities compared by value: the API server rewrites "0.5" as
//! "500m" and "1024Mi" as "1Gi", and such a rewrite is not drift.

/// The value of a quantity in nano units (rounded up, as the server rounds),
/// or `None` when `s` is not a quantity or too large to compare.
pub(crate) fn nanos(s: &str) -> Option<i128> {
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
    let (binary, exponent): (u32, i32) = match suffix {
        "" => (0, 0),
        "n" => (0, -9),
        "u" => (0, -6),
        "m" => (0, -3),
        "k" => (0, 3),
        "M" => (0, 6),
        "G" => (0, 9),
        "T" => (0, 12),
        "P" => (0, 15),
        "E" => (0, 18),
        "Ki" => (1, 0),
        "Mi" => (2, 0),
        "Gi" => (3, 0),
        "Ti" => (4, 0),
        "Pi" => (5, 0),
        "Ei" => (6, 0),
        s if s.starts_with(['e', 'E']) => (0, s[1..].parse().ok()?),
        _ => return None,
    };
    let value = mantissa.checked_mul(1024i128.checked_pow(binary)?)?;
    let shift = 9 + exponent - i32::try_from(fraction.len()).ok()?;
    let n = if shift >= 0 {
        value.checked_mul(10i128.checked_pow(shift.unsigned_abs())?)?
    } else {
        let d = 10i128.checked_pow(shift.unsigned_abs())?;
        (value + d - 1) / d
    };
    Some(if negative { -n } else { n })
}

/// Whether two quantities have the same value ("0.5" and "500m").
pub(crate) fn same(a: &str, b: &str) -> bool {
    a == b || matches!((nanos(a), nanos(b)), (Some(x), Some(y)) if x == y)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_values_in_any_spelling_are_the_same() {
        for (a, b) in [
            ("0.5", "500m"),
            ("1Gi", "1024Mi"),
            ("1", "1000m"),
            ("2k", "2000"),
            ("1e3", "1k"),
            ("129e6", "129M"),
            ("1.5Gi", "1536Mi"),
            ("0.5Ki", "512"),
            ("100u", "0.1m"),
            ("+1", "1"),
        ] {
            assert!(same(a, b), "{a} = {b}");
        }
    }

    #[test]
    fn different_values_and_non_quantities_differ() {
        for (a, b) in [
            ("0.5", "50m"),
            ("1Gi", "1G"),
            ("1", "-1"),
            ("1Ki", "1k"),
            ("abc", "abd"),
            ("1x", "1"),
            (".", "0"),
        ] {
            assert!(!same(a, b), "{a} != {b}");
        }
        assert_eq!(nanos("1m"), Some(1_000_000));
        assert_eq!(nanos("1e100"), None);
    }
}
