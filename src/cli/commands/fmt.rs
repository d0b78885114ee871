//! `terrace fmt`: rewrites `.tf` and `.tfvars` files to the canonical layout.

use std::path::{Path, PathBuf};

use crate::cli::args::FmtArgs;

/// Runs `fmt`; exit 3 under `-check` when a file needs formatting, 2 on
/// syntax errors.
pub fn run(args: &FmtArgs) -> u8 {
    let targets: Vec<PathBuf> = if args.targets.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.targets.iter().map(PathBuf::from).collect()
    };
    let mut files = Vec::new();
    for t in &targets {
        if t.is_dir() {
            collect(t, args.recursive, &mut files);
        } else if t.is_file() {
            files.push(t.clone());
        } else {
            eprintln!("Error: No file or directory at {}", t.display());
            return 2;
        }
    }
    let list = args.list != "false";
    let write = args.write != "false" && !args.check;
    let mut unformatted = false;
    let mut failed = false;
    for f in files {
        let shown = f.strip_prefix("./").unwrap_or(&f).display().to_string();
        let Ok(src) = std::fs::read_to_string(&f) else {
            eprintln!("Error: Failed to read file {shown}");
            failed = true;
            continue;
        };
        let formatted = match crate::fmt::format_source(&src) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("Error: Invalid syntax in {shown}: {e}");
                failed = true;
                continue;
            }
        };
        if formatted == src {
            continue;
        }
        unformatted = true;
        if list {
            println!("{shown}");
        }
        if args.diff {
            print!("{}", crate::fmt::unified_diff(&shown, &src, &formatted));
        }
        if write {
            if let Err(e) = std::fs::write(&f, formatted) {
                eprintln!("Error: Failed to write {shown}: {e}");
                failed = true;
            }
        }
    }
    if failed {
        2
    } else if args.check && unformatted {
        3
    } else {
        0
    }
}

fn collect(dir: &Path, recursive: bool, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if p.is_dir() {
            if recursive && !name.starts_with('.') {
                collect(&p, recursive, out);
            }
        } else if name.ends_with(".tf")
            || name.ends_with(".tfvars")
            || name.ends_with(".tftest.hcl")
        {
            out.push(p);
        }
    }
}
