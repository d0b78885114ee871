//! `postgresql_default_privileges`: the privileges a role gets on objects
//! another role (the owner) creates later, read back from `pg_default_acl`.
//! Every attribute forces replacement, as in Terraform's provider.

use std::collections::BTreeSet;

use async_trait::async_trait;
use terrace_provider_sdk::framework::*;
use terrace_provider_sdk::{Attribute, Block, Diagnostic, Diagnostics, Schema, Type, Value};

use crate::client::{pg_error, Client};
use crate::privileges::{self, GRANTEE_OID};
use crate::schema::database_exists;
use crate::sql::{grantee, ident};

pub struct DefaultPrivileges;

const TYPES: [&str; 5] = ["table", "sequence", "function", "type", "schema"];

struct Target {
    database: String,
    schema: Option<String>,
    owner: String,
    role: String,
    object_type: String,
}

impl Target {
    fn of(v: &Value) -> Result<Target, Diagnostics> {
        let t = Target {
            database: required_string(v, "database")?,
            schema: string(v, "schema")?,
            owner: required_string(v, "owner")?,
            role: required_string(v, "role")?,
            object_type: required_string(v, "object_type")?,
        };
        if t.object_type == "schema" && t.schema.is_some() {
            return Err(invalid("schema", "unset when object_type is \"schema\""));
        }
        Ok(t)
    }

    /// `FOR ROLE owner [IN SCHEMA s]`.
    fn scope(&self) -> String {
        let mut s = format!("FOR ROLE {}", ident(&self.owner));
        if let Some(schema) = &self.schema {
            s.push_str(&format!(" IN SCHEMA {}", ident(schema)));
        }
        s
    }

    /// The object kind keyword and its `pg_default_acl.defaclobjtype`.
    fn kind(&self) -> (&'static str, &'static str) {
        match self.object_type.as_str() {
            "sequence" => ("SEQUENCES", "S"),
            "function" => ("FUNCTIONS", "f"),
            "type" => ("TYPES", "T"),
            "schema" => ("SCHEMAS", "n"),
            _ => ("TABLES", "r"),
        }
    }

    fn id(&self) -> String {
        [
            self.role.as_str(),
            self.database.as_str(),
            self.schema.as_deref().unwrap_or(""),
            self.owner.as_str(),
            self.object_type.as_str(),
        ]
        .join("_")
    }
}

async fn revoke_all(client: &Client, t: &Target) -> Result<(), Diagnostics> {
    let conn = client.connect(&t.database).await?;
    conn.execute(
        &format!(
            "ALTER DEFAULT PRIVILEGES {} REVOKE ALL ON {} FROM {}",
            t.scope(),
            t.kind().0,
            grantee(&t.role)
        ),
        &[],
    )
    .await
    .map_err(|e| pg_error("revoke default privileges", e))?;
    Ok(())
}

#[async_trait]
impl Resource<Client> for DefaultPrivileges {
    fn type_name(&self) -> &'static str {
        "postgresql_default_privileges"
    }

    fn schema(&self) -> Schema {
        Schema {
            version: 0,
            block: Block::with_attributes([
                ("id", Attribute::computed(Type::String)),
                (
                    "database",
                    Attribute::required(Type::String)
                        .force_new()
                        .describe("The database the defaults apply in."),
                ),
                (
                    "schema",
                    Attribute::optional(Type::String)
                        .force_new()
                        .describe("The schema they apply in; every schema when unset."),
                ),
                (
                    "owner",
                    Attribute::required(Type::String)
                        .force_new()
                        .describe("The role whose new objects they apply to."),
                ),
                (
                    "role",
                    Attribute::required(Type::String)
                        .force_new()
                        .describe("The role granted to; \"public\" for everyone."),
                ),
                (
                    "object_type",
                    Attribute::required(Type::String)
                        .force_new()
                        .describe("table, sequence, function, type or schema."),
                ),
                (
                    "privileges",
                    Attribute::required(Type::set(Type::String))
                        .force_new()
                        .describe("The privileges granted, e.g. SELECT; ALL for every one."),
                ),
                (
                    "with_grant_option",
                    Attribute::optional_computed(Type::Bool)
                        .force_new()
                        .describe("Whether the role may grant them on."),
                ),
            ]),
        }
    }

    fn validate(&self, config: &Value) -> Diagnostics {
        privileges::validate(config, &TYPES)
    }

    fn plan(&self, prior: Option<&Value>, config: &Value) -> Result<Plan, Diagnostics> {
        let mut plan = standard(
            &self.schema().block,
            &[("with_grant_option", Value::Bool(false))],
            prior,
            config,
        );
        let id = match Target::of(&plan.state) {
            Ok(t) => Value::String(t.id()),
            Err(_) => Value::Unknown(Type::String),
        };
        plan.state = with(&plan.state, "id", id);
        Ok(plan)
    }

    async fn create(&self, client: &Client, planned: &Value) -> Result<Value, Diagnostics> {
        let t = Target::of(planned)?;
        revoke_all(client, &t).await?;
        let privs = string_list(planned, "privileges")?.unwrap_or_default();
        if !privs.is_empty() {
            let mut sql = format!(
                "ALTER DEFAULT PRIVILEGES {} GRANT {} ON {} TO {}",
                t.scope(),
                privileges::clause(&t.object_type, &privs),
                t.kind().0,
                grantee(&t.role)
            );
            if boolean(planned, "with_grant_option")?.unwrap_or(false) {
                sql.push_str(" WITH GRANT OPTION");
            }
            let conn = client.connect(&t.database).await?;
            conn.execute(&sql, &[])
                .await
                .map_err(|e| pg_error("alter default privileges", e))?;
        }
        Ok(with(planned, "id", Value::String(t.id())))
    }

    async fn update(
        &self,
        client: &Client,
        _prior: &Value,
        planned: &Value,
    ) -> Result<Value, Diagnostics> {
        self.create(client, planned).await
    }

    async fn delete(&self, client: &Client, prior: &Value) -> Result<(), Diagnostics> {
        let t = Target::of(prior)?;
        if !database_exists(client, &t.database).await? {
            return Ok(());
        }
        revoke_all(client, &t).await
    }

    async fn read(&self, client: &Client, state: &Value) -> Result<Option<Value>, Diagnostics> {
        let t = Target::of(state)?;
        if !database_exists(client, &t.database).await? {
            return Ok(None);
        }
        let conn = client.connect(&t.database).await?;
        let sql = format!(
            "SELECT a.privilege_type::text, a.is_grantable FROM pg_default_acl d \
             CROSS JOIN LATERAL aclexplode(d.defaclacl) a \
             WHERE d.defaclrole = (SELECT oid FROM pg_roles WHERE rolname = $2::text) \
             AND d.defaclobjtype::text = $3::text \
             AND d.defaclnamespace = coalesce((SELECT oid FROM pg_namespace WHERE nspname = $4::text), 0) \
             AND a.grantee = {GRANTEE_OID}"
        );
        let rows = conn
            .query(&sql, &[&t.role, &t.owner, &t.kind().1, &t.schema])
            .await
            .map_err(|e| pg_error("read default privileges", e))?;
        let held: BTreeSet<String> = rows.iter().map(|r| r.get::<_, String>(0)).collect();
        let grantable = !rows.is_empty() && rows.iter().all(|r| r.get::<_, bool>(1));
        let configured = string_list(state, "privileges")?.unwrap_or_default();
        let privs = privileges::as_configured(&t.object_type, &configured, held);
        let v = with(state, "privileges", set_of_strings(privs));
        let v = with(&v, "with_grant_option", Value::Bool(grantable));
        Ok(Some(with(&v, "id", Value::String(t.id()))))
    }

    async fn import(&self, _client: &Client, _id: &str) -> Result<Value, Diagnostics> {
        Err(Diagnostic::error(
            "Resource import not supported",
            "postgresql_default_privileges cannot be imported, as in Terraform's provider.",
        )
        .into())
    }
}
