//! Privilege names per object type, their validation, and reading what a
//! role really holds from the ACLs the server keeps (`aclexplode`).

use std::collections::BTreeSet;

use terrace_provider_sdk::framework::{attr, invalid, string, string_list};
use terrace_provider_sdk::{Diagnostic, Diagnostics, Value};

/// The privileges PostgreSQL knows for an object type, `None` when the
/// type is not one this provider grants on.
pub fn known(object_type: &str) -> Option<&'static [&'static str]> {
    Some(match object_type {
        "database" => &["CONNECT", "CREATE", "TEMPORARY"],
        "schema" => &["CREATE", "USAGE"],
        "table" => &[
            "DELETE",
            "INSERT",
            "REFERENCES",
            "SELECT",
            "TRIGGER",
            "TRUNCATE",
            "UPDATE",
        ],
        "sequence" => &["SELECT", "UPDATE", "USAGE"],
        "function" | "procedure" | "routine" => &["EXECUTE"],
        "type" | "foreign_data_wrapper" | "foreign_server" => &["USAGE"],
        _ => return None,
    })
}

/// Checks `object_type` and `privileges` of a configuration; `types` are
/// the object types the resource accepts.
pub fn validate(config: &Value, types: &[&str]) -> Diagnostics {
    let mut d = Diagnostics::new();
    let Ok(Some(object_type)) = string(config, "object_type") else {
        return d;
    };
    if !types.contains(&object_type.as_str()) {
        d.extend(invalid(
            "object_type",
            &format!("one of {}", types.join(", ")),
        ));
        return d;
    }
    let Some(allowed) = known(&object_type) else {
        return d;
    };
    if !attr(config, "privileges").is_wholly_known() {
        return d;
    }
    if let Ok(Some(privs)) = string_list(config, "privileges") {
        for p in privs {
            if p != "ALL" && !allowed.contains(&p.as_str()) {
                d.push(Diagnostic::error(
                    "Invalid value for \"privileges\"",
                    format!(
                        "{p:?} is not a privilege on a {object_type}; use ALL or some of {} (in capitals).",
                        allowed.join(", ")
                    ),
                ));
            }
        }
    }
    d
}

/// The privileges clause of a GRANT: keywords from the fixed list only.
pub fn clause(object_type: &str, privileges: &[String]) -> String {
    let allowed = known(object_type).unwrap_or(&[]);
    if privileges.iter().any(|p| p == "ALL") {
        return "ALL PRIVILEGES".to_string();
    }
    privileges
        .iter()
        .filter_map(|p| allowed.iter().find(|a| **a == p.as_str()))
        .copied()
        .collect::<Vec<_>>()
        .join(", ")
}

/// What a read found, in the configuration's terms: `ALL` stays `ALL`
/// while the role holds every privilege.
pub fn as_configured(
    object_type: &str,
    configured: &[String],
    held: BTreeSet<String>,
) -> Vec<String> {
    let all: BTreeSet<String> = known(object_type)
        .unwrap_or(&[])
        .iter()
        .map(|s| s.to_string())
        .collect();
    if configured.iter().any(|p| p == "ALL") && held == all {
        return vec!["ALL".to_string()];
    }
    held.into_iter().collect()
}

/// The grantee's oid expression: PUBLIC is oid 0.
pub const GRANTEE_OID: &str = "(CASE WHEN lower($1::text) = 'public' THEN 0::oid \
     ELSE (SELECT oid FROM pg_roles WHERE rolname = $1::text) END)";
