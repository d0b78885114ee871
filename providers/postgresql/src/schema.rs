//! `postgresql_schema`: a schema in a database, read back from
//! `pg_namespace` of that database.

use async_trait::async_trait;
use terrace_provider_sdk::framework::*;
use terrace_provider_sdk::{Attribute, Block, Diagnostic, Diagnostics, Schema, Type, Value};

use crate::client::{pg_error, Client};
use crate::sql::ident;

pub struct PgSchema;

fn defaults() -> Vec<(&'static str, Value)> {
    vec![
        ("if_not_exists", Value::Bool(true)),
        ("drop_cascade", Value::Bool(false)),
    ]
}

async fn owner_of(
    client: &Client,
    database: &str,
    name: &str,
) -> Result<Option<String>, Diagnostics> {
    let conn = client.connect(database).await?;
    let row = conn
        .query_opt(
            "SELECT pg_get_userbyid(nspowner)::text FROM pg_namespace WHERE nspname = $1",
            &[&name],
        )
        .await
        .map_err(|e| pg_error("read the schema", e))?;
    Ok(row.map(|r| r.get(0)))
}

#[async_trait]
impl Resource<Client> for PgSchema {
    fn type_name(&self) -> &'static str {
        "postgresql_schema"
    }

    fn schema(&self) -> Schema {
        Schema {
            version: 0,
            block: Block::with_attributes([
                ("id", Attribute::computed(Type::String)),
                (
                    "name",
                    Attribute::required(Type::String).describe("The schema's name."),
                ),
                (
                    "database",
                    Attribute::optional_computed(Type::String)
                        .force_new()
                        .describe("The database holding the schema; the provider's by default."),
                ),
                (
                    "owner",
                    Attribute::optional_computed(Type::String)
                        .describe("The role that owns the schema."),
                ),
                (
                    "if_not_exists",
                    Attribute::optional_computed(Type::Bool)
                        .describe("Adopt a schema of that name that already exists."),
                ),
                (
                    "drop_cascade",
                    Attribute::optional_computed(Type::Bool)
                        .describe("Drop the objects in the schema with it."),
                ),
            ]),
        }
    }

    fn plan(&self, prior: Option<&Value>, config: &Value) -> Result<Plan, Diagnostics> {
        let mut plan = standard(&self.schema().block, &defaults(), prior, config);
        let (db, name) = (attr(&plan.state, "database"), attr(&plan.state, "name"));
        let id = match (db.as_str(), name.as_str()) {
            (Some(d), Some(n)) => Value::String(format!("{d}.{n}")),
            _ => Value::Unknown(Type::String),
        };
        plan.state = with(&plan.state, "id", id);
        Ok(plan)
    }

    async fn create(&self, client: &Client, planned: &Value) -> Result<Value, Diagnostics> {
        let name = required_string(planned, "name")?;
        let database = client.database_or_default(known_string(planned, "database")?);
        let mut sql = "CREATE SCHEMA ".to_string();
        if boolean(planned, "if_not_exists")?.unwrap_or(true) {
            sql.push_str("IF NOT EXISTS ");
        }
        sql.push_str(&ident(&name));
        if let Some(owner) = known_string(planned, "owner")? {
            sql.push_str(&format!(" AUTHORIZATION {}", ident(&owner)));
        }
        let conn = client.connect(&database).await?;
        conn.execute(&sql, &[])
            .await
            .map_err(|e| pg_error("create the schema", e))?;
        drop(conn);
        let owner = owner_of(client, &database, &name).await?;
        Ok(with(
            &with(
                &with(planned, "database", Value::String(database.clone())),
                "owner",
                opt_string(owner),
            ),
            "id",
            Value::String(format!("{database}.{name}")),
        ))
    }

    async fn update(
        &self,
        client: &Client,
        prior: &Value,
        planned: &Value,
    ) -> Result<Value, Diagnostics> {
        let old_name = required_string(prior, "name")?;
        let name = required_string(planned, "name")?;
        let database = client.database_or_default(known_string(planned, "database")?);
        let conn = client.connect(&database).await?;
        if old_name != name {
            conn.execute(
                &format!(
                    "ALTER SCHEMA {} RENAME TO {}",
                    ident(&old_name),
                    ident(&name)
                ),
                &[],
            )
            .await
            .map_err(|e| pg_error("rename the schema", e))?;
        }
        if let Some(owner) = known_string(planned, "owner")? {
            conn.execute(
                &format!("ALTER SCHEMA {} OWNER TO {}", ident(&name), ident(&owner)),
                &[],
            )
            .await
            .map_err(|e| pg_error("change the schema's owner", e))?;
        }
        drop(conn);
        let owner = owner_of(client, &database, &name).await?;
        Ok(with(
            &with(planned, "owner", opt_string(owner)),
            "id",
            Value::String(format!("{database}.{name}")),
        ))
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
            &format!("DROP SCHEMA IF EXISTS {} {how}", ident(&name)),
            &[],
        )
        .await
        .map_err(|e| pg_error("drop the schema", e))?;
        Ok(())
    }

    async fn read(&self, client: &Client, state: &Value) -> Result<Option<Value>, Diagnostics> {
        let name = required_string(state, "name")?;
        let database = client.database_or_default(string(state, "database")?);
        if !database_exists(client, &database).await? {
            return Ok(None);
        }
        Ok(owner_of(client, &database, &name)
            .await?
            .map(|owner| with(state, "owner", Value::String(owner))))
    }

    async fn import(&self, client: &Client, id: &str) -> Result<Value, Diagnostics> {
        let (database, name) = id.split_once('.').ok_or_else(|| {
            Diagnostics::from(Diagnostic::error(
                "Invalid import ID",
                "A schema's import ID is DATABASE.SCHEMA.",
            ))
        })?;
        let state = object(
            &self.schema().block,
            defaults().into_iter().chain([
                ("name", Value::string(name)),
                ("database", Value::string(database)),
                ("id", Value::string(id)),
            ]),
        );
        self.read(client, &state).await?.ok_or_else(|| {
            Diagnostic::error(
                "Cannot import non-existent remote object",
                format!("There is no schema {name:?} in database {database:?}."),
            )
            .into()
        })
    }
}

/// Whether `database` exists (a schema or grant in a dropped database is gone).
pub async fn database_exists(client: &Client, database: &str) -> Result<bool, Diagnostics> {
    let conn = client.connect(&client.settings.database).await?;
    let row = conn
        .query_opt("SELECT 1 FROM pg_database WHERE datname = $1", &[&database])
        .await
        .map_err(|e| pg_error("look up the database", e))?;
    Ok(row.is_some())
}
