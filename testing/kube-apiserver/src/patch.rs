//! The non-apply patch types: JSON merge patch, strategic merge patch and JSON patch.

use serde_json::Value;

use crate::merge;
use crate::status::ApiError;

pub fn patch(
    content_type: &str,
    old: &Value,
    body: &[u8],
    custom: bool,
) -> Result<Value, ApiError> {
    let p: Value = serde_json::from_slice(body)
        .map_err(|e| ApiError::bad_request(format!("error decoding patch: {e}")))?;
    let mut new = old.clone();
    match content_type {
        "application/merge-patch+json" => json_patch::merge(&mut new, &p),
        "application/strategic-merge-patch+json" => {
            if custom {
                return Err(ApiError::new(
                    415,
                    "UnsupportedMediaType",
                    "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml",
                ));
            }
            if !p.is_object() {
                return Err(ApiError::bad_request("strategic merge patch must be an object"));
            }
            merge::merge(&mut new, &p, false, "");
        }
        "application/json-patch+json" => {
            let ops: json_patch::Patch = serde_json::from_value(p)
                .map_err(|e| ApiError::bad_request(format!("error decoding patch: {e}")))?;
            json_patch::patch(&mut new, &ops).map_err(|e| ApiError::new(422, "Invalid", e.to_string()))?;
        }
        other => {
            return Err(ApiError::new(
                415,
                "UnsupportedMediaType",
                format!("the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json (got {other})"),
            ))
        }
    }
    Ok(new)
}
