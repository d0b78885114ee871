//! The numeric functions of Terraform's library.

use super::Function;

/// The functions of this group.
pub fn functions() -> Vec<Function> {
    Vec::new()
}
