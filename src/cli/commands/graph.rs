//! `terrace graph`: the dependency graph in DOT, for `dot -Tsvg`.

use crate::cli::args::{GraphArgs, RunArgs};
use crate::cli::session::Session;

/// Runs `graph`.
pub fn run(args: &GraphArgs) -> u8 {
    let run = RunArgs::default();
    let session = match Session::open(&run, Some(Default::default())) {
        Ok(s) => s,
        Err(code) => return code,
    };
    if !matches!(
        args.kind.as_str(),
        "plan" | "apply" | "plan-destroy" | "plan-refresh-only"
    ) {
        eprintln!(
            "Error: -type must be plan, apply, plan-destroy or plan-refresh-only, not {:?}",
            args.kind
        );
        return 1;
    }
    print!("{}", session.engine.graph.to_dot());
    0
}
