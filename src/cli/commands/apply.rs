//! `terrace apply` and `terrace destroy`: plan (or load a saved plan), ask
//! for confirmation, and carry the changes out, journaling each one; Ctrl-C
//! stops starting new work, a second Ctrl-C stops at once.

use std::io::{BufRead, IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use terrace_state::{LockKind, StoredOutput};
use terrace_value::{type_to_json, value_to_json};

use crate::cli::args::ApplyArgs;
use crate::cli::plan_file::PlanFile;
use crate::cli::plan_view;
use crate::cli::session::{plan_options, print, Session};
use crate::cli::view;
use crate::engine::apply_exec::ApplyCtx;
use crate::engine::plan::{plan as make_plan, run as run_plan};
use crate::engine::plan_model::{Action, PlanMode};
use crate::lang::format::format_value;

/// Runs `apply` (or `destroy` when `destroy` is set).
pub fn run(args: &ApplyArgs, destroy: bool) -> u8 {
    let saved = match &args.plan_file {
        Some(f) => match PlanFile::load(std::path::Path::new(f)) {
            Ok(p) => Some(p),
            Err(e) => {
                eprintln!("\nError: Failed to load the saved plan\n\n{e}");
                return 1;
            }
        },
        None => None,
    };
    let session = match Session::open(&args.run, saved.as_ref().map(PlanFile::variable_values)) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let _lock = match session.lock(
        LockKind::Exclusive,
        if destroy { "destroy" } else { "apply" },
        &args.run,
    ) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let mut state = match session.state() {
        Ok(s) => s,
        Err(code) => return code,
    };
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
    // Changes a killed run left unfinished are settled by reading first.
    match runtime.block_on(crate::engine::recover::resolve_pending(
        &session.engine,
        &mut state,
    )) {
        Ok(0) => {}
        Ok(n) => eprintln!(
            "Resolved {n} change(s) interrupted by an earlier run by reading their objects."
        ),
        Err(d) => {
            print(&d, &session.sources, args.run.no_color);
            return 1;
        }
    }
    let prior = match state.snapshot() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("Error: Failed to read state: {e}");
            return 1;
        }
    };
    let mut opts = plan_options(&args.run, destroy);
    let color = view::color(args.run.no_color) && std::io::stdout().is_terminal();
    let deferred: std::collections::BTreeSet<String>;
    let mut refreshed = None;
    let expected = match &saved {
        Some(file) => {
            if file.lineage != prior.lineage
                || file.serial != prior.serial
                || file.workspace != session.workspace
            {
                eprintln!("\nError: Saved plan is stale\n\nThe given plan file can no longer be applied because the state was changed by another operation after the plan was created (planned against serial {}, the state is now at serial {}). Make a new plan.", file.serial, prior.serial);
                return 1;
            }
            opts.mode = match file.mode.as_str() {
                "destroy" => PlanMode::Destroy,
                "refresh-only" => PlanMode::RefreshOnly,
                _ => PlanMode::Normal,
            };
            opts.targets = file.targets.clone();
            opts.excludes = file.excludes.clone();
            opts.replace = file.replace.clone();
            opts.refresh = file.refresh;
            deferred = file.deferred.iter().cloned().collect();
            Some(file.expected())
        }
        None => {
            let (plan, _store, diags) = runtime.block_on(make_plan(&session.engine, &prior, &opts));
            print(&diags, &session.sources, args.run.no_color);
            if diags.has_errors() {
                return 1;
            }
            if !args.run.json {
                print!("{}", plan_view::human(&plan, color));
            }
            // With no changes there is nothing to confirm, but the apply
            // still runs, as Terraform's does: it stores what data sources
            // read and reports the outputs.
            let changes = plan.has_changes();
            deferred = plan.deferred.iter().map(|d| d.addr.to_string()).collect();
            refreshed = Some(plan.refreshed);
            if changes && !args.auto_approve && !confirm(destroy) {
                eprintln!(
                    "\nError: {} cancelled.",
                    if destroy { "Destroy" } else { "Apply" }
                );
                return 1;
            }
            Some(
                plan.changes
                    .iter()
                    .map(|c| (c.addr.to_string(), c.action))
                    .collect(),
            )
        }
    };
    // Old objects of unfinished create_before_destroy replacements go first.
    if !prior.deposed.is_empty() && !destroy_deposed(&runtime, &session, &mut state, &args.run) {
        return 1;
    }
    let stop = Arc::new(AtomicBool::new(false));
    let interrupts = stop.clone();
    runtime.spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            interrupts.store(true, Ordering::SeqCst);
            eprintln!("\nInterrupt received.\nPlease wait for Terrace to exit or data loss may occur.\nGracefully shutting down...");
            if tokio::signal::ctrl_c().await.is_ok() {
                eprintln!("\nTwo interrupts received. Exiting immediately. The state records every change that was started.");
                std::process::exit(130);
            }
        }
    });
    let quiet = args.run.json;
    let ctx = ApplyCtx {
        state: Mutex::new(state),
        stop,
        counts: Mutex::new((0, 0, 0)),
        expected,
        deferred,
        refreshed,
        progress: Box::new(move |addr, action, done| {
            if quiet || action == Action::NoOp || action == Action::Read {
                return;
            }
            let verb = match (action, done) {
                (Action::Delete, None) => "Destroying...".to_string(),
                (Action::Delete, Some(true)) => "Destruction complete".to_string(),
                (Action::Create, None) => "Creating...".to_string(),
                (Action::Create, Some(true)) => "Creation complete".to_string(),
                (Action::Update, None) => "Modifying...".to_string(),
                (Action::Update, Some(true)) => "Modifications complete".to_string(),
                (_, None) => "Replacing...".to_string(),
                (_, Some(true)) => "Replacement complete".to_string(),
                (_, Some(false)) => return,
            };
            println!("{addr}: {verb}");
        }),
    };
    let (plan, store, diags) =
        runtime.block_on(run_plan(&session.engine, &prior, &opts, Some(&ctx)));
    let counts = *ctx.counts.lock().unwrap_or_else(|p| p.into_inner());
    let mut state = ctx.state.into_inner().unwrap_or_else(|p| p.into_inner());
    // Outputs are saved even after errors: what was applied stays visible.
    let root = crate::addrs::ModuleInstance::root();
    let outputs = store.with(&root, |m| m.outputs.clone());
    let mut stored = std::collections::BTreeMap::new();
    if plan.mode != PlanMode::Destroy {
        for (name, v) in &outputs {
            // As in Terraform, a root output whose value is null is not kept.
            if v.is_null() {
                continue;
            }
            let Ok(value) = value_to_json(v) else {
                continue;
            };
            let sensitive = session
                .engine
                .tree
                .module
                .outputs
                .get(name)
                .is_some_and(|o| o.sensitive)
                || v.has_marks_deep();
            stored.insert(
                name.clone(),
                StoredOutput {
                    value,
                    ty: type_to_json(&v.clone().unmark_deep().0.ty()),
                    sensitive,
                },
            );
        }
    }
    if let Err(e) = state.replace_outputs(&stored, if destroy { "destroy" } else { "apply" }) {
        eprintln!("Error: Failed to save outputs: {e}");
    }
    print(&diags, &session.sources, args.run.no_color);
    if diags.has_errors() {
        return 1;
    }
    let (added, changed, destroyed) = counts;
    if destroy {
        println!("\nDestroy complete! Resources: {destroyed} destroyed.");
    } else {
        println!(
            "\nApply complete! Resources: {added} added, {changed} changed, {destroyed} destroyed."
        );
    }
    if !stored.is_empty() && !args.run.json {
        println!("\nOutputs:\n");
        for (name, o) in &outputs {
            let sensitive = stored.get(name).is_some_and(|s| s.sensitive);
            if sensitive {
                println!("{name} = <sensitive>");
            } else {
                println!("{name} = {}", format_value(o, 0));
            }
        }
    }
    0
}

fn destroy_deposed(
    runtime: &tokio::runtime::Runtime,
    session: &crate::cli::session::Session,
    state: &mut terrace_state::SqliteState,
    run: &crate::cli::args::RunArgs,
) -> bool {
    match runtime.block_on(crate::engine::deposed::destroy_deposed(
        &session.engine,
        state,
    )) {
        Ok(n) => {
            eprintln!("Destroyed {n} deposed object(s) left by an earlier create_before_destroy replacement.");
            true
        }
        Err(d) => {
            print(&d, &session.sources, run.no_color);
            false
        }
    }
}

fn confirm(destroy: bool) -> bool {
    if destroy {
        print!("\nDo you really want to destroy all resources?\n  Terrace will destroy all your managed infrastructure, as shown above.\n  There is no undo. Only 'yes' will be accepted to confirm.\n\n  Enter a value: ");
    } else {
        print!("\nDo you want to perform these actions?\n  Terrace will perform the actions described above.\n  Only 'yes' will be accepted to approve.\n\n  Enter a value: ");
    }
    let _ = std::io::stdout().flush();
    let mut answer = String::new();
    let _ = std::io::stdin().lock().read_line(&mut answer);
    answer.trim() == "yes"
}
