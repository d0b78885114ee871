//! A throwaway PostgreSQL server for the end-to-end tests: a fresh cluster
//! in a temp directory, password authentication over TCP on a free loopback
//! port, shared by the tests of one test binary. A watchdog shell stops the
//! server and removes its directory when the test process exits, so a
//! shared instance needs no destructor.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// The superuser's password of every test cluster.
pub const PASSWORD: &str = "s3cret-pg-pw";

/// A running server.
pub struct Postgres {
    /// Its TCP port on 127.0.0.1.
    pub port: u16,
    /// The CA (PEM) that signed the server's certificate, for 127.0.0.1.
    pub ca_pem: PathBuf,
    /// Another CA (PEM), which signed nothing the server has.
    pub other_ca_pem: PathBuf,
    bin: PathBuf,
}

/// A test CA and a server certificate for localhost and 127.0.0.1 signed
/// by it (and an unrelated CA), made with the openssl command.
fn make_certificates(dir: &Path) {
    let ec = [
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
    ];
    let run = |args: &[&str]| {
        let out = Command::new("openssl")
            .args(args)
            .current_dir(dir)
            .output()
            .expect("run openssl");
        assert!(
            out.status.success(),
            "openssl {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    for ca in ["ca", "other-ca"] {
        let (key, pem) = (format!("{ca}.key"), format!("{ca}.pem"));
        let mut args = vec!["req", "-x509", "-days", "2", "-subj", "/CN=terrace test CA"];
        args.extend(ec);
        args.extend(["-keyout", key.as_str(), "-out", pem.as_str()]);
        run(&args);
    }
    let mut args = vec![
        "req",
        "-subj",
        "/CN=localhost",
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
    ];
    args.extend(ec);
    run(&args);
    std::fs::write(
        dir.join("server.ext"),
        "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n",
    )
    .expect("write extensions");
    run(&[
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-days",
        "2",
        "-extfile",
        "server.ext",
        "-out",
        "server.pem",
    ]);
}

/// The server shared by this test binary, started on first use.
pub fn shared() -> &'static Postgres {
    static PG: OnceLock<Postgres> = OnceLock::new();
    PG.get_or_init(Postgres::start)
}

fn bin_dir() -> PathBuf {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.path().join("bin"))
                .collect()
        })
        .unwrap_or_default();
    dirs.retain(|d| d.join("initdb").exists());
    dirs.sort();
    dirs.pop()
        .expect("PostgreSQL is not installed: run scripts/deps/postgresql")
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// `program args` as the `postgres` user when running as root (the server
/// refuses to run as root).
fn as_server_user(program: &Path) -> Command {
    if is_root() {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(program);
        c
    } else {
        Command::new(program)
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

impl Postgres {
    fn start() -> Postgres {
        let bin = bin_dir();
        let dir = tempfile::Builder::new()
            .prefix("terrace-pg")
            .tempdir()
            .expect("temp dir")
            .keep();
        let data = dir.join("data");
        std::fs::write(dir.join("pw"), PASSWORD).expect("write password file");
        make_certificates(&dir);
        if is_root() {
            let ok = Command::new("chown")
                .args(["-R", "postgres:postgres"])
                .arg(&dir)
                .status()
                .expect("chown")
                .success();
            assert!(ok, "chown of the cluster directory failed");
        }
        let out = as_server_user(&bin.join("initdb"))
            .arg("-D")
            .arg(&data)
            .args([
                "-U",
                "postgres",
                "-A",
                "scram-sha-256",
                "-E",
                "UTF8",
                "--locale=C",
                "-N",
            ])
            .arg(format!("--pwfile={}", dir.join("pw").display()))
            .output()
            .expect("run initdb");
        assert!(
            out.status.success(),
            "initdb failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        std::fs::write(
            data.join("pg_hba.conf"),
            "hostnossl all tls_only 127.0.0.1/32 reject\nhost all all 127.0.0.1/32 scram-sha-256\n",
        )
        .expect("write pg_hba.conf");
        let port = free_port();
        // The watchdog: start the server, wait for this test process to
        // end, then stop the server (the postmaster itself: runuser does
        // not pass signals on) and remove the cluster.
        let server = format!(
            "{runas}'{bin}/postgres' -D '{data}' -p {port} -h 127.0.0.1 -k '{dir}' -F -c max_connections=200 -c ssl=on -c ssl_cert_file='{dir}/server.pem' -c ssl_key_file='{dir}/server.key' >'{dir}/log' 2>&1 & pg=$!; \
             while kill -0 {me} 2>/dev/null && kill -0 $pg 2>/dev/null; do sleep 0.5; done; \
             kill -INT $(head -n 1 '{data}/postmaster.pid' 2>/dev/null) 2>/dev/null; wait $pg; rm -rf '{dir}'",
            runas = if is_root() { "runuser -u postgres -- " } else { "" },
            bin = bin.display(),
            data = data.display(),
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
            .expect("start postgres");
        let pg = Postgres {
            port,
            ca_pem: dir.join("ca.pem"),
            other_ca_pem: dir.join("other-ca.pem"),
            bin,
        };
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if pg.try_psql("postgres", "SELECT 1").is_ok_and(|s| s == "1") {
                return pg;
            }
            assert!(
                Instant::now() < deadline,
                "PostgreSQL did not start: {}",
                std::fs::read_to_string(dir.join("log")).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    fn try_psql(&self, database: &str, sql: &str) -> Result<String, String> {
        let out = Command::new(self.bin.join("psql"))
            .args([
                "-h",
                "127.0.0.1",
                "-U",
                "postgres",
                "-X",
                "-A",
                "-t",
                "-v",
                "ON_ERROR_STOP=1",
            ])
            .arg("-p")
            .arg(self.port.to_string())
            .arg("-d")
            .arg(database)
            .arg("-c")
            .arg(sql)
            .env("PGPASSWORD", PASSWORD)
            .env("PGCONNECT_TIMEOUT", "5")
            .output()
            .map_err(|e| e.to_string())?;
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
        } else {
            Err(String::from_utf8_lossy(&out.stderr).into_owned())
        }
    }

    /// Runs `sql` in `database` with psql as the superuser; its output
    /// (unaligned, tuples only), trimmed.
    pub fn psql(&self, database: &str, sql: &str) -> String {
        self.try_psql(database, sql)
            .unwrap_or_else(|e| panic!("psql {sql:?} failed: {e}"))
    }

    /// Whether `role` can log in to `database` with `password`.
    pub fn login(&self, role: &str, password: &str, database: &str) -> bool {
        Command::new(self.bin.join("psql"))
            .args([
                "-h",
                "127.0.0.1",
                "-X",
                "-A",
                "-t",
                "-c",
                "SELECT current_user",
            ])
            .arg("-p")
            .arg(self.port.to_string())
            .arg("-U")
            .arg(role)
            .arg("-d")
            .arg(database)
            .env("PGPASSWORD", password)
            .output()
            .is_ok_and(|o| o.status.success() && String::from_utf8_lossy(&o.stdout).trim() == role)
    }

    /// A provider block connecting to this server.
    pub fn provider_block(&self) -> String {
        format!(
            "provider \"postgresql\" {{\n  host     = \"127.0.0.1\"\n  port     = {}\n  username = \"postgres\"\n  password = \"{PASSWORD}\"\n  sslmode  = \"disable\"\n}}\n",
            self.port
        )
    }
}
