//! What plan, apply and destroy share: the configuration loaded with its
//! modules, variable values, the graph and providers, and the state file.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use terrace_state::{LockInfo, LockKind, SqliteState, StateLock};
use terrace_value::{Diagnostics, Value};

use super::args::RunArgs;
use super::view;
use crate::config::variables::{resolve, CliVar};
use crate::diagnostics::SourceMap;
use crate::engine::config_tree::load_tree;
use crate::engine::graph;
use crate::engine::module_values::base_context;
use crate::engine::plan::PlanOptions;
use crate::engine::plan_model::PlanMode;
use crate::engine::providers::ProviderSet;
use crate::engine::setup::Engine;

/// A loaded working directory, ready to plan.
pub struct Session {
    /// The engine over the configuration.
    pub engine: Engine,
    /// Every configuration file, for diagnostics.
    pub sources: SourceMap,
    /// The state database.
    pub db: PathBuf,
    /// The selected workspace.
    pub workspace: String,
}

/// The selected workspace: `TERRACE_WORKSPACE`, `TF_WORKSPACE`, the one
/// `workspace select` chose, or `default`.
pub fn workspace(cwd: &std::path::Path) -> String {
    std::env::var("TERRACE_WORKSPACE")
        .or_else(|_| std::env::var("TF_WORKSPACE"))
        .ok()
        .or_else(|| terrace_state::selected_workspace(cwd).ok())
        .unwrap_or_else(|| "default".into())
}

impl Session {
    /// Loads the current directory; prints diagnostics and returns the exit
    /// code when it cannot.
    pub fn open(
        args: &RunArgs,
        vars_override: Option<BTreeMap<String, Value>>,
    ) -> Result<Session, u8> {
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
        let (tree, mut diags) = load_tree(&cwd, &cwd);
        let sources: SourceMap = tree
            .all()
            .iter()
            .flat_map(|t| t.module.files.iter().cloned())
            .collect();
        let workspace = workspace(&cwd);
        let vars = match vars_override {
            Some(v) => v,
            None => {
                let mut cli = Vec::new();
                cli.extend(args.var_files.iter().cloned().map(CliVar::File));
                cli.extend(args.vars.iter().cloned().map(CliVar::Var));
                let env: BTreeMap<String, String> = std::env::vars().collect();
                let (vars, d) = resolve(&tree.module, &cwd, &cli, &env);
                diags.extend(d);
                vars
            }
        };
        if diags.has_errors() {
            view::print_diagnostics(&diags, &sources, args.no_color);
            return Err(1);
        }
        let graph = match graph::build(&tree) {
            Ok(g) => g,
            Err(d) => {
                diags.extend(d);
                view::print_diagnostics(&diags, &sources, args.no_color);
                return Err(1);
            }
        };
        view::print_diagnostics(&diags, &sources, args.no_color);
        let base = base_context(&cwd, &tree.module, &vars, &workspace, &cwd);
        let engine = Engine {
            tree,
            graph,
            providers: ProviderSet::new(crate::engine::registry::factories()),
            base,
            root_vars: vars,
            cwd: cwd.clone(),
        };
        Ok(Session {
            engine,
            sources,
            db: cwd.join(terrace_state::DEFAULT_STATE_FILE),
            workspace,
        })
    }

    /// Takes the state lock, waiting up to `-lock-timeout`.
    pub fn lock(&self, kind: LockKind, operation: &str, args: &RunArgs) -> Result<StateLock, u8> {
        let timeout = parse_duration(&args.lock_timeout).unwrap_or(Duration::ZERO);
        let first =
            StateLock::acquire(&self.db, kind, LockInfo::current(operation), Duration::ZERO);
        let result = match first {
            Err(terrace_state::StateError::Locked { holders, .. }) if !timeout.is_zero() => {
                // Waiting is normal in CI; say for whom.
                for h in &holders {
                    eprintln!(
                        "The state is locked: held by {}. Waiting up to {}...",
                        h.describe(),
                        args.lock_timeout
                    );
                }
                StateLock::acquire(&self.db, kind, LockInfo::current(operation), timeout)
            }
            other => other,
        };
        result.map_err(|e| {
            eprintln!("\nError: Error acquiring the state lock\n\n{e}\n\nTerrace acquires a state lock to protect the state from being written by multiple users at the same time. Please resolve the issue above and try again. For most commands, you can disable locking with the \"-lock=false\" flag, but this is not recommended.");
            1
        })
    }

    /// Opens the state database on the selected workspace.
    pub fn state(&self) -> Result<SqliteState, u8> {
        SqliteState::open(&self.db, &self.workspace).map_err(|e| {
            eprintln!("\nError: Failed to open the state\n\n{e}");
            1
        })
    }
}

/// The plan options the flags ask for.
pub fn plan_options(args: &RunArgs, destroy: bool) -> PlanOptions {
    let mode = if destroy || args.destroy {
        PlanMode::Destroy
    } else if args.refresh_only {
        PlanMode::RefreshOnly
    } else {
        PlanMode::Normal
    };
    PlanOptions {
        mode,
        refresh: args.refresh != "false",
        targets: args.targets.clone(),
        excludes: args.excludes.clone(),
        replace: args.replace.clone(),
        parallelism: args.parallelism.max(1),
    }
}

/// `-lock-timeout=30s` and friends.
pub fn parse_duration(text: &str) -> Option<Duration> {
    let t = text.trim();
    let (num, unit) = t.split_at(
        t.find(|c: char| !c.is_ascii_digit() && c != '.')
            .unwrap_or(t.len()),
    );
    let n: f64 = num.parse().ok()?;
    let secs = match unit {
        "" | "s" => n,
        "ms" => n / 1000.0,
        "m" => n * 60.0,
        "h" => n * 3600.0,
        _ => return None,
    };
    Some(Duration::from_secs_f64(secs))
}

/// Prints diagnostics for this session's files.
pub fn print(diags: &Diagnostics, sources: &SourceMap, no_color: bool) {
    view::print_diagnostics(diags, sources, no_color);
}
