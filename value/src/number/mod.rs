//! Terraform numbers are Go `math/big.Float` values (through cty): binary
//! floating point with a precision per value — 512 bits for literals and
//! numbers read from text, 64 for integers from Go ints such as `length()`,
//! 53 for float64 results such as `pow()` — rounded to nearest even, printed
//! as the shortest decimal that identifies the value at its precision. So
//! `0.1 + 0.2` is `0.3` but `1 / 3` has 155 digits, `pow(2, 64)` prints as
//! `18446744073709550000`, and `1 / 0` is an infinity. Zeros keep their
//! sign as in Go: `tostring(-0)` is `"-0"`, while JSON (state, plans,
//! outputs) writes `0`, as Terraform's state encoding does.
//!
//! Where Terrace differs: values beyond about `10^±1262611` overflow to
//! infinity or zero (Go goes to `2^±2147483647` but cannot print them in
//! reasonable time), and `%` with an infinite operand is always an error
//! (cty returns an infinity only for its own infinity constants).

mod convert;
mod float;
mod format;
mod parse;
#[cfg(test)]
mod tests;

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

use float::{compare, product, quotient, sum, truncated, Form, Nan};
use parse::PARSE_PREC;

/// An arbitrary-precision binary floating-point number, as in Terraform.
#[derive(Clone)]
pub struct Number {
    /// The sign, also of zeros and infinities.
    neg: bool,
    /// Mantissa bits kept by results computed from this value.
    prec: u32,
    form: Form,
}

/// Why an operation has no result; the texts are cty's.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NumberError {
    /// Text that is not a number.
    #[error("{0:?} is not a number")]
    Invalid(String),
    /// `inf + -inf`.
    #[error("can't compute sum of opposing infinities")]
    OpposingInfinities,
    /// `inf - inf`.
    #[error("can't subtract infinity from itself")]
    InfinityMinusInfinity,
    /// `0 * inf`.
    #[error("can't multiply zero by infinity")]
    ZeroTimesInfinity,
    /// `0 / 0` or `inf / inf`.
    #[error("can't divide zero by zero or infinity by infinity")]
    Indeterminate,
    /// `%` with an infinite operand.
    #[error("can't use modulo with zero and infinity")]
    ModuloInfinity,
    /// A NaN from float64 arithmetic; Terraform reports
    /// `Float.SetFloat64(NaN)` from inside the function that produced it.
    #[error("the result is not a number (NaN)")]
    NotANumber,
}

impl Number {
    /// Zero, with no precision of its own: adding it to a number gives
    /// that number unchanged (Go's zero `big.Float`).
    pub fn zero() -> Number {
        Number::new_zero(false, 0)
    }

    /// Positive or negative infinity.
    pub fn infinity(negative: bool) -> Number {
        Number::new_inf(negative, 0)
    }

    /// Parses text as cty does, at 512 bits: optional sign, digits with an
    /// optional fraction, an optional `e` (or binary `p`) exponent; or
    /// `Inf`/`inf` with an optional sign. Exponents too large for Go are
    /// refused.
    pub fn parse(text: &str) -> Result<Number, NumberError> {
        parse::parse(text)
    }

    /// The precision in bits (0 for [`Number::zero`] and [`Number::infinity`]).
    pub fn precision(&self) -> u32 {
        self.prec
    }

    /// Whether the number is an integer (infinities are not).
    pub fn is_integer(&self) -> bool {
        match &self.form {
            Form::Zero => true,
            Form::Finite { exp, .. } => *exp >= 0,
            Form::Inf => false,
        }
    }

    /// Whether the number is below zero (`-0` is not).
    pub fn is_negative(&self) -> bool {
        self.neg && !self.is_zero()
    }

    /// Whether the number is zero, of either sign.
    pub fn is_zero(&self) -> bool {
        matches!(self.form, Form::Zero)
    }

    /// Whether the number is an infinity.
    pub fn is_infinite(&self) -> bool {
        matches!(self.form, Form::Inf)
    }

    /// `self + other` (cty's `Add`); `0` for opposing infinities, which
    /// [`Number::try_add`] reports.
    pub fn add(&self, other: &Number) -> Number {
        self.try_add(other).unwrap_or_else(|_| Number::zero())
    }

    /// `self + other` at the larger precision of the two.
    pub fn try_add(&self, other: &Number) -> Result<Number, NumberError> {
        sum(self, other, false, self.prec.max(other.prec))
            .map_err(|Nan| NumberError::OpposingInfinities)
    }

    /// `self - other`; `0` for `inf - inf`, which [`Number::try_sub`] reports.
    pub fn sub(&self, other: &Number) -> Number {
        self.try_sub(other).unwrap_or_else(|_| Number::zero())
    }

    /// `self - other` at the larger precision of the two.
    pub fn try_sub(&self, other: &Number) -> Result<Number, NumberError> {
        sum(self, other, true, self.prec.max(other.prec))
            .map_err(|Nan| NumberError::InfinityMinusInfinity)
    }

    /// `self * other`; `0` for `0 * inf`, which [`Number::try_mul`] reports.
    pub fn mul(&self, other: &Number) -> Number {
        self.try_mul(other).unwrap_or_else(|_| Number::zero())
    }

    /// `self * other` as cty computes it: rounded to 512 bits, then kept
    /// at the larger precision of the operands or of the result.
    pub fn try_mul(&self, other: &Number) -> Result<Number, NumberError> {
        let mut r =
            product(self, other, PARSE_PREC).map_err(|Nan| NumberError::ZeroTimesInfinity)?;
        let needed = match &r.form {
            Form::Finite { mant, .. } => u32::try_from(mant.bits()).unwrap_or(u32::MAX),
            _ => 0,
        };
        r.prec = self.prec.max(other.prec).max(needed);
        Ok(r)
    }

    /// `self / other` at the larger precision; `x / 0` is an infinity.
    pub fn div(&self, other: &Number) -> Result<Number, NumberError> {
        quotient(self, other, self.prec.max(other.prec)).map_err(|Nan| NumberError::Indeterminate)
    }

    /// `self % other` as cty computes it: `self - other × trunc(self / other)`
    /// at `self`'s precision, so the result has the dividend's sign; `x % 0`
    /// is `x`.
    pub fn rem(&self, other: &Number) -> Result<Number, NumberError> {
        if self.is_infinite() || other.is_infinite() {
            return Err(NumberError::ModuloInfinity);
        }
        if other.is_zero() {
            return Ok(self.clone());
        }
        let ratio = self.div(other)?;
        let whole = truncated(&ratio).0.with_prec(self.prec);
        let whole = product(other, &whole, self.prec).map_err(|Nan| NumberError::ModuloInfinity)?;
        sum(self, &whole, true, self.prec).map_err(|Nan| NumberError::ModuloInfinity)
    }

    /// `-self`, keeping the precision (`-0` is a negative zero).
    pub fn neg(&self) -> Number {
        let mut r = self.clone();
        r.neg = !r.neg;
        r
    }

    /// The absolute value.
    pub fn abs(&self) -> Number {
        let mut r = self.clone();
        r.neg = false;
        r
    }

    /// The greatest integer not above `self` (Terraform's `floor`), at
    /// `self`'s precision; infinities stay.
    pub fn floor(&self) -> Number {
        self.to_integer(true)
    }

    /// The least integer not below `self` (Terraform's `ceil`).
    pub fn ceil(&self) -> Number {
        self.to_integer(false)
    }

    fn to_integer(&self, down: bool) -> Number {
        if self.is_infinite() {
            return self.clone();
        }
        let (whole, cut) = truncated(self);
        // Go's `SetInt` on a zero-precision value gives it 64 bits.
        let prec = if self.prec == 0 { 64 } else { self.prec };
        // Truncation moved towards zero; step away from it where asked.
        if cut && self.neg == down {
            let one = Number::from(if down { -1i64 } else { 1 });
            return sum(&whole, &one, false, prec).unwrap_or_else(|Nan| Number::zero());
        }
        let mut whole = whole.with_prec(prec);
        if whole.is_zero() {
            whole.neg = false;
        }
        whole
    }

    /// -1, 0 or 1.
    pub fn signum(&self) -> Number {
        Number::from(match (self.is_zero(), self.neg) {
            (true, _) => 0i64,
            (false, true) => -1,
            (false, false) => 1,
        })
    }

    /// Numeric order, as Go's `Cmp`: `-0 == 0`, and each infinity equals
    /// itself. Unlike `==`, this compares the exact binary values.
    pub fn compare(&self, other: &Number) -> Ordering {
        compare(self, other)
    }

    /// The key that `==`, hashing and `Ord` agree on: cty's equality says
    /// integers are equal when their values are, other numbers when they
    /// print the same.
    fn equality_key(&self) -> EqualityKey {
        match &self.form {
            Form::Zero => EqualityKey::Zero,
            Form::Inf => EqualityKey::Inf(self.neg),
            Form::Finite { mant, exp } if *exp >= 0 => {
                EqualityKey::Integer(self.neg, mant.clone(), *exp)
            }
            Form::Finite { .. } => match self.decimal() {
                Some(d) => EqualityKey::Fraction(self.neg, d.digits, d.exp),
                None => EqualityKey::Zero,
            },
        }
    }
}

#[derive(PartialEq, Eq, Hash)]
enum EqualityKey {
    Zero,
    Inf(bool),
    Integer(bool, num_bigint::BigUint, i64),
    Fraction(bool, Vec<u8>, i64),
}

/// cty's `rawNumberEqual`: integers by value, other numbers by their
/// printed form, so `1 == 1.0` and a 53-bit `0.1` equals a 512-bit `0.1`.
impl PartialEq for Number {
    fn eq(&self, other: &Number) -> bool {
        match (&self.form, &other.form) {
            (Form::Finite { .. }, Form::Finite { .. }) => {
                if self.neg != other.neg || self.is_integer() != other.is_integer() {
                    return false;
                }
                // Same precision: the same value prints the same.
                if self.prec == other.prec || self.is_integer() {
                    return compare(self, other) == Ordering::Equal;
                }
                self.equality_key() == other.equality_key()
            }
            (Form::Zero, Form::Zero) => true,
            (Form::Inf, Form::Inf) => self.neg == other.neg,
            _ => false,
        }
    }
}

impl Eq for Number {}

impl Hash for Number {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.equality_key().hash(state);
    }
}

/// A total order that agrees with `==`: numeric, except that fractions
/// compare by the decimals they print as.
impl Ord for Number {
    fn cmp(&self, other: &Number) -> Ordering {
        if self == other {
            return Ordering::Equal;
        }
        let exact = compare(self, other);
        let both_fractions = !self.is_integer()
            && !other.is_integer()
            && !self.is_infinite()
            && !other.is_infinite();
        if !both_fractions || self.prec == other.prec {
            return exact;
        }
        match (self.to_printed_decimal(), other.to_printed_decimal()) {
            (Some(a), Some(b)) => a.cmp(&b).then(exact),
            _ => exact,
        }
    }
}

impl PartialOrd for Number {
    fn partial_cmp(&self, other: &Number) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Number {
    fn to_printed_decimal(&self) -> Option<bigdecimal::BigDecimal> {
        bigdecimal::BigDecimal::from_str(&self.to_string()).ok()
    }
}

impl FromStr for Number {
    type Err = NumberError;
    fn from_str(s: &str) -> Result<Number, NumberError> {
        Number::parse(s)
    }
}

/// Go's `Text('f', -1)`: plain decimal, `-0` for negative zero, `+Inf` and
/// `-Inf` for infinities.
impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        if self.neg {
            out.push('-');
        } else if self.is_infinite() {
            out.push('+');
        }
        self.write_magnitude(&mut out);
        f.write_str(&out)
    }
}

impl fmt::Debug for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self}")
    }
}
