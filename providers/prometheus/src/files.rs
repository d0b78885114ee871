//! Files Prometheus reads: a safe file name for a group name, and writes
//! that replace a file whole (temp file and rename), so Prometheus never
//! loads half a file.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use terrace_provider_sdk::{Diagnostic, Diagnostics};

/// `dir/<name>.<ext>`, with characters outside `[A-Za-z0-9_-]` replaced and
/// a short hash added when any were, so distinct names stay distinct.
pub fn path_for(dir: &Path, name: &str, ext: &str) -> PathBuf {
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let file = if safe == name && !name.is_empty() {
        format!("{safe}.{ext}")
    } else {
        let hash = Sha256::digest(name.as_bytes());
        let short: String = hash.iter().take(4).map(|b| format!("{b:02x}")).collect();
        format!("{safe}-{short}.{ext}")
    };
    dir.join(file)
}

/// Writes `text` to `path` atomically.
pub fn write(path: &Path, text: &str) -> Result<(), Diagnostics> {
    let fail = |e: std::io::Error| -> Diagnostics {
        Diagnostic::error(
            "Cannot write file",
            format!("Writing {}: {e}", path.display()),
        )
        .into()
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(fail)?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(fail)?;
    std::io::Write::write_all(&mut tmp, text.as_bytes()).map_err(fail)?;
    tmp.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
}

/// Reads `path`; `None` when it does not exist.
pub fn read(path: &Path) -> Result<Option<String>, Diagnostics> {
    match std::fs::read_to_string(path) {
        Ok(s) => Ok(Some(s)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Diagnostic::error(
            "Cannot read file",
            format!("Reading {}: {e}", path.display()),
        )
        .into()),
    }
}

/// Removes `path` if it exists.
pub fn remove(path: &Path) -> Result<(), Diagnostics> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Diagnostic::error(
            "Cannot remove file",
            format!("Removing {}: {e}", path.display()),
        )
        .into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_become_safe_distinct_file_names() {
        let dir = Path::new("/r");
        assert_eq!(
            path_for(dir, "node-health", "yml"),
            Path::new("/r/node-health.yml")
        );
        let a = path_for(dir, "../etc/x", "yml");
        let b = path_for(dir, "__etc_x", "yml");
        assert_eq!(a.parent(), Some(dir));
        assert!(a.to_string_lossy().starts_with("/r/___etc_x-"));
        assert_ne!(a, b);
    }
}
