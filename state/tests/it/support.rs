//! Helpers shared by the integration tests: temporary databases, sample
//! records, and child processes that hold locks or die mid-change.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::json;
use terrace_state::{
    Action, LockInfo, LockKind, Outcome, ResourceInstance, ResourceMode, SqliteState, StateLock,
};

/// The environment variable that turns the test binary into a child.
pub const CHILD_ROLE: &str = "TERRACE_STATE_TEST_CHILD";
const CHILD_DB: &str = "TERRACE_STATE_TEST_DB";

pub const RANDOM: &str = "provider[\"registry.terraform.io/hashicorp/random\"]";

/// A temporary directory with a database path inside.
pub fn temp_db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("terrace.tfstate.db");
    (dir, path)
}

/// A `random_pet` instance in the root module.
pub fn pet(name: &str, key: serde_json::Value, id: &str) -> ResourceInstance {
    let mut r = ResourceInstance::new("", ResourceMode::Managed, "random_pet", name, key, RANDOM);
    r.attributes =
        json!({"id": id, "keepers": null, "length": 2, "prefix": null, "separator": "-"});
    r
}

/// Creates `r` through the journal, as an apply would.
pub fn create(st: &mut SqliteState, r: &ResourceInstance) -> u64 {
    let id = st
        .begin(&r.address, Action::Create, Some(r))
        .expect("begin");
    st.complete(id, Outcome::Stored(r.clone()))
        .expect("complete")
}

/// A running child process of this test binary, killed when dropped.
pub struct ChildProcess {
    pub child: Child,
}

impl ChildProcess {
    /// Starts the child in `role` on `db`, and waits until it says READY.
    pub fn start(role: &str, db: &Path) -> ChildProcess {
        let exe = std::env::current_exe().expect("test binary");
        let mut child = Command::new(exe)
            .args(["child", "--exact", "--nocapture", "--test-threads=1"])
            .env(CHILD_ROLE, role)
            .env(CHILD_DB, db)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn child");
        let stdout = child.stdout.take().expect("child stdout");
        let (ready, said_ready) = std::sync::mpsc::channel();
        // Reads until READY, then keeps the pipe drained so the child never
        // blocks writing.
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                // libtest prints "test child ... " on the same line.
                if line.trim_end().ends_with("READY") {
                    let _ = ready.send(());
                }
            }
        });
        let mut process = ChildProcess { child };
        if said_ready.recv_timeout(Duration::from_secs(60)).is_err() {
            process.child.kill().ok();
            panic!("child {role} never became ready");
        }
        process
    }

    /// `kill -9`, and waits for the process to be gone.
    pub fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for ChildProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The child side: does what `role` says, prints READY, and waits to be
/// killed.
pub fn run_child(role: &str) {
    let db = PathBuf::from(std::env::var(CHILD_DB).expect("child db"));
    let hold = |kind| {
        StateLock::acquire(&db, kind, LockInfo::current("apply"), Duration::ZERO)
            .expect("child lock")
    };
    let _keep: Box<dyn std::any::Any> = match role {
        "exclusive" => Box::new(hold(LockKind::Exclusive)),
        "shared" => Box::new(hold(LockKind::Shared)),
        "begin-create" => {
            let mut st = SqliteState::open(&db, "default").expect("open");
            let r = pet("crashed", json!(null), "half-made");
            st.begin(&r.address, Action::Create, Some(&r))
                .expect("begin");
            Box::new(st)
        }
        "churn" => {
            // Applies forever: every instance is begun, then completed.
            let mut st = SqliteState::open(&db, "default").expect("open");
            println!("READY");
            let start = std::time::Instant::now();
            let mut i = 0;
            while start.elapsed() < Duration::from_secs(60) {
                i += 1;
                let r = pet("churn", json!(i % 50), &format!("pet-{i}"));
                let action = if st.resource(&r.address).expect("read").is_some() {
                    Action::Update
                } else {
                    Action::Create
                };
                let id = st.begin(&r.address, action, Some(&r)).expect("begin");
                st.complete(id, Outcome::Stored(r)).expect("complete");
            }
            Box::new(())
        }
        other => panic!("unknown child role {other}"),
    };
    println!("READY");
    std::thread::sleep(Duration::from_secs(60));
}
