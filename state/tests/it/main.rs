//! The state crate's integration tests, built as one binary. The binary
//! also plays the child process in cross-process tests (locks held by
//! another process, a process killed mid-apply): see `support::child`.

mod crash;
mod edits;
mod journal;
mod locks;
mod support;
mod terraform_v4;
mod workspaces;

/// Does nothing unless a test started this binary as a child process.
#[test]
fn child() {
    if let Ok(role) = std::env::var(support::CHILD_ROLE) {
        support::run_child(&role);
    }
}
