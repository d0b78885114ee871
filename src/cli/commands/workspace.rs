//! `terrace workspace list|show|new|select|delete` and `terrace
//! force-unlock`: the named states of one configuration, and breaking a lock.

use terrace_state::{select_workspace, SqliteState};

use crate::cli::args::{ForceUnlockArgs, WorkspaceArgs};
use crate::cli::session::workspace;

/// Runs `workspace`.
pub fn run(args: &WorkspaceArgs) -> u8 {
    let cwd = std::env::current_dir().unwrap_or_default();
    let db = cwd.join(terrace_state::DEFAULT_STATE_FILE);
    let current = workspace(&cwd);
    let mut state = match SqliteState::open(&db, &current) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("\nError: Failed to open the state: {e}");
            return 1;
        }
    };
    let fail = |e: terrace_state::StateError| {
        eprintln!("\nError: {e}");
        1
    };
    match (args.action.as_str(), args.name.as_deref()) {
        ("list", None) => match state.list_workspaces() {
            Ok(mut names) => {
                if !names.iter().any(|n| n == "default") {
                    names.insert(0, "default".into());
                }
                for n in names {
                    println!("{} {n}", if n == current { "*" } else { " " });
                }
                0
            }
            Err(e) => fail(e),
        },
        ("show", None) => {
            println!("{current}");
            0
        }
        ("new", Some(name)) => match state
            .create_workspace(name)
            .and_then(|_| select_workspace(&cwd, name))
        {
            Ok(()) => {
                println!("Created and switched to workspace {name:?}!\n\nYou're now on a new, empty workspace. Workspaces isolate their state,\nso if you run \"terrace plan\" Terrace will not see any existing state\nfor this configuration.");
                0
            }
            Err(e) => fail(e),
        },
        ("select", Some(name)) => match state.workspace_exists(name) {
            Ok(true) => match select_workspace(&cwd, name) {
                Ok(()) => {
                    println!("Switched to workspace {name:?}.");
                    0
                }
                Err(e) => fail(e),
            },
            Ok(false) if name == "default" => match select_workspace(&cwd, name) {
                Ok(()) => {
                    println!("Switched to workspace \"default\".");
                    0
                }
                Err(e) => fail(e),
            },
            Ok(false) => {
                eprintln!("\nError: Workspace {name:?} doesn't exist.\n\nYou can create this workspace with the \"new\" subcommand.");
                1
            }
            Err(e) => fail(e),
        },
        ("delete", Some(name)) => {
            if name == current {
                eprintln!("\nError: Workspace {name:?} is your active workspace.\n\nYou cannot delete the currently active workspace. Please switch to another workspace and try again.");
                return 1;
            }
            match state.delete_workspace(name, args.force) {
                Ok(()) => {
                    println!("Deleted workspace {name:?}!");
                    0
                }
                Err(e) => fail(e),
            }
        }
        (action, _) => {
            eprintln!("\nError: Invalid use of `terrace workspace {action}`\n\nUsage: terrace workspace list | show | new NAME | select NAME | delete [-force] NAME");
            1
        }
    }
}

/// Runs `force-unlock`.
pub fn force_unlock(args: &ForceUnlockArgs) -> u8 {
    let cwd = std::env::current_dir().unwrap_or_default();
    let db = cwd.join(terrace_state::DEFAULT_STATE_FILE);
    match terrace_state::force_unlock(&db, &args.id) {
        Ok(report) => {
            println!("{}", report.message());
            0
        }
        Err(e) => {
            eprintln!("\nError: Failed to unlock state\n\n{e}");
            1
        }
    }
}
