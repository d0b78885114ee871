//! The glob matching behind `fileset`. Terraform uses an early release of a
//! Go "doublestar" library whose rules differ from common glob crates in ways
//! users can see: `[!a]` is not a negation, `**` must be a whole path element
//! to cross directories, `{a,b/c}` is a syntax error, and a `**` after another
//! `**` matches exactly one element. We follow those rules so `fileset` returns
//! the same files.

use std::fs;

use super::go_path;
use super::go_quote::decode_rune;

/// A malformed pattern.
#[derive(Debug, Clone, PartialEq)]
pub enum GlobError {
    /// The pattern is malformed (Go's `ErrBadPattern`).
    BadPattern,
    /// Matching gave up: the pattern backtracks too much to finish.
    TooComplex,
}

/// How many character comparisons one glob may make before giving up, so a
/// pattern like `*a*a*a*a*a*a*b` cannot stall a plan.
const STEP_BUDGET: u64 = 20_000_000;

/// How deep the walk may descend; a symlink cycle would otherwise recurse
/// until the path becomes too long.
const MAX_DEPTH: usize = 64;

/// Every path matching `pattern` (relative patterns against the current
/// directory), unsorted and possibly with repeats, directories included.
pub fn glob(pattern: &str) -> Result<Vec<String>, GlobError> {
    let components = split_unescaped(pattern.as_bytes(), b'/');
    let mut walker = Walker {
        steps: 0,
        matches: Vec::new(),
    };
    let err = match components.split_first() {
        Some((first, rest)) if first.is_empty() => walker.walk("/".into(), rest, 0),
        _ => walker.walk(".".into(), &components, 0),
    };
    match err {
        Some(e) => Err(e),
        None => Ok(walker.matches),
    }
}

struct Walker {
    steps: u64,
    matches: Vec<String>,
}

impl Walker {
    /// Returns the error the walk ends with. Like the library we follow, an
    /// error found in one directory can be overwritten by the outcome of a
    /// later sibling, so only some malformed patterns are reported.
    fn walk(
        &mut self,
        mut basedir: String,
        components: &[Vec<u8>],
        depth: usize,
    ) -> Option<GlobError> {
        if depth > MAX_DEPTH {
            return None;
        }
        let literal = components
            .iter()
            .take_while(|c| !c.iter().any(|b| b"*?[{\\".contains(b)))
            .count();
        if literal > 0 {
            let lits: Vec<String> = components[..literal]
                .iter()
                .map(|c| String::from_utf8_lossy(c).into_owned())
                .collect();
            let lits: Vec<&str> = lits.iter().map(String::as_str).collect();
            basedir = go_path::join(&[&basedir, &go_path::join(&lits)]);
        }
        let Ok(meta) = fs::symlink_metadata(&basedir) else {
            return None;
        };
        if literal >= components.len() {
            self.matches.push(basedir);
            return None;
        }
        let is_dir = if meta.file_type().is_symlink() {
            match fs::metadata(&basedir) {
                Ok(m) => m.is_dir(),
                Err(_) => return None,
            }
        } else {
            meta.is_dir()
        };
        if !is_dir {
            return None;
        }
        let Ok(read) = fs::read_dir(&basedir) else {
            return None;
        };
        let mut files: Vec<(String, bool, bool)> = read
            .filter_map(Result::ok)
            .map(|entry| {
                let name = entry.file_name().to_string_lossy().into_owned();
                let kind = entry.file_type().ok();
                let dir = kind.is_some_and(|t| t.is_dir());
                let link = kind.is_some_and(|t| t.is_symlink());
                (name, dir, link)
            })
            .collect();
        files.sort();

        let mut idx = literal;
        let mut last = idx + 1 >= components.len();
        let mut err = None;
        if components[idx] == b"**" {
            for (name, is_dir, is_link) in &files {
                let full = go_path::join(&[&basedir, name]);
                let is_dir = if *is_link {
                    match fs::metadata(&full) {
                        Ok(m) => m.is_dir(),
                        Err(_) => continue,
                    }
                } else {
                    *is_dir
                };
                if is_dir {
                    if last {
                        self.matches.push(full.clone());
                    }
                    err = self.walk(full, &components[idx..], depth + 1);
                } else if last {
                    self.matches.push(full);
                }
            }
            if last {
                return err;
            }
            idx += 1;
            last = idx + 1 >= components.len();
        }
        for (name, _, _) in &files {
            match self.match_component(&components[idx], name.as_bytes()) {
                Err(e) => return Some(e),
                Ok(false) => err = None,
                Ok(true) => {
                    let full = go_path::join(&[&basedir, name]);
                    if last {
                        self.matches.push(full);
                        err = None;
                    } else {
                        err = self.walk(full, &components[idx + 1..], depth + 1);
                    }
                }
            }
        }
        err
    }

    /// Whether one path element matches one pattern element.
    fn match_component(&mut self, pattern: &[u8], name: &[u8]) -> Result<bool, GlobError> {
        let (plen, nlen) = (pattern.len(), name.len());
        if plen == 0 && nlen == 0 {
            return Ok(true);
        }
        if plen == 0 || (nlen == 0 && pattern != b"*") {
            return Ok(false);
        }
        let (mut pi, mut ni) = (0, 0);
        while pi < plen && ni < nlen {
            self.steps += 1;
            if self.steps > STEP_BUDGET {
                return Err(GlobError::TooComplex);
            }
            let (prune, padj) = rune(&pattern[pi..]);
            let (nrune, nadj) = rune(&name[ni..]);
            if prune == Some('\\') {
                pi += padj;
                let (escaped, eadj) = decode_rune(&pattern[pi..]);
                match escaped {
                    None => return Err(GlobError::BadPattern),
                    Some(c) if Some(c) == nrune => {
                        pi += eadj;
                        ni += nadj;
                    }
                    Some(_) => return Ok(false),
                }
            } else if prune == Some('*') {
                pi += padj;
                if pi >= plen {
                    return Ok(true);
                }
                // The step stays the width of the first character tried, as
                // in the library we follow; slicing bytes keeps that safe.
                while ni < nlen {
                    if let Ok(true) = self.match_component(&pattern[pi..], &name[ni..]) {
                        return Ok(true);
                    }
                    if self.steps > STEP_BUDGET {
                        return Err(GlobError::TooComplex);
                    }
                    ni += nadj;
                }
                return Ok(false);
            } else if prune == Some('[') {
                pi += padj;
                let end = index_unescaped(&pattern[pi..], b']').ok_or(GlobError::BadPattern)? + pi;
                let class: Vec<Option<char>> = runes(&pattern[pi..end]);
                if class.is_empty() {
                    return Err(GlobError::BadPattern);
                }
                let negated = class[0] == Some('^');
                let mut ci = usize::from(negated);
                let mut matched = false;
                while ci < class.len() {
                    let mut low = class[ci];
                    if low == Some('-') {
                        return Err(GlobError::BadPattern);
                    }
                    ci += 1;
                    if low == Some('\\') {
                        low = *class.get(ci).ok_or(GlobError::BadPattern)?;
                        ci += 1;
                    }
                    let mut high = low;
                    if class.get(ci) == Some(&Some('-')) {
                        ci += 1;
                        high = *class.get(ci).ok_or(GlobError::BadPattern)?;
                        if high == Some('-') {
                            return Err(GlobError::BadPattern);
                        }
                        ci += 1;
                        if high == Some('\\') {
                            high = *class.get(ci).ok_or(GlobError::BadPattern)?;
                            ci += 1;
                        }
                    }
                    let value = |c: Option<char>| c.map_or(0xfffd, |c| c as u32);
                    let n = value(nrune);
                    if value(low) <= n && n <= value(high) {
                        matched = true;
                    }
                }
                if matched == negated {
                    return Ok(false);
                }
                pi = end + 1;
                ni += nadj;
            } else if prune == Some('{') {
                pi += padj;
                let end = index_unescaped(&pattern[pi..], b'}').ok_or(GlobError::BadPattern)? + pi;
                let options = split_unescaped(&pattern[pi..end], b',');
                pi = end + 1;
                for option in options {
                    let mut alternative = option;
                    alternative.extend_from_slice(&pattern[pi..]);
                    if self.match_component(&alternative, &name[ni..])? {
                        return Ok(true);
                    }
                }
                return Ok(false);
            } else if prune == Some('?') || prune == nrune {
                pi += padj;
                ni += nadj;
            } else {
                return Ok(false);
            }
        }
        let rest = &pattern[pi.min(plen)..];
        Ok((ni >= nlen && (pi >= plen || rest == b"*")) || rest == b"**")
    }
}

/// A character and its width, reading invalid bytes as one replacement
/// character of width one.
fn rune(bytes: &[u8]) -> (Option<char>, usize) {
    let (c, width) = decode_rune(bytes);
    (Some(c.unwrap_or('\u{fffd}')), width.max(1))
}

fn runes(mut bytes: &[u8]) -> Vec<Option<char>> {
    let mut out = Vec::new();
    while !bytes.is_empty() {
        let (c, width) = rune(bytes);
        out.push(c);
        bytes = &bytes[width..];
    }
    out
}

/// The index of the first `sep` not preceded by a backslash.
fn index_unescaped(s: &[u8], sep: u8) -> Option<usize> {
    let mut start = 0;
    loop {
        let at = s[start..].iter().position(|b| *b == sep)? + start;
        if at > 0 && s[at - 1] == b'\\' {
            start = at + 1;
        } else {
            return Some(at);
        }
    }
}

/// `s` split at unescaped `sep`s, so `"a,"` gives `"a"` and `""`.
fn split_unescaped(s: &[u8], sep: u8) -> Vec<Vec<u8>> {
    if !s.contains(&sep) {
        return vec![s.to_vec()];
    }
    let mut out = Vec::new();
    let mut start = 0;
    let mut empty_end = false;
    while start < s.len() {
        let found = index_unescaped(&s[start..], sep).map(|i| i + start);
        empty_end = found.is_some();
        let end = found.unwrap_or(s.len());
        out.push(s[start..end].to_vec());
        start = end + 1;
    }
    if empty_end {
        out.push(Vec::new());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(pattern: &str, name: &str) -> Result<bool, GlobError> {
        Walker {
            steps: 0,
            matches: Vec::new(),
        }
        .match_component(pattern.as_bytes(), name.as_bytes())
    }

    #[test]
    fn component_matching_follows_doublestar_v1() {
        assert_eq!(m("*.txt", ".hidden.txt"), Ok(true));
        assert_eq!(m("[!a].*", "a.txt"), Ok(true));
        assert_eq!(m("[!a].*", "b.json"), Ok(false));
        assert_eq!(m("[^a].*", "b.json"), Ok(true));
        assert_eq!(m("{a,{b,c}}.*", "b.json"), Ok(true));
        assert_eq!(m("{a,{b,c}}.*", "a.txt"), Ok(false));
        assert_eq!(m("a**", "a.txt"), Ok(true));
        assert_eq!(m("\\a.txt", "a.txt"), Ok(true));
        assert_eq!(m("?.txt", "ab.txt"), Ok(false));
        assert_eq!(m("[a-c].*", "b.json"), Ok(true));
        assert_eq!(m("[b-a].*", "b.json"), Ok(false));
        assert_eq!(m("a.tx[", "a.txt"), Err(GlobError::BadPattern));
        assert_eq!(m("[]*", "a"), Err(GlobError::BadPattern));
        assert_eq!(m("[a-]*", "a"), Err(GlobError::BadPattern));
        assert_eq!(m("*[", "a.txt"), Ok(false));
        assert_eq!(m("{a", "a"), Err(GlobError::BadPattern));
        assert_eq!(m("x\\", "x"), Ok(false));
        assert_eq!(m("x\\", "xy"), Err(GlobError::BadPattern));
        assert_eq!(m("*é", "aé"), Ok(true));
    }

    #[test]
    fn pathological_patterns_give_up() {
        let name = "a".repeat(200);
        let pattern = "*a".repeat(20) + "b";
        assert_eq!(m(&pattern, &name), Err(GlobError::TooComplex));
    }

    #[test]
    fn splits_respect_escapes() {
        assert_eq!(
            split_unescaped(b"a,", b','),
            vec![b"a".to_vec(), b"".to_vec()]
        );
        assert_eq!(
            split_unescaped(b"/a", b'/'),
            vec![b"".to_vec(), b"a".to_vec()]
        );
        assert_eq!(split_unescaped(b"a\\/b", b'/'), vec![b"a\\/b".to_vec()]);
        assert_eq!(split_unescaped(b"", b'/'), vec![b"".to_vec()]);
    }
}
