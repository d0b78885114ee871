//! How commands speak: diagnostics for people (with colour on a terminal) or
//! as JSON, always on standard error for people and standard output for JSON.

use std::io::IsTerminal;

use terrace_value::Diagnostics;

use crate::diagnostics::{human, SourceMap};

/// Whether to use colour: never with `-no-color`, `NO_COLOR`, or off a terminal.
pub fn color(no_color: bool) -> bool {
    !no_color && std::env::var_os("NO_COLOR").is_none() && std::io::stderr().is_terminal()
}

/// Prints diagnostics for people on standard error.
pub fn print_diagnostics(diags: &Diagnostics, sources: &SourceMap, no_color: bool) {
    if diags.is_empty() {
        return;
    }
    eprint!("{}", human::render(diags, sources, color(no_color)));
}
