//! Marks travel with values through every operation, so that a value derived
//! from a secret stays a secret wherever it flows.

use std::fmt;
use std::ops::{BitOr, BitOrAssign};

/// A small set of marks carried by a value.
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Marks(u8);

impl Marks {
    /// No marks at all.
    pub const NONE: Marks = Marks(0);
    /// The value is sensitive: it never reaches a terminal, log or report.
    pub const SENSITIVE: Marks = Marks(1);
    /// The value exists only during one run and is never persisted.
    pub const EPHEMERAL: Marks = Marks(2);

    /// Whether no mark is set.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Whether every mark of `other` is set here.
    pub fn contains(self, other: Marks) -> bool {
        self.0 & other.0 == other.0
    }

    /// Whether the sensitive mark is set.
    pub fn is_sensitive(self) -> bool {
        self.contains(Marks::SENSITIVE)
    }
}

impl BitOr for Marks {
    type Output = Marks;
    fn bitor(self, rhs: Marks) -> Marks {
        Marks(self.0 | rhs.0)
    }
}

impl BitOrAssign for Marks {
    fn bitor_assign(&mut self, rhs: Marks) {
        self.0 |= rhs.0;
    }
}

impl fmt::Debug for Marks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut names = Vec::new();
        if self.contains(Marks::SENSITIVE) {
            names.push("sensitive");
        }
        if self.contains(Marks::EPHEMERAL) {
            names.push("ephemeral");
        }
        write!(f, "Marks({})", names.join("|"))
    }
}
