//! Lexical path operations as Go's `path/filepath` performs them on Unix.
//! Terraform's path functions return exactly what these produce (`dirname`
//! of `"a/b/"` is `"a/b"`, `basename` of `""` is `"."`), so we reproduce the
//! rules rather than lean on `std::path`, which normalises differently.

/// The shortest path equivalent to `path`, by purely lexical processing.
pub fn clean(path: &str) -> String {
    if path.is_empty() {
        return ".".into();
    }
    let rooted = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|p| *p != "..") {
                    parts.pop();
                } else if !rooted {
                    parts.push("..");
                }
            }
            p => parts.push(p),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".into(),
        (false, false) => joined,
    }
}

/// The non-empty elements joined with `/` and cleaned; `""` if all are empty.
pub fn join(elems: &[&str]) -> String {
    let kept: Vec<&str> = elems.iter().copied().filter(|e| !e.is_empty()).collect();
    if kept.is_empty() {
        return String::new();
    }
    clean(&kept.join("/"))
}

/// Whether `path` is absolute.
pub fn is_abs(path: &str) -> bool {
    path.starts_with('/')
}

/// The last element of `path`, trailing slashes removed.
pub fn base(path: &str) -> String {
    if path.is_empty() {
        return ".".into();
    }
    let trimmed = path.trim_end_matches('/');
    if trimmed.is_empty() {
        return "/".into();
    }
    match trimmed.rfind('/') {
        Some(i) => trimmed[i + 1..].to_string(),
        None => trimmed.to_string(),
    }
}

/// All but the last element of `path`, cleaned.
pub fn dir(path: &str) -> String {
    match path.rfind('/') {
        Some(i) => clean(&path[..=i]),
        None => ".".into(),
    }
}

/// `target` relative to `base`, lexically; `None` when it cannot be
/// expressed (one absolute and the other not, or `base` climbs out with
/// `..` beyond what is known).
pub fn rel(base: &str, target: &str) -> Option<String> {
    let base = clean(base);
    let target = clean(target);
    if base == target {
        return Some(".".into());
    }
    if is_abs(&base) != is_abs(&target) {
        return None;
    }
    let split = |p: &str| -> Vec<String> {
        p.split('/')
            .filter(|s| !s.is_empty() && *s != ".")
            .map(str::to_string)
            .collect()
    };
    let (b, t) = (split(&base), split(&target));
    let common = b.iter().zip(&t).take_while(|(x, y)| x == y).count();
    if b[common..].iter().any(|s| s == "..") {
        return None;
    }
    let mut out: Vec<&str> = vec![".."; b.len() - common];
    out.extend(t[common..].iter().map(String::as_str));
    Some(if out.is_empty() {
        ".".into()
    } else {
        out.join("/")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_matches_go() {
        for (input, want) in [
            ("", "."),
            ("a/../b", "b"),
            ("/../a", "/a"),
            ("../a/..", ".."),
            ("a//b/./c/", "a/b/c"),
            ("/", "/"),
            ("a/..", "."),
        ] {
            assert_eq!(clean(input), want, "{input}");
        }
    }

    #[test]
    fn base_and_dir_match_go() {
        assert_eq!(base(""), ".");
        assert_eq!(base("/"), "/");
        assert_eq!(base("a/b/"), "b");
        assert_eq!(base("//a//"), "a");
        assert_eq!(dir(""), ".");
        assert_eq!(dir("/"), "/");
        assert_eq!(dir("a"), ".");
        assert_eq!(dir("a/b/"), "a/b");
        assert_eq!(dir("/a/../b/c"), "/b");
        assert_eq!(dir("a//b"), "a");
    }

    #[test]
    fn join_and_rel() {
        assert_eq!(join(&["/root", ""]), "/root");
        assert_eq!(join(&["/root", "\\x"]), "/root/\\x");
        assert_eq!(join(&["", ""]), "");
        assert_eq!(
            rel("fixtures/tree", "fixtures/tree/a.txt").as_deref(),
            Some("a.txt")
        );
        assert_eq!(
            rel("fixtures/tree", "fixtures/x.txt").as_deref(),
            Some("../x.txt")
        );
        assert_eq!(rel("/a", "b"), None);
        assert_eq!(rel("a", "a").as_deref(), Some("."));
    }
}
