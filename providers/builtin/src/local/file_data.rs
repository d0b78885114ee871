//! The `local_file` and `local_sensitive_file` data sources: a file's
//! content as text and base64, with its checksums. The sensitive one marks
//! both forms of the content sensitive.

use async_trait::async_trait;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use terrace_provider_sdk::{Attribute, Block, Diagnostic, Diagnostics, Schema, Type, Value};

use super::hashes::{checksums, NAMES};
use crate::attrs::{self, object};
use crate::provider::DataSource;

/// A local file read at plan time.
pub(crate) struct FileData {
    /// Whether this is `local_sensitive_file`.
    pub sensitive: bool,
}

impl FileData {
    fn block(&self) -> Block {
        let content = |text: &str| {
            let a = Attribute::computed(Type::String).describe(text);
            if self.sensitive {
                a.sensitive()
            } else {
                a
            }
        };
        let mut attrs = vec![
            (
                "filename",
                Attribute::required(Type::String)
                    .describe("The path of the file to read; reading fails if it does not exist."),
            ),
            ("content", content("The file's content as UTF-8 text.")),
            (
                "content_base64",
                content("The file's content, base64-encoded."),
            ),
        ];
        for name in NAMES {
            attrs.push((
                name,
                Attribute::computed(Type::String).describe("A checksum of the file content."),
            ));
        }
        Block::with_attributes(attrs)
    }
}

#[async_trait]
impl DataSource for FileData {
    fn type_name(&self) -> &'static str {
        if self.sensitive {
            "local_sensitive_file"
        } else {
            "local_file"
        }
    }

    fn schema(&self) -> Schema {
        Schema {
            version: 0,
            block: self.block(),
        }
    }

    async fn read(&self, config: &Value) -> Result<Value, Diagnostics> {
        let filename = attrs::string(config, "filename")?.unwrap_or_default();
        let bytes = tokio::fs::read(&filename).await.map_err(|e| {
            Diagnostics::from(Diagnostic::error(
                "Cannot read the file named by \"filename\"",
                format!("{filename}: {e}"),
            ))
        })?;
        let mut set = checksums(&bytes);
        set.push(("filename", Value::string(filename)));
        set.push(("content_base64", Value::string(STANDARD.encode(&bytes))));
        set.push((
            "content",
            Value::string(String::from_utf8_lossy(&bytes).into_owned()),
        ));
        Ok(object(&self.block(), set))
    }
}
