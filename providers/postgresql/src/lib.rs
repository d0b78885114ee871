//! The `postgresql` provider, with the resource types, attribute names and
//! import IDs of the widely used Terraform PostgreSQL provider: roles,
//! databases, schemas, grants, default privileges and extensions. Reads ask
//! the server's catalogs, so a change made by hand shows up as drift, and
//! statements quote identifiers and literals with the driver's escaping.

mod client;
mod database;
mod default_privileges;
mod extension;
mod grant;
mod password;
mod privileges;
mod role;
mod schema;
mod schemas_data;
mod sql;
mod tls;

use terrace_provider_sdk::framework::Router;
use terrace_provider_sdk::{Attribute, Block, Provider, ProviderFactory, Schema, Type};

/// Creates `postgresql` provider instances.
pub struct Factory;

/// The factory the engine registers.
pub fn factory() -> Factory {
    Factory
}

fn provider_schema() -> Schema {
    let s = |d: &str| Attribute::optional(Type::String).describe(d);
    Schema {
        version: 0,
        block: Block::with_attributes([
            (
                "host",
                s("The server's host name or address (PGHOST; localhost)."),
            ),
            (
                "port",
                Attribute::optional(Type::Number).describe("The server's port (PGPORT; 5432)."),
            ),
            (
                "database",
                s("The database to connect to (PGDATABASE; postgres)."),
            ),
            ("username", s("The role to connect as (PGUSER; postgres).")),
            (
                "password",
                s("The role's password (PGPASSWORD).").sensitive(),
            ),
            (
                "sslmode",
                s("disable, allow or prefer (PGSSLMODE; prefer)."),
            ),
            (
                "sslrootcert",
                s("A root certificate file for verifying the server."),
            ),
            (
                "connect_timeout",
                Attribute::optional(Type::Number)
                    .describe("Seconds to wait for a connection (PGCONNECT_TIMEOUT; 180)."),
            ),
            (
                "superuser",
                Attribute::optional(Type::Bool)
                    .describe("Whether the provider's role is a superuser (true)."),
            ),
        ]),
    }
}

impl ProviderFactory for Factory {
    fn name(&self) -> &'static str {
        "postgresql"
    }

    fn source(&self) -> &'static str {
        "cyrilgdn/postgresql"
    }

    fn create(&self) -> Box<dyn Provider> {
        Box::new(Router::new(
            provider_schema(),
            |config| client::Settings::from_config(config).map(client::Client::new),
            vec![
                Box::new(role::Role),
                Box::new(database::Database),
                Box::new(schema::PgSchema),
                Box::new(grant::Grant),
                Box::new(default_privileges::DefaultPrivileges),
                Box::new(extension::Extension),
            ],
            vec![Box::new(schemas_data::Schemas)],
        ))
    }
}
