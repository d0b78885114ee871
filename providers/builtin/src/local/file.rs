//! `local_file`, and the lifecycle it shares with `local_sensitive_file`: a
//! file written from exactly one content argument, replaced on any change,
//! and dropped from state (so planned again) when it disappears or its
//! content no longer matches. Neither type can be imported.

use std::io::ErrorKind;

use async_trait::async_trait;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use terrace_provider_sdk::{Attribute, Block, Diagnostic, Diagnostics, Schema, Type, Value};
use tokio::io::AsyncWriteExt;

use super::hashes::{checksums, sha1_hex, NAMES};
use crate::attrs::{self, attr, with_all};
use crate::plan;
use crate::provider::{Plan, Resource};

/// A managed local file; the two resource types differ only in schema.
pub(crate) struct LocalFile {
    type_name: &'static str,
    block: fn() -> Block,
    /// The content arguments, exactly one of which must be set.
    content_args: &'static [&'static str],
    /// The default of both permission arguments.
    default_permission: &'static str,
}

impl LocalFile {
    /// `local_file`.
    pub(crate) fn plain() -> LocalFile {
        LocalFile {
            type_name: "local_file",
            block: plain_block,
            content_args: &["content", "sensitive_content", "content_base64", "source"],
            default_permission: "0777",
        }
    }

    /// A local file resource type with its own schema.
    pub(crate) fn new(
        type_name: &'static str,
        block: fn() -> Block,
        content_args: &'static [&'static str],
        default_permission: &'static str,
    ) -> LocalFile {
        LocalFile {
            type_name,
            block,
            content_args,
            default_permission,
        }
    }
}

/// The filename, permission and checksum attributes both types share.
pub(crate) fn common_attributes(default_permission: &str) -> Vec<(&'static str, Attribute)> {
    let permission = |what: &str| {
        Attribute::optional_computed(Type::String).force_new().describe(&format!(
            "Permissions to set for {what} (before umask), in octal. Default value is \"{default_permission}\"."
        ))
    };
    let mut attrs = vec![
        (
            "filename",
            Attribute::required(Type::String).force_new().describe(
                "The path of the file to create; missing parent directories are created.",
            ),
        ),
        ("file_permission", permission("the output file")),
        ("directory_permission", permission("directories created")),
    ];
    for name in NAMES {
        let text = match name {
            "id" => "The hexadecimal SHA1 checksum of the file content.",
            _ => "A checksum of the file content.",
        };
        attrs.push((name, Attribute::computed(Type::String).describe(text)));
    }
    attrs
}

/// A content argument; `sensitive` hides it from plans.
pub(crate) fn content_attribute(sensitive: bool, text: &str) -> Attribute {
    let a = Attribute::optional(Type::String).force_new().describe(text);
    if sensitive {
        a.sensitive()
    } else {
        a
    }
}

fn plain_block() -> Block {
    let mut attrs = vec![
        (
            "content",
            content_attribute(false, "Content to store in the file, as UTF-8 text."),
        ),
        (
            "sensitive_content",
            content_attribute(
                true,
                "Sensitive content to store in the file (deprecated: use local_sensitive_file).",
            ),
        ),
        (
            "content_base64",
            content_attribute(false, "Content to store in the file, base64-encoded."),
        ),
        (
            "source",
            content_attribute(false, "A file whose content to copy."),
        ),
    ];
    attrs.extend(common_attributes("0777"));
    Block::with_attributes(attrs)
}

/// Checks a permission string as Terraform's provider does: three or four
/// octal digits, at most 0777.
fn check_permission(name: &str, value: &str) -> Option<Diagnostic> {
    let bad = |why: &str| {
        Some(Diagnostic::error(
            format!("Invalid value for {name:?}"),
            format!("Bad mode permission {value:?}: {why}."),
        ))
    };
    if value.len() < 3 || value.len() > 4 {
        return bad("the string should be 3 or 4 digits");
    }
    match u32::from_str_radix(value, 8) {
        Ok(mode) if mode <= 0o777 => None,
        _ => bad("the string must be in octal numeric notation, at most 0777"),
    }
}

fn parse_mode(planned: &Value, name: &str, default: &str) -> Result<u32, Diagnostics> {
    let text = attrs::string(planned, name)?.unwrap_or_else(|| default.to_string());
    match (check_permission(name, &text), u32::from_str_radix(&text, 8)) {
        (None, Ok(mode)) => Ok(mode),
        (Some(d), _) => Err(d.into()),
        (None, Err(e)) => Err(Diagnostic::error("Invalid mode", e.to_string()).into()),
    }
}

fn io_error(summary: &str, path: &str, e: &std::io::Error) -> Diagnostics {
    Diagnostic::error(summary.to_string(), format!("{path}: {e}")).into()
}

impl LocalFile {
    /// The bytes to write, from whichever content argument is set.
    async fn content(&self, planned: &Value) -> Result<Vec<u8>, Diagnostics> {
        for name in self.content_args {
            let Some(text) = attrs::string(planned, name)? else {
                continue;
            };
            return match *name {
                "content_base64" => STANDARD.decode(text.trim()).map_err(|e| {
                    Diagnostic::error(
                        "Invalid value for \"content_base64\"",
                        format!("The attribute \"content_base64\" is not valid base64: {e}."),
                    )
                    .into()
                }),
                "source" => tokio::fs::read(&text)
                    .await
                    .map_err(|e| io_error("Cannot read the file named by \"source\"", &text, &e)),
                _ => Ok(text.into_bytes()),
            };
        }
        Ok(Vec::new())
    }
}

#[async_trait]
impl Resource for LocalFile {
    fn type_name(&self) -> &'static str {
        self.type_name
    }

    fn schema(&self) -> Schema {
        Schema {
            version: 0,
            block: (self.block)(),
        }
    }

    fn validate(&self, config: &Value) -> Diagnostics {
        let mut diags = Diagnostics::new();
        let set: Vec<&str> = self
            .content_args
            .iter()
            .copied()
            .filter(|n| attrs::is_set(config, n))
            .collect();
        if set.len() != 1 {
            let names = self.content_args.join(", ");
            diags.push(Diagnostic::error(
                "Invalid attribute combination",
                match set.len() {
                    0 => format!("Exactly one of {names} must be set; none is."),
                    _ => format!(
                        "Exactly one of {names} must be set; {} are.",
                        set.join(", ")
                    ),
                },
            ));
        }
        for name in ["file_permission", "directory_permission"] {
            if let Some(d) = attrs::string(config, name)
                .ok()
                .flatten()
                .and_then(|value| check_permission(name, &value))
            {
                diags.push(d);
            }
        }
        diags
    }

    fn plan(&self, prior: Option<&Value>, config: &Value) -> Result<Plan, Diagnostics> {
        let defaults = [
            ("file_permission", Value::string(self.default_permission)),
            (
                "directory_permission",
                Value::string(self.default_permission),
            ),
        ];
        Ok(plan::standard(
            &(self.block)(),
            &defaults,
            prior,
            config,
            plan::same_default,
        ))
    }

    async fn create(&self, planned: &Value) -> Result<Value, Diagnostics> {
        let content = self.content(planned).await?;
        let filename = attrs::string(planned, "filename")?.unwrap_or_default();
        let file_mode = parse_mode(planned, "file_permission", self.default_permission)?;
        let dir_mode = parse_mode(planned, "directory_permission", self.default_permission)?;

        let dir = std::path::Path::new(&filename)
            .parent()
            .filter(|d| !d.as_os_str().is_empty());
        if let Some(dir) = dir {
            if tokio::fs::metadata(dir).await.is_err() {
                let mut builder = tokio::fs::DirBuilder::new();
                builder.recursive(true);
                #[cfg(unix)]
                builder.mode(dir_mode);
                let shown = dir.display().to_string();
                builder
                    .create(dir)
                    .await
                    .map_err(|e| io_error("Cannot create the file's directory", &shown, &e))?;
            }
        }

        let mut options = tokio::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        options.mode(file_mode);
        let write = async {
            let mut f = options.open(&filename).await?;
            f.write_all(&content).await?;
            f.flush().await
        };
        write
            .await
            .map_err(|e| io_error("Cannot write the file", &filename, &e))?;
        Ok(with_all(planned, checksums(&content)))
    }

    async fn delete(&self, prior: &Value) -> Diagnostics {
        let Ok(Some(filename)) = attrs::string(prior, "filename") else {
            return Diagnostics::new();
        };
        match tokio::fs::remove_file(&filename).await {
            Err(e) if e.kind() != ErrorKind::NotFound => {
                io_error("Cannot delete the file", &filename, &e)
            }
            _ => Diagnostics::new(),
        }
    }

    async fn read(&self, state: Value) -> Result<Option<Value>, Diagnostics> {
        let filename = attrs::string(&state, "filename")?.unwrap_or_default();
        let content = match tokio::fs::read(&filename).await {
            Ok(c) => c,
            Err(e) if matches!(e.kind(), ErrorKind::NotFound | ErrorKind::PermissionDenied) => {
                return Ok(None)
            }
            Err(e) => return Err(io_error("Cannot read the file", &filename, &e)),
        };
        if attr(&state, "id").as_str() != Some(sha1_hex(&content).as_str()) {
            return Ok(None);
        }
        Ok(Some(state))
    }
}
