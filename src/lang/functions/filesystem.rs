//! The filesystem functions of Terraform's library: path manipulation
//! (`abspath`, `basename`, `dirname`, `pathexpand`) and reading files that
//! ship with the configuration (`file`, `filebase64`, `fileexists`,
//! `fileset`, `templatefile`). Relative paths resolve against
//! [`FuncContext::base_dir`]; messages name paths as Terraform does, and hide
//! them when they are sensitive.

use std::fs;
use std::io::{self, Read};

use base64::Engine as _;
use terrace_value::{Marks, Type, Value};

use super::fileset_glob::{self, GlobError};
use super::go_path;
use super::go_quote::go_quote;
use super::{FuncContext, FuncError, Function, Param};

/// The functions of this group.
pub fn functions() -> Vec<Function> {
    let path = || Param::new("path", Type::String);
    vec![
        Function::new("abspath", vec![path()], Type::String, abspath),
        Function::new("basename", vec![path()], Type::String, basename),
        Function::new("dirname", vec![path()], Type::String, dirname),
        Function::new("pathexpand", vec![path()], Type::String, pathexpand),
        Function::new("file", vec![path().marked()], Type::String, file),
        Function::new(
            "filebase64",
            vec![path().marked()],
            Type::String,
            filebase64,
        ),
        Function::new("fileexists", vec![path().marked()], Type::Bool, fileexists),
        Function::new(
            "fileset",
            vec![
                path().marked(),
                Param::new("pattern", Type::String).marked(),
            ],
            Type::set(Type::String),
            fileset,
        ),
        Function::new(
            "templatefile",
            vec![
                path().marked(),
                Param::new("vars", Type::Dynamic).unknowns(),
            ],
            Type::Dynamic,
            templatefile,
        ),
    ]
}

/// The string of a (converted, known) argument and the marks on it.
fn text_arg(value: &Value) -> (String, Marks) {
    let (v, marks) = value.clone().unmark();
    (v.as_str().unwrap_or_default().to_string(), marks)
}

fn redact(path: &str, marks: Marks) -> String {
    if marks.is_sensitive() {
        "(sensitive value)".into()
    } else {
        go_quote(path.as_bytes())
    }
}

/// An operating-system error in the words Go uses ("no such file or
/// directory"), without Rust's "(os error N)" suffix.
fn os_error_text(err: &io::Error) -> String {
    let text = err.to_string();
    let text = text
        .find(" (os error")
        .map_or(text.as_str(), |i| &text[..i]);
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn abspath(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    let path = args[0].as_str().unwrap_or_default();
    if go_path::is_abs(path) {
        return Ok(Value::string(go_path::clean(path)));
    }
    let wd = working_dir().map_err(|e| FuncError::call(format!("getwd: {}", os_error_text(&e))))?;
    Ok(Value::string(go_path::join(&[&wd, path])))
}

/// The current directory, preferring `$PWD` when it names the same directory,
/// so a path reached through a symlink keeps the spelling the user sees.
fn working_dir() -> io::Result<String> {
    if let Ok(pwd) = std::env::var("PWD") {
        if go_path::is_abs(&pwd) && same_directory(&pwd, ".") {
            return Ok(pwd);
        }
    }
    std::env::current_dir().map(|p| p.to_string_lossy().into_owned())
}

#[cfg(unix)]
fn same_directory(a: &str, b: &str) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (fs::metadata(a), fs::metadata(b)) {
        (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_directory(_: &str, _: &str) -> bool {
    false
}

fn basename(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    Ok(Value::string(go_path::base(
        args[0].as_str().unwrap_or_default(),
    )))
}

fn dirname(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    Ok(Value::string(go_path::dir(
        args[0].as_str().unwrap_or_default(),
    )))
}

fn pathexpand(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    expand_home(args[0].as_str().unwrap_or_default())
        .map(Value::string)
        .map_err(FuncError::call)
}

/// Replaces a leading `~` with the home directory; `~user` is refused.
fn expand_home(path: &str) -> Result<String, String> {
    let Some(rest) = path.strip_prefix('~') else {
        return Ok(path.to_string());
    };
    if !rest.is_empty() && !rest.starts_with('/') && !rest.starts_with('\\') {
        return Err("cannot expand user-specific home dir".into());
    }
    let home = std::env::var("HOME").unwrap_or_default();
    if home.is_empty() {
        return Err("blank output when reading home directory".into());
    }
    Ok(go_path::join(&[&home, rest]))
}

/// `path` made absolute against the base directory, and cleaned.
fn resolve(ctx: &FuncContext<'_>, path: &str) -> String {
    if go_path::is_abs(path) {
        go_path::clean(path)
    } else {
        go_path::join(&[&ctx.base_dir.to_string_lossy(), path])
    }
}

/// The bytes of the file at `path`, with Terraform's messages on failure.
fn read_file(ctx: &FuncContext<'_>, path: &str, marks: Marks) -> Result<Vec<u8>, FuncError> {
    let expanded =
        expand_home(path).map_err(|e| FuncError::arg(0, format!("failed to expand ~: {e}")))?;
    let full = resolve(ctx, &expanded);
    let mut f = fs::File::open(&full).map_err(|e| {
        if e.kind() == io::ErrorKind::NotFound {
            FuncError::arg(
                0,
                format!(
                    "no file exists at {}; this function works only with files that are distributed \
                     as part of the configuration source code, so if this file will be created by a \
                     resource in this configuration you must instead obtain this result from an \
                     attribute of that resource",
                    redact(path, marks)
                ),
            )
        } else {
            FuncError::arg(0, format!("open {full}: {}", os_error_text(&e)))
        }
    })?;
    let mut bytes = Vec::new();
    f.read_to_end(&mut bytes).map_err(|e| {
        FuncError::arg(
            0,
            format!("failed to read file: read {full}: {}", os_error_text(&e)),
        )
    })?;
    Ok(bytes)
}

/// The file's text, which must be UTF-8.
fn read_text(ctx: &FuncContext<'_>, path: &str, marks: Marks) -> Result<String, FuncError> {
    String::from_utf8(read_file(ctx, path, marks)?).map_err(|_| {
        FuncError::call(format!(
            "contents of {} are not valid UTF-8; use the filebase64 function to obtain the Base64 \
             encoded contents or the other file functions (e.g. filemd5, filesha256) to obtain file \
             hashing results instead",
            redact(path, marks)
        ))
    })
}

fn file(ctx: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    let (path, marks) = text_arg(&args[0]);
    Ok(Value::string(read_text(ctx, &path, marks)?).mark(marks))
}

fn filebase64(ctx: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    let (path, marks) = text_arg(&args[0]);
    let bytes = read_file(ctx, &path, marks)?;
    Ok(Value::string(base64::engine::general_purpose::STANDARD.encode(bytes)).mark(marks))
}

fn fileexists(ctx: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    let (path, marks) = text_arg(&args[0]);
    let expanded =
        expand_home(&path).map_err(|e| FuncError::call(format!("failed to expand ~: {e}")))?;
    let full = resolve(ctx, &expanded);
    let meta = match fs::metadata(&full) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Value::Bool(false).mark(marks)),
        Err(_) => {
            return Err(FuncError::call(format!(
                "failed to stat {}",
                redact(&full, marks)
            )))
        }
    };
    if meta.is_file() {
        return Ok(Value::Bool(true).mark(marks));
    }
    let name = redact(&full, marks);
    Err(FuncError::call(format!("{name} {}", irregular_kind(&meta))))
}

/// What an existing path that is not a regular file is, in Terraform's words.
fn irregular_kind(meta: &fs::Metadata) -> &'static str {
    let kind = meta.file_type();
    if kind.is_dir() {
        return "is a directory, not a file";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_block_device() || kind.is_char_device() {
            return "is a device node, not a regular file";
        }
        if kind.is_fifo() {
            return "is a named pipe, not a regular file";
        }
        if kind.is_socket() {
            return "is a unix domain socket, not a regular file";
        }
    }
    "is not a regular file"
}

fn fileset(ctx: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    let (path, path_marks) = text_arg(&args[0]);
    let (pattern, pattern_marks) = text_arg(&args[1]);
    let marks = path_marks | pattern_marks;
    let base = if go_path::is_abs(&path) {
        path.clone()
    } else {
        go_path::join(&[&ctx.base_dir.to_string_lossy(), &path])
    };
    let full_pattern = go_path::join(&[&base, &pattern]);
    let matches = fileset_glob::glob(&full_pattern).map_err(|e| {
        let why = match e {
            GlobError::BadPattern => "syntax error in pattern",
            GlobError::TooComplex => "pattern is too complex to match",
        };
        FuncError::call(format!(
            "failed to glob pattern {}: {why}",
            redact(&full_pattern, marks)
        ))
    })?;
    let mut found = Vec::new();
    for m in matches {
        let meta = fs::metadata(&m).map_err(|e| {
            FuncError::call(format!(
                "failed to stat {}: stat {m}: {}",
                redact(&m, marks),
                os_error_text(&e)
            ))
        })?;
        if !meta.is_file() {
            continue;
        }
        let rel = go_path::rel(&base, &m).ok_or_else(|| {
            FuncError::call(format!(
                "failed to trim path of match {}: Rel: can't make {m} relative to {base}",
                redact(&m, marks)
            ))
        })?;
        found.push(Value::string(rel));
    }
    Ok(Value::set(Type::String, found).mark(marks))
}

fn templatefile(ctx: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    let (path, marks) = text_arg(&args[0]);
    let vars = &args[1];
    if !vars.is_known() {
        return Ok(Value::Unknown(Type::Dynamic).mark(marks));
    }
    let source = read_text(ctx, &path, marks)?;
    let Some(entries) = vars.as_entries() else {
        return Err(FuncError::arg(1, "invalid vars value: must be a map"));
    };
    if let Some(bad) = entries.keys().find(|k| !is_identifier(k)) {
        return Err(FuncError::arg(
            1,
            format!(
                "invalid template variable name {}: must start with a letter, followed by zero or \
                 more letters, digits, and underscores",
                go_quote(bad.as_bytes())
            ),
        ));
    }
    match (ctx.render_template)(&path, &source, vars) {
        Ok(v) => Ok(v.mark(marks)),
        // A reference to a variable the map lacks is the fault of the vars
        // argument, and Terraform reports it against that argument.
        Err(message) if message.starts_with("vars map does not contain key") => {
            Err(FuncError::arg(1, message))
        }
        Err(message) => Err(FuncError::call(message)),
    }
}

/// Whether `name` could be referred to from a template: an HCL identifier.
fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_' || c == '-')
}

#[cfg(test)]
#[path = "filesystem_tests.rs"]
mod tests;
