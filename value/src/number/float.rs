//! The binary floating-point core behind `Number`: values are
//! `±mantissa × 2^exp` with a precision in bits, and every operation rounds
//! its exact result to the target precision, ties to even — the rules of Go's
//! `math/big.Float`, which Terraform numbers are.

use std::cmp::Ordering;

use num_bigint::BigUint;
use num_integer::Integer;
use num_traits::Zero;

use super::Number;

/// Largest binary exponent kept: values at or above `2^MAX_EXP` become
/// infinite and values below `2^MIN_EXP` become zero. Go allows `2^±(2^31)`,
/// but printing such a number would take gigabytes, so Terrace stops at
/// about `10^±1262611`.
pub(super) const MAX_EXP: i64 = 1 << 22;
/// See [`MAX_EXP`].
pub(super) const MIN_EXP: i64 = -(1 << 22);

/// What a number is, apart from its sign and precision.
#[derive(Clone, Debug)]
pub(super) enum Form {
    /// Zero (the sign still matters for printing).
    Zero,
    /// `mant × 2^exp` with `mant` odd, so equal values have equal fields.
    Finite { mant: BigUint, exp: i64 },
    /// An infinity.
    Inf,
}

/// An operation whose result would be NaN; Go panics with `ErrNaN`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Nan;

impl Number {
    pub(super) fn new_zero(neg: bool, prec: u32) -> Number {
        Number {
            neg,
            prec,
            form: Form::Zero,
        }
    }

    pub(super) fn new_inf(neg: bool, prec: u32) -> Number {
        Number {
            neg,
            prec,
            form: Form::Inf,
        }
    }

    /// `±mant × 2^exp` rounded to `prec` bits, ties to even; `sticky` says
    /// that the exact value is a little above `mant × 2^exp` (a remainder).
    pub(super) fn rounded(neg: bool, mant: BigUint, exp: i64, prec: u32, sticky: bool) -> Number {
        if mant.is_zero() {
            return Number::new_zero(neg, prec);
        }
        let keep = u64::from(prec.max(1));
        let len = mant.bits();
        if exp.saturating_add(len as i64) < MIN_EXP {
            return Number::new_zero(neg, prec);
        }
        let (mut mant, mut exp) = if len > keep {
            let shift = len - keep;
            let round_bit = mant.bit(shift - 1);
            let below = sticky || mant.trailing_zeros().is_some_and(|tz| tz < shift - 1);
            let mut m = mant >> shift;
            if round_bit && (below || m.bit(0)) {
                m += 1u32;
            }
            (m, exp.saturating_add(shift as i64))
        } else {
            (mant, exp)
        };
        if let Some(tz) = mant.trailing_zeros().filter(|&tz| tz > 0) {
            mant >>= tz;
            exp = exp.saturating_add(tz as i64);
        }
        if exp.saturating_add(mant.bits() as i64) > MAX_EXP {
            return Number::new_inf(neg, prec);
        }
        Number {
            neg,
            prec,
            form: Form::Finite { mant, exp },
        }
    }

    /// The same value at precision `prec`, rounded if it has fewer bits
    /// (Go's `z.Set(x)` with `z`'s precision already chosen).
    pub(super) fn with_prec(&self, prec: u32) -> Number {
        match &self.form {
            Form::Finite { mant, exp } if mant.bits() > u64::from(prec) => {
                Number::rounded(self.neg, mant.clone(), *exp, prec, false)
            }
            form => Number {
                neg: self.neg,
                prec,
                form: form.clone(),
            },
        }
    }

    /// Go's exponent: `2^(e-1) <= |x| < 2^e` for finite `x`.
    pub(super) fn binary_exponent(mant: &BigUint, exp: i64) -> i64 {
        exp + mant.bits() as i64
    }
}

/// `a + b` (or `a - b` when `negate_b`) rounded to `prec` bits.
pub(super) fn sum(a: &Number, b: &Number, negate_b: bool, prec: u32) -> Result<Number, Nan> {
    let b_neg = b.neg != negate_b;
    match (&a.form, &b.form) {
        (Form::Finite { mant: ma, exp: ea }, Form::Finite { mant: mb, exp: eb }) => {
            Ok(finite_sum(a.neg, (ma, *ea), b_neg, (mb, *eb), prec))
        }
        (Form::Inf, Form::Inf) if a.neg != b_neg => Err(Nan),
        (Form::Zero, Form::Zero) => Ok(Number::new_zero(a.neg && b_neg, prec)),
        (Form::Inf, _) | (_, Form::Zero) => Ok(a.with_prec(prec)),
        _ => {
            let mut r = b.with_prec(prec);
            r.neg = b_neg;
            Ok(r)
        }
    }
}

type Part<'a> = (&'a BigUint, i64);

fn finite_sum(a_neg: bool, a: Part<'_>, b_neg: bool, b: Part<'_>, prec: u32) -> Number {
    if a_neg == b_neg {
        let (m, e) = magnitude_op(a, b, false, prec);
        return Number::rounded(a_neg, m, e, prec, false);
    }
    match compare_magnitude(a, b) {
        Ordering::Equal => Number::new_zero(false, prec),
        Ordering::Greater => {
            let (m, e) = magnitude_op(a, b, true, prec);
            Number::rounded(a_neg, m, e, prec, false)
        }
        Ordering::Less => {
            let (m, e) = magnitude_op(b, a, true, prec);
            Number::rounded(b_neg, m, e, prec, false)
        }
    }
}

/// `|x| + |y|`, or `|x| - |y|` for `|x| > |y|`, exactly except that an
/// operand far below the rounding position of the other is replaced by a
/// tiny stand-in that rounds the same way, so `1e300000 + 1` stays cheap.
fn magnitude_op(x: Part<'_>, y: Part<'_>, subtract: bool, prec: u32) -> (BigUint, i64) {
    let gx = Number::binary_exponent(x.0, x.1);
    let gy = Number::binary_exponent(y.0, y.1);
    let ((big, e_big), (small, e_small), big_first) = if gx >= gy {
        (x, y, true)
    } else {
        (y, x, false)
    };
    let g_big = gx.max(gy);
    let g_small = gx.min(gy);
    let q = e_big.min(g_big - i64::from(prec) - 1) - 3;
    let stand_in;
    let (small, e_small) = if g_small <= q {
        stand_in = BigUint::from(1u32);
        (&stand_in, q - 1)
    } else {
        (small, e_small)
    };
    let e = e_big.min(e_small);
    let big = big << (e_big - e) as u64;
    let small = small << (e_small - e) as u64;
    let m = match (subtract, big_first) {
        (false, _) => big + small,
        (true, true) => big - small,
        // `x` is the larger magnitude whenever we subtract.
        (true, false) => small - big,
    };
    (m, e)
}

/// Compares `|x|` with `|y|`.
pub(super) fn compare_magnitude(x: Part<'_>, y: Part<'_>) -> Ordering {
    let gx = Number::binary_exponent(x.0, x.1);
    let gy = Number::binary_exponent(y.0, y.1);
    gx.cmp(&gy).then_with(|| {
        let e = x.1.min(y.1);
        (x.0 << (x.1 - e) as u64).cmp(&(y.0 << (y.1 - e) as u64))
    })
}

/// `a × b` rounded to `prec` bits.
pub(super) fn product(a: &Number, b: &Number, prec: u32) -> Result<Number, Nan> {
    let neg = a.neg != b.neg;
    match (&a.form, &b.form) {
        (Form::Finite { mant: ma, exp: ea }, Form::Finite { mant: mb, exp: eb }) => {
            Ok(Number::rounded(neg, ma * mb, ea + eb, prec, false))
        }
        (Form::Zero, Form::Inf) | (Form::Inf, Form::Zero) => Err(Nan),
        (Form::Inf, _) | (_, Form::Inf) => Ok(Number::new_inf(neg, prec)),
        _ => Ok(Number::new_zero(neg, prec)),
    }
}

/// `a / b` rounded to `prec` bits.
pub(super) fn quotient(a: &Number, b: &Number, prec: u32) -> Result<Number, Nan> {
    let neg = a.neg != b.neg;
    match (&a.form, &b.form) {
        (Form::Finite { mant: ma, exp: ea }, Form::Finite { mant: mb, exp: eb }) => {
            // Enough quotient bits for the rounding bit and one more.
            let extra = (i64::from(prec) + 2 - ma.bits() as i64 + mb.bits() as i64).max(0);
            let (q, r) = (ma << extra as u64).div_rem(mb);
            Ok(Number::rounded(neg, q, ea - eb - extra, prec, !r.is_zero()))
        }
        (Form::Zero, Form::Zero) | (Form::Inf, Form::Inf) => Err(Nan),
        (Form::Zero, _) | (_, Form::Inf) => Ok(Number::new_zero(neg, prec)),
        _ => Ok(Number::new_inf(neg, prec)),
    }
}

/// Go's `Cmp`: `-0 == +0`, infinities equal themselves.
pub(super) fn compare(a: &Number, b: &Number) -> Ordering {
    fn rank(n: &Number) -> i8 {
        let r = match n.form {
            Form::Zero => return 0,
            Form::Finite { .. } => 1,
            Form::Inf => 2,
        };
        if n.neg {
            -r
        } else {
            r
        }
    }
    let (ra, rb) = (rank(a), rank(b));
    if ra != rb {
        return ra.cmp(&rb);
    }
    match (&a.form, &b.form) {
        (Form::Finite { mant: ma, exp: ea }, Form::Finite { mant: mb, exp: eb }) => {
            let c = compare_magnitude((ma, *ea), (mb, *eb));
            if a.neg {
                c.reverse()
            } else {
                c
            }
        }
        _ => Ordering::Equal,
    }
}

/// The integer part (truncated towards zero) of a finite value, at the
/// value's precision, and whether anything was cut off.
pub(super) fn truncated(n: &Number) -> (Number, bool) {
    match &n.form {
        Form::Finite { mant, exp } if *exp < 0 => {
            let shift = exp.unsigned_abs();
            if mant.bits() <= shift {
                (Number::new_zero(false, n.prec), true)
            } else {
                let m = mant >> shift;
                (Number::rounded(n.neg, m, 0, n.prec, false), true)
            }
        }
        Form::Zero => (Number::new_zero(false, n.prec), false),
        _ => (n.clone(), false),
    }
}
