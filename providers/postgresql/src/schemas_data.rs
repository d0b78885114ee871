//! Data source `postgresql_schemas`: the schemas of a database, filtered by
//! LIKE and regular-expression patterns bound as query parameters.

use async_trait::async_trait;
use terrace_provider_sdk::framework::*;
use terrace_provider_sdk::{Attribute, Block, Diagnostics, Schema, Type, Value};

use crate::client::{pg_error, Client};

pub struct Schemas;

#[async_trait]
impl DataSource<Client> for Schemas {
    fn type_name(&self) -> &'static str {
        "postgresql_schemas"
    }

    fn schema(&self) -> Schema {
        let patterns = |d: &str| Attribute::optional(Type::list(Type::String)).describe(d);
        Schema {
            version: 0,
            block: Block::with_attributes([
                ("id", Attribute::computed(Type::String)),
                (
                    "database",
                    Attribute::optional_computed(Type::String)
                        .describe("The database; the provider's by default."),
                ),
                (
                    "include_system_schemas",
                    Attribute::optional(Type::Bool)
                        .describe("Include pg_catalog, information_schema and pg_toast schemas."),
                ),
                (
                    "like_any_patterns",
                    patterns("Keep schemas matching any of these LIKE patterns."),
                ),
                (
                    "like_all_patterns",
                    patterns("Keep schemas matching all of these LIKE patterns."),
                ),
                (
                    "not_like_all_patterns",
                    patterns("Drop schemas matching any of these LIKE patterns."),
                ),
                (
                    "regex_pattern",
                    Attribute::optional(Type::String)
                        .describe("Keep schemas matching this regular expression."),
                ),
                (
                    "schemas",
                    Attribute::computed(Type::set(Type::String))
                        .describe("The schema names found."),
                ),
            ]),
        }
    }

    async fn read(&self, client: &Client, config: &Value) -> Result<Value, Diagnostics> {
        let database = client.database_or_default(string(config, "database")?);
        let system = boolean(config, "include_system_schemas")?.unwrap_or(false);
        let any = string_list(config, "like_any_patterns")?.unwrap_or_default();
        let all = string_list(config, "like_all_patterns")?.unwrap_or_default();
        let none = string_list(config, "not_like_all_patterns")?.unwrap_or_default();
        let regex = string(config, "regex_pattern")?;
        let conn = client.connect(&database).await?;
        let rows = conn
            .query(
                "SELECT nspname::text FROM pg_namespace \
                 WHERE ($1::bool OR (nspname NOT IN ('pg_catalog', 'information_schema') \
                        AND nspname NOT LIKE 'pg\\_toast%' AND nspname NOT LIKE 'pg\\_temp\\_%')) \
                 AND (cardinality($2::text[]) = 0 OR nspname LIKE ANY($2::text[])) \
                 AND (cardinality($3::text[]) = 0 OR nspname LIKE ALL($3::text[])) \
                 AND (cardinality($4::text[]) = 0 OR NOT nspname LIKE ANY($4::text[])) \
                 AND ($5::text IS NULL OR nspname ~ $5::text)",
                &[&system, &any, &all, &none, &regex],
            )
            .await
            .map_err(|e| pg_error("list schemas", e))?;
        let names: Vec<String> = rows.iter().map(|r| r.get(0)).collect();
        let mut v = with(config, "database", Value::String(database.clone()));
        v = with(&v, "schemas", set_of_strings(names));
        Ok(with(&v, "id", Value::String(database)))
    }
}
