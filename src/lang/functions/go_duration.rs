//! Durations as Go writes them (`"1h30m"`, `"-1.5h"`, `"300ms"`), which is
//! the syntax `timeadd` accepts, with Go's limits and error messages.

/// Go's duration syntax: `[-+]?([0-9]*(\.[0-9]*)?[a-z]+)+`, in nanoseconds.
pub fn parse_duration(text: &str) -> Result<i64, String> {
    let invalid = || format!("time: invalid duration {}", time_quote(text.as_bytes()));
    let mut s = text.as_bytes();
    let mut neg = false;
    if let Some(&c) = s.first() {
        if c == b'-' || c == b'+' {
            neg = c == b'-';
            s = &s[1..];
        }
    }
    if s == b"0" {
        return Ok(0);
    }
    if s.is_empty() {
        return Err(invalid());
    }
    const LIMIT: u64 = 1 << 63;
    let mut total: u64 = 0;
    while !s.is_empty() {
        if !(s[0] == b'.' || s[0].is_ascii_digit()) {
            return Err(invalid());
        }
        let int_len = s.iter().take_while(|c| c.is_ascii_digit()).count();
        let mut v: u64 = 0;
        for c in &s[..int_len] {
            if v > LIMIT / 10 {
                return Err(invalid());
            }
            v = v * 10 + u64::from(c - b'0');
            if v > LIMIT {
                return Err(invalid());
            }
        }
        s = &s[int_len..];
        let (mut f, mut scale, mut post) = (0u64, 1f64, false);
        if s.first() == Some(&b'.') {
            s = &s[1..];
            let frac_len = s.iter().take_while(|c| c.is_ascii_digit()).count();
            let mut overflow = false;
            for c in &s[..frac_len] {
                if overflow {
                    continue;
                }
                if f > (LIMIT - 1) / 10 {
                    overflow = true;
                    continue;
                }
                let y = f * 10 + u64::from(c - b'0');
                if y > LIMIT {
                    overflow = true;
                    continue;
                }
                f = y;
                scale *= 10.0;
            }
            post = frac_len > 0;
            s = &s[frac_len..];
        }
        if int_len == 0 && !post {
            return Err(invalid());
        }
        let unit_len = s
            .iter()
            .take_while(|c| !(**c == b'.' || c.is_ascii_digit()))
            .count();
        if unit_len == 0 {
            return Err(format!(
                "time: missing unit in duration {}",
                time_quote(text.as_bytes())
            ));
        }
        let unit_text = &s[..unit_len];
        s = &s[unit_len..];
        let unit: u64 = match unit_text {
            b"ns" => 1,
            b"us" => 1_000,
            u if u == "µs".as_bytes() || u == "μs".as_bytes() => 1_000,
            b"ms" => 1_000_000,
            b"s" => 1_000_000_000,
            b"m" => 60_000_000_000,
            b"h" => 3_600_000_000_000,
            _ => {
                return Err(format!(
                    "time: unknown unit {} in duration {}",
                    time_quote(unit_text),
                    time_quote(text.as_bytes())
                ))
            }
        };
        if v > LIMIT / unit {
            return Err(invalid());
        }
        v *= unit;
        if f > 0 {
            v += (f as f64 * (unit as f64 / scale)) as u64;
            if v > LIMIT {
                return Err(invalid());
            }
        }
        total += v;
        if total > LIMIT {
            return Err(invalid());
        }
    }
    if neg {
        return Ok((total as i64).wrapping_neg());
    }
    i64::try_from(total).map_err(|_| invalid())
}

/// The quoting of Go's time package: ASCII as is (with `"` and `\`
/// escaped), every other byte as `\x..`.
pub fn time_quote(s: &[u8]) -> String {
    let mut out = String::from("\"");
    for &b in s {
        match b {
            b'"' | b'\\' => {
                out.push('\\');
                out.push(b as char);
            }
            0x20..=0x7f => out.push(b as char),
            _ => out.push_str(&format!("\\x{b:02x}")),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_follow_go() {
        const S: i64 = 1_000_000_000;
        assert_eq!(parse_duration("1.5h"), Ok(5400 * S));
        assert_eq!(parse_duration("-1h30m"), Ok(-5400 * S));
        assert_eq!(parse_duration("+1h"), Ok(3600 * S));
        assert_eq!(parse_duration(".5h"), Ok(1800 * S));
        assert_eq!(parse_duration("1.h"), Ok(3600 * S));
        assert_eq!(parse_duration("0"), Ok(0));
        assert_eq!(parse_duration("-0"), Ok(0));
        assert_eq!(parse_duration("1µs"), Ok(1000));
        assert_eq!(parse_duration("300ms"), Ok(300_000_000));
        assert_eq!(parse_duration("1h1h1h"), Ok(3 * 3600 * S));
        assert_eq!(
            parse_duration("1.00000000000000000000000001h"),
            Ok(3600 * S)
        );
        assert_eq!(
            parse_duration(""),
            Err(r#"time: invalid duration """#.into())
        );
        assert_eq!(
            parse_duration("1"),
            Err(r#"time: missing unit in duration "1""#.into())
        );
        assert_eq!(
            parse_duration("1d"),
            Err(r#"time: unknown unit "d" in duration "1d""#.into())
        );
        assert_eq!(
            parse_duration(".h"),
            Err(r#"time: invalid duration ".h""#.into())
        );
        assert_eq!(
            parse_duration("9999999999999999999h"),
            Err(r#"time: invalid duration "9999999999999999999h""#.into())
        );
        assert_eq!(
            parse_duration("2562048h"),
            Err(r#"time: invalid duration "2562048h""#.into())
        );
        assert_eq!(
            parse_duration("1h é"),
            Err(r#"time: unknown unit "h \xc3\xa9" in duration "1h \xc3\xa9""#.into())
        );
        assert_eq!(
            parse_duration("1h\""),
            Err(r#"time: unknown unit "h\"" in duration "1h\"""#.into())
        );
    }
}
