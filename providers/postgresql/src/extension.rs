//! `postgresql_extension`: an extension installed in a database, read back
//! from that database's `pg_extension`.

use async_trait::async_trait;
use terrace_provider_sdk::framework::*;
use terrace_provider_sdk::{Attribute, Block, Diagnostic, Diagnostics, Schema, Type, Value};

use crate::client::{pg_error, Client};
use crate::schema::database_exists;
use crate::sql::{ident, literal};

pub struct Extension;

fn defaults() -> Vec<(&'static str, Value)> {
    vec![
        ("drop_cascade", Value::Bool(false)),
        ("create_cascade", Value::Bool(false)),
    ]
}

async fn installed(
    client: &Client,
    database: &str,
    name: &str,
) -> Result<Option<(String, String)>, Diagnostics> {
    let conn = client.connect(database).await?;
    let row = conn
        .query_opt(
            "SELECT n.nspname::text, e.extversion::text FROM pg_extension e \
             JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = $1",
            &[&name],
        )
        .await
        .map_err(|e| pg_error("read the extension", e))?;
    Ok(row.map(|r| (r.get(0), r.get(1))))
}

fn state_of(v: &Value, database: &str, name: &str, found: (String, String)) -> Value {
    let v = with(v, "database", Value::string(database));
    let v = with(&v, "schema", Value::String(found.0));
    let v = with(&v, "version", Value::String(found.1));
    with(&v, "id", Value::String(format!("{database}.{name}")))
}

#[async_trait]
impl Resource<Client> for Extension {
    fn type_name(&self) -> &'static str {
        "postgresql_extension"
    }

    fn schema(&self) -> Schema {
        let s = |d: &str| Attribute::optional_computed(Type::String).describe(d);
        Schema {
            version: 0,
            block: Block::with_attributes([
                ("id", Attribute::computed(Type::String)),
                (
                    "name",
                    Attribute::required(Type::String)
                        .force_new()
                        .describe("The extension's name."),
                ),
                (
                    "database",
                    s("The database to install it in; the provider's by default.").force_new(),
                ),
                ("schema", s("The schema for the extension's objects.")),
                ("version", s("The extension's version.")),
                (
                    "drop_cascade",
                    Attribute::optional_computed(Type::Bool)
                        .describe("Drop the objects that depend on the extension with it."),
                ),
                (
                    "create_cascade",
                    Attribute::optional_computed(Type::Bool)
                        .describe("Install the extensions it needs too."),
                ),
            ]),
        }
    }

    fn plan(&self, prior: Option<&Value>, config: &Value) -> Result<Plan, Diagnostics> {
        let mut plan = standard(&self.schema().block, &defaults(), prior, config);
        if prior.is_none() {
            plan.state = with(&plan.state, "id", Value::Unknown(Type::String));
        }
        Ok(plan)
    }

    async fn create(&self, client: &Client, planned: &Value) -> Result<Value, Diagnostics> {
        let name = required_string(planned, "name")?;
        let database = client.database_or_default(known_string(planned, "database")?);
        let mut sql = format!("CREATE EXTENSION IF NOT EXISTS {}", ident(&name));
        if let Some(s) = known_string(planned, "schema")? {
            sql.push_str(&format!(" SCHEMA {}", ident(&s)));
        }
        if let Some(v) = known_string(planned, "version")? {
            sql.push_str(&format!(" VERSION {}", literal(&v)));
        }
        if boolean(planned, "create_cascade")?.unwrap_or(false) {
            sql.push_str(" CASCADE");
        }
        let conn = client.connect(&database).await?;
        conn.execute(&sql, &[])
            .await
            .map_err(|e| pg_error("create the extension", e))?;
        drop(conn);
        let found = installed(client, &database, &name).await?.ok_or_else(|| {
            Diagnostics::from(Diagnostic::error(
                "Extension vanished",
                "The extension was created but could not be read back.",
            ))
        })?;
        Ok(state_of(planned, &database, &name, found))
    }

    async fn update(
        &self,
        client: &Client,
        prior: &Value,
        planned: &Value,
    ) -> Result<Value, Diagnostics> {
        let name = required_string(planned, "name")?;
        let database = client.database_or_default(known_string(planned, "database")?);
        let conn = client.connect(&database).await?;
        if let Some(s) = known_string(planned, "schema")? {
            if !equal(attr(prior, "schema"), attr(planned, "schema")) {
                conn.execute(
                    &format!("ALTER EXTENSION {} SET SCHEMA {}", ident(&name), ident(&s)),
                    &[],
                )
                .await
                .map_err(|e| pg_error("move the extension", e))?;
            }
        }
        if let Some(v) = known_string(planned, "version")? {
            if !equal(attr(prior, "version"), attr(planned, "version")) {
                conn.execute(
                    &format!("ALTER EXTENSION {} UPDATE TO {}", ident(&name), literal(&v)),
                    &[],
                )
                .await
                .map_err(|e| pg_error("update the extension", e))?;
            }
        }
        drop(conn);
        let found = installed(client, &database, &name).await?.ok_or_else(|| {
            Diagnostics::from(Diagnostic::error(
                "Extension vanished",
                "The extension could not be read back.",
            ))
        })?;
        Ok(state_of(planned, &database, &name, found))
    }

    async fn delete(&self, client: &Client, prior: &Value) -> Result<(), Diagnostics> {
        let name = required_string(prior, "name")?;
        let database = client.database_or_default(string(prior, "database")?);
        if !database_exists(client, &database).await? {
            return Ok(());
        }
        let how = if boolean(prior, "drop_cascade")?.unwrap_or(false) {
            "CASCADE"
        } else {
            "RESTRICT"
        };
        let conn = client.connect(&database).await?;
        conn.execute(
            &format!("DROP EXTENSION IF EXISTS {} {how}", ident(&name)),
            &[],
        )
        .await
        .map_err(|e| pg_error("drop the extension", e))?;
        Ok(())
    }

    async fn read(&self, client: &Client, state: &Value) -> Result<Option<Value>, Diagnostics> {
        let name = required_string(state, "name")?;
        let database = client.database_or_default(string(state, "database")?);
        if !database_exists(client, &database).await? {
            return Ok(None);
        }
        Ok(installed(client, &database, &name)
            .await?
            .map(|found| state_of(state, &database, &name, found)))
    }

    async fn import(&self, client: &Client, id: &str) -> Result<Value, Diagnostics> {
        let (database, name) = id.split_once('.').ok_or_else(|| {
            Diagnostics::from(Diagnostic::error(
                "Invalid import ID",
                "An extension's import ID is DATABASE.EXTENSION.",
            ))
        })?;
        let state = object(
            &self.schema().block,
            defaults().into_iter().chain([
                ("name", Value::string(name)),
                ("database", Value::string(database)),
            ]),
        );
        self.read(client, &state).await?.ok_or_else(|| {
            Diagnostic::error(
                "Cannot import non-existent remote object",
                format!("There is no extension {name:?} in database {database:?}."),
            )
            .into()
        })
    }
}
