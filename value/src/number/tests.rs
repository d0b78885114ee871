//! Examples checked against Terraform 1.15.5 (the golden files under
//! `tests/lang/golden`) and Go's `math/big` rules.

use super::*;

fn n(s: &str) -> Number {
    Number::parse(s).unwrap()
}

/// Evaluates `a op b` on parsed literals and prints the result.
fn op(a: &str, o: char, b: &str) -> String {
    let (a, b) = (n(a), n(b));
    let r = match o {
        '+' => a.try_add(&b),
        '-' => a.try_sub(&b),
        '*' => a.try_mul(&b),
        '/' => a.div(&b),
        '%' => a.rem(&b),
        _ => unreachable!(),
    };
    match r {
        Ok(v) => v.to_string(),
        Err(e) => format!("error: {e}"),
    }
}

fn repeat(prefix: &str, digit: char, count: usize, suffix: &str) -> String {
    format!("{prefix}{}{suffix}", digit.to_string().repeat(count))
}

#[test]
fn literals_print_as_terraform_prints_them() {
    for (text, want) in [
        ("1e3", "1000"),
        ("1.5e-3", "0.0015"),
        ("2.50", "2.5"),
        ("3.0", "3"),
        ("1e-7", "0.0000001"),
        ("123456789.123456789", "123456789.123456789"),
        ("1.0000000000000000000001", "1.0000000000000000000001"),
        ("9007199254740993", "9007199254740993"),
        ("1e21", "1000000000000000000000"),
        ("-0", "-0"),
        ("0.000", "0"),
        ("+5", "5"),
        (".5", "0.5"),
        ("5.", "5"),
        ("1p10", "1024"),
        ("Inf", "+Inf"),
        ("-inf", "-Inf"),
    ] {
        assert_eq!(n(text).to_string(), want, "{text}");
    }
}

#[test]
fn invalid_text_is_refused() {
    for text in [
        "",
        "+",
        "-",
        ".",
        "abc",
        "0x10",
        "1_000",
        " 1",
        "1 ",
        "1e",
        "1e+",
        "--1",
        "INF",
        "infinity",
        "1e99999999999999999999",
        "1e3000000000",
        "1.2.3",
    ] {
        assert!(Number::parse(text).is_err(), "{text:?}");
    }
}

#[test]
fn arithmetic_matches_terraform() {
    let third = repeat("0.", '3', 154, "5");
    let two_thirds = repeat("0.", '6', 153, "7");
    assert_eq!(third.len(), 157);
    for (a, o, b, want) in [
        ("1", '/', "3", third.as_str()),
        ("2", '/', "3", two_thirds.as_str()),
        ("0.3", '-', "0.1", &repeat("0.2", '0', 153, "2")),
        ("1.1", '*', "1.1", &repeat("1.21", '0', 151, "1")),
        ("0.1", '+', "0.2", "0.3"),
        ("0.1", '*', "3", "0.3"),
        ("9007199254740993", '+', "1", "9007199254740994"),
        ("18446744073709551616", '*', "2", "36893488147419103232"),
        (
            "123456789012345678901234567890",
            '+',
            "1",
            "123456789012345678901234567891",
        ),
        (
            "0.000000000000000000001",
            '*',
            "1000",
            "0.000000000000000001",
        ),
        ("1e308", '*', "10", &repeat("1", '0', 309, "")),
        (
            "100000000000000000000000000000000000000001",
            '-',
            "1",
            "100000000000000000000000000000000000000000",
        ),
        ("10", '/', "4", "2.5"),
        ("10", '/', "5", "2"),
        ("-7", '/', "2", "-3.5"),
        ("100", '/', "10", "10"),
        ("7", '%', "3", "1"),
        ("-7", '%', "3", "-1"),
        ("7", '%', "-3", "1"),
        ("7.5", '%', "2", "1.5"),
        ("5", '%', "0", "5"),
        ("0", '*', "-1", "-0"),
        ("1", '/', "0", "+Inf"),
        ("-1", '/', "0", "-Inf"),
        (
            "0",
            '/',
            "0",
            "error: can't divide zero by zero or infinity by infinity",
        ),
    ] {
        assert_eq!(op(a, o, b), want, "{a} {o} {b}");
    }
    let third = n("1").div(&n("3")).unwrap();
    assert_eq!(third.try_mul(&n("3")).unwrap().to_string(), "1");
}

#[test]
fn infinities() {
    let inf = n("1").div(&n("0")).unwrap();
    let minus_inf = n("-1").div(&n("0")).unwrap();
    assert!(inf.is_infinite() && !inf.is_negative());
    assert!(minus_inf.is_negative());
    assert_eq!(inf.compare(&n("1e308")), Ordering::Greater);
    assert_eq!(minus_inf.compare(&n("-1e308")), Ordering::Less);
    assert_eq!(inf, n("1").div(&n("0")).unwrap());
    assert_eq!(inf.floor(), inf);
    assert_eq!(inf.try_add(&n("1")).unwrap(), inf);
    assert_eq!(
        inf.try_sub(&inf).unwrap_err().to_string(),
        "can't subtract infinity from itself"
    );
    assert_eq!(
        inf.try_add(&minus_inf).unwrap_err(),
        NumberError::OpposingInfinities
    );
    assert_eq!(
        inf.try_mul(&Number::zero()).unwrap_err(),
        NumberError::ZeroTimesInfinity
    );
    assert_eq!(inf.div(&inf).unwrap_err(), NumberError::Indeterminate);
    assert!(inf.rem(&n("2")).is_err());
    assert!(n("2").rem(&inf).is_err());
    assert_eq!(n("2").div(&inf).unwrap().to_string(), "0");
    assert_eq!(Number::infinity(true).to_string(), "-Inf");
    assert_eq!(Number::from_f64(f64::INFINITY).unwrap(), inf);
    assert_eq!(inf.to_f64(), f64::INFINITY);
    assert!(inf.to_decimal().is_none() && inf.to_bigint().is_none());
}

#[test]
fn rounding_is_to_nearest_even() {
    // 2^53 + 1 is a tie between 2^53 and 2^53 + 2 at 53 bits: even wins.
    let big = Number::from_f64(9007199254740992.0).unwrap();
    let one = Number::from_f64(1.0).unwrap();
    assert_eq!(big.add(&one).to_string(), "9007199254740992");
    let three = Number::from_f64(3.0).unwrap();
    assert_eq!(big.add(&three).to_string(), "9007199254740996");
    // Past 2^512 literals lose their last digits, like Go.
    let huge = format!("1{}1", "0".repeat(160));
    let parsed = n(&huge);
    assert!(parsed.is_integer());
    assert_eq!(parsed.to_string(), format!("1{}", "0".repeat(161)));
    assert_eq!(
        parsed.sub(&n(&format!("1{}", "0".repeat(161)))).to_string(),
        "0"
    );
    // 2^512 + 1 needs 513 bits.
    let two_512 = n("2").try_mul(&n("1")).unwrap();
    let mut p = two_512.clone();
    for _ in 1..512 {
        p = p.mul(&n("2"));
    }
    assert_eq!(p.add(&n("1")).compare(&p), Ordering::Equal);
    assert_eq!(p.add(&n("2")).compare(&p), Ordering::Greater);
}

#[test]
fn large_and_tiny_exponents() {
    let big = op("1e300", '*', "1e300");
    assert_eq!(big, repeat("1", '0', 600, ""));
    let tiny = n("1e-300");
    assert_eq!(tiny.to_string(), repeat("0.", '0', 299, "1"));
    // The product of two rounded values is not within half an ulp of 1e-600.
    let square = op("1e-300", '*', "1e-300");
    assert!(
        square.starts_with(&repeat("0.", '0', 600, "9999")),
        "{}",
        &square[..700.min(square.len())]
    );
    assert!(n("1e400").compare(&n("1")) == Ordering::Greater);
    assert!(n("2e-400").compare(&Number::zero()) == Ordering::Greater);
    assert!(n("1e999999999").is_infinite());
    assert!(n("-1e999999999").is_negative());
    assert!(n("1e-999999999").is_zero());
    assert!(n("1e2000000").is_infinite());
    // Far-apart operands stay cheap and round correctly.
    assert_eq!(op("1e300000", '-', "1e300000"), "0");
    let sum = n("1e300000").add(&n("1e-300000"));
    assert_eq!(sum, n("1e300000"));
    assert!(n("1e300000").to_string().len() == 300001);
}

#[test]
fn precision_follows_the_operands() {
    // Integers from Go ints have 64 bits, so their quotient has 64 too.
    let q = Number::from(1i64).div(&Number::from(3i64)).unwrap();
    assert_eq!(q.precision(), 64);
    assert_eq!(q.to_string(), "0.33333333333333333334");
    assert_eq!(Number::from(1i64).div(&n("3")).unwrap().precision(), 512);
    // float64 results print as Go prints them.
    let pow = Number::from_f64(2f64.powi(64)).unwrap();
    assert_eq!(pow.to_string(), "18446744073709550000");
    assert_eq!(Number::from_f64(0.1).unwrap().to_string(), "0.1");
    assert_eq!(
        Number::from_f64(50f64.ln() / 10f64.ln())
            .unwrap()
            .to_string(),
        "1.6989700043360185"
    );
    assert_eq!(
        Number::from_f64(2f64.sqrt()).unwrap().to_string(),
        "1.4142135623730951"
    );
    assert_eq!(
        Number::from_f64(1e30).unwrap().to_string(),
        repeat("1", '0', 30, "")
    );
    assert!(Number::from_f64(f64::NAN).is_err());
    assert_eq!(Number::from_f64(-0.0).unwrap().to_string(), "-0");
}

#[test]
fn equality_is_ctys() {
    assert_eq!(n("1"), n("1.0"));
    assert_eq!(n("-0"), n("0"));
    assert_eq!(Number::from(3i64), n("3"));
    // Fractions are equal when they print the same.
    assert_eq!(Number::from_f64(0.1).unwrap(), n("0.1"));
    assert_ne!(
        Number::from_f64(0.1).unwrap().compare(&n("0.1")),
        Ordering::Equal
    );
    assert_ne!(n("0.3").sub(&n("0.1")), n("0.2"));
    // Integers are equal only when their values are.
    let pow = Number::from_f64(2f64.powi(64)).unwrap();
    assert_ne!(pow, n("18446744073709550000"));
    assert_eq!(pow, n("18446744073709551616"));

    use std::collections::hash_map::DefaultHasher;
    let hash = |x: &Number| {
        let mut h = DefaultHasher::new();
        x.hash(&mut h);
        h.finish()
    };
    assert_eq!(hash(&n("1")), hash(&n("1.0")));
    assert_eq!(hash(&n("-0")), hash(&Number::zero()));
    assert_eq!(hash(&Number::from_f64(0.1).unwrap()), hash(&n("0.1")));
    assert_eq!(
        n("0.1").cmp(&Number::from_f64(0.1).unwrap()),
        Ordering::Equal
    );
    assert_eq!(n("0.1").cmp(&n("0.2")), Ordering::Less);
}

#[test]
fn integer_helpers() {
    assert_eq!(n("-2.5").floor().to_string(), "-3");
    assert_eq!(n("-2.5").ceil().to_string(), "-2");
    assert_eq!(n("-0.5").ceil().to_string(), "0");
    assert_eq!(n("-0.5").floor().to_string(), "-1");
    assert_eq!(n("5.1").ceil().to_string(), "6");
    assert_eq!(n("0.0000001").ceil().to_string(), "1");
    assert_eq!(
        n("1e20").add(&n("0.5")).floor().to_string(),
        "100000000000000000000"
    );
    assert_eq!(n("-12.4").abs().to_string(), "12.4");
    assert_eq!(n("-13").signum().to_string(), "-1");
    assert_eq!(n("0").signum().to_string(), "0");
    assert_eq!(n("3.5").to_i64(), None);
    assert_eq!(n("-9223372036854775808").to_i64(), Some(i64::MIN));
    assert_eq!(n("9223372036854775808").to_i64(), None);
    assert_eq!(
        n("1e30").to_bigint().unwrap().to_string(),
        repeat("1", '0', 30, "")
    );
    assert_eq!(n("1.5").to_f64(), 1.5);
    assert_eq!(n("0.1").to_f64(), 0.1);
    assert_eq!(n("1e-320").to_f64(), 1e-320);
    assert_eq!(n("1e400").to_f64(), f64::INFINITY);
    let tenth = n("0.1").to_decimal().unwrap().to_string();
    assert!(
        tenth.starts_with("0.1000000000000") && tenth.len() > 500,
        "{tenth}"
    );
    assert_eq!(n("2.5").to_decimal().unwrap().to_string(), "2.5");
    assert!(n("3").is_integer() && !n("3.5").is_integer());
}

#[test]
fn literal_ties_round_to_even() {
    let p513 = "26815615859885194199148049996411692254958731641184786755447122887443528060147093953603748596333806855380063716372972101707507765623893139892867298012168192";
    let exact = |delta: u32| {
        let base: num_bigint::BigInt = p513.parse().unwrap();
        Number::from(base + delta)
    };
    // 2^513 + d needs 514 bits; at 512 the last two bits are dropped.
    for (delta, rounded_to) in [(1, 0), (2, 0), (3, 4), (6, 8), (5, 4)] {
        let literal = n(&exact(delta).to_bigint().unwrap().to_string());
        assert_eq!(
            literal.compare(&exact(rounded_to)),
            Ordering::Equal,
            "+{delta}"
        );
    }
}

#[test]
fn negative_operands() {
    for (a, o, b, want) in [
        ("-1.5", '+', "-2.25", "-3.75"),
        ("-1.5", '-', "-2.25", "0.75"),
        ("-1.5", '*', "-2", "3"),
        ("-1", '/', "3", &format!("-{}", repeat("0.", '3', 154, "5"))),
        ("-7.5", '%', "2", "-1.5"),
        ("-7", '%', "-3", "-1"),
        ("1", '-', "1", "0"),
        ("-0", '+', "-0", "-0"),
        ("-0", '-', "0", "-0"),
        ("0", '-', "0", "0"),
    ] {
        assert_eq!(op(a, o, b), want, "{a} {o} {b}");
    }
    assert_eq!(n("-5").neg().to_string(), "5");
    assert_eq!(n("0").neg().to_string(), "-0");
    assert!(n("-5").is_negative() && !n("-0").is_negative());
    assert_eq!(n("-3").compare(&n("2")), Ordering::Less);
    assert_eq!(n("-0").compare(&n("0")), Ordering::Equal);
}

#[test]
fn repeated_squaring_overflows_and_long_text_reads_back_quickly() {
    // Squaring doubles the exponent until the value overflows to infinity.
    let mut x = n("9.99e99999");
    let mut largest = x.clone();
    for _ in 0..64 {
        x = x.mul(&x);
        if !x.is_infinite() {
            largest = x.clone();
        }
    }
    assert!(x.is_infinite());
    // The largest finite square printed in full is 800,000 digits; reading
    // it back was quadratic in the digit count and took seconds.
    let text = largest.to_string();
    assert!(text.len() > 700_000, "{}", text.len());
    let started = std::time::Instant::now();
    let back = n(&text);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(back.compare(&largest), Ordering::Equal);
}
