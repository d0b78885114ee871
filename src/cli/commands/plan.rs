//! `terrace plan`: what apply would change, for people (a diff in
//! Terraform's style), for CI (`-detailed-exitcode`, `-out`), or as JSON.

use std::io::IsTerminal;

use terrace_state::LockKind;

use crate::cli::args::RunArgs;
use crate::cli::plan_file::PlanFile;
use crate::cli::plan_view;
use crate::cli::session::{plan_options, print, Session};
use crate::cli::view;
use crate::engine::plan::plan as make_plan;

/// Runs `plan`.
pub fn run(args: &RunArgs) -> u8 {
    let session = match Session::open(args, None) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let _lock = match session.lock(LockKind::Shared, "plan", args) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let prior = match session.state().and_then(|s| {
        s.snapshot().map_err(|e| {
            eprintln!("Error: Failed to read state: {e}");
            1
        })
    }) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let opts = plan_options(args, false);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("Error: cannot start the runtime: {e}");
            return 1;
        }
    };
    let (plan, _store, diags) = runtime.block_on(make_plan(&session.engine, &prior, &opts));
    print(&diags, &session.sources, args.no_color);
    if diags.has_errors() {
        return 1;
    }
    let color = view::color(args.no_color) && std::io::stdout().is_terminal();
    if args.json {
        println!("{}", plan_view::json(&plan));
    } else {
        print!("{}", plan_view::human(&plan, color));
    }
    if let Some(out) = &args.out {
        let file = PlanFile::new(
            &plan,
            &session.workspace,
            &session.engine.root_vars,
            &opts,
            plan_view::json(&plan),
            plan_view::human(&plan, false),
        );
        if let Err(e) = file.save(std::path::Path::new(out)) {
            eprintln!("\nError: Failed to write plan file\n\n{out}: {e}");
            return 1;
        }
        if !args.json {
            println!("\nSaved the plan to: {out}\n\nTo perform exactly these actions, run the following command to apply:\n    terrace apply {out:?}");
        }
    }
    if args.detailed_exitcode && plan.has_changes() {
        2
    } else {
        0
    }
}
