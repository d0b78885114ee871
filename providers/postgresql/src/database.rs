//! `postgresql_database`: a database, read back from `pg_database`.

use async_trait::async_trait;
use terrace_provider_sdk::framework::*;
use terrace_provider_sdk::{Attribute, Block, Diagnostic, Diagnostics, Schema, Type, Value};

use crate::client::{pg_error, Client};
use crate::sql::{ident, literal};

pub struct Database;

fn defaults() -> Vec<(&'static str, Value)> {
    vec![
        ("template", Value::string("template0")),
        ("encoding", Value::string("UTF8")),
        ("connection_limit", number(-1)),
        ("allow_connections", Value::Bool(true)),
        ("is_template", Value::Bool(false)),
    ]
}

async fn alter(client: &Client, name: &str, clause: String) -> Result<(), Diagnostics> {
    let conn = client.connect(&client.settings.database).await?;
    conn.execute(&format!("ALTER DATABASE {} {clause}", ident(name)), &[])
        .await
        .map_err(|e| pg_error("alter the database", e))?;
    Ok(())
}

#[async_trait]
impl Resource<Client> for Database {
    fn type_name(&self) -> &'static str {
        "postgresql_database"
    }

    fn schema(&self) -> Schema {
        let s = |d: &str| Attribute::optional_computed(Type::String).describe(d);
        Schema {
            version: 0,
            block: Block::with_attributes([
                ("id", Attribute::computed(Type::String)),
                (
                    "name",
                    Attribute::required(Type::String).describe("The database's name."),
                ),
                ("owner", s("The role that owns the database.")),
                ("template", s("The database to copy.").force_new()),
                ("encoding", s("The character set encoding.").force_new()),
                (
                    "lc_collate",
                    s("The collation order (LC_COLLATE).").force_new(),
                ),
                (
                    "lc_ctype",
                    s("The character classification (LC_CTYPE).").force_new(),
                ),
                ("tablespace_name", s("The default tablespace.")),
                (
                    "connection_limit",
                    Attribute::optional_computed(Type::Number)
                        .describe("Concurrent connections allowed; -1 for no limit."),
                ),
                (
                    "allow_connections",
                    Attribute::optional_computed(Type::Bool)
                        .describe("Whether anyone may connect to the database."),
                ),
                (
                    "is_template",
                    Attribute::optional_computed(Type::Bool)
                        .describe("Whether the database may be cloned by any CREATEDB role."),
                ),
            ]),
        }
    }

    fn plan(&self, prior: Option<&Value>, config: &Value) -> Result<Plan, Diagnostics> {
        let mut plan = standard(&self.schema().block, &defaults(), prior, config);
        // The server spells encodings its own way; the same encoding in
        // another case is no change.
        if let (Some(p), Ok(Some(planned))) = (prior, string(&plan.state, "encoding")) {
            if let Ok(Some(old)) = string(p, "encoding") {
                if old.eq_ignore_ascii_case(&planned) {
                    plan.state = with(&plan.state, "encoding", Value::String(old));
                    plan.requires_replace.retain(|path| {
                        path != &terrace_provider_sdk::Path::root().attr("encoding")
                    });
                }
            }
        }
        let name = attr(&plan.state, "name").clone();
        plan.state = with(&plan.state, "id", name);
        Ok(plan)
    }

    async fn create(&self, client: &Client, planned: &Value) -> Result<Value, Diagnostics> {
        let name = required_string(planned, "name")?;
        let mut sql = format!("CREATE DATABASE {}", ident(&name));
        if let Some(owner) = known_string(planned, "owner")? {
            sql.push_str(&format!(" OWNER {}", ident(&owner)));
        }
        if let Some(t) = known_string(planned, "template")? {
            sql.push_str(&format!(" TEMPLATE {}", ident(&t)));
        }
        if let Some(e) = known_string(planned, "encoding")? {
            sql.push_str(&format!(" ENCODING {}", literal(&e)));
        }
        if let Some(c) = known_string(planned, "lc_collate")? {
            sql.push_str(&format!(" LC_COLLATE {}", literal(&c)));
        }
        if let Some(c) = known_string(planned, "lc_ctype")? {
            sql.push_str(&format!(" LC_CTYPE {}", literal(&c)));
        }
        if let Some(t) = known_string(planned, "tablespace_name")? {
            sql.push_str(&format!(" TABLESPACE {}", ident(&t)));
        }
        sql.push_str(&format!(
            " CONNECTION LIMIT {} ALLOW_CONNECTIONS {} IS_TEMPLATE {}",
            int(planned, "connection_limit")?.unwrap_or(-1),
            boolean(planned, "allow_connections")?.unwrap_or(true),
            boolean(planned, "is_template")?.unwrap_or(false),
        ));
        let conn = client.connect(&client.settings.database).await?;
        conn.execute(&sql, &[])
            .await
            .map_err(|e| pg_error("create the database", e))?;
        drop(conn);
        let state = with(planned, "id", Value::String(name));
        self.read(client, &state).await?.ok_or_else(|| {
            Diagnostic::error(
                "Database vanished",
                "The database was created but could not be read back.",
            )
            .into()
        })
    }

    async fn update(
        &self,
        client: &Client,
        prior: &Value,
        planned: &Value,
    ) -> Result<Value, Diagnostics> {
        let old_name = required_string(prior, "name")?;
        let name = required_string(planned, "name")?;
        if old_name != name {
            client.forget(&old_name);
            alter(client, &old_name, format!("RENAME TO {}", ident(&name))).await?;
        }
        if let Some(owner) = known_string(planned, "owner")? {
            if !equal(attr(prior, "owner"), attr(planned, "owner")) {
                alter(client, &name, format!("OWNER TO {}", ident(&owner))).await?;
            }
        }
        if let Some(t) = known_string(planned, "tablespace_name")? {
            if !equal(
                attr(prior, "tablespace_name"),
                attr(planned, "tablespace_name"),
            ) {
                alter(client, &name, format!("SET TABLESPACE {}", ident(&t))).await?;
            }
        }
        alter(
            client,
            &name,
            format!(
                "WITH CONNECTION LIMIT {} ALLOW_CONNECTIONS {} IS_TEMPLATE {}",
                int(planned, "connection_limit")?.unwrap_or(-1),
                boolean(planned, "allow_connections")?.unwrap_or(true),
                boolean(planned, "is_template")?.unwrap_or(false),
            ),
        )
        .await?;
        self.read(client, planned).await?.ok_or_else(|| {
            Diagnostic::error("Database vanished", "The database could not be read back.").into()
        })
    }

    async fn delete(&self, client: &Client, prior: &Value) -> Result<(), Diagnostics> {
        let name = required_string(prior, "name")?;
        client.forget(&name);
        if boolean(prior, "is_template")?.unwrap_or(false) {
            alter(client, &name, "WITH IS_TEMPLATE false".into()).await?;
        }
        let conn = client.connect(&client.settings.database).await?;
        conn.execute(
            &format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", ident(&name)),
            &[],
        )
        .await
        .map_err(|e| pg_error("drop the database", e))?;
        Ok(())
    }

    async fn read(&self, client: &Client, state: &Value) -> Result<Option<Value>, Diagnostics> {
        let name = required_string(state, "name")?;
        let conn = client.connect(&client.settings.database).await?;
        let row = conn
            .query_opt(
                "SELECT pg_get_userbyid(d.datdba)::text, pg_encoding_to_char(d.encoding)::text, \
                 d.datcollate::text, d.datctype::text, t.spcname::text, d.datconnlimit, \
                 d.datallowconn, d.datistemplate \
                 FROM pg_database d JOIN pg_tablespace t ON t.oid = d.dattablespace \
                 WHERE d.datname = $1",
                &[&name],
            )
            .await
            .map_err(|e| pg_error("read the database", e))?;
        let Some(row) = row else {
            return Ok(None);
        };
        let mut v = state.clone();
        v = with(&v, "owner", Value::String(row.get(0)));
        let encoding: String = row.get(1);
        let same_encoding =
            string(state, "encoding")?.is_some_and(|e| e.eq_ignore_ascii_case(&encoding));
        if !same_encoding {
            v = with(&v, "encoding", Value::String(encoding));
        }
        v = with(&v, "lc_collate", Value::String(row.get(2)));
        v = with(&v, "lc_ctype", Value::String(row.get(3)));
        v = with(&v, "tablespace_name", Value::String(row.get(4)));
        v = with(
            &v,
            "connection_limit",
            number(i64::from(row.get::<_, i32>(5))),
        );
        v = with(&v, "allow_connections", Value::Bool(row.get(6)));
        v = with(&v, "is_template", Value::Bool(row.get(7)));
        if attr(&v, "template").is_null() {
            v = with(&v, "template", Value::string("template0"));
        }
        v = with(&v, "id", Value::String(name));
        Ok(Some(v))
    }

    async fn import(&self, client: &Client, id: &str) -> Result<Value, Diagnostics> {
        let state = object(
            &self.schema().block,
            [("name", Value::string(id)), ("id", Value::string(id))],
        );
        self.read(client, &state).await?.ok_or_else(|| {
            Diagnostic::error(
                "Cannot import non-existent remote object",
                format!("There is no database named {id:?}."),
            )
            .into()
        })
    }
}
