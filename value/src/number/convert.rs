//! Conversions between `Number` and Rust's numeric types, with Go's
//! precisions: `big.NewFloat` (53 bits), `SetInt64`/`SetUint64` (64 bits)
//! and `SetInt` (the integer's length, at least 64 bits).

use bigdecimal::BigDecimal;
use num_bigint::{BigInt, BigUint, Sign};
use num_traits::{ToPrimitive, Zero};

use super::float::Form;
use super::{Number, NumberError};

/// Precision of `big.NewFloat`, the wrapper of float64 results.
const F64_PREC: u32 = 53;
/// Precision of integers from Go's fixed-size integers (`cty.NumberIntVal`).
const INT_PREC: u32 = 64;

impl Number {
    /// From a 64-bit float, exactly, at 53 bits like `big.NewFloat`;
    /// infinities are kept, NaN is refused.
    pub fn from_f64(f: f64) -> Result<Number, NumberError> {
        if f.is_nan() {
            return Err(NumberError::NotANumber);
        }
        let neg = f.is_sign_negative();
        if f == 0.0 {
            return Ok(Number::new_zero(neg, F64_PREC));
        }
        if f.is_infinite() {
            return Ok(Number::new_inf(neg, F64_PREC));
        }
        let bits = f.to_bits();
        let field = ((bits >> 52) & 0x7ff) as i64;
        let fraction = bits & ((1 << 52) - 1);
        let (mant, exp) = if field == 0 {
            (fraction, -1074)
        } else {
            (fraction | (1 << 52), field - 1075)
        };
        Ok(Number::rounded(
            neg,
            BigUint::from(mant),
            exp,
            F64_PREC,
            false,
        ))
    }

    /// The nearest `f64` (Go's `Float64`), overflowing to infinity and
    /// underflowing to zero.
    pub fn to_f64(&self) -> f64 {
        let sign = if self.neg { -1.0 } else { 1.0 };
        let (mant, exp) = match &self.form {
            Form::Zero => return sign * 0.0,
            Form::Inf => return sign * f64::INFINITY,
            Form::Finite { mant, exp } => (mant, *exp),
        };
        // Exponent for a mantissa in [1, 2), and the bits a float64 has
        // there (fewer for subnormals).
        let e = Number::binary_exponent(mant, exp) - 1;
        let mut bits = 53;
        if e < -1022 {
            bits = 1075 + e;
            let half = mant.bits() == 1;
            if bits < 0 || bits == 0 && half {
                return sign * 0.0;
            }
            if bits == 0 {
                return sign * f64::from_bits(1);
            }
        }
        let r = Number::rounded(self.neg, mant.clone(), exp, bits as u32, false);
        let Form::Finite { mant, exp } = &r.form else {
            return sign * f64::INFINITY;
        };
        let m = mant.to_u64().unwrap_or(0);
        let e = Number::binary_exponent(mant, *exp) - 1;
        if e > 1023 {
            return sign * f64::INFINITY;
        }
        let magnitude = if e < -1022 {
            // Subnormal: the mantissa counts units of 2^-1074.
            f64::from_bits(m << (exp + 1074))
        } else {
            let m53 = m << (53 - mant.bits());
            f64::from_bits((((e + 1023) as u64) << 52) | (m53 & ((1 << 52) - 1)))
        };
        sign * magnitude
    }

    /// The value as `i64`, if it is an integer in range.
    pub fn to_i64(&self) -> Option<i64> {
        match &self.form {
            Form::Zero => Some(0),
            Form::Finite { mant, exp } if Number::binary_exponent(mant, *exp) <= 64 => {
                self.to_bigint()?.to_i64()
            }
            _ => None,
        }
    }

    /// The value as an exact big integer, if it is an integer.
    pub fn to_bigint(&self) -> Option<BigInt> {
        match &self.form {
            Form::Zero => Some(BigInt::zero()),
            Form::Finite { mant, exp } if *exp >= 0 => {
                let sign = if self.neg { Sign::Minus } else { Sign::Plus };
                Some(BigInt::from_biguint(sign, mant << exp.unsigned_abs()))
            }
            _ => None,
        }
    }

    /// The exact decimal value of a finite number (`-0` gives `0`).
    pub fn to_decimal(&self) -> Option<BigDecimal> {
        let sign = if self.neg { Sign::Minus } else { Sign::Plus };
        match &self.form {
            Form::Zero => Some(BigDecimal::zero()),
            Form::Inf => None,
            Form::Finite { mant, exp } if *exp >= 0 => Some(BigDecimal::new(
                BigInt::from_biguint(sign, mant << exp.unsigned_abs()),
                0,
            )),
            Form::Finite { mant, exp } => {
                // m / 2^k == m × 5^k / 10^k
                let k = exp.unsigned_abs();
                let five = BigUint::from(5u32).pow(u32::try_from(k).ok()?);
                Some(BigDecimal::new(
                    BigInt::from_biguint(sign, mant * five),
                    k as i64,
                ))
            }
        }
    }

    fn from_magnitude(neg: bool, magnitude: u64) -> Number {
        Number::rounded(neg, BigUint::from(magnitude), 0, INT_PREC, false)
    }
}

impl From<i64> for Number {
    fn from(i: i64) -> Number {
        Number::from_magnitude(i < 0, i.unsigned_abs())
    }
}

impl From<u64> for Number {
    fn from(i: u64) -> Number {
        Number::from_magnitude(false, i)
    }
}

impl From<i32> for Number {
    fn from(i: i32) -> Number {
        Number::from(i64::from(i))
    }
}

impl From<usize> for Number {
    fn from(i: usize) -> Number {
        Number::from(i as u64)
    }
}

impl From<BigInt> for Number {
    fn from(i: BigInt) -> Number {
        let (sign, magnitude) = i.into_parts();
        let prec = u32::try_from(magnitude.bits())
            .unwrap_or(u32::MAX)
            .max(INT_PREC);
        Number::rounded(sign == Sign::Minus, magnitude, 0, prec, false)
    }
}
