//! Measures what an apply costs the state store: every resource created
//! through a journaled begin/complete pair, at growing resource counts, so
//! the per-change cost can be seen to stay flat (Terraform's local state
//! rewrites the whole file per change, which makes applies quadratic).
//!
//! Run: `cargo run --release -p terrace-state --example journal_bench [N...]`

use std::time::Instant;

use serde_json::json;
use terrace_state::{Action, Outcome, ResourceInstance, ResourceMode, SqliteState, StateError};

fn main() -> Result<(), StateError> {
    let counts: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let counts = if counts.is_empty() {
        vec![1_000, 2_000, 5_000, 20_000]
    } else {
        counts
    };
    let dir = std::env::temp_dir().join(format!("terrace-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|source| StateError::Io {
        path: dir.display().to_string(),
        source,
    })?;
    println!("resources  apply (s)  pairs/s  µs/pair");
    for n in counts {
        let path = dir.join(format!("bench-{n}.db"));
        let mut st = SqliteState::open(&path, "default")?;
        let start = Instant::now();
        for i in 0..n {
            let mut r = ResourceInstance::new(
                "module.app[\"blue\"]",
                ResourceMode::Managed,
                "random_pet",
                "pet",
                json!(i),
                "provider[\"registry.terraform.io/hashicorp/random\"]",
            );
            r.attributes = json!({"id": format!("pet-{i}"), "length": 2, "separator": "-",
                                  "keepers": {"build": i}, "prefix": null});
            r.dependencies = vec!["module.app.random_pet.seed".into()];
            let id = st.begin(&r.address, Action::Create, Some(&r))?;
            st.complete(id, Outcome::Stored(r))?;
        }
        let secs = start.elapsed().as_secs_f64();
        println!(
            "{n:>9}  {secs:>9.3}  {:>7.0}  {:>7.1}",
            n as f64 / secs,
            secs * 1e6 / n as f64
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}
