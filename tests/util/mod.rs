//! A temp directory with configuration files and a way to run the `terrace`
//! binary in it, shared by the end-to-end tests.

#![allow(dead_code)]

pub mod moto;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// A working directory for one test.
pub struct Dir {
    tmp: tempfile::TempDir,
}

/// What a run of the binary produced.
pub struct Output {
    /// The exit code.
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl Dir {
    /// An empty directory.
    pub fn new() -> Dir {
        Dir {
            tmp: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// Its path.
    pub fn path(&self) -> &Path {
        self.tmp.path()
    }

    /// Writes `text` to `name` (creating parent directories).
    pub fn write(&self, name: &str, text: &str) -> &Dir {
        let path = self.tmp.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(path, text).expect("write file");
        self
    }

    /// Reads `name`.
    pub fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.tmp.path().join(name)).expect("read file")
    }

    /// Runs `terrace args...` here with empty standard input.
    pub fn run(&self, args: &[&str]) -> Output {
        self.run_with(args, "", &[])
    }

    /// Runs `terrace args...` here with `stdin` and extra environment.
    pub fn run_with(&self, args: &[&str], stdin: &str, env: &[(&str, &str)]) -> Output {
        let mut cmd = Command::new(binary());
        cmd.args(args)
            .current_dir(self.tmp.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        cmd.env_remove("NO_COLOR");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("start terrace");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(stdin.as_bytes())
            .expect("write stdin");
        let out = child.wait_with_output().expect("wait for terrace");
        Output {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

/// The binary under test.
pub fn binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_terrace"))
}

impl Output {
    /// Standard output parsed as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        })
    }
}
