//! Bounds on the work of evaluation. Nested `for` expressions multiply their
//! iterations and a `for` variable used twice doubles a value's size, so a
//! short expression can ask for more time or memory than any machine has.
//! Every evaluation step and every value copied or produced is charged to a
//! [`Budget`]; past its limits evaluation stops with one clear diagnostic.

use std::cell::{Cell, RefCell};

use terrace_value::{Diagnostic, Diagnostics, Value};

/// Evaluation steps (expressions evaluated, loop iterations) one budget allows.
pub const MAX_STEPS: u64 = 10_000_000;

/// Bytes of values (roughly measured) one budget allows to be copied or built.
pub const MAX_BYTES: u64 = 64 << 20;

/// What an evaluation may still spend; shared by the expressions that should
/// be bounded together (one expression, or every expression of a module).
#[derive(Debug)]
pub struct Budget {
    steps: Cell<u64>,
    bytes: Cell<u64>,
    /// The diagnostic of the first overrun: once spent, a budget stays spent.
    spent: RefCell<Option<Diagnostic>>,
}

impl Default for Budget {
    fn default() -> Budget {
        Budget::new()
    }
}

impl Budget {
    /// A budget with the default limits.
    pub fn new() -> Budget {
        Budget::with_limits(MAX_STEPS, MAX_BYTES)
    }

    /// A budget of `steps` steps and `bytes` bytes.
    pub fn with_limits(steps: u64, bytes: u64) -> Budget {
        Budget {
            steps: Cell::new(steps),
            bytes: Cell::new(bytes),
            spent: RefCell::new(None),
        }
    }

    /// Whether a limit has been reached.
    pub fn is_spent(&self) -> bool {
        self.spent.borrow().is_some()
    }

    /// The overrun diagnostic, if a limit has been reached.
    pub fn overrun(&self) -> Option<Diagnostic> {
        self.spent.borrow().clone()
    }

    /// Charges one step; `at` builds the diagnostic if this is the overrun.
    pub(super) fn step(
        &self,
        at: impl FnOnce(Diagnostic) -> Diagnostic,
    ) -> Result<(), Diagnostics> {
        self.charge(&self.steps, 1, at, || {
            Diagnostic::error(
                "Expression too complex",
                format!(
                    "Evaluating this takes more than {MAX_STEPS} steps, the limit for one evaluation. Nested 'for' expressions multiply their iterations; simplify the expression or reduce the collections it iterates over."
                ),
            )
        })
    }

    /// Charges `n` bytes of values; `at` locates the diagnostic.
    pub(super) fn bytes(
        &self,
        n: usize,
        at: impl FnOnce(Diagnostic) -> Diagnostic,
    ) -> Result<(), Diagnostics> {
        let n = u64::try_from(n).unwrap_or(u64::MAX);
        self.charge(&self.bytes, n, at, || {
            Diagnostic::error(
                "Expression result too large",
                format!(
                    "Evaluating this builds more than {} MiB of values, the limit for one evaluation. Repeating a large value (for example a 'for' variable used several times in nested 'for' expressions) multiplies its size; simplify the expression.",
                    MAX_BYTES >> 20
                ),
            )
        })
    }

    /// Charges the rough size of `v`, before it is copied.
    pub(super) fn value(
        &self,
        v: &Value,
        at: impl FnOnce(Diagnostic) -> Diagnostic,
    ) -> Result<(), Diagnostics> {
        self.bytes(v.approx_size(), at)
    }

    fn charge(
        &self,
        left: &Cell<u64>,
        n: u64,
        at: impl FnOnce(Diagnostic) -> Diagnostic,
        overrun: impl FnOnce() -> Diagnostic,
    ) -> Result<(), Diagnostics> {
        if let Some(d) = self.overrun() {
            return Err(d.into());
        }
        match left.get().checked_sub(n) {
            Some(rest) => {
                left.set(rest);
                Ok(())
            }
            None => {
                left.set(0);
                let d = at(overrun());
                *self.spent.borrow_mut() = Some(d.clone());
                Err(d.into())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spent_budget_stays_spent() {
        let b = Budget::with_limits(2, 10);
        assert!(b.step(|d| d).is_ok());
        assert!(b.step(|d| d).is_ok());
        let first = b.step(|d| d).unwrap_err();
        assert_eq!(first.0[0].summary, "Expression too complex");
        // Later charges of any kind repeat the first overrun.
        assert_eq!(b.bytes(1, |d| d).unwrap_err(), first);
        assert!(b.is_spent());
    }
}
