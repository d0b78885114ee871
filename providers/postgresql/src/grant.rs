//! `postgresql_grant`: the privileges one role holds on a database, a
//! schema, or objects in a schema. As in Terraform's provider every
//! attribute forces replacement, a create first revokes what the role held,
//! and the read takes what every object's ACL grants the role.

use std::collections::BTreeSet;

use async_trait::async_trait;
use terrace_provider_sdk::framework::*;
use terrace_provider_sdk::{Attribute, Block, Diagnostic, Diagnostics, Schema, Type, Value};

use crate::client::{pg_error, Client};
use crate::privileges::{self, GRANTEE_OID};
use crate::schema::database_exists;
use crate::sql::{grantee, ident};

pub struct Grant;

const TYPES: [&str; 7] = [
    "database",
    "schema",
    "table",
    "sequence",
    "function",
    "procedure",
    "routine",
];

/// What one configuration grants on.
struct Target {
    database: String,
    schema: Option<String>,
    role: String,
    object_type: String,
    objects: Vec<String>,
}

impl Target {
    fn of(v: &Value) -> Result<Target, Diagnostics> {
        let object_type = required_string(v, "object_type")?;
        let schema = string(v, "schema")?;
        if object_type != "database" && schema.is_none() {
            return Err(invalid(
                "schema",
                &format!("set for object_type {object_type:?}"),
            ));
        }
        Ok(Target {
            database: required_string(v, "database")?,
            schema,
            role: required_string(v, "role")?,
            object_type,
            objects: string_list(v, "objects")?.unwrap_or_default(),
        })
    }

    /// The `ON ...` part of GRANT and REVOKE.
    fn on(&self) -> String {
        let schema = self.schema.clone().unwrap_or_default();
        let kind = self.object_type.to_uppercase();
        match self.object_type.as_str() {
            "database" => format!("DATABASE {}", ident(&self.database)),
            "schema" => format!("SCHEMA {}", ident(&schema)),
            _ if self.objects.is_empty() => {
                format!("ALL {kind}S IN SCHEMA {}", ident(&schema))
            }
            _ => format!(
                "{kind} {}",
                self.objects
                    .iter()
                    .map(|o| format!("{}.{}", ident(&schema), ident(o)))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }

    /// Names and ACLs of the objects granted on, as a subquery using
    /// `$2` (the schema or database) and `$3` (the object names).
    fn objects_query(&self) -> &'static str {
        match self.object_type.as_str() {
            "database" => "SELECT datname::text AS name, coalesce(datacl, acldefault('d', datdba)) AS acl \
                 FROM pg_database WHERE datname = $2::text AND cardinality($3::text[]) >= 0",
            "schema" => "SELECT nspname::text AS name, coalesce(nspacl, acldefault('n', nspowner)) AS acl \
                 FROM pg_namespace WHERE nspname = $2::text AND cardinality($3::text[]) >= 0",
            "table" => "SELECT c.relname::text AS name, coalesce(c.relacl, acldefault('r', c.relowner)) AS acl \
                 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
                 WHERE n.nspname = $2::text AND c.relkind IN ('r', 'v', 'm', 'f', 'p') \
                 AND (cardinality($3::text[]) = 0 OR c.relname = ANY($3::text[]))",
            "sequence" => "SELECT c.relname::text AS name, coalesce(c.relacl, acldefault('s', c.relowner)) AS acl \
                 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
                 WHERE n.nspname = $2::text AND c.relkind = 'S' \
                 AND (cardinality($3::text[]) = 0 OR c.relname = ANY($3::text[]))",
            "procedure" => "SELECT p.proname::text AS name, coalesce(p.proacl, acldefault('f', p.proowner)) AS acl \
                 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace \
                 WHERE n.nspname = $2::text AND p.prokind = 'p' \
                 AND (cardinality($3::text[]) = 0 OR p.proname = ANY($3::text[]))",
            "routine" => "SELECT p.proname::text AS name, coalesce(p.proacl, acldefault('f', p.proowner)) AS acl \
                 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace \
                 WHERE n.nspname = $2::text AND p.prokind IN ('f', 'p') \
                 AND (cardinality($3::text[]) = 0 OR p.proname = ANY($3::text[]))",
            _ => "SELECT p.proname::text AS name, coalesce(p.proacl, acldefault('f', p.proowner)) AS acl \
                 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace \
                 WHERE n.nspname = $2::text AND p.prokind = 'f' \
                 AND (cardinality($3::text[]) = 0 OR p.proname = ANY($3::text[]))",
        }
    }

    fn id(&self) -> String {
        let mut parts = vec![self.role.clone(), self.database.clone()];
        if let Some(s) = &self.schema {
            parts.push(s.clone());
        }
        parts.push(self.object_type.clone());
        parts.extend(self.objects.iter().cloned());
        parts.join("_")
    }
}

async fn revoke_all(client: &Client, t: &Target) -> Result<(), Diagnostics> {
    let conn = client.connect(&t.database).await?;
    conn.execute(
        &format!(
            "REVOKE ALL PRIVILEGES ON {} FROM {}",
            t.on(),
            grantee(&t.role)
        ),
        &[],
    )
    .await
    .map_err(|e| pg_error("revoke privileges", e))?;
    Ok(())
}

#[async_trait]
impl Resource<Client> for Grant {
    fn type_name(&self) -> &'static str {
        "postgresql_grant"
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
                        .describe("The database granted on or in."),
                ),
                (
                    "schema",
                    Attribute::optional(Type::String)
                        .force_new()
                        .describe("The schema granted on or in."),
                ),
                (
                    "role",
                    Attribute::required(Type::String)
                        .force_new()
                        .describe("The role granted to; \"public\" for everyone."),
                ),
                (
                    "object_type",
                    Attribute::required(Type::String).force_new().describe(
                        "database, schema, table, sequence, function, procedure or routine.",
                    ),
                ),
                (
                    "objects",
                    Attribute::optional(Type::set(Type::String))
                        .force_new()
                        .describe("The objects granted on; every one in the schema when empty."),
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
                "GRANT {} ON {} TO {}",
                privileges::clause(&t.object_type, &privs),
                t.on(),
                grantee(&t.role)
            );
            if boolean(planned, "with_grant_option")?.unwrap_or(false) {
                sql.push_str(" WITH GRANT OPTION");
            }
            let conn = client.connect(&t.database).await?;
            conn.execute(&sql, &[])
                .await
                .map_err(|e| pg_error("grant privileges", e))?;
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
        let scope = t.schema.clone().unwrap_or_else(|| t.database.clone());
        let objects_sql = format!(
            "SELECT o.name, array_remove(array_agg(a.privilege_type::text ORDER BY a.privilege_type), NULL), \
             coalesce(bool_and(a.is_grantable), false) \
             FROM ({}) o LEFT JOIN LATERAL aclexplode(o.acl) a ON a.grantee = {GRANTEE_OID} \
             GROUP BY o.name",
            t.objects_query()
        );
        let rows = conn
            .query(&objects_sql, &[&t.role, &scope, &t.objects])
            .await
            .map_err(|e| pg_error("read privileges", e))?;
        if rows.is_empty() {
            // The schema or the objects are gone, and the grant with them.
            return Ok(None);
        }
        let mut held: Option<BTreeSet<String>> = None;
        let mut grantable = true;
        for row in &rows {
            let privs: BTreeSet<String> = row.get::<_, Vec<String>>(1).into_iter().collect();
            grantable &= row.get::<_, bool>(2) && !privs.is_empty();
            held = Some(match held {
                None => privs,
                Some(h) => h.intersection(&privs).cloned().collect(),
            });
        }
        let held = held.unwrap_or_default();
        let configured = string_list(state, "privileges")?.unwrap_or_default();
        let privs = privileges::as_configured(&t.object_type, &configured, held);
        let mut v = with(state, "privileges", set_of_strings(privs));
        if rows.len() < t.objects.len() {
            v = with(&v, "privileges", set_of_strings(Vec::new()));
        }
        v = with(&v, "with_grant_option", Value::Bool(grantable));
        Ok(Some(with(&v, "id", Value::String(t.id()))))
    }

    async fn import(&self, _client: &Client, _id: &str) -> Result<Value, Diagnostics> {
        Err(Diagnostic::error(
            "Resource import not supported",
            "postgresql_grant cannot be imported, as in Terraform's provider.",
        )
        .into())
    }
}
