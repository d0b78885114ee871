//! `postgresql_role`: a role with its attributes and memberships, read back
//! from `pg_roles` and `pg_auth_members` so a change made by hand is drift.

use async_trait::async_trait;
use terrace_provider_sdk::framework::*;
use terrace_provider_sdk::{Attribute, Diagnostics, Schema, Type, Value};

use crate::client::{pg_error, Client};
use crate::password;
use crate::sql::{ident, idents, literal};

pub struct Role;

const FLAGS: [(&str, &str, &str); 6] = [
    ("superuser", "SUPERUSER", "NOSUPERUSER"),
    ("create_database", "CREATEDB", "NOCREATEDB"),
    ("create_role", "CREATEROLE", "NOCREATEROLE"),
    ("inherit", "INHERIT", "NOINHERIT"),
    ("login", "LOGIN", "NOLOGIN"),
    ("replication", "REPLICATION", "NOREPLICATION"),
];

fn defaults() -> Vec<(&'static str, Value)> {
    vec![
        ("superuser", Value::Bool(false)),
        ("create_database", Value::Bool(false)),
        ("create_role", Value::Bool(false)),
        ("inherit", Value::Bool(true)),
        ("login", Value::Bool(false)),
        ("replication", Value::Bool(false)),
        ("bypass_row_level_security", Value::Bool(false)),
        ("connection_limit", number(-1)),
        ("valid_until", Value::string("infinity")),
        ("roles", Value::set(Type::String, Vec::new())),
        ("skip_drop_role", Value::Bool(false)),
    ]
}

/// The role options clause for `CREATE ROLE` / `ALTER ROLE`.
fn options(v: &Value, with_password: bool) -> Result<String, Diagnostics> {
    let mut out = Vec::new();
    for (attr_name, yes, no) in FLAGS {
        out.push(
            if boolean(v, attr_name)?.unwrap_or(false) {
                yes
            } else {
                no
            }
            .to_string(),
        );
    }
    out.push(
        if boolean(v, "bypass_row_level_security")?.unwrap_or(false) {
            "BYPASSRLS"
        } else {
            "NOBYPASSRLS"
        }
        .to_string(),
    );
    out.push(format!(
        "CONNECTION LIMIT {}",
        int(v, "connection_limit")?.unwrap_or(-1)
    ));
    out.push(format!(
        "VALID UNTIL {}",
        literal(&string(v, "valid_until")?.unwrap_or_else(|| "infinity".into()))
    ));
    if with_password {
        match string(v, "password")? {
            Some(p) => out.push(format!("PASSWORD {}", literal(&password::verifier(&p)))),
            None => out.push("PASSWORD NULL".to_string()),
        }
    }
    Ok(out.join(" "))
}

async fn set_memberships(
    client: &Client,
    name: &str,
    old: &[String],
    new: &[String],
) -> Result<(), Diagnostics> {
    let conn = client.connect(&client.settings.database).await?;
    let revoke: Vec<&String> = old.iter().filter(|r| !new.contains(r)).collect();
    let grant: Vec<&String> = new.iter().filter(|r| !old.contains(r)).collect();
    if !revoke.is_empty() {
        conn.execute(
            &format!("REVOKE {} FROM {}", idents(revoke), ident(name)),
            &[],
        )
        .await
        .map_err(|e| pg_error("revoke role memberships", e))?;
    }
    if !grant.is_empty() {
        conn.execute(&format!("GRANT {} TO {}", idents(grant), ident(name)), &[])
            .await
            .map_err(|e| pg_error("grant role memberships", e))?;
    }
    Ok(())
}

async fn set_search_path(client: &Client, v: &Value) -> Result<(), Diagnostics> {
    let name = required_string(v, "name")?;
    let conn = client.connect(&client.settings.database).await?;
    let sql = match string_list(v, "search_path")? {
        Some(path) if !path.is_empty() => format!(
            "ALTER ROLE {} SET search_path TO {}",
            ident(&name),
            idents(&path)
        ),
        _ => format!("ALTER ROLE {} RESET search_path", ident(&name)),
    };
    conn.execute(&sql, &[])
        .await
        .map_err(|e| pg_error("set the role's search_path", e))?;
    Ok(())
}

/// Whether the server's stored password for `name` is `password`; true
/// when it cannot tell (the provider's role may not read `pg_authid`).
async fn stored_password_matches(
    client: &Client,
    name: &str,
    password: &str,
) -> Result<bool, Diagnostics> {
    if !client.settings.superuser {
        return Ok(true);
    }
    let conn = client.connect(&client.settings.database).await?;
    let Ok(row) = conn
        .query_opt(
            "SELECT rolpassword FROM pg_authid WHERE rolname = $1",
            &[&name],
        )
        .await
    else {
        return Ok(true);
    };
    let stored: Option<String> = row.and_then(|r| r.get(0));
    Ok(match stored {
        None => false,
        Some(s) => password::matches(&s, password, name).unwrap_or(true),
    })
}

#[async_trait]
impl Resource<Client> for Role {
    fn type_name(&self) -> &'static str {
        "postgresql_role"
    }

    fn schema(&self) -> Schema {
        let b = |d: &str| Attribute::optional_computed(Type::Bool).describe(d);
        Schema {
            version: 0,
            block: terrace_provider_sdk::Block::with_attributes([
                ("id", Attribute::computed(Type::String)),
                (
                    "name",
                    Attribute::required(Type::String).describe("The role's name."),
                ),
                ("login", b("Whether the role may log in.")),
                (
                    "password",
                    Attribute::optional(Type::String)
                        .sensitive()
                        .describe("The role's password."),
                ),
                ("superuser", b("Whether the role is a superuser.")),
                (
                    "create_database",
                    b("Whether the role may create databases."),
                ),
                ("create_role", b("Whether the role may create roles.")),
                (
                    "inherit",
                    b("Whether the role inherits its roles' privileges."),
                ),
                ("replication", b("Whether the role may start replication.")),
                (
                    "bypass_row_level_security",
                    b("Whether the role bypasses row-level security."),
                ),
                (
                    "connection_limit",
                    Attribute::optional_computed(Type::Number)
                        .describe("Concurrent connections allowed; -1 for no limit."),
                ),
                (
                    "valid_until",
                    Attribute::optional_computed(Type::String)
                        .describe("When the password stops working; \"infinity\" for never."),
                ),
                (
                    "roles",
                    Attribute::optional_computed(Type::set(Type::String))
                        .describe("Roles this role is a member of."),
                ),
                (
                    "search_path",
                    Attribute::optional(Type::list(Type::String))
                        .describe("The role's default search_path."),
                ),
                ("skip_drop_role", b("Leave the role in place on destroy.")),
            ]),
        }
    }

    fn validate(&self, config: &Value) -> Diagnostics {
        match int(config, "connection_limit") {
            Ok(Some(n)) if n < -1 => invalid("connection_limit", "-1 or more"),
            Err(d) if attr(config, "connection_limit").is_known() => d,
            _ => Diagnostics::new(),
        }
    }

    fn plan(&self, prior: Option<&Value>, config: &Value) -> Result<Plan, Diagnostics> {
        let mut plan = standard(&self.schema().block, &defaults(), prior, config);
        let name = attr(&plan.state, "name").clone();
        plan.state = with(&plan.state, "id", name);
        Ok(plan)
    }

    async fn create(&self, client: &Client, planned: &Value) -> Result<Value, Diagnostics> {
        let name = required_string(planned, "name")?;
        let conn = client.connect(&client.settings.database).await?;
        conn.execute(
            &format!(
                "CREATE ROLE {} WITH {}",
                ident(&name),
                options(planned, true)?
            ),
            &[],
        )
        .await
        .map_err(|e| pg_error("create the role", e))?;
        drop(conn);
        let roles = string_list(planned, "roles")?.unwrap_or_default();
        set_memberships(client, &name, &[], &roles).await?;
        if string_list(planned, "search_path")?.is_some() {
            set_search_path(client, planned).await?;
        }
        Ok(planned.clone())
    }

    async fn update(
        &self,
        client: &Client,
        prior: &Value,
        planned: &Value,
    ) -> Result<Value, Diagnostics> {
        let old_name = required_string(prior, "name")?;
        let name = required_string(planned, "name")?;
        let conn = client.connect(&client.settings.database).await?;
        if old_name != name {
            conn.execute(
                &format!("ALTER ROLE {} RENAME TO {}", ident(&old_name), ident(&name)),
                &[],
            )
            .await
            .map_err(|e| pg_error("rename the role", e))?;
        }
        // A rename clears an MD5 password, so it is set again then.
        let password_changed =
            !equal(attr(prior, "password"), attr(planned, "password")) || old_name != name;
        conn.execute(
            &format!(
                "ALTER ROLE {} WITH {}",
                ident(&name),
                options(planned, password_changed)?
            ),
            &[],
        )
        .await
        .map_err(|e| pg_error("alter the role", e))?;
        drop(conn);
        let old_roles = string_list(prior, "roles")?.unwrap_or_default();
        let roles = string_list(planned, "roles")?.unwrap_or_default();
        set_memberships(client, &name, &old_roles, &roles).await?;
        if !equal(attr(prior, "search_path"), attr(planned, "search_path")) {
            set_search_path(client, planned).await?;
        }
        Ok(planned.clone())
    }

    async fn delete(&self, client: &Client, prior: &Value) -> Result<(), Diagnostics> {
        if boolean(prior, "skip_drop_role")?.unwrap_or(false) {
            return Ok(());
        }
        let name = required_string(prior, "name")?;
        let conn = client.connect(&client.settings.database).await?;
        conn.execute(&format!("DROP ROLE IF EXISTS {}", ident(&name)), &[])
            .await
            .map_err(|e| pg_error("drop the role", e))?;
        Ok(())
    }

    async fn read(&self, client: &Client, state: &Value) -> Result<Option<Value>, Diagnostics> {
        let name = required_string(state, "name")?;
        let valid_until = string(state, "valid_until")?.unwrap_or_else(|| "infinity".into());
        let conn = client.connect(&client.settings.database).await?;
        let row = conn
            .query_opt(
                "SELECT rolsuper, rolcreatedb, rolcreaterole, rolinherit, rolcanlogin, \
                 rolreplication, rolbypassrls, rolconnlimit, \
                 coalesce(rolvaliduntil, 'infinity') = $2::text::timestamptz, \
                 coalesce(rolvaliduntil::text, 'infinity'), \
                 ARRAY(SELECT b.rolname::text FROM pg_auth_members m \
                       JOIN pg_roles b ON m.roleid = b.oid WHERE m.member = r.oid), \
                 ARRAY(SELECT substr(c, 13) FROM unnest(rolconfig) c \
                       WHERE c LIKE 'search_path=%') \
                 FROM pg_roles r WHERE rolname = $1",
                &[&name, &valid_until],
            )
            .await
            .map_err(|e| pg_error("read the role", e))?;
        let Some(row) = row else {
            return Ok(None);
        };
        let mut v = state.clone();
        let flags = [
            "superuser",
            "create_database",
            "create_role",
            "inherit",
            "login",
            "replication",
            "bypass_row_level_security",
        ];
        for (i, f) in flags.iter().enumerate() {
            v = with(&v, f, Value::Bool(row.get::<_, bool>(i)));
        }
        v = with(
            &v,
            "connection_limit",
            number(i64::from(row.get::<_, i32>(7))),
        );
        if !row.get::<_, bool>(8) {
            v = with(&v, "valid_until", Value::String(row.get::<_, String>(9)));
        }
        v = with(&v, "roles", set_of_strings(row.get::<_, Vec<String>>(10)));
        let search_path: Vec<String> = row.get(11);
        if let Some(sp) = search_path.first() {
            let parts: Vec<String> = sp
                .split(',')
                .map(|s| s.trim().trim_matches('"').replace("\"\"", "\""))
                .collect();
            v = with(&v, "search_path", list_of_strings(parts));
        } else if !attr(state, "search_path").is_null() {
            v = with(&v, "search_path", Value::Null(Type::list(Type::String)));
        }
        if let Some(p) = string(state, "password")? {
            if !stored_password_matches(client, &name, &p).await? {
                v = with(&v, "password", Value::Null(Type::String));
            }
        }
        v = with(&v, "id", Value::String(name));
        Ok(Some(v))
    }

    async fn import(&self, client: &Client, id: &str) -> Result<Value, Diagnostics> {
        let state = object(
            &self.schema().block,
            defaults()
                .into_iter()
                .chain([("name", Value::string(id)), ("id", Value::string(id))]),
        );
        self.read(client, &state).await?.ok_or_else(|| {
            terrace_provider_sdk::Diagnostic::error(
                "Cannot import non-existent remote object",
                format!("There is no role named {id:?}."),
            )
            .into()
        })
    }
}
