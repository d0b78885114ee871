//! The command line, as typed values. Terraform's single-dash long flags
//! (`-auto-approve`, `-var=k=v`) are accepted as well as `--` forms.

use clap::{Args, Parser, Subcommand};

/// Terrace: plan and apply infrastructure described in Terraform's language.
#[derive(Debug, Parser)]
#[command(name = "terrace", version, about, disable_help_subcommand = true)]
pub struct Cli {
    /// Switch to this directory before doing anything else.
    #[arg(long, global = true, value_name = "DIR")]
    pub chdir: Option<String>,
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// Terrace's commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check whether the configuration is valid.
    Validate(ValidateArgs),
    /// Rewrite configuration files to the canonical layout.
    Fmt(FmtArgs),
    /// Evaluate expressions read from standard input, one result per line.
    Console(RunArgs),
    /// Show what apply would change.
    Plan(RunArgs),
    /// Make the changes and record them in the state.
    Apply(ApplyArgs),
    /// Show output values from the state.
    Output(OutputArgs),
    /// Destroy everything this configuration manages.
    Destroy(ApplyArgs),
    /// Show the state or a saved plan.
    Show(ShowArgs),
    /// Print the dependency graph in DOT.
    Graph(GraphArgs),
    /// Show the providers and their schemas.
    Providers(ProvidersArgs),
    /// Inspect and edit the state.
    State(StateArgs),
    /// Manage workspaces: named states of one configuration.
    Workspace(WorkspaceArgs),
    /// Release a lock left by a process that no longer runs.
    ForceUnlock(ForceUnlockArgs),
    /// Adopt an existing object into the state.
    Import(ImportArgs),
}

/// Flags of `import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Flags shared with plan (variables, lock timeout).
    #[command(flatten)]
    pub run: RunArgs,
    /// The resource address to import to.
    pub address: String,
    /// The provider-specific ID of the object.
    pub id: String,
}

/// `workspace` subcommands.
#[derive(Debug, Args)]
pub struct WorkspaceArgs {
    /// list, show, new, select or delete.
    pub action: String,
    /// The workspace name.
    pub name: Option<String>,
    /// Delete even when the workspace still manages resources.
    #[arg(long)]
    pub force: bool,
}

/// Flags of `force-unlock`.
#[derive(Debug, Args)]
pub struct ForceUnlockArgs {
    /// The lock ID printed in the lock error.
    pub id: String,
    /// Do not ask for confirmation (accepted for compatibility).
    #[arg(long)]
    pub force: bool,
}

/// Flags of `validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Print the result as JSON.
    #[arg(long)]
    pub json: bool,
    /// Print without colour.
    #[arg(long)]
    pub no_color: bool,
}

/// Flags of `fmt`.
#[derive(Debug, Args)]
pub struct FmtArgs {
    /// Only check: exit 3 if any file is not formatted.
    #[arg(long)]
    pub check: bool,
    /// Print the differences.
    #[arg(long)]
    pub diff: bool,
    /// Also format files in subdirectories.
    #[arg(long)]
    pub recursive: bool,
    /// List the files that changed (default true).
    #[arg(long, default_value = "true", num_args = 0..=1, default_missing_value = "true")]
    pub list: String,
    /// Write the result to the files (default true).
    #[arg(long, default_value = "true", num_args = 0..=1, default_missing_value = "true")]
    pub write: String,
    /// Print without colour.
    #[arg(long)]
    pub no_color: bool,
    /// Files or directories to format (default: the current directory).
    pub targets: Vec<String>,
}

/// Flags shared by commands that evaluate the configuration.
#[derive(Debug, Args, Clone, Default)]
pub struct RunArgs {
    /// Set a variable: `-var 'name=value'`.
    #[arg(long = "var", value_name = "NAME=VALUE")]
    pub vars: Vec<String>,
    /// Read variables from a file.
    #[arg(long = "var-file", value_name = "FILE")]
    pub var_files: Vec<String>,
    /// Ask for missing input (accepted for compatibility; Terrace never prompts for variables).
    #[arg(long, default_value = "true", num_args = 0..=1, default_missing_value = "true")]
    pub input: String,
    /// Print without colour.
    #[arg(long)]
    pub no_color: bool,
    /// Print machine-readable JSON.
    #[arg(long)]
    pub json: bool,
    /// Exit 2 when there are changes, 0 when there are none.
    #[arg(long)]
    pub detailed_exitcode: bool,
    /// How long to wait for the state lock.
    #[arg(long, default_value = "0s")]
    pub lock_timeout: String,
    /// Only these resources (and what they depend on).
    #[arg(long = "target", value_name = "ADDRESS")]
    pub targets: Vec<String>,
    /// Leave these resources (and what depends on them) out of the run.
    #[arg(long = "exclude", value_name = "ADDRESS")]
    pub excludes: Vec<String>,
    /// Replace these resource instances even if unchanged.
    #[arg(long = "replace", value_name = "ADDRESS")]
    pub replace: Vec<String>,
    /// Read real objects before planning (default true).
    #[arg(long, default_value = "true", num_args = 0..=1, default_missing_value = "true")]
    pub refresh: String,
    /// Only update the state to match the real objects.
    #[arg(long)]
    pub refresh_only: bool,
    /// Plan to destroy everything.
    #[arg(long)]
    pub destroy: bool,
    /// How many provider operations run at once.
    #[arg(long, default_value_t = 10)]
    pub parallelism: usize,
    /// Save the plan to this file (plan only).
    #[arg(long, value_name = "FILE")]
    pub out: Option<String>,
}

/// Flags of `apply`.
#[derive(Debug, Args)]
pub struct ApplyArgs {
    /// Flags shared with plan.
    #[command(flatten)]
    pub run: RunArgs,
    /// Apply without asking for confirmation.
    #[arg(long)]
    pub auto_approve: bool,
    /// A plan saved by `plan -out` to apply exactly.
    pub plan_file: Option<String>,
}

/// Flags of `show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Print Terraform's JSON format.
    #[arg(long)]
    pub json: bool,
    /// Print without colour.
    #[arg(long)]
    pub no_color: bool,
    /// A saved plan file; without it, the state.
    pub file: Option<String>,
}

/// Flags of `graph`.
#[derive(Debug, Args)]
pub struct GraphArgs {
    /// `plan` or `apply` (the same graph), or `plan-destroy` (reversed).
    #[arg(long = "type", default_value = "plan")]
    pub kind: String,
}

/// `providers` subcommands.
#[derive(Debug, Args)]
pub struct ProvidersArgs {
    /// `schema`.
    pub what: Option<String>,
    /// Print as JSON.
    #[arg(long)]
    pub json: bool,
}

/// `state` subcommands.
#[derive(Debug, Args)]
pub struct StateArgs {
    /// list, show, rm, mv, pull, push, import-terraform.
    pub action: String,
    /// Addresses or files for the action.
    pub args: Vec<String>,
}

/// Flags of `output`.
#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Print as JSON.
    #[arg(long)]
    pub json: bool,
    /// Print a string output's raw value.
    #[arg(long)]
    pub raw: bool,
    /// Print without colour.
    #[arg(long)]
    pub no_color: bool,
    /// Only this output.
    pub name: Option<String>,
}

/// Rewrites Terraform-style single-dash long flags to `--` form, up to `--`.
pub fn normalize(args: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut out = Vec::new();
    let mut passthrough = false;
    for (i, a) in args.into_iter().enumerate() {
        if i == 0 || passthrough {
            out.push(a);
            continue;
        }
        if a == "--" {
            passthrough = true;
            out.push(a);
            continue;
        }
        let is_long_single = a.starts_with('-')
            && !a.starts_with("--")
            && a.len() > 2
            && !a[1..].starts_with(|c: char| c.is_ascii_digit());
        out.push(if is_long_single { format!("-{a}") } else { a });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_dash_flags() {
        let got = normalize(
            [
                "terrace",
                "-chdir=x",
                "apply",
                "-auto-approve",
                "-var",
                "a=-1",
                "--json",
                "-h",
            ]
            .map(String::from),
        );
        assert_eq!(
            got,
            [
                "terrace",
                "--chdir=x",
                "apply",
                "--auto-approve",
                "--var",
                "a=-1",
                "--json",
                "-h"
            ]
        );
    }
}
