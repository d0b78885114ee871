//! Reading decimal text the way cty does (`big.ParseFloat(s, 10, 512,
//! ToNearestEven)`), including Go's grammar (`Inf`, `p` exponents) and its
//! way of scaling by powers of five, whose intermediate roundings decide the
//! last bit of some results.

use num_bigint::BigUint;
use num_traits::Zero;

use super::float::{product, quotient, Form};
use super::{Number, NumberError};

/// Precision of numbers read from text, as in cty's `ParseNumberVal`.
pub(super) const PARSE_PREC: u32 = 512;

/// Go's `big.Float` exponent range; beyond it parsing fails outright.
const GO_MIN_EXP: i64 = i32::MIN as i64;
const GO_MAX_EXP: i64 = i32::MAX as i64;

pub(super) fn parse(text: &str) -> Result<Number, NumberError> {
    let invalid = || NumberError::Invalid(text.to_string());
    let (neg, rest) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    // Go accepts exactly these spellings of infinity, with an optional sign.
    if rest == "Inf" || rest == "inf" {
        return Ok(Number::new_inf(neg, PARSE_PREC));
    }
    let bytes = rest.as_bytes();
    let mut i = 0;
    let mut digits = String::new();
    let mut fraction_digits: i64 = 0;
    let mut seen_point = false;
    while let Some(&c) = bytes.get(i) {
        match c {
            b'0'..=b'9' => {
                digits.push(c as char);
                if seen_point {
                    fraction_digits += 1;
                }
            }
            b'.' if !seen_point => seen_point = true,
            _ => break,
        }
        i += 1;
    }
    if digits.is_empty() {
        return Err(invalid());
    }
    let (exp, binary_exp) = match bytes.get(i) {
        Some(&c @ (b'e' | b'E' | b'p' | b'P')) => {
            let exp_text = &rest[i + 1..];
            let unsigned = exp_text.strip_prefix(['+', '-']).unwrap_or(exp_text);
            if unsigned.is_empty() || !unsigned.bytes().all(|c| c.is_ascii_digit()) {
                return Err(invalid());
            }
            // Go reads the exponent as an int64 and fails beyond it.
            let exp: i64 = exp_text.parse().map_err(|_| invalid())?;
            (exp, matches!(c, b'p' | b'P'))
        }
        None => (0, false),
        Some(_) => return Err(invalid()),
    };
    let mant = digits_value(digits.as_bytes());
    if mant.is_zero() {
        return Ok(Number::new_zero(neg, PARSE_PREC));
    }

    // The value is mant × 2^exp2' × 5^exp5, where Go tracks exp2 as the
    // exponent of the normalised mantissa (wrapping like Go's int64).
    let len = mant.bits() as i64;
    let mut exp2 = len.wrapping_sub(fraction_digits);
    let mut exp5 = -fraction_digits;
    if binary_exp {
        exp2 = exp2.wrapping_add(exp);
    } else {
        exp5 = exp5.wrapping_add(exp);
        exp2 = exp2.wrapping_add(exp);
    }
    if !(GO_MIN_EXP..=GO_MAX_EXP).contains(&exp2) {
        return Err(invalid());
    }
    if exp5 == 0 {
        return Ok(Number::rounded(neg, mant, exp2 - len, PARSE_PREC, false));
    }
    // Unrounded, as Go multiplies or divides the full digit string.
    let exact = Number {
        neg,
        prec: PARSE_PREC,
        form: Form::Finite {
            mant,
            exp: exp2 - len,
        },
    };
    let scale = pow5(exp5.unsigned_abs(), PARSE_PREC + 64);
    let result = if exp5 < 0 {
        quotient(&exact, &scale, PARSE_PREC)
    } else {
        product(&exact, &scale, PARSE_PREC)
    };
    // Neither operand is zero, so there is no NaN case.
    result.map_err(|_| invalid())
}

/// The integer that decimal `digits` spell. num-bigint reads decimal text in
/// time quadratic in its length, so a number printed in full and read back
/// (a million digits, as `tonumber(tostring(x))` makes of a large `x`) took
/// seconds; reading the two halves and joining them with one multiplication
/// takes a fraction of that.
fn digits_value(digits: &[u8]) -> BigUint {
    const DIRECT: usize = 2048;
    if digits.len() <= DIRECT {
        // Only ASCII digits get here, so this cannot fail.
        return BigUint::parse_bytes(digits, 10).unwrap_or_default();
    }
    let (high, low) = digits.split_at(digits.len() / 2);
    let scale = BigUint::from(10u32).pow(u32::try_from(low.len()).unwrap_or(u32::MAX));
    digits_value(high) * scale + digits_value(low)
}

/// Go's `Float.pow5`: exact up to 5^27, then square-and-multiply with a
/// factor kept at 64 more bits than the result.
fn pow5(n: u64, prec: u32) -> Number {
    const EXACT: u64 = 27;
    let exact = |k: u64| Number::rounded(false, BigUint::from(5u32).pow(k as u32), 0, prec, false);
    if n <= EXACT {
        return exact(n);
    }
    let mut z = exact(EXACT);
    let mut n = n - EXACT;
    let mut f = Number::rounded(false, BigUint::from(5u32), 0, prec + 64, false);
    while n > 0 {
        // Products of finite or infinite non-zero values never fail.
        if n & 1 != 0 {
            z = product(&z, &f, prec).unwrap_or_else(|_| Number::new_inf(false, prec));
        }
        f = product(&f, &f, prec + 64).unwrap_or_else(|_| Number::new_inf(false, prec + 64));
        n >>= 1;
    }
    z
}
