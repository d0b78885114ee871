//! `local_sensitive_file`: a `local_file` whose content arguments are
//! sensitive, with no deprecated `sensitive_content`, and whose permissions
//! default to owner-only `0700`.

use terrace_provider_sdk::Block;

use super::file::{common_attributes, content_attribute, LocalFile};

/// The `local_sensitive_file` resource type.
pub(crate) fn resource() -> LocalFile {
    LocalFile::new(
        "local_sensitive_file",
        block,
        &["content", "content_base64", "source"],
        "0700",
    )
}

fn block() -> Block {
    let mut attrs = vec![
        (
            "content",
            content_attribute(
                true,
                "Sensitive content to store in the file, as UTF-8 text.",
            ),
        ),
        (
            "content_base64",
            content_attribute(
                true,
                "Sensitive content to store in the file, base64-encoded.",
            ),
        ),
        (
            "source",
            content_attribute(false, "A file whose content to copy."),
        ),
    ];
    attrs.extend(common_attributes("0700"));
    Block::with_attributes(attrs)
}
