//! Engine tests that need a provider the binary does not ship: a recording
//! probe, run through the same plan and apply walk the commands use.

mod batch_refresh;
mod deposed;
mod probe;
mod provider_for_each;

use std::collections::BTreeMap;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};

use terrace_state::SqliteState;
use terrace_value::Diagnostics;

use super::apply_exec::ApplyCtx;
use super::config_tree::load_tree;
use super::module_values::base_context;
use super::plan::{run, PlanOptions};
use super::plan_model::Plan;
use super::providers::ProviderSet;
use super::setup::Engine;
use crate::config::variables::resolve;

/// A configuration directory with its own state, planned and applied with
/// the built-in providers plus `probe`.
pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub log: probe::Log,
}

impl Fixture {
    pub fn new(files: &[(&str, &str)]) -> Fixture {
        let dir = tempfile::tempdir().expect("temp dir");
        for (name, text) in files {
            let path = dir.path().join(name);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).expect("create dir");
            }
            std::fs::write(path, text).expect("write file");
        }
        Fixture {
            dir,
            log: probe::Log::default(),
        }
    }

    fn engine(&self) -> Result<Engine, Diagnostics> {
        let cwd = self.dir.path().to_path_buf();
        let (tree, mut diags) = load_tree(&cwd, &cwd);
        let (vars, d) = resolve(&tree.module, &cwd, &[], &BTreeMap::new());
        diags.extend(d);
        if diags.has_errors() {
            return Err(diags);
        }
        let graph = super::graph::build(&tree)?;
        let base = base_context(&cwd, &tree.module, &vars, "default", &cwd);
        let mut factories = crate::engine::registry::factories();
        factories.push(Box::new(probe::Factory(self.log.clone())));
        Ok(Engine {
            tree,
            graph,
            providers: ProviderSet::new(factories),
            base,
            root_vars: vars,
            cwd,
        })
    }

    fn state(&self) -> SqliteState {
        SqliteState::open(
            &self.dir.path().join(terrace_state::DEFAULT_STATE_FILE),
            "default",
        )
        .expect("open state")
    }

    fn options() -> PlanOptions {
        PlanOptions {
            refresh: true,
            parallelism: 10,
            ..PlanOptions::default()
        }
    }

    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime")
    }

    /// Plans against the stored state.
    pub fn plan(&self) -> (Plan, Diagnostics) {
        let engine = match self.engine() {
            Ok(e) => e,
            Err(d) => return (Plan::default(), d),
        };
        let prior = self.state().snapshot().expect("snapshot");
        let (plan, _, diags) =
            Self::runtime().block_on(run(&engine, &prior, &Self::options(), None));
        (plan, diags)
    }

    /// Plans and applies, as `terrace apply -auto-approve` does.
    pub fn apply(&self) -> (Plan, Diagnostics) {
        self.apply_with(None)
    }

    /// Plans, then applies with what that plan refreshed, as `terrace
    /// apply` does after showing the plan.
    pub fn plan_then_apply(&self) -> (Plan, Diagnostics) {
        let (plan, d) = self.plan();
        if d.has_errors() {
            return (plan, d);
        }
        self.apply_with(Some(plan.refreshed))
    }

    fn apply_with(
        &self,
        refreshed: Option<BTreeMap<String, Option<terrace_value::Value>>>,
    ) -> (Plan, Diagnostics) {
        let engine = match self.engine() {
            Ok(e) => e,
            Err(d) => return (Plan::default(), d),
        };
        let mut state = self.state();
        let rt = Self::runtime();
        if let Err(d) = rt.block_on(super::deposed::destroy_deposed(&engine, &mut state)) {
            return (Plan::default(), d);
        }
        let prior = state.snapshot().expect("snapshot");
        let ctx = ApplyCtx {
            state: Mutex::new(state),
            stop: Arc::new(AtomicBool::new(false)),
            counts: Mutex::new((0, 0, 0)),
            expected: None,
            deferred: Default::default(),
            refreshed,
            progress: Box::new(|_, _, _| {}),
        };
        let (plan, _, diags) = rt.block_on(run(&engine, &prior, &Self::options(), Some(&ctx)));
        (plan, diags)
    }
}

/// Panics with the diagnostics' summaries when there are errors.
pub fn assert_ok(diags: &Diagnostics) {
    assert!(
        !diags.has_errors(),
        "{}",
        diags
            .0
            .iter()
            .map(|d| format!("{}: {}", d.summary, d.detail))
            .collect::<Vec<_>>()
            .join("\n")
    );
}
