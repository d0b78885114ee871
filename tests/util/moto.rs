//! One moto server (the AWS API emulator) per test binary, on a free
//! loopback port, and a way to run boto3 snippets against it for changes
//! made outside Terrace. The server stops when the test process exits: it
//! runs under a shell that kills it once the pipe from this process closes.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

/// A running moto server.
pub struct Moto {
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    _child: Mutex<Child>,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

/// The shared server, started on first use.
pub fn moto() -> &'static Moto {
    static SERVER: OnceLock<Moto> = OnceLock::new();
    SERVER.get_or_init(|| {
        let port = free_port();
        let launcher = concat!(env!("CARGO_MANIFEST_DIR"), "/testing/moto/server.py");
        let script = format!(
            "python3 '{launcher}' -H 127.0.0.1 -p {port} >/dev/null 2>&1 & pid=$!; \
             cat >/dev/null; kill $pid"
        );
        let child = Command::new("sh")
            .args(["-c", &script])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start moto (run scripts/deps/moto to install it)");
        let deadline = Instant::now() + Duration::from_secs(60);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "moto did not start on port {port}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        Moto {
            url: format!("http://127.0.0.1:{port}"),
            _child: Mutex::new(child),
        }
    })
}

impl Moto {
    /// A `provider "aws"` block for `region` pointing every service here.
    pub fn provider_block(&self, alias: Option<&str>, region: &str, extra: &str) -> String {
        let alias = alias
            .map(|a| format!("  alias = \"{a}\"\n"))
            .unwrap_or_default();
        format!(
            "provider \"aws\" {{\n{alias}  region = \"{region}\"\n  access_key = \"testing\"\n  secret_key = \"testing\"\n  skip_credentials_validation = true\n  s3_use_path_style = true\n  max_retries = 2\n{extra}\n{}}}\n",
            self.endpoints_block()
        )
    }

    /// An `endpoints` block pointing every service here.
    pub fn endpoints_block(&self) -> String {
        let services = [
            "s3",
            "rds",
            "cloudwatch",
            "cloudwatchlogs",
            "sqs",
            "sns",
            "iam",
            "dynamodb",
            "elasticache",
            "secretsmanager",
            "sts",
        ];
        let endpoints: String = services
            .iter()
            .map(|s| format!("    {s} = \"{}\"\n", self.url))
            .collect();
        format!("  endpoints {{\n{endpoints}  }}\n")
    }

    /// Runs a boto3 snippet with `session` (a boto3 session for `region`)
    /// and `client(name)` bound; returns what it prints.
    pub fn boto3(&self, region: &str, code: &str) -> String {
        let prelude = format!(
            "import boto3, json\nsession = boto3.session.Session(aws_access_key_id='testing', aws_secret_access_key='testing', region_name='{region}')\n\
             def client(name):\n    return session.client(name, endpoint_url='{}')\n",
            self.url
        );
        let mut child = Command::new("python3")
            .args(["-c", &format!("{prelude}{code}")])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run python3");
        let mut out = String::new();
        let mut err = String::new();
        child.stdout.take().map(|mut s| s.read_to_string(&mut out));
        if let Some(e) = child.stderr.take() {
            for line in BufReader::new(e).lines().map_while(Result::ok) {
                err.push_str(&line);
                err.push('\n');
            }
        }
        let status = child.wait().expect("wait for python3");
        assert!(status.success(), "boto3 snippet failed:\n{code}\n{err}");
        out
    }
}

/// A throttling proxy in front of the moto server (see
/// `testing/moto/throttle.py`): the first `n` requests are refused with
/// `ThrottlingException`, the rest passed on. Stops when dropped.
pub struct Throttle {
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    child: Child,
    seen: std::sync::Arc<Mutex<Vec<String>>>,
}

impl Moto {
    /// Starts a proxy that throttles the first `n` requests.
    pub fn throttling_proxy(&self, n: u32) -> Throttle {
        let port = free_port();
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/testing/moto/throttle.py");
        let mut child = Command::new("python3")
            .args([script, &port.to_string(), &self.url, &n.to_string()])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the throttling proxy");
        let seen = std::sync::Arc::new(Mutex::new(Vec::new()));
        if let Some(out) = child.stdout.take() {
            let seen = seen.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(out).lines().map_while(Result::ok) {
                    seen.lock().unwrap_or_else(|p| p.into_inner()).push(line);
                }
            });
        }
        let deadline = Instant::now() + Duration::from_secs(30);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "the proxy did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        Throttle {
            url: format!("http://127.0.0.1:{port}"),
            child,
            seen,
        }
    }
}

impl Throttle {
    /// What the proxy did with each request so far: "throttled" or "passed".
    pub fn log(&self) -> Vec<String> {
        self.seen.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }
}

impl Drop for Throttle {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
