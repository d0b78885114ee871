//! Numbers under `format`'s numeric verbs. Terraform hands its 512-bit binary
//! floats to Go's `math/big` formatters, so rounding is decided by the binary
//! value nearest the exact decimal (`%.1f` of 0.35 depends on which side of
//! 0.35 that value falls) and ties go to even. This module reproduces that
//! digit by digit, along with Go's sign, prefix and padding rules.

use num_bigint::{BigInt, BigUint, Sign};
use num_traits::{One, Zero};
use terrace_value::Number;

use super::format::Verb;

/// Mantissa bits of the floats Terraform parses numbers into.
const MANTISSA_BITS: u64 = 512;

/// Beyond this decimal exponent the binary rounding is skipped: it cannot
/// change any digit a sane precision shows, and it would be costly.
const EXACT_EXPONENT_LIMIT: i64 = 4000;

/// The most digits a `%f` may spell out before the point.
const MAX_FIXED_DIGITS: i64 = 1_000_000;

/// Decimal digits without leading or trailing zeros: the value is
/// `0.mant × 10^exp`; no digits means zero.
struct Decimal {
    mant: Vec<u8>,
    exp: i64,
}

impl Decimal {
    fn new(magnitude: &BigUint, scale: i64) -> Decimal {
        if magnitude.is_zero() {
            return Decimal {
                mant: Vec::new(),
                exp: 0,
            };
        }
        let mut mant = magnitude.to_str_radix(10).into_bytes();
        let len = mant.len() as i64;
        while mant.last() == Some(&b'0') {
            mant.pop();
        }
        Decimal {
            mant,
            exp: len - scale,
        }
    }

    fn at(&self, i: i64) -> u8 {
        usize::try_from(i)
            .ok()
            .and_then(|i| self.mant.get(i))
            .copied()
            .unwrap_or(b'0')
    }

    /// Rounds to `n` digits, ties to even, as Go's decimal rounding does.
    fn round(&mut self, n: i64) {
        let Ok(n) = usize::try_from(n) else { return };
        if n >= self.mant.len() {
            return;
        }
        let tie = self.mant[n] == b'5' && n + 1 == self.mant.len();
        let up = if tie {
            n > 0 && (self.mant[n - 1] - b'0') % 2 == 1
        } else {
            self.mant[n] >= b'5'
        };
        if up {
            let mut k = n;
            while k > 0 && self.mant[k - 1] == b'9' {
                k -= 1;
            }
            if k == 0 {
                self.mant = vec![b'1'];
                self.exp += 1;
            } else {
                self.mant[k - 1] += 1;
                self.mant.truncate(k);
            }
        } else {
            self.mant.truncate(n);
            while self.mant.last() == Some(&b'0') {
                self.mant.pop();
            }
        }
    }
}

/// The magnitude of `n` as digits and a decimal scale.
fn magnitude(n: &Number) -> (BigUint, i64) {
    // The shortest decimal that names the number, as `%v` prints it.
    // Infinities never get here: the verbs check finiteness first.
    let shortest = std::str::FromStr::from_str(&n.to_string())
        .unwrap_or_else(|_| bigdecimal::BigDecimal::from(0));
    let (int, scale) = bigdecimal::BigDecimal::as_bigint_and_exponent(&shortest);
    (int.magnitude().clone(), scale)
}

/// `q / 2^shift`, rounded to nearest with ties to even; `sticky` says the
/// true value is a little above `q`.
fn shift_rounded(q: &BigUint, shift: u64, sticky: bool) -> BigUint {
    let m = q >> shift;
    let low = q - (&m << shift);
    let half = BigUint::one() << (shift - 1);
    if low > half || (low == half && (sticky || m.bit(0))) {
        m + 1u32
    } else {
        m
    }
}

/// The exact decimal value of the 512-bit float nearest to `|n|`.
fn nearest_binary(n: &Number) -> Decimal {
    let (mag, scale) = magnitude(n);
    let digits = mag.to_str_radix(10).len() as i64;
    let Ok(scale_digits) = u32::try_from(scale.unsigned_abs()) else {
        return Decimal::new(&mag, scale);
    };
    if mag.is_zero()
        || (digits - scale).abs() > EXACT_EXPONENT_LIMIT
        || i64::from(scale_digits) > 4 * EXACT_EXPONENT_LIMIT
    {
        return Decimal::new(&mag, scale);
    }
    let ten = BigUint::from(10u32);
    if scale <= 0 {
        let int = mag * ten.pow(scale_digits);
        let bits = int.bits();
        if bits <= MANTISSA_BITS {
            return Decimal::new(&int, 0);
        }
        let shift = bits - MANTISSA_BITS;
        return Decimal::new(&(shift_rounded(&int, shift, false) << shift), 0);
    }
    let den = ten.pow(scale_digits);
    let k = (MANTISSA_BITS + den.bits() + 1).saturating_sub(mag.bits());
    let shifted = mag << k;
    let (q, r) = (&shifted / &den, &shifted % &den);
    let extra = q.bits() - MANTISSA_BITS;
    let m = shift_rounded(&q, extra, !r.is_zero());
    let e = extra as i64 - k as i64;
    if e >= 0 {
        Decimal::new(&(m << e.unsigned_abs()), 0)
    } else {
        let j = u32::try_from(e.unsigned_abs()).unwrap_or(u32::MAX);
        Decimal::new(&(m * BigUint::from(5u32).pow(j)), -e)
    }
}

fn push_exponent(out: &mut String, d: &Decimal, letter: char) {
    out.push(letter);
    let exp = if d.mant.is_empty() { 0 } else { d.exp - 1 };
    out.push(if exp < 0 { '-' } else { '+' });
    out.push_str(&format!("{:02}", exp.unsigned_abs()));
}

/// `d.ddde±dd` with `prec` digits after the point.
fn fmt_e(d: &Decimal, prec: i64, letter: char) -> String {
    let mut out = String::new();
    out.push(char::from(d.at(0)));
    if prec > 0 {
        out.push('.');
        for i in 1..=prec {
            out.push(char::from(d.at(i)));
        }
    }
    push_exponent(&mut out, d, letter);
    out
}

/// `ddd.ddd` with `prec` digits after the point.
fn fmt_f(d: &Decimal, prec: i64) -> String {
    let mut out = String::new();
    if d.exp > 0 {
        for i in 0..d.exp {
            out.push(char::from(d.at(i)));
        }
    } else {
        out.push('0');
    }
    if prec > 0 {
        out.push('.');
        for i in 0..prec {
            out.push(char::from(d.at(d.exp + i)));
        }
    }
    out
}

/// `%g`: the shorter of the two forms, as Go chooses it.
fn fmt_g(d: &Decimal, mut prec: i64, shortest: bool, letter: char) -> String {
    let len = d.mant.len() as i64;
    let mut eprec = prec;
    if eprec > len && len >= d.exp {
        eprec = len;
    }
    if shortest {
        eprec = 6;
    }
    let exp = d.exp - 1;
    if exp < -4 || exp >= eprec {
        prec = prec.min(len);
        return fmt_e(d, prec - 1, letter);
    }
    if prec > d.exp {
        prec = len;
    }
    fmt_f(d, (prec - d.exp).max(0))
}

/// The shortest `%g` form, as `%v` prints a number: `1e+06`, `0.5`, `123`.
pub(super) fn shortest(n: &Number) -> String {
    let (mag, scale) = magnitude(n);
    let d = Decimal::new(&mag, scale);
    let body = fmt_g(&d, d.mant.len() as i64, true, 'e');
    if n.is_negative() {
        format!("-{body}")
    } else {
        body
    }
}

/// `sign` and `body` padded to the verb's width the way Go pads numbers.
fn pad_number(verb: &Verb, sign: &str, body: &str, zero_allowed: bool) -> String {
    let len = sign.len() + body.len();
    let pad = verb.width.map_or(0, |w| w.saturating_sub(len));
    if verb.zero && !verb.minus && zero_allowed {
        format!("{sign}{}{body}", "0".repeat(pad))
    } else if verb.minus {
        format!("{sign}{body}{}", " ".repeat(pad))
    } else {
        format!("{}{sign}{body}", " ".repeat(pad))
    }
}

fn sign_of(verb: &Verb, negative: bool) -> &'static str {
    if negative {
        "-"
    } else if verb.plus {
        "+"
    } else if verb.space {
        " "
    } else {
        ""
    }
}

/// `%e %E %f %g %G` of `n`, as Go's `big.Float` formats them.
pub(super) fn float(verb: &Verb, n: &Number) -> Result<String, String> {
    let letter = if verb.mode.is_ascii_uppercase() {
        'E'
    } else {
        'e'
    };
    let body = match (verb.mode.to_ascii_lowercase(), verb.prec) {
        ('g', None) => {
            let (mag, scale) = magnitude(n);
            let d = Decimal::new(&mag, scale);
            fmt_g(&d, d.mant.len() as i64, true, letter)
        }
        (mode, prec) => {
            let mut d = nearest_binary(n);
            let prec = prec.map_or(6, |p| p as i64);
            match mode {
                'e' => {
                    d.round(1 + prec);
                    fmt_e(&d, prec, letter)
                }
                'f' => {
                    if d.exp > MAX_FIXED_DIGITS {
                        return Err("the number is too large to format with %f".into());
                    }
                    d.round(d.exp + prec);
                    fmt_f(&d, prec)
                }
                _ => {
                    let prec = prec.max(1);
                    d.round(prec);
                    fmt_g(&d, prec, false, letter)
                }
            }
        }
    };
    Ok(pad_number(
        verb,
        sign_of(verb, n.is_negative()),
        &body,
        true,
    ))
}

/// `%b %d %o %x %X` of a whole number, as Go's `big.Int` formats them.
pub(super) fn integer(verb: &Verb, n: &BigInt) -> String {
    let (radix, prefix) = match verb.mode {
        'b' => (2, "0b"),
        'o' => (8, "0"),
        'x' => (16, "0x"),
        'X' => (16, "0X"),
        _ => (10, ""),
    };
    let mut digits = n.magnitude().to_str_radix(radix);
    if verb.mode == 'X' {
        digits.make_ascii_uppercase();
    }
    let prefix = if verb.sharp { prefix } else { "" };
    let sign = sign_of(verb, n.sign() == Sign::Minus);
    let mut zeros = 0;
    if let Some(prec) = verb.prec {
        if digits.len() < prec {
            zeros = prec - digits.len();
        } else if digits == "0" && prec == 0 {
            return String::new();
        }
    }
    let length = sign.len() + prefix.len() + zeros + digits.len();
    let (mut left, mut right) = (0, 0);
    if let Some(width) = verb.width.filter(|w| *w > length) {
        let d = width - length;
        if verb.minus {
            right = d;
        } else if verb.zero && verb.prec.is_none() {
            zeros = d;
        } else {
            left = d;
        }
    }
    format!(
        "{}{sign}{prefix}{}{digits}{}",
        " ".repeat(left),
        "0".repeat(zeros),
        " ".repeat(right)
    )
}
