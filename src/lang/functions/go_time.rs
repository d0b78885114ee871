//! Timestamps and durations as Terraform reads and writes them. Terraform
//! parses RFC 3339 with Go's time package (leniently for `timecmp`, strictly
//! for `formatdate` and `timeadd`) and words its errors after what that
//! parser reports, so we reproduce the parser's steps to give the same
//! answers and the same messages.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Timelike};

use super::go_duration::time_quote;
use super::go_quote::go_quote;

/// An instant with the UTC offset it was written with.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Timestamp {
    /// The instant, in UTC.
    pub utc: NaiveDateTime,
    /// The offset east of UTC, in seconds.
    pub offset: i32,
}

impl Timestamp {
    /// The wall-clock time at the timestamp's own offset.
    pub fn local(&self) -> NaiveDateTime {
        self.utc + Duration::seconds(i64::from(self.offset))
    }

    /// This timestamp moved by `nanos` nanoseconds, keeping its offset.
    pub fn add_nanos(&self, nanos: i64) -> Option<Timestamp> {
        let utc = self.utc.checked_add_signed(Duration::nanoseconds(nanos))?;
        Some(Timestamp {
            utc,
            offset: self.offset,
        })
    }

    /// The RFC 3339 text Go writes: no fraction, `Z` for a zero offset, and
    /// years beyond four digits written in full.
    pub fn to_rfc3339(self) -> String {
        let t = self.local();
        let year = t.year();
        let year = if year < 0 {
            format!("-{:04}", -year)
        } else {
            format!("{year:04}")
        };
        format!(
            "{year}-{:02}-{:02}T{:02}:{:02}:{:02}{}",
            t.month(),
            t.day(),
            t.hour(),
            t.minute(),
            t.second(),
            self.zone("Z", true)
        )
    }

    /// The offset as `±hh:mm` (`colon`) or `±hhmm`, or `utc_text` when zero.
    pub fn zone(&self, utc_text: &str, colon: bool) -> String {
        if self.offset == 0 && !utc_text.is_empty() {
            return utc_text.to_string();
        }
        let minutes = self.offset / 60;
        let sign = if minutes < 0 { '-' } else { '+' };
        let minutes = minutes.abs();
        let sep = if colon { ":" } else { "" };
        format!("{sign}{:02}{sep}{:02}", minutes / 60, minutes % 60)
    }
}

/// What Go's parser reports: the layout element it was reading, the input
/// left at that point, and an optional message.
#[derive(Debug, Clone, PartialEq)]
struct ParseError {
    layout: &'static str,
    value: Vec<u8>,
    message: String,
}

impl ParseError {
    fn at(layout: &'static str, value: &[u8]) -> ParseError {
        ParseError {
            layout,
            value: value.to_vec(),
            message: String::new(),
        }
    }

    fn range(layout: &'static str, value: &[u8], what: &str) -> ParseError {
        ParseError {
            layout,
            value: value.to_vec(),
            message: format!(": {what} out of range"),
        }
    }
}

const RFC3339_LAYOUT: &str = "2006-01-02T15:04:05Z07:00";

/// Parses as `timecmp` does, accepting what Go's parser accepts (a one-digit
/// hour, a comma before the fraction, offsets up to 24 hours).
pub fn parse_lenient(text: &str) -> Result<Timestamp, String> {
    go_parse(text.as_bytes()).map_err(|e| describe(&e, false))
}

/// Parses as `formatdate` and `timeadd` do: strict RFC 3339 only.
pub fn parse_strict(text: &str) -> Result<Timestamp, String> {
    let b = text.as_bytes();
    if let Some(t) = parse_exact(b) {
        return Ok(t);
    }
    go_parse(b).map_err(|e| describe(&e, true))?;
    let num2 = |s: &[u8]| {
        (s[0].wrapping_sub(b'0'))
            .wrapping_mul(10)
            .wrapping_add(s[1].wrapping_sub(b'0'))
    };
    let err = if b.get(12) == Some(&b':') {
        ParseError::at("15", &b[11..12])
    } else if b.get(19) == Some(&b',') {
        ParseError::at(".", b",")
    } else if b.last() != Some(&b'Z') && b.len() >= 6 {
        if num2(&b[b.len() - 5..]) >= 24 || num2(&b[b.len() - 2..]) >= 60 {
            ParseError::at("Z07:00", &b[b.len() - 6..])
        } else {
            // Nothing left to object to; the strict parser then hands back
            // Go's zero time, 0001-01-01T00:00:00Z.
            return Ok(zero_time());
        }
    } else {
        ParseError::at(RFC3339_LAYOUT, b)
    };
    Err(describe(&err, true))
}

fn zero_time() -> Timestamp {
    let utc = NaiveDate::from_ymd_opt(1, 1, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .unwrap_or_default();
    Timestamp { utc, offset: 0 }
}

/// Terraform's wording of a parse failure; `strict` adds the special cases
/// the strict parser's callers word differently.
fn describe(e: &ParseError, strict: bool) -> String {
    const P: &str = "not a valid RFC3339 timestamp";
    if e.layout.is_empty() && e.value.is_empty() && !e.message.is_empty() {
        return format!("{P}{}", e.message);
    }
    let what = match e.layout {
        "2006" => "year",
        "01" => "month",
        "02" => "day of month",
        "15" => "hour",
        "04" => "minute",
        "05" => "second",
        "Z07:00" => "UTC offset",
        "T" => return format!("{P}: missing required time introducer 'T'"),
        ":" | "-" => {
            let layout = go_quote(e.layout.as_bytes());
            return if e.value.is_empty() {
                format!("{P}: end of string where {layout} is expected")
            } else {
                format!(
                    "{P}: found {} where {layout} is expected",
                    go_quote(&e.value)
                )
            };
        }
        _ => "timestamp segment",
    };
    if e.value.is_empty() {
        return format!("{P}: end of string before {what}");
    }
    if strict {
        if what == "hour" && e.value.contains(&b':') {
            return format!("{P}: hour must be between 0 and 23 inclusive");
        }
        if what == "hour" && e.value.len() != 2 {
            return format!("{P}: hour must have exactly two digits");
        }
        if what == "minute" && e.value.len() != 2 {
            return format!("{P}: minute must have exactly two digits");
        }
    }
    format!("{P}: cannot use {} as {what}", go_quote(&e.value))
}

fn is_digit(s: &[u8], i: usize) -> bool {
    s.get(i).is_some_and(u8::is_ascii_digit)
}

fn digits(s: &[u8]) -> Option<u32> {
    s.iter().try_fold(0u32, |acc, c| {
        c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
    })
}

fn days_in(month: u32, year: i32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Nanoseconds from a fraction (`.` or `,` then digits), beyond nine digits
/// truncated.
fn nanos(fraction: &[u8]) -> u32 {
    let digits_part = &fraction[1..fraction.len().min(10)];
    let mut n = digits(digits_part).unwrap_or(0);
    for _ in digits_part.len()..9 {
        n *= 10;
    }
    n
}

fn build(
    year: i32,
    month: u32,
    day: u32,
    hms: (u32, u32, u32),
    nsec: u32,
    offset: i32,
) -> Option<Timestamp> {
    let local =
        NaiveDate::from_ymd_opt(year, month, day)?.and_hms_nano_opt(hms.0, hms.1, hms.2, nsec)?;
    Some(Timestamp {
        utc: local - Duration::seconds(i64::from(offset)),
        offset,
    })
}

/// The fast path of strict RFC 3339: exact field widths and ranges.
fn parse_exact(s: &[u8]) -> Option<Timestamp> {
    if s.len() < 19 {
        return None;
    }
    let field = |r: std::ops::Range<usize>, min: u32, max: u32| {
        digits(&s[r]).filter(|v| (min..=max).contains(v))
    };
    let year = field(0..4, 0, 9999)?;
    let month = field(5..7, 1, 12)?;
    let day = field(8..10, 1, days_in(month, year as i32))?;
    let hour = field(11..13, 0, 23)?;
    let min = field(14..16, 0, 59)?;
    let sec = field(17..19, 0, 59)?;
    if !(s[4] == b'-' && s[7] == b'-' && s[10] == b'T' && s[13] == b':' && s[16] == b':') {
        return None;
    }
    let mut rest = &s[19..];
    let mut nsec = 0;
    if rest.len() >= 2 && rest[0] == b'.' && is_digit(rest, 1) {
        let n = 2 + rest[2..].iter().take_while(|c| c.is_ascii_digit()).count();
        nsec = nanos(&rest[..n]);
        rest = &rest[n..];
    }
    let offset = if rest == b"Z" {
        0
    } else {
        if rest.len() != 6 || !(rest[0] == b'-' || rest[0] == b'+') || rest[3] != b':' {
            return None;
        }
        let hr = digits(&rest[1..3]).filter(|h| *h <= 23)?;
        let mm = digits(&rest[4..6]).filter(|m| *m <= 59)?;
        let secs = ((hr * 60 + mm) * 60) as i32;
        if rest[0] == b'-' {
            -secs
        } else {
            secs
        }
    };
    build(year as i32, month, day, (hour, min, sec), nsec, offset)
}

/// Go's two-digit field reader: one digit is enough unless `fixed`.
fn getnum(s: &[u8], fixed: bool) -> Option<(u32, &[u8])> {
    if !is_digit(s, 0) {
        return None;
    }
    if !is_digit(s, 1) {
        return (!fixed).then(|| (u32::from(s[0] - b'0'), &s[1..]));
    }
    Some((
        u32::from(s[0] - b'0') * 10 + u32::from(s[1] - b'0'),
        &s[2..],
    ))
}

fn skip<'a>(s: &'a [u8], c: u8, layout: &'static str) -> Result<&'a [u8], ParseError> {
    match s.first() {
        Some(x) if *x == c => Ok(&s[1..]),
        _ => Err(ParseError::at(layout, s)),
    }
}

/// Go's general layout-driven parser, specialised to the RFC 3339 layout.
fn go_parse(s: &[u8]) -> Result<Timestamp, ParseError> {
    if s.len() < 4 || !is_digit(s, 0) {
        return Err(ParseError::at("2006", s));
    }
    let year = digits(&s[..4]).ok_or_else(|| ParseError::at("2006", s))? as i32;
    let v = skip(&s[4..], b'-', "-")?;
    let (month, rest) = getnum(v, true).ok_or_else(|| ParseError::at("01", v))?;
    if !(1..=12).contains(&month) {
        return Err(ParseError::range("01", rest, "month"));
    }
    let v = skip(rest, b'-', "-")?;
    let (day, rest) = getnum(v, true).ok_or_else(|| ParseError::at("02", v))?;
    let v = skip(rest, b'T', "T")?;
    let (hour, rest) = getnum(v, false).ok_or_else(|| ParseError::at("15", v))?;
    if hour >= 24 {
        return Err(ParseError::range("15", rest, "hour"));
    }
    let v = skip(rest, b':', ":")?;
    let (min, rest) = getnum(v, true).ok_or_else(|| ParseError::at("04", v))?;
    if min >= 60 {
        return Err(ParseError::range("04", rest, "minute"));
    }
    let v = skip(rest, b':', ":")?;
    let (sec, mut v) = getnum(v, true).ok_or_else(|| ParseError::at("05", v))?;
    if sec >= 60 {
        return Err(ParseError::range("05", v, "second"));
    }
    let mut nsec = 0;
    if v.len() >= 2 && (v[0] == b'.' || v[0] == b',') && is_digit(v, 1) {
        let n = 2 + v[2..].iter().take_while(|c| c.is_ascii_digit()).count();
        nsec = nanos(&v[..n]);
        v = &v[n..];
    }
    let hold = v;
    let offset = if v.first() == Some(&b'Z') {
        v = &v[1..];
        0
    } else {
        if v.len() < 6 || v[3] != b':' {
            return Err(ParseError::at("Z07:00", hold));
        }
        let (sign, hh, mm) = (v[0], &v[1..3], &v[4..6]);
        v = &v[6..];
        let hr = getnum(hh, true).map(|x| x.0);
        let mm = hr.and_then(|_| getnum(mm, true).map(|x| x.0));
        let (h, m) = (hr.unwrap_or(0), mm.unwrap_or(0));
        if m > 60 {
            return Err(ParseError::range("Z07:00", v, "time zone offset minute"));
        }
        if h > 24 {
            return Err(ParseError::range("Z07:00", v, "time zone offset hour"));
        }
        if hr.is_none() || mm.is_none() || (sign != b'+' && sign != b'-') {
            return Err(ParseError::at("Z07:00", hold));
        }
        let secs = ((h * 60 + m) * 60) as i32;
        if sign == b'-' {
            -secs
        } else {
            secs
        }
    };
    if !v.is_empty() {
        return Err(ParseError {
            layout: "",
            value: v.to_vec(),
            message: format!(": extra text: {}", time_quote(v)),
        });
    }
    if day < 1 || day > days_in(month, year) {
        return Err(ParseError {
            layout: "",
            value: Vec::new(),
            message: ": day out of range".into(),
        });
    }
    build(year, month, day, (hour, min, sec), nsec, offset)
        .ok_or_else(|| ParseError::at(RFC3339_LAYOUT, s))
}

#[cfg(test)]
#[path = "go_time_tests.rs"]
mod tests;
