//! Turns what the Kubernetes API server or the client says into diagnostics
//! that name the attribute and the object, and carry the server's Status
//! message as it was returned.

use terrace_value::Diagnostic;

/// Which object a call was about, as people write it: `Deployment
/// default/web`.
pub(crate) fn describe(kind: &str, namespace: Option<&str>, name: &str) -> String {
    match namespace {
        Some(ns) => format!("{kind} {ns}/{name}"),
        None => format!("{kind} {name}"),
    }
}

/// Whether the error is the server's 404.
pub(crate) fn is_not_found(e: &kube::Error) -> bool {
    matches!(e, kube::Error::Api(s) if s.code == 404)
}

/// A diagnostic for a failed call about `object`, made while handling the
/// attribute `attr` (`manifest`, `metadata`, ...).
pub(crate) fn api_error(attr: &str, action: &str, object: &str, e: &kube::Error) -> Diagnostic {
    match e {
        kube::Error::Api(status) if status.code == 409 && status.message.contains("conflict") => {
            let managers = conflicting_managers(&status.message);
            Diagnostic::error(
                format!("Field manager conflict on {object}"),
                format!(
                    "Server-side apply of {attr} failed: {} The fields are owned by {}. Set field_manager {{ force_conflicts = true }} to take them over, or remove them from {attr}.",
                    status.message,
                    if managers.is_empty() { "another manager".to_string() } else { managers.join(", ") },
                ),
            )
        }
        kube::Error::Api(status) => Diagnostic::error(
            format!("Failed to {action} {object}"),
            format!(
                "The Kubernetes API server refused the request for {attr} ({} {}): {}",
                status.code, status.reason, status.message
            ),
        ),
        other => {
            let cause = with_causes(other);
            let hint = if cause.contains("invalid peer certificate") {
                " The server's certificate is not signed by the configured CA: check cluster_ca_certificate (or the kubeconfig's certificate-authority)."
            } else {
                ""
            };
            Diagnostic::error(
                format!("Failed to {action} {object}"),
                format!(
                    "The Kubernetes API server could not be reached for {attr}: {cause}.{hint}"
                ),
            )
        }
    }
}

/// An error and the errors that caused it, `a: b: c`, so a TLS failure shows
/// its reason (an unknown certificate issuer) instead of only "client error".
/// A failed exec credential plugin is told by its exit status and what it
/// wrote to stderr, not by the client's dump of the process.
pub(crate) fn with_causes(e: &(dyn std::error::Error + 'static)) -> String {
    let mut out = String::new();
    let mut current = Some(e);
    while let Some(cause) = current {
        if let Some(kube::client::AuthError::AuthExecRun { status, out, .. }) =
            cause.downcast_ref::<kube::client::AuthError>()
        {
            let stderr = String::from_utf8_lossy(&out.stderr);
            return match stderr.trim() {
                "" => format!("the exec credential plugin failed with {status}"),
                said => format!("the exec credential plugin failed with {status}: {said}"),
            };
        }
        let text = cause.to_string();
        if !out.contains(&text) {
            if !out.is_empty() {
                out.push_str(": ");
            }
            out.push_str(&text);
        }
        current = cause.source();
    }
    out
}

/// The managers a conflict message names: `conflict with "kubectl" ...`.
fn conflicting_managers(message: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for part in message.split("conflict with \"").skip(1) {
        if let Some((name, _)) = part.split_once('"') {
            let quoted = format!("\"{name}\"");
            if !out.contains(&quoted) {
                out.push(quoted);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct Layer(&'static str, Option<Box<Layer>>);
    impl std::fmt::Display for Layer {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(self.0)
        }
    }
    impl std::error::Error for Layer {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            self.1.as_deref().map(|l| l as _)
        }
    }

    #[test]
    fn causes_follow_the_error_once_each() {
        let e = Layer(
            "client error (Connect)",
            Some(Box::new(Layer(
                "Connect",
                Some(Box::new(Layer(
                    "invalid peer certificate: UnknownIssuer",
                    None,
                ))),
            ))),
        );
        assert_eq!(
            with_causes(&e),
            "client error (Connect): invalid peer certificate: UnknownIssuer"
        );
    }

    #[test]
    fn conflict_names_every_manager_once() {
        let m = "Apply failed with 2 conflicts: conflict with \"kubectl\" using apps/v1: .spec.replicas\nconflict with \"kubectl\" using apps/v1: .spec.paused\nconflict with \"helm\": .data.x";
        assert_eq!(conflicting_managers(m), vec!["\"kubectl\"", "\"helm\""]);
    }
}
