//! Crash safety and locking, end to end: an apply killed with SIGKILL at
//! random moments never leaves an object the state does not know, nor a lock
//! that needs a manual unlock; concurrent applies on one state serialize.

mod util;

use std::collections::BTreeSet;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use util::{binary, Dir};

const FILES: usize = 300;

fn config() -> String {
    format!(
        "resource \"local_file\" \"f\" {{\n  count    = {FILES}\n  filename = \"${{path.module}}/out/${{count.index}}.txt\"\n  content  = \"file ${{count.index}}\"\n}}\n"
    )
}

/// A small deterministic-per-run jitter source, so kills land at varied moments.
fn jitter(seed: &mut u64, max_ms: u64) -> Duration {
    *seed ^= *seed << 13;
    *seed ^= *seed >> 7;
    *seed ^= *seed << 17;
    Duration::from_millis(*seed % max_ms.max(1))
}

fn files_on_disk(dir: &Dir) -> BTreeSet<String> {
    std::fs::read_dir(dir.path().join("out"))
        .map(|rd| {
            rd.filter_map(Result::ok)
                .filter_map(|e| e.file_name().into_string().ok())
                .collect()
        })
        .unwrap_or_default()
}

fn state_addresses(dir: &Dir) -> BTreeSet<String> {
    let out = dir.run(&["state", "list"]);
    assert_eq!(
        out.code, 0,
        "state list after a kill must work without manual steps: {}",
        out.stderr
    );
    out.stdout
        .lines()
        .map(|l| l.split(" (").next().unwrap_or(l).to_string())
        .collect()
}

#[test]
fn sigkill_at_random_moments_loses_track_of_nothing() {
    let dir = Dir::new();
    dir.write("main.tf", &config());
    // How long a whole apply and destroy take here, so kills land inside them.
    let timed = |args: &[&str]| {
        let started = Instant::now();
        let out = dir.run(args);
        assert_eq!(out.code, 0, "{}", out.stderr);
        started.elapsed()
    };
    let apply_time = timed(&["apply", "-auto-approve", "-parallelism=4"]);
    let destroy_time = timed(&["destroy", "-auto-approve", "-parallelism=4"]);
    let mut seed = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(7)
        | 1;
    let mut kills = 0;
    for round in 0..16 {
        // Alternate, so every round has work to interrupt.
        let (command, span) = if round % 2 == 0 {
            ("apply", apply_time)
        } else {
            ("destroy", destroy_time)
        };
        let mut child = Command::new(binary())
            .args([command, "-auto-approve", "-parallelism=4"])
            .current_dir(dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start terrace");
        std::thread::sleep(jitter(&mut seed, span.as_millis() as u64));
        if child.try_wait().expect("poll").is_none() {
            child.kill().expect("SIGKILL");
            kills += 1;
        }
        let _ = child.wait();
        let known = state_addresses(&dir);
        for file in files_on_disk(&dir) {
            let addr = format!("local_file.f[{}]", file.trim_end_matches(".txt"));
            assert!(
                known.contains(&addr),
                "round {round} ({command}): {file} exists but the state does not know {addr}"
            );
        }
    }
    assert!(
        kills > 0,
        "no run was ever interrupted; the test did not test anything"
    );
    let apply = dir.run(&["apply", "-auto-approve"]);
    assert_eq!(
        apply.code, 0,
        "apply after kills: {}\n{}",
        apply.stdout, apply.stderr
    );
    assert_eq!(files_on_disk(&dir).len(), FILES);
    assert_eq!(dir.run(&["plan", "-detailed-exitcode"]).code, 0);
    let destroy = dir.run(&["destroy", "-auto-approve"]);
    assert_eq!(destroy.code, 0, "{}\n{}", destroy.stdout, destroy.stderr);
    assert!(files_on_disk(&dir).is_empty());
    assert!(state_addresses(&dir).is_empty());
}

#[test]
fn concurrent_applies_serialize_and_lose_nothing() {
    let dir = Dir::new();
    dir.write("main.tf", "variable \"n\" {}\nresource \"terraform_data\" \"t\" {\n  input = var.n\n}\noutput \"n\" {\n  value = terraform_data.t.output\n}\n");
    assert_eq!(
        dir.run(&["apply", "-auto-approve", "-var", "n=start"]).code,
        0
    );
    let serial = |d: &Dir| {
        d.run(&["state", "pull"]).json()["serial"]
            .as_u64()
            .unwrap_or(0)
    };
    let before = serial(&dir);
    let started = Instant::now();
    // Hold the lock while they start, so every one of them has to wait.
    let held = terrace_state::StateLock::acquire(
        &dir.path().join(terrace_state::DEFAULT_STATE_FILE),
        terrace_state::LockKind::Exclusive,
        terrace_state::LockInfo::current("test holds the lock"),
        Duration::ZERO,
    )
    .expect("lock");
    let children: Vec<_> = (0..10)
        .map(|i| {
            Command::new(binary())
                .args([
                    "apply",
                    "-auto-approve",
                    "-lock-timeout=120s",
                    "-var",
                    &format!("n=run-{i}"),
                ])
                .current_dir(dir.path())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("start apply")
        })
        .collect();
    std::thread::sleep(Duration::from_millis(1500));
    drop(held);
    let mut waited = 0;
    for c in children {
        let out = c.wait_with_output().expect("wait");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "an apply failed: {stderr}");
        if stderr.contains("held by") {
            waited += 1;
        }
    }
    assert!(started.elapsed() < Duration::from_secs(120));
    assert!(
        waited > 0,
        "some applies must have waited and named the holder"
    );
    assert!(
        serial(&dir) >= before + 10,
        "every apply's change must be recorded: serial {} -> {}",
        before,
        serial(&dir)
    );
    let history = dir.run(&["state", "list"]);
    assert_eq!(history.stdout.trim(), "terraform_data.t");
    let final_value = dir.run(&["output", "-raw", "n"]).stdout;
    assert!(final_value.starts_with("run-"), "{final_value}");
}
