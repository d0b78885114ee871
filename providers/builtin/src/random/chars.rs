//! Random strings from character classes with per-class minimums, the
//! generator behind `random_string` and `random_password`. It draws from
//! the operating system's cryptographic generator.

use rand::seq::{IndexedRandom, SliceRandom};

const UPPER: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const LOWER: &str = "abcdefghijklmnopqrstuvwxyz";
const NUMERIC: &str = "0123456789";
/// The special characters used unless `override_special` names others.
pub(crate) const DEFAULT_SPECIAL: &str = "!@#$%&*()-_=+[]{}<>:?";

/// What to generate.
pub(crate) struct Params {
    pub length: i64,
    pub upper: bool,
    pub lower: bool,
    pub numeric: bool,
    pub special: bool,
    pub min_upper: i64,
    pub min_lower: i64,
    pub min_numeric: i64,
    pub min_special: i64,
    pub override_special: Option<String>,
}

/// A string of `length` characters: at least each minimum from its class
/// (even when the class is otherwise off), the rest from the enabled
/// classes, shuffled.
pub(crate) fn generate(p: &Params) -> Result<String, String> {
    let special: Vec<char> = match &p.override_special {
        Some(s) if !s.is_empty() => s.chars().collect(),
        _ => DEFAULT_SPECIAL.chars().collect(),
    };
    let upper: Vec<char> = UPPER.chars().collect();
    let lower: Vec<char> = LOWER.chars().collect();
    let numeric: Vec<char> = NUMERIC.chars().collect();

    let mut pool = Vec::new();
    for (on, class) in [
        (p.upper, &upper),
        (p.lower, &lower),
        (p.numeric, &numeric),
        (p.special, &special),
    ] {
        if on {
            pool.extend_from_slice(class);
        }
    }

    let mut rng = rand::rng();
    let mut out: Vec<char> = Vec::new();
    for (min, class) in [
        (p.min_numeric, &numeric),
        (p.min_lower, &lower),
        (p.min_upper, &upper),
        (p.min_special, &special),
    ] {
        for _ in 0..min.max(0) {
            out.extend(class.choose(&mut rng));
        }
    }
    let rest = p.length - out.len() as i64;
    if rest > 0 && pool.is_empty() {
        return Err(
            "every character class is turned off (upper, lower, numeric and special are all false), \
             so there is nothing to fill the string with"
                .to_string(),
        );
    }
    for _ in 0..rest.max(0) {
        out.extend(pool.choose(&mut rng));
    }
    out.shuffle(&mut rng);
    Ok(out.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(length: i64) -> Params {
        Params {
            length,
            upper: true,
            lower: true,
            numeric: true,
            special: true,
            min_upper: 0,
            min_lower: 0,
            min_numeric: 0,
            min_special: 0,
            override_special: None,
        }
    }

    #[test]
    fn minimums_are_met_even_for_disabled_classes() {
        let p = Params {
            upper: false,
            min_upper: 3,
            min_numeric: 4,
            ..params(8)
        };
        for _ in 0..50 {
            let s = generate(&p).unwrap();
            assert_eq!(s.chars().count(), 8);
            assert!(s.chars().filter(char::is_ascii_uppercase).count() >= 3);
            assert!(s.chars().filter(char::is_ascii_digit).count() >= 4);
        }
    }

    #[test]
    fn override_special_replaces_the_default_set() {
        let p = Params {
            upper: false,
            lower: false,
            numeric: false,
            override_special: Some("~".into()),
            ..params(6)
        };
        assert_eq!(generate(&p).unwrap(), "~~~~~~");
    }

    #[test]
    fn no_class_at_all_is_an_error_not_a_panic() {
        let p = Params {
            upper: false,
            lower: false,
            numeric: false,
            special: false,
            ..params(4)
        };
        assert!(generate(&p).is_err());
    }
}
