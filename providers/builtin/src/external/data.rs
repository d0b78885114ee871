//! The `external` data source: runs `program` (no shell) in `working_dir`
//! with `query` as a JSON object on standard input, and reads a JSON object
//! of strings from its standard output as `result`.

use std::collections::BTreeMap;
use std::process::Stdio;

use async_trait::async_trait;
use serde_json::Value as Json;
use terrace_provider_sdk::{Attribute, Block, Diagnostic, Diagnostics, Schema, Type, Value};
use tokio::io::AsyncWriteExt;
use tokio::process::Command;

use crate::attrs::{self, map_of_strings, object};
use crate::provider::DataSource;

pub(crate) struct External;

fn block() -> Block {
    Block::with_attributes([
        (
            "program",
            Attribute::required(Type::list(Type::String)).describe(
                "The program to run and its arguments; it is run directly, not through a shell.",
            ),
        ),
        (
            "working_dir",
            Attribute::optional(Type::String)
                .describe("The program's working directory; the current directory if not set."),
        ),
        (
            "query",
            Attribute::optional(Type::map(Type::String))
                .describe("Strings passed to the program as a JSON object on standard input."),
        ),
        (
            "result",
            Attribute::computed(Type::map(Type::String))
                .describe("The strings the program printed as a JSON object."),
        ),
        (
            "id",
            Attribute::computed(Type::String).describe("Always \"-\"."),
        ),
    ])
}

fn program_error(summary: &str, detail: String) -> Diagnostics {
    Diagnostic::error(summary, format!("The attribute \"program\": {detail}")).into()
}

/// The program's output as a map of strings, as Go decodes JSON into one:
/// a null value reads as an empty string, anything else but a string fails.
fn parse_result(stdout: &[u8]) -> Result<BTreeMap<String, String>, String> {
    let json: Json = serde_json::from_slice(stdout).map_err(|e| e.to_string())?;
    let Json::Object(entries) = json else {
        return Err("the output is JSON but not an object".to_string());
    };
    let mut out = BTreeMap::new();
    for (k, v) in entries {
        let s = match v {
            Json::String(s) => s,
            Json::Null => String::new(),
            other => return Err(format!("the value of {k:?} is not a string: {other}")),
        };
        out.insert(k, s);
    }
    Ok(out)
}

#[async_trait]
impl DataSource for External {
    fn type_name(&self) -> &'static str {
        "external"
    }

    fn schema(&self) -> Schema {
        Schema {
            version: 0,
            block: block(),
        }
    }

    fn validate(&self, config: &Value) -> Diagnostics {
        match attrs::attr(config, "program").length() {
            Some(0) => program_error(
                "External program missing",
                "the list must name a program to run.".to_string(),
            ),
            _ => Diagnostics::new(),
        }
    }

    async fn read(&self, config: &Value) -> Result<Value, Diagnostics> {
        let program: Vec<String> = attrs::string_list(config, "program")?
            .unwrap_or_default()
            .into_iter()
            .flatten()
            .filter(|s| !s.is_empty())
            .collect();
        let Some((name, args)) = program.split_first() else {
            return Err(program_error(
                "External program missing",
                "the list holds no non-empty value to run.".to_string(),
            ));
        };
        let query: BTreeMap<String, String> = attrs::string_map(config, "query")?
            .unwrap_or_default()
            .into_iter()
            .map(|(k, v)| (k, v.unwrap_or_default()))
            .collect();
        let input = serde_json::to_vec(&query).unwrap_or_else(|_| b"{}".to_vec());

        let mut cmd = Command::new(name);
        cmd.args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        if let Some(dir) = attrs::string(config, "working_dir")?.filter(|d| !d.is_empty()) {
            cmd.current_dir(dir);
        }
        let mut child = cmd.spawn().map_err(|e| {
            program_error(
                "External program lookup failed",
                format!("cannot start {name:?}: {e}. The program must exist and be executable; a path relative to the configuration should start with path.module."),
            )
        })?;
        if let Some(mut stdin) = child.stdin.take() {
            // A program that exits without reading its input is not an error.
            tokio::spawn(async move {
                let _ = stdin.write_all(&input).await;
            });
        }
        let output = child.wait_with_output().await.map_err(|e| {
            program_error(
                "External program execution failed",
                format!("{name:?}: {e}"),
            )
        })?;
        if !output.status.success() {
            let stderr = String::from_utf8_lossy(&output.stderr);
            let stderr = stderr.trim();
            let said = if stderr.is_empty() {
                "it printed nothing on standard error".to_string()
            } else {
                format!("its standard error said:\n{stderr}")
            };
            return Err(program_error(
                "External program execution failed",
                format!("{name:?} failed ({}); {said}", output.status),
            ));
        }
        let result = parse_result(&output.stdout).map_err(|why| {
            program_error(
                "Unexpected external program results",
                format!(
                    "the output of {name:?} must be a JSON object of string keys and string values; {why}."
                ),
            )
        })?;
        let state = object(
            &block(),
            [
                ("program", attrs::attr(config, "program").clone()),
                ("working_dir", attrs::attr(config, "working_dir").clone()),
                ("query", attrs::attr(config, "query").clone()),
                ("result", map_of_strings(result)),
                ("id", Value::string("-")),
            ],
        );
        Ok(state)
    }
}
