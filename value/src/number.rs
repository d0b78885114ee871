//! Terraform numbers are arbitrary-precision: `9007199254740993 + 1` is
//! `9007199254740994` and `0.1 + 0.2` is `0.3`. This module wraps a big decimal
//! with the operations and the text form the language needs.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use bigdecimal::{BigDecimal, RoundingMode, ToPrimitive, Zero};
use num_bigint::BigInt;

/// Significant digits kept by division and other inexact operations; about
/// what a 512-bit binary mantissa holds.
const INEXACT_DIGITS: u64 = 154;

/// An arbitrary-precision number.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Number(BigDecimal);

/// Why an arithmetic operation has no result.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NumberError {
    /// Division or modulo by zero.
    #[error("division by zero")]
    DivisionByZero,
    /// Text that is not a number.
    #[error("{0:?} is not a number")]
    Invalid(String),
    /// A result that cannot be represented, such as an infinity.
    #[error("the result is not a finite number")]
    NotFinite,
}

impl Number {
    /// Zero.
    pub fn zero() -> Number {
        Number(BigDecimal::zero())
    }

    /// Parses decimal text as Terraform does: optional sign, digits, an
    /// optional fraction and an optional exponent.
    pub fn parse(text: &str) -> Result<Number, NumberError> {
        let t = text.trim_start_matches('+');
        let valid = !t.is_empty()
            && t.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '-' | '+'))
            && t.chars().any(|c| c.is_ascii_digit());
        if !valid {
            return Err(NumberError::Invalid(text.to_string()));
        }
        BigDecimal::from_str(t)
            .map(Number::normalized)
            .map_err(|_| NumberError::Invalid(text.to_string()))
    }

    /// From a 64-bit float, via its shortest round-tripping decimal text.
    pub fn from_f64(f: f64) -> Result<Number, NumberError> {
        if !f.is_finite() {
            return Err(NumberError::NotFinite);
        }
        Number::parse(&format!("{f}"))
    }

    fn normalized(d: BigDecimal) -> Number {
        if d.is_zero() {
            return Number(BigDecimal::zero());
        }
        let d = d.normalized();
        Number(if d.fractional_digit_count() < 0 { d.with_scale(0) } else { d })
    }

    /// The underlying decimal.
    pub fn as_decimal(&self) -> &BigDecimal {
        &self.0
    }

    /// Whether the number has no fractional part.
    pub fn is_integer(&self) -> bool {
        self.0.is_integer()
    }

    /// Whether the number is below zero.
    pub fn is_negative(&self) -> bool {
        self.0.sign() == bigdecimal::num_bigint::Sign::Minus
    }

    /// Whether the number is zero.
    pub fn is_zero(&self) -> bool {
        self.0.is_zero()
    }

    /// The value as `i64`, if it is an integer in range.
    pub fn to_i64(&self) -> Option<i64> {
        if self.is_integer() {
            self.0.to_i64()
        } else {
            None
        }
    }

    /// The value as an exact big integer, if it is an integer.
    pub fn to_bigint(&self) -> Option<BigInt> {
        if self.is_integer() {
            Some(self.0.with_scale(0).into_bigint_and_exponent().0)
        } else {
            None
        }
    }

    /// The nearest `f64`.
    pub fn to_f64(&self) -> f64 {
        self.0.to_f64().unwrap_or(f64::NAN)
    }

    /// `self + other`.
    pub fn add(&self, other: &Number) -> Number {
        Number::normalized(&self.0 + &other.0)
    }

    /// `self - other`.
    pub fn sub(&self, other: &Number) -> Number {
        Number::normalized(&self.0 - &other.0)
    }

    /// `self * other`.
    pub fn mul(&self, other: &Number) -> Number {
        Number::normalized(&self.0 * &other.0)
    }

    /// `self / other`, exact where the quotient terminates.
    pub fn div(&self, other: &Number) -> Result<Number, NumberError> {
        if other.is_zero() {
            return Err(NumberError::DivisionByZero);
        }
        let q = self.0.clone() / other.0.clone();
        Ok(Number::normalized(q.with_precision_round(
            std::num::NonZeroU64::new(INEXACT_DIGITS).expect("non-zero"),
            RoundingMode::HalfEven,
        )))
    }

    /// `self % other`, with the sign of the dividend, as Terraform computes it.
    pub fn rem(&self, other: &Number) -> Result<Number, NumberError> {
        if other.is_zero() {
            return Err(NumberError::DivisionByZero);
        }
        let q = (&self.0 / &other.0).with_scale_round(0, RoundingMode::Down);
        Ok(Number::normalized(&self.0 - q * &other.0))
    }

    /// `-self`.
    pub fn neg(&self) -> Number {
        Number::normalized(-self.0.clone())
    }

    /// The absolute value.
    pub fn abs(&self) -> Number {
        Number(self.0.abs())
    }

    /// The greatest integer not above `self`.
    pub fn floor(&self) -> Number {
        Number::normalized(self.0.with_scale_round(0, RoundingMode::Floor))
    }

    /// The least integer not below `self`.
    pub fn ceil(&self) -> Number {
        Number::normalized(self.0.with_scale_round(0, RoundingMode::Ceiling))
    }

    /// -1, 0 or 1.
    pub fn signum(&self) -> Number {
        Number::from(match self.0.sign() {
            bigdecimal::num_bigint::Sign::Minus => -1i64,
            bigdecimal::num_bigint::Sign::NoSign => 0,
            bigdecimal::num_bigint::Sign::Plus => 1,
        })
    }

    /// Compares two numbers.
    pub fn compare(&self, other: &Number) -> Ordering {
        self.0.cmp(&other.0)
    }
}

impl From<i64> for Number {
    fn from(i: i64) -> Number {
        Number(BigDecimal::from(i))
    }
}

impl From<u64> for Number {
    fn from(i: u64) -> Number {
        Number(BigDecimal::from(i))
    }
}

impl From<i32> for Number {
    fn from(i: i32) -> Number {
        Number(BigDecimal::from(i))
    }
}

impl From<usize> for Number {
    fn from(i: usize) -> Number {
        Number(BigDecimal::from(i as u64))
    }
}

impl From<BigInt> for Number {
    fn from(i: BigInt) -> Number {
        Number(BigDecimal::from(i))
    }
}

impl FromStr for Number {
    type Err = NumberError;
    fn from_str(s: &str) -> Result<Number, NumberError> {
        Number::parse(s)
    }
}

/// Plain decimal text without exponent, as Terraform prints numbers.
impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.to_plain_string())
    }
}

impl fmt::Debug for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> Number {
        Number::parse(s).unwrap()
    }

    #[test]
    fn exact_arithmetic() {
        assert_eq!(n("9007199254740993").add(&n("1")).to_string(), "9007199254740994");
        assert_eq!(n("0.1").add(&n("0.2")).to_string(), "0.3");
        assert_eq!(n("1e3").to_string(), "1000");
        assert_eq!(n("2.50").to_string(), "2.5");
        assert_eq!(n("7").rem(&n("-3")).unwrap().to_string(), "1");
        assert_eq!(n("-7").rem(&n("3")).unwrap().to_string(), "-1");
        assert_eq!(n("10").div(&n("4")).unwrap().to_string(), "2.5");
        assert_eq!(n("-2.5").floor().to_string(), "-3");
        assert!(n("1").div(&n("0")).is_err());
        assert!(Number::parse("abc").is_err());
        assert!(Number::parse("").is_err());
    }
}
