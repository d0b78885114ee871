//! Names Terraform's provider generates when a resource sets only a prefix
//! or no name at all: `terraform-` (or the prefix) and a time-ordered suffix.

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// A unique name with this prefix (`terraform-` when none), lower case and
/// at most 63 characters.
pub(crate) fn unique(prefix: Option<&str>) -> String {
    unique_id(prefix.unwrap_or("terraform-"))
        .chars()
        .take(63)
        .collect::<String>()
        .to_lowercase()
}

/// `prefix` and a 26-digit time-ordered suffix, as the Terraform provider
/// makes the IDs of objects AWS gives none (an attachment, a client token).
pub(crate) fn unique_id(prefix: &str) -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    format!(
        "{prefix}{:020}{:06}",
        nanos % 100_000_000_000_000_000_000,
        n % 1_000_000
    )
}
