//! The working directory a command runs in: its root module, its variables,
//! its state file and workspace, loaded once per command.

use std::collections::BTreeMap;
use std::path::PathBuf;

use terrace_value::Diagnostics;

use super::args::RunArgs;
use crate::config::variables::{resolve, CliVar};
use crate::config::{load_module, Module};
use crate::diagnostics::SourceMap;
use crate::engine::module_values::{base_context, evaluate_locals};
use crate::lang::scope::EvalContext;

/// The loaded root module and what diagnostics need to show it.
pub struct Workdir {
    /// The current directory.
    pub cwd: PathBuf,
    /// The root module.
    pub module: Module,
    /// Its files, for snippets.
    pub sources: SourceMap,
}

impl Workdir {
    /// Loads the root module of the current directory.
    pub fn load() -> (Workdir, Diagnostics) {
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
        let (module, diags) = load_module(&cwd, ".");
        let sources = module.files.iter().cloned().collect();
        (
            Workdir {
                cwd,
                module,
                sources,
            },
            diags,
        )
    }

    /// The selected workspace, as every command chooses it.
    pub fn workspace(&self) -> String {
        super::session::workspace(&self.cwd)
    }

    /// The embedded state file of this directory.
    pub fn state_path(&self) -> PathBuf {
        self.cwd.join(terrace_state::DEFAULT_STATE_FILE)
    }

    /// Variable values from every source, then locals: the context that
    /// outputs and (later) resources are evaluated in.
    pub fn context(&self, args: &RunArgs, planning: bool) -> (EvalContext, Diagnostics) {
        let mut cli = Vec::new();
        // clap keeps -var and -var-file apart; Terraform gives them equal
        // precedence in command-line order, which these flags approximate by
        // applying files first and single values after.
        cli.extend(args.var_files.iter().cloned().map(CliVar::File));
        cli.extend(args.vars.iter().cloned().map(CliVar::Var));
        let env: BTreeMap<String, String> = std::env::vars().collect();
        let (vars, mut diags) = resolve(&self.module, &self.cwd, &cli, &env);
        let mut ctx = base_context(&self.cwd, &self.module, &vars, &self.workspace(), &self.cwd);
        ctx.planning = planning;
        if !diags.has_errors() {
            diags.extend(evaluate_locals(&self.module, &mut ctx));
        }
        (ctx, diags)
    }
}
