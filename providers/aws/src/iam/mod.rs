//! AWS IAM: roles, managed policies, their attachments, and policy
//! documents built from HCL.

pub(crate) mod attachment;
pub(crate) mod policy;
pub(crate) mod policy_document;
pub(crate) mod role;

/// IAM returns policy documents URL-encoded.
pub(crate) fn decode(doc: &str) -> String {
    percent_encoding::percent_decode_str(doc)
        .decode_utf8()
        .map(|s| s.into_owned())
        .unwrap_or_else(|_| doc.to_string())
}

/// IAM tags of a map.
pub(crate) fn tags(
    m: std::collections::BTreeMap<String, String>,
) -> Result<Vec<aws_sdk_iam::types::Tag>, terrace_provider_sdk::Diagnostics> {
    m.into_iter()
        .map(|(k, v)| {
            aws_sdk_iam::types::Tag::builder()
                .key(k)
                .value(v)
                .build()
                .map_err(|e| crate::error::build("TagResource", e))
        })
        .collect()
}
