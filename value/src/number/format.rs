//! Printing numbers as Terraform does (`Text('f', -1)`): the shortest decimal
//! that Go's `roundShortest` picks for the value at its precision, written
//! without an exponent. Only the leading digits that the choice depends on
//! are computed, so huge and tiny values print in time linear in their text.

use num_bigint::BigUint;
use num_integer::Integer;

use super::float::Form;
use super::Number;

/// Significant decimal digits of a value, Go's `decimal`: the value is
/// `0.d1d2d3… × 10^exp`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct Decimal {
    /// ASCII digits, no trailing zeros when `exact`.
    pub digits: Vec<u8>,
    pub exp: i64,
    /// Whether `digits` is the whole expansion (otherwise more non-zero
    /// digits follow).
    exact: bool,
}

impl Decimal {
    fn at(&self, i: usize) -> u8 {
        self.digits.get(i).copied().unwrap_or(b'0')
    }

    /// Whether the full expansion has exactly `n` digits.
    fn len_is(&self, n: usize) -> bool {
        self.exact && self.digits.len() == n
    }

    /// Whether the full expansion has more than `n` digits.
    fn longer_than(&self, n: usize) -> bool {
        !self.exact || self.digits.len() > n
    }

    fn trim(&mut self) {
        while self.digits.last() == Some(&b'0') {
            self.digits.pop();
        }
        if self.digits.is_empty() {
            self.exp = 0;
        }
    }

    fn round_down(&mut self, n: usize) {
        if self.longer_than(n) {
            self.digits.truncate(n);
            self.exact = true;
            self.trim();
        }
    }

    fn round_up(&mut self, n: usize) {
        if !self.longer_than(n) {
            return;
        }
        self.digits.truncate(n);
        self.exact = true;
        while self.digits.last() == Some(&b'9') {
            self.digits.pop();
        }
        match self.digits.last_mut() {
            Some(d) => *d += 1,
            None => {
                self.digits.push(b'1');
                self.exp += 1;
            }
        }
    }

    /// Rounds to `n` digits, ties to even (Go's `decimal.round`).
    fn round(&mut self, n: usize) {
        if !self.longer_than(n) {
            return;
        }
        let halfway = self.at(n) == b'5' && self.len_is(n + 1);
        let up = if halfway {
            n > 0 && (self.at(n - 1) - b'0') % 2 == 1
        } else {
            self.at(n) >= b'5'
        };
        if up {
            self.round_up(n);
        } else {
            self.round_down(n);
        }
    }

    /// Go's `fmtF` with the shortest precision.
    pub(super) fn write_plain(&self, out: &mut String) {
        let len = self.digits.len() as i64;
        if self.exp > 0 {
            let whole = len.min(self.exp) as usize;
            out.extend(self.digits[..whole].iter().map(|&d| d as char));
            out.extend(std::iter::repeat_n('0', (self.exp - whole as i64) as usize));
        } else {
            out.push('0');
        }
        let fraction = (len - self.exp).max(0);
        if fraction > 0 {
            out.push('.');
            for i in 0..fraction {
                let at = self.exp + i;
                out.push(if at < 0 {
                    '0'
                } else {
                    self.at(at as usize) as char
                });
            }
        }
    }
}

/// The leading digits of `mant × 2^exp` divided by `10^scale`, truncated,
/// with `pow10 = 10^|scale|`.
fn scaled_digits(mant: &BigUint, exp: i64, scale: i64, pow10: &BigUint) -> Decimal {
    let shift = exp.unsigned_abs();
    let (q, inexact) = if scale >= 0 {
        let (num, den) = if exp >= 0 {
            (mant << shift, pow10.clone())
        } else {
            (mant.clone(), pow10 << shift)
        };
        let (q, r) = num.div_rem(&den);
        (q, r.bits() > 0)
    } else {
        let num = mant * pow10;
        if exp >= 0 {
            (num << shift, false)
        } else {
            let inexact = num.trailing_zeros().is_some_and(|tz| tz < shift);
            (num >> shift, inexact)
        }
    };
    let digits = q.to_string().into_bytes();
    let mut d = Decimal {
        exp: digits.len() as i64 + scale,
        digits,
        exact: !inexact,
    };
    if d.exact {
        d.trim();
    }
    d
}

/// Go's `roundShortest` followed by `Text('f', -1)`'s digit choice, for a
/// finite non-zero value of `prec` bits.
pub(super) fn shortest(mant: &BigUint, exp: i64, prec: u32) -> Decimal {
    let prec = prec.max(1);
    // Digits needed before lower and upper bound differ from the value,
    // plus room for the rounding digit.
    let want = (u64::from(prec) + 2) * 30103 / 100_000 + 10;
    let g = Number::binary_exponent(mant, exp);
    let magnitude = ((g - 1) as f64 * std::f64::consts::LOG10_2).floor() as i64;
    let scale = magnitude - want as i64;
    let pow10 = BigUint::from(10u32).pow(scale.unsigned_abs().try_into().unwrap_or(u32::MAX));

    let mut d = scaled_digits(mant, exp, scale, &pow10);
    // The mantissa with prec+1 bits, so that ±1 is half an ulp.
    let shift = i64::from(prec) + 1 - mant.bits() as i64;
    let (m2, e2) = if shift >= 0 {
        (mant << shift as u64, exp - shift)
    } else {
        (mant >> shift.unsigned_abs(), exp - shift)
    };
    let lower = scaled_digits(&(&m2 - 1u32), e2, scale, &pow10);
    let upper = scaled_digits(&(&m2 + 1u32), e2, scale, &pow10);
    // The bounds round back to the value only when its mantissa is even.
    let inclusive = !m2.bit(1);

    for i in 0..d.digits.len() {
        let (l, m, u) = (lower.at(i), d.digits[i], upper.at(i));
        let ok_down = l != m || inclusive && lower.len_is(i + 1);
        let ok_up = m != u && (inclusive || m + 1 < u || upper.longer_than(i + 1));
        match (ok_down, ok_up) {
            (true, true) => d.round(i + 1),
            (true, false) => d.round_down(i + 1),
            (false, true) => d.round_up(i + 1),
            (false, false) => continue,
        }
        break;
    }
    d
}

impl Number {
    /// The digits Terraform prints for a finite non-zero value.
    pub(super) fn decimal(&self) -> Option<Decimal> {
        match &self.form {
            Form::Finite { mant, exp } => Some(shortest(mant, *exp, self.prec)),
            _ => None,
        }
    }

    /// `Text('f', -1)` without the sign.
    pub(super) fn write_magnitude(&self, out: &mut String) {
        match &self.form {
            Form::Zero => out.push('0'),
            Form::Inf => out.push_str("Inf"),
            Form::Finite { mant, exp } => {
                // Integers that fit the precision print exactly.
                if *exp >= 0 && Number::binary_exponent(mant, *exp) <= i64::from(self.prec) {
                    if mant.bits() <= 64 && mant.bits() + exp.unsigned_abs() <= 128 {
                        let small = mant.iter_u64_digits().next().unwrap_or(0) as u128;
                        out.push_str(&(small << *exp as u32).to_string());
                    } else {
                        out.push_str(&(mant << exp.unsigned_abs()).to_string());
                    }
                } else {
                    shortest(mant, *exp, self.prec).write_plain(out);
                }
            }
        }
    }
}
