//! AWS errors as diagnostics: the failed operation, AWS's error code and its
//! message, so a user sees what AWS said without a Rust error dump.

use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::display::DisplayErrorContext;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use terrace_provider_sdk::{Diagnostic, Diagnostics};

/// What went wrong in one AWS call.
pub(crate) struct AwsError {
    /// The API operation, e.g. `CreateBucket`.
    pub operation: &'static str,
    /// AWS's error code, when the service answered.
    pub code: Option<String>,
    /// AWS's message, or a description of why no answer came.
    pub message: String,
}

impl AwsError {
    /// Whether AWS said the object does not exist.
    pub fn is_not_found(&self) -> bool {
        self.code.as_deref().is_some_and(is_not_found_code)
    }

    /// Whether the error code is `code`.
    pub fn is(&self, code: &str) -> bool {
        self.code.as_deref() == Some(code)
    }

    /// The diagnostic a user sees.
    pub fn diagnostic(&self) -> Diagnostic {
        let detail = match &self.code {
            Some(code) => format!(
                "The AWS API operation {} failed with error code {code}: {}",
                self.operation, self.message
            ),
            None => format!(
                "The AWS API operation {} failed: {}",
                self.operation, self.message
            ),
        };
        Diagnostic::error(format!("AWS {} failed", self.operation), detail)
    }
}

impl From<AwsError> for Diagnostics {
    fn from(e: AwsError) -> Diagnostics {
        e.diagnostic().into()
    }
}

/// Codes the services use for "no such object".
fn is_not_found_code(code: &str) -> bool {
    matches!(
        code,
        "NoSuchBucket"
            | "NotFound"
            | "NoSuchKey"
            | "NoSuchBucketPolicy"
            | "NoSuchEntity"
            | "ResourceNotFoundException"
            | "ResourceNotFound"
            | "AWS.SimpleQueueService.NonExistentQueue"
            | "QueueDoesNotExist"
            | "NotFoundException"
            | "DBInstanceNotFound"
            | "DBInstanceNotFoundFault"
            | "DBSubnetGroupNotFoundFault"
            | "DBParameterGroupNotFound"
            | "CacheClusterNotFound"
            | "ResourceNotFoundFault"
            | "InvalidParameter"
    )
}

/// Turns an SDK error from `operation` into an [`AwsError`].
pub(crate) fn aws_err<E>(operation: &'static str, e: SdkError<E, HttpResponse>) -> AwsError
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    let status = e.raw_response().map(|r| r.status().as_u16());
    // HEAD requests carry no body, so a missing object has only a status.
    let code = e
        .code()
        .map(str::to_string)
        .or_else(|| (status == Some(404)).then(|| "NotFound".to_string()));
    let message = match (&e, e.message()) {
        (_, Some(m)) => m.to_string(),
        (SdkError::ServiceError(_), None) => match status {
            Some(s) => format!("HTTP status {s}"),
            None => "no message".to_string(),
        },
        _ => DisplayErrorContext(&e).to_string(),
    };
    AwsError {
        operation,
        code,
        message,
    }
}

/// A request the SDK refused to build (a required field missing).
pub(crate) fn build(
    operation: &'static str,
    e: aws_smithy_types::error::operation::BuildError,
) -> Diagnostics {
    Diagnostic::error(
        format!("AWS {operation} failed"),
        format!("The request for {operation} could not be built: {e}"),
    )
    .into()
}
