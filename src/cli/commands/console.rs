//! `terrace console`: evaluates expressions read from standard input against
//! the configuration, printing one result per expression.

use std::io::{BufRead, Write};

use crate::cli::args::RunArgs;
use crate::cli::view;
use crate::cli::workdir::Workdir;
use crate::diagnostics::SourceMap;
use crate::lang::eval::Evaluator;
use crate::lang::format::format_value;
use crate::lang::parse::parse_expr;
use crate::lang::source::SourceFile;

/// Runs `console`.
pub fn run(args: &RunArgs) -> u8 {
    let (wd, mut diags) = Workdir::load();
    if diags.has_errors() {
        view::print_diagnostics(&diags, &wd.sources, args.no_color);
        return 1;
    }
    let (ctx, ctx_diags) = wd.context(args, false);
    diags.extend(ctx_diags);
    view::print_diagnostics(&diags, &wd.sources, args.no_color);
    if diags.has_errors() {
        return 1;
    }
    let stdin = std::io::stdin();
    let mut stdout = std::io::stdout();
    let mut failed = false;
    let mut pending = String::new();
    for line in stdin.lock().lines() {
        let Ok(line) = line else { break };
        if pending.is_empty() && line.trim().is_empty() {
            continue;
        }
        pending.push_str(&line);
        pending.push('\n');
        if !balanced(&pending) {
            continue;
        }
        let text = std::mem::take(&mut pending);
        let file = SourceFile::new("<console-input>", text.trim_end().to_string());
        let sources: SourceMap = std::iter::once(file.clone()).collect();
        let result = match parse_expr(&file) {
            Ok(expr) => Evaluator::new(&file, &ctx).eval(&expr),
            Err(d) => Err(d),
        };
        match result {
            Ok(v) => {
                let _ = writeln!(stdout, "{}", format_value(&v, 0));
            }
            Err(d) => {
                failed = true;
                view::print_diagnostics(&d, &sources, args.no_color);
            }
        }
    }
    u8::from(failed)
}

/// Whether brackets and heredocs are closed, so the expression is complete.
fn balanced(text: &str) -> bool {
    let mut depth = 0i64;
    let mut in_string = false;
    let mut escaped = false;
    for c in text.chars() {
        if in_string {
            match (c, escaped) {
                (_, true) => escaped = false,
                ('\\', false) => escaped = true,
                ('"', false) => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            _ => {}
        }
    }
    if depth > 0 {
        return false;
    }
    match text.find("<<") {
        Some(i) => {
            let rest = &text[i + 2..];
            let rest = rest.strip_prefix('-').unwrap_or(rest);
            let marker: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            marker.is_empty() || text.lines().skip(1).any(|l| l.trim() == marker)
        }
        None => true,
    }
}
