//! The connection settings of one provider instance (attributes first, then
//! the `PG*` environment variables libpq reads, then libpq's defaults) and
//! its connection pools, one per database, so concurrent applies share a
//! few connections instead of opening one per call.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;

use deadpool_postgres::{Manager, ManagerConfig, Object, Pool, RecyclingMethod};
use terrace_provider_sdk::framework::{boolean, int, string};
use terrace_provider_sdk::{Diagnostic, Diagnostics, Value};
use tokio_postgres::config::SslMode;
use tokio_postgres::NoTls;
use tokio_postgres_rustls::MakeRustlsConnect;

use crate::tls::{self, Verify};

/// Where and as whom to connect.
#[derive(Clone)]
pub struct Settings {
    host: String,
    port: u16,
    /// The database used when a resource names none.
    pub database: String,
    username: String,
    password: Option<String>,
    sslmode: SslMode,
    tls: Option<MakeRustlsConnect>,
    connect_timeout: Duration,
    /// Whether the provider's user is a superuser (Terraform's `superuser`).
    pub superuser: bool,
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

fn config_error(attr: &str, detail: String) -> Diagnostics {
    Diagnostic::error(format!("Invalid provider argument {attr:?}"), detail).into()
}

impl Settings {
    /// Settings from the provider block, with the environment as fallback.
    pub fn from_config(config: &Value) -> Result<Settings, Diagnostics> {
        let host = string(config, "host")?
            .or_else(|| env("PGHOST"))
            .unwrap_or_else(|| "localhost".into());
        let port = match int(config, "port")? {
            Some(p) => p,
            None => match env("PGPORT") {
                Some(p) => p
                    .parse::<i64>()
                    .map_err(|_| config_error("port", "PGPORT must be a port number.".into()))?,
                None => 5432,
            },
        };
        let port = u16::try_from(port)
            .ok()
            .filter(|p| *p > 0)
            .ok_or_else(|| config_error("port", "The port must be between 1 and 65535.".into()))?;
        let database = string(config, "database")?
            .or_else(|| env("PGDATABASE"))
            .unwrap_or_else(|| "postgres".into());
        let username = string(config, "username")?
            .or_else(|| env("PGUSER"))
            .unwrap_or_else(|| "postgres".into());
        let password = string(config, "password")?.or_else(|| env("PGPASSWORD"));
        let mode = string(config, "sslmode")?
            .or_else(|| env("PGSSLMODE"))
            .unwrap_or_else(|| "prefer".into());
        let (sslmode, verify) = match mode.as_str() {
            "disable" => (SslMode::Disable, None),
            "allow" | "prefer" => (SslMode::Prefer, Some(Verify::Nothing)),
            "require" => (SslMode::Require, Some(Verify::Nothing)),
            "verify-ca" => (SslMode::Require, Some(Verify::Chain)),
            "verify-full" => (SslMode::Require, Some(Verify::Full)),
            other => {
                return Err(config_error(
                    "sslmode",
                    format!("{other:?} is not one of disable, allow, prefer, require, verify-ca, verify-full."),
                ))
            }
        };
        let sslrootcert = string(config, "sslrootcert")?
            .or_else(|| env("PGSSLROOTCERT"))
            .map(PathBuf::from);
        if sslrootcert.is_some() && verify.is_none() {
            return Err(config_error(
                "sslrootcert",
                "A root certificate has no use with sslmode \"disable\".".into(),
            ));
        }
        let tls = match verify {
            Some(v) => Some(tls::connector(v, sslrootcert.as_deref())?),
            None => None,
        };
        let timeout = match int(config, "connect_timeout")? {
            Some(t) => t,
            None => match env("PGCONNECT_TIMEOUT") {
                Some(t) => t.parse::<i64>().map_err(|_| {
                    config_error(
                        "connect_timeout",
                        "PGCONNECT_TIMEOUT must be a number of seconds.".into(),
                    )
                })?,
                None => 180,
            },
        };
        let connect_timeout = u64::try_from(timeout)
            .map(Duration::from_secs)
            .map_err(|_| {
                config_error(
                    "connect_timeout",
                    "The timeout must be zero or more seconds.".into(),
                )
            })?;
        Ok(Settings {
            host,
            port,
            database,
            username,
            password,
            sslmode,
            tls,
            connect_timeout,
            superuser: boolean(config, "superuser")?.unwrap_or(true),
        })
    }

    fn pg_config(&self, database: &str) -> tokio_postgres::Config {
        let mut c = tokio_postgres::Config::new();
        c.host(&self.host)
            .port(self.port)
            .dbname(database)
            .user(&self.username)
            .ssl_mode(self.sslmode)
            .application_name("terrace");
        if !self.connect_timeout.is_zero() {
            c.connect_timeout(self.connect_timeout);
        }
        if let Some(p) = &self.password {
            c.password(p.as_bytes());
        }
        c
    }
}

/// The configured provider: settings and a pool per database.
pub struct Client {
    /// The settings it connects with.
    pub settings: Settings,
    pools: Mutex<HashMap<String, Pool>>,
}

impl Client {
    /// A client that connects on first use.
    pub fn new(settings: Settings) -> Client {
        Client {
            settings,
            pools: Mutex::new(HashMap::new()),
        }
    }

    /// The database a resource means: its own, or the provider's.
    pub fn database_or_default(&self, database: Option<String>) -> String {
        database.unwrap_or_else(|| self.settings.database.clone())
    }

    /// A connection to `database`.
    pub async fn connect(&self, database: &str) -> Result<Object, Diagnostics> {
        let pool = {
            let mut pools = self.pools.lock().unwrap_or_else(|p| p.into_inner());
            match pools.get(database) {
                Some(p) => p.clone(),
                None => {
                    let config = self.settings.pg_config(database);
                    let manager_config = ManagerConfig {
                        recycling_method: RecyclingMethod::Fast,
                    };
                    let manager = match &self.settings.tls {
                        Some(tls) => Manager::from_config(config, tls.clone(), manager_config),
                        None => Manager::from_config(config, NoTls, manager_config),
                    };
                    let pool = Pool::builder(manager).max_size(4).build().map_err(|e| {
                        Diagnostic::error("Cannot connect to PostgreSQL", e.to_string())
                    })?;
                    pools.insert(database.to_string(), pool.clone());
                    pool
                }
            }
        };
        pool.get().await.map_err(|e| {
            Diagnostic::error(
                "Cannot connect to PostgreSQL",
                format!(
                    "Connecting to database {database:?} on {}:{} as {:?} failed: {}",
                    self.settings.host,
                    self.settings.port,
                    self.settings.username,
                    with_causes(&e)
                ),
            )
            .into()
        })
    }

    /// Forgets the pool of a database about to be dropped, closing its
    /// connections.
    pub fn forget(&self, database: &str) {
        let mut pools = self.pools.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(p) = pools.remove(database) {
            p.close();
        }
    }
}

/// An error and what caused it, as one line.
fn with_causes(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        let text = c.to_string();
        if !s.contains(&text) {
            s.push_str(": ");
            s.push_str(&text);
        }
        cause = c.source();
    }
    s
}

/// A driver error as a diagnostic: the server's message, never the
/// statement (which may hold a password).
pub fn pg_error(what: &str, e: tokio_postgres::Error) -> Diagnostics {
    let detail = match e.as_db_error() {
        Some(db) => {
            let mut s = format!("{} ({})", db.message(), db.code().code());
            if let Some(d) = db.detail() {
                s.push_str(&format!(": {d}"));
            }
            s
        }
        None => e.to_string(),
    };
    Diagnostic::error(format!("PostgreSQL refused to {what}"), detail).into()
}
