//! A throwaway Prometheus server for the end-to-end tests: its own config
//! with `rule_files` over a rules directory and a `file_sd_configs` job over
//! a targets directory, on a free loopback port with the lifecycle API on,
//! shared by the tests of one test binary. A watchdog shell stops it and
//! removes its directory when the test process exits.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// A running server.
pub struct Prometheus {
    /// Its port on 127.0.0.1.
    pub port: u16,
    /// The directory its `rule_files` glob covers.
    pub rules_dir: PathBuf,
    /// The directory its `file_sd_configs` glob covers.
    pub targets_dir: PathBuf,
    /// The user and password it demands, if any.
    pub basic_auth: Option<(String, String)>,
}

/// The server shared by this test binary, started on first use.
pub fn shared() -> &'static Prometheus {
    static PROM: OnceLock<Prometheus> = OnceLock::new();
    PROM.get_or_init(|| Prometheus::start(None))
}

/// A second server, shared too, that demands HTTP basic authentication.
pub fn with_basic_auth() -> &'static Prometheus {
    static PROM: OnceLock<Prometheus> = OnceLock::new();
    PROM.get_or_init(|| Prometheus::start(Some(("ops", "prom-pass-9"))))
}

impl Prometheus {
    fn start(basic_auth: Option<(&str, &str)>) -> Prometheus {
        let dir = tempfile::Builder::new()
            .prefix("terrace-prom")
            .tempdir()
            .expect("temp dir")
            .keep();
        let rules_dir = dir.join("rules");
        let targets_dir = dir.join("targets");
        std::fs::create_dir_all(&rules_dir).expect("mkdir rules");
        std::fs::create_dir_all(&targets_dir).expect("mkdir targets");
        std::fs::write(
            dir.join("prometheus.yml"),
            format!(
                "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nrule_files:\n  - {}/*.yml\nscrape_configs:\n  - job_name: file_sd\n    file_sd_configs:\n      - files: ['{}/*.json']\n        refresh_interval: 1s\n",
                rules_dir.display(),
                targets_dir.display()
            ),
        )
        .expect("write prometheus.yml");
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .expect("free port");
        let mut web = String::new();
        if let Some((user, password)) = basic_auth {
            let hash = bcrypt::hash(password, 4).expect("bcrypt");
            std::fs::write(
                dir.join("web.yml"),
                format!("basic_auth_users:\n  {user}: '{hash}'\n"),
            )
            .expect("write web.yml");
            web = format!("--web.config.file='{}/web.yml'", dir.display());
        }
        let server = format!(
            "prometheus --config.file='{dir}/prometheus.yml' --web.listen-address=127.0.0.1:{port} {web} \
             --web.enable-lifecycle --storage.tsdb.path='{dir}/data' >'{dir}/log' 2>&1 & p=$!; \
             while kill -0 {me} 2>/dev/null && kill -0 $p 2>/dev/null; do sleep 0.5; done; \
             kill $p 2>/dev/null; wait $p; rm -rf '{dir}'",
            dir = dir.display(),
            me = std::process::id(),
        );
        // The watchdog outlives this process by design, so it is never waited for.
        #[allow(clippy::zombie_processes)]
        Command::new("sh")
            .args(["-c", &server])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start prometheus (run scripts/deps/prometheus)");
        let p = Prometheus {
            port,
            rules_dir,
            targets_dir,
            basic_auth: basic_auth.map(|(u, p)| (u.to_string(), p.to_string())),
        };
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let answer = p.request("GET", "/-/ready");
            if answer.as_ref().map(|(s, _)| *s) == Some(200) {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "Prometheus did not start ({answer:?}): {}",
                std::fs::read_to_string(dir.join("log")).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(200));
        }
        p
    }

    /// Sends `method path` over HTTP/1.0; the status and body.
    pub fn request(&self, method: &str, path: &str) -> Option<(u16, String)> {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).ok()?;
        s.set_read_timeout(Some(Duration::from_secs(30))).ok()?;
        let auth = match &self.basic_auth {
            Some((u, p)) => {
                use base64::Engine;
                let token = base64::engine::general_purpose::STANDARD.encode(format!("{u}:{p}"));
                format!("Authorization: Basic {token}\r\n")
            }
            None => String::new(),
        };
        write!(
            s,
            "{method} {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n{auth}Content-Length: 0\r\n\r\n"
        )
        .ok()?;
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).ok()?;
        let text = String::from_utf8_lossy(&raw).into_owned();
        let (head, body) = text.split_once("\r\n\r\n")?;
        let status = head.split_whitespace().nth(1)?.parse().ok()?;
        Some((status, body.to_string()))
    }

    /// GETs an API path and parses its JSON `data`.
    pub fn api(&self, path: &str) -> serde_json::Value {
        let (status, body) = self.request("GET", path).expect("Prometheus answers");
        assert_eq!(status, 200, "{path}: {body}");
        let v: serde_json::Value = serde_json::from_str(&body).expect("JSON");
        v["data"].clone()
    }

    /// Tells Prometheus to reload its configuration and rule files.
    pub fn reload(&self) {
        let (status, body) = self
            .request("POST", "/-/reload")
            .expect("Prometheus answers");
        assert_eq!(status, 200, "reload: {body}");
    }

    /// A provider block for this server.
    pub fn provider_block(&self) -> String {
        format!(
            "provider \"prometheus\" {{\n  url         = \"http://127.0.0.1:{}\"\n  rules_dir   = \"{}\"\n  file_sd_dir = \"{}\"\n}}\n",
            self.port,
            self.rules_dir.display(),
            self.targets_dir.display()
        )
    }
}
