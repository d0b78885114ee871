//! The `terrace` command line: parses flags into plain values, runs one
//! command, and decides the exit code in one place.

pub mod args;
mod commands;
mod plan_file;
mod plan_view;
mod session;
mod view;
mod workdir;

use std::process::ExitCode;

use clap::Parser;

use args::{Cli, Command};

/// Runs the command line `argv` and returns the process exit code.
pub fn run(argv: impl IntoIterator<Item = String>) -> ExitCode {
    let cli = match Cli::try_parse_from(args::normalize(argv)) {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 1 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    if let Some(dir) = &cli.chdir {
        if let Err(e) = std::env::set_current_dir(dir) {
            eprintln!("Error: Invalid -chdir option: cannot change to {dir}: {e}");
            return ExitCode::from(1);
        }
    }
    let code = match cli.command {
        Command::Validate(a) => commands::validate::run(&a),
        Command::Fmt(a) => commands::fmt::run(&a),
        Command::Console(a) => commands::console::run(&a),
        Command::Plan(a) => commands::plan::run(&a),
        Command::Apply(a) => commands::apply::run(&a, false),
        Command::Destroy(a) => commands::apply::run(&a, true),
        Command::Output(a) => commands::output::run(&a),
        Command::Show(a) => commands::show::run(&a),
        Command::Graph(a) => commands::graph::run(&a),
        Command::Providers(a) => commands::providers::run(&a),
        Command::State(a) => commands::state::run(&a),
        Command::Workspace(a) => commands::workspace::run(&a),
        Command::ForceUnlock(a) => commands::workspace::force_unlock(&a),
        Command::Import(a) => commands::state::import(&a),
    };
    ExitCode::from(code)
}
