//! Durations as the time provider writes them: configuration accepts one
//! number and unit (`30s`, `1.5m`, `250ms`, `2h`), import IDs accept Go's
//! full duration syntax (`1h30m`).

use std::sync::LazyLock;
use std::time::Duration;

use regex::Regex;

static CONFIG_FORM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[0-9]+(\.[0-9]+)?(ms|s|m|h)$").expect("valid pattern"));

static PART: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([0-9]*\.?[0-9]*)(ns|us|µs|μs|ms|s|m|h)").expect("valid pattern")
});

/// Why a duration written in configuration is not accepted, if it is not.
pub(crate) fn check_config_form(text: &str) -> Option<String> {
    if CONFIG_FORM.is_match(text) {
        None
    } else {
        Some(format!(
            "{text:?} must be a number immediately followed by ms (milliseconds), s (seconds), \
             m (minutes), or h (hours); for example, \"30s\" for 30 seconds"
        ))
    }
}

/// Parses Go's duration syntax: a sequence of decimal numbers each with a
/// unit, or a lone `0`. A negative duration is zero.
pub(crate) fn parse(text: &str) -> Result<Duration, String> {
    let invalid = || format!("{text:?} is not a duration such as \"30s\", \"1.5m\" or \"1h30m\"");
    let (negative, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    if body == "0" {
        return Ok(Duration::ZERO);
    }
    if body.is_empty() {
        return Err(invalid());
    }
    let mut seconds = 0f64;
    let mut consumed = 0;
    for cap in PART.captures_iter(body) {
        let whole = cap.get(0).ok_or_else(invalid)?;
        if whole.start() != consumed {
            return Err(invalid());
        }
        consumed = whole.end();
        let number: f64 = cap[1].parse().map_err(|_| invalid())?;
        let unit = match &cap[2] {
            "ns" => 1e-9,
            "us" | "µs" | "μs" => 1e-6,
            "ms" => 1e-3,
            "s" => 1.0,
            "m" => 60.0,
            _ => 3600.0,
        };
        seconds += number * unit;
    }
    if consumed != body.len() || !seconds.is_finite() {
        return Err(invalid());
    }
    if negative {
        return Ok(Duration::ZERO);
    }
    Duration::try_from_secs_f64(seconds).map_err(|_| invalid())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_form_is_one_number_and_unit() {
        for ok in ["30s", "1.5m", "250ms", "2h", "0s"] {
            assert_eq!(check_config_form(ok), None, "{ok}");
        }
        for bad in ["30", "1h30m", "s", "-1s", "1d", " 1s"] {
            assert!(check_config_form(bad).is_some(), "{bad}");
        }
    }

    #[test]
    fn parses_go_durations() {
        assert_eq!(parse("30s"), Ok(Duration::from_secs(30)));
        assert_eq!(parse("1h30m"), Ok(Duration::from_secs(5400)));
        assert_eq!(parse("250ms"), Ok(Duration::from_millis(250)));
        assert_eq!(parse("0"), Ok(Duration::ZERO));
        assert_eq!(parse("-5s"), Ok(Duration::ZERO));
        for bad in ["", "abc", "5", "5x", "1h 30m", "."] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}
