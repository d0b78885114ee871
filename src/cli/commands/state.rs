//! `terrace state list|show|rm|mv|pull|push|import-terraform`: inspect and
//! edit the state, under the exclusive lock for edits.

use std::time::Duration;

use terrace_state::{InstanceStatus, LockInfo, LockKind, SqliteState, StateLock};

use crate::cli::args::StateArgs;
use crate::cli::session::workspace;

/// Runs `state`.
pub fn run(args: &StateArgs) -> u8 {
    let cwd = std::env::current_dir().unwrap_or_default();
    let db = cwd.join(terrace_state::DEFAULT_STATE_FILE);
    let ws = workspace(&cwd);
    let edit = matches!(
        args.action.as_str(),
        "rm" | "mv" | "push" | "import-terraform"
    );
    let kind = if edit {
        LockKind::Exclusive
    } else {
        LockKind::Shared
    };
    let _lock = match StateLock::acquire(
        &db,
        kind,
        LockInfo::current(&format!("state {}", args.action)),
        Duration::ZERO,
    ) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("\nError: Error acquiring the state lock\n\n{e}");
            return 1;
        }
    };
    let mut state = match SqliteState::open(&db, &ws) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("Error: Failed to open the state: {e}");
            return 1;
        }
    };
    let fail = |e: terrace_state::StateError| {
        eprintln!("\nError: {e}");
        1
    };
    match (args.action.as_str(), args.args.as_slice()) {
        ("list", filters) => {
            let snapshot = match state.snapshot() {
                Ok(s) => s,
                Err(e) => return fail(e),
            };
            for (addr, r) in &snapshot.resources {
                if !filters.is_empty()
                    && !filters.iter().any(|f| {
                        addr == f
                            || addr.starts_with(&format!("{f}["))
                            || addr.starts_with(&format!("{f}."))
                    })
                {
                    continue;
                }
                match &r.status {
                    InstanceStatus::Pending { action, .. } => {
                        println!("{addr} (pending {})", action.as_str())
                    }
                    InstanceStatus::Tainted => println!("{addr} (tainted)"),
                    InstanceStatus::Ready => println!("{addr}"),
                }
            }
            for d in &snapshot.deposed {
                if filters.is_empty() || filters.iter().any(|f| d.address.starts_with(f.as_str())) {
                    println!("{} (deposed object {})", d.address, d.key);
                }
            }
            0
        }
        ("show", [addr]) => match state.resource(addr) {
            Ok(Some(r)) => {
                println!("# {}:", r.address);
                println!(
                    "resource {:?} {:?} {}",
                    r.type_name,
                    r.name,
                    serde_json::to_string_pretty(&r.attributes).unwrap_or_default()
                );
                0
            }
            Ok(None) => {
                eprintln!("\nError: No instance found for the given address\n\nThis command requires that the address references one specific instance. {addr} is not in the state.");
                1
            }
            Err(e) => fail(e),
        },
        ("rm", addrs) if !addrs.is_empty() => {
            for a in addrs {
                match state.rm(a) {
                    Ok(removed) if removed.is_empty() => {
                        eprintln!(
                            "\nError: Invalid target address\n\nNo matching objects found for {a}."
                        );
                        return 1;
                    }
                    Ok(removed) => {
                        for r in removed {
                            println!("Removed {r}");
                        }
                    }
                    Err(e) => return fail(e),
                }
            }
            println!("Successfully removed {} resource instance(s).", addrs.len());
            0
        }
        ("mv", [from, to]) => match state.mv(from, to) {
            Ok(moved) => {
                for (a, b) in &moved {
                    println!("Move {a:?} to {b:?}");
                }
                println!("Successfully moved {} object(s).", moved.len());
                0
            }
            Err(e) => fail(e),
        },
        ("pull", []) => match state.snapshot() {
            Ok(s) => {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&terrace_state::to_terraform_v4(&s))
                        .unwrap_or_default()
                );
                0
            }
            Err(e) => fail(e),
        },
        ("push" | "import-terraform", [file]) => {
            let text = match std::fs::read_to_string(file) {
                Ok(t) => t,
                Err(e) => {
                    eprintln!("\nError: cannot read {file}: {e}");
                    return 1;
                }
            };
            let doc: serde_json::Value = match serde_json::from_str(&text) {
                Ok(d) => d,
                Err(e) => {
                    eprintln!("\nError: {file} is not a JSON state file: {e}");
                    return 1;
                }
            };
            let result = if args.action == "push" {
                terrace_state::from_terraform_v4(&doc).and_then(|s| state.push(&s, false))
            } else {
                state.import_terraform(&doc)
            };
            match result {
                Ok(serial) => {
                    println!("State written at serial {serial}.");
                    0
                }
                Err(e) => fail(e),
            }
        }
        (action, _) => {
            eprintln!("\nError: Invalid use of `terrace state {action}`\n\nUsage: terrace state list [ADDRESS...] | show ADDRESS | rm ADDRESS... | mv FROM TO | pull | push FILE | import-terraform terraform.tfstate");
            1
        }
    }
}

/// Runs `import ADDRESS ID`.
pub fn import(args: &crate::cli::args::ImportArgs) -> u8 {
    let session = match crate::cli::session::Session::open(&args.run, None) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let _lock = match session.lock(LockKind::Exclusive, "import", &args.run) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let state = match session.state() {
        Ok(s) => std::sync::Mutex::new(s),
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
    match runtime.block_on(crate::engine::import::import(
        &session.engine,
        &state,
        &args.address,
        &args.id,
    )) {
        Ok(()) => {
            println!("{}: Import prepared!\n{}: Refreshing state... [id={}]\n\nImport successful!\n\nThe resources that were imported are shown above. These resources are now in\nyour Terrace state and will henceforth be managed by Terrace.", args.address, args.address, args.id);
            0
        }
        Err(d) => {
            crate::cli::session::print(&d, &session.sources, args.run.no_color);
            1
        }
    }
}
