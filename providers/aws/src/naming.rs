//! Names Terraform's provider generates when a resource sets only a prefix
//! or no name at all: `terraform-` (or the prefix) and a time-ordered suffix.

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// A unique name with this prefix (`terraform-` when none).
pub(crate) fn unique(prefix: Option<&str>) -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    format!(
        "{}{:020}{:06}",
        prefix.unwrap_or("terraform-"),
        nanos % 100_000_000_000_000_000_000,
        n % 1_000_000
    )
    .chars()
    .take(63)
    .collect::<String>()
    .to_lowercase()
}
