//! The hashing and identifier functions of Terraform's library: digests of
//! strings and of files beside the configuration, bcrypt, and UUIDs.

use std::path::{Path, PathBuf};

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use md5::Md5;
use sha1::Sha1;
use sha2::{Digest, Sha256, Sha512};
use terrace_value::{Type, Value};
use uuid::Uuid;

use super::{FuncContext, FuncError, Function, Param};

/// The functions of this group.
pub fn functions() -> Vec<Function> {
    let s = || Param::new("str", Type::String);
    let p = || Param::new("path", Type::String);
    let str_fn = |name, imp| Function::new(name, vec![s()], Type::String, imp);
    let file_fn = |name, imp| Function::new(name, vec![p()], Type::String, imp);
    vec![
        str_fn("md5", |_, a| Ok(hex_of::<Md5>(str_arg(a).as_bytes()))),
        str_fn("sha1", |_, a| Ok(hex_of::<Sha1>(str_arg(a).as_bytes()))),
        str_fn("sha256", |_, a| Ok(hex_of::<Sha256>(str_arg(a).as_bytes()))),
        str_fn("sha512", |_, a| Ok(hex_of::<Sha512>(str_arg(a).as_bytes()))),
        str_fn("base64sha256", |_, a| {
            Ok(b64_of::<Sha256>(str_arg(a).as_bytes()))
        }),
        str_fn("base64sha512", |_, a| {
            Ok(b64_of::<Sha512>(str_arg(a).as_bytes()))
        }),
        file_fn("filemd5", |c, a| Ok(hex_of::<Md5>(&read_file(c, a)?))),
        file_fn("filesha1", |c, a| Ok(hex_of::<Sha1>(&read_file(c, a)?))),
        file_fn("filesha256", |c, a| Ok(hex_of::<Sha256>(&read_file(c, a)?))),
        file_fn("filesha512", |c, a| Ok(hex_of::<Sha512>(&read_file(c, a)?))),
        file_fn("filebase64sha256", |c, a| {
            Ok(b64_of::<Sha256>(&read_file(c, a)?))
        }),
        file_fn("filebase64sha512", |c, a| {
            Ok(b64_of::<Sha512>(&read_file(c, a)?))
        }),
        Function::new("bcrypt", vec![s()], Type::String, bcrypt_impl)
            .variadic(Param::new("cost", Type::Number))
            .impure(),
        Function::new("uuid", vec![], Type::String, |_, _| {
            Ok(Value::string(Uuid::new_v4().to_string()))
        })
        .impure(),
        Function::new(
            "uuidv5",
            vec![
                Param::new("namespace", Type::String),
                Param::new("name", Type::String),
            ],
            Type::String,
            uuidv5_impl,
        ),
    ]
}

fn str_arg(args: &[Value]) -> &str {
    args.first().and_then(Value::as_str).unwrap_or_default()
}

fn hex_of<D: Digest>(data: &[u8]) -> Value {
    let digest = D::digest(data);
    Value::string(
        digest
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>(),
    )
}

fn b64_of<D: Digest>(data: &[u8]) -> Value {
    Value::string(STANDARD.encode(D::digest(data)))
}

/// Reads the file named by the first argument, relative to the module's
/// directory, with `~` standing for the home directory as Terraform allows.
/// Kept private: the file functions proper live with the filesystem group.
fn read_file(ctx: &FuncContext<'_>, args: &[Value]) -> Result<Vec<u8>, FuncError> {
    let given = str_arg(args);
    let path = resolve_path(&ctx.base_dir, given)?;
    std::fs::read(&path).map_err(|e| {
        let why = match e.kind() {
            std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
            std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
            std::io::ErrorKind::IsADirectory => "is a directory".to_string(),
            _ => e.to_string(),
        };
        FuncError::call(format!("open {}: {why}", path.display()))
    })
}

fn resolve_path(base: &Path, given: &str) -> Result<PathBuf, FuncError> {
    let expanded = if given == "~" || given.starts_with("~/") {
        let home = std::env::var_os("HOME")
            .ok_or_else(|| FuncError::call("failed to expand ~: $HOME is not defined"))?;
        PathBuf::from(home).join(given.trim_start_matches('~').trim_start_matches('/'))
    } else if given.starts_with('~') {
        return Err(FuncError::call(
            "failed to expand ~: cannot expand user-specific home dir",
        ));
    } else {
        PathBuf::from(given)
    };
    let joined = if expanded.is_absolute() {
        expanded
    } else {
        base.join(expanded)
    };
    // Go cleans the joined path, so messages say `dir/file`, not `./dir/file`.
    let cleaned: PathBuf = joined
        .components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect();
    Ok(if cleaned.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        cleaned
    })
}

/// Go's bcrypt refuses passwords over 72 bytes and quietly raises a cost
/// below the minimum to the default; both are kept so hashes verify alike.
/// ("occured" is spelled as in Terraform's message.)
fn bcrypt_impl(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    const DEFAULT_COST: u32 = 10;
    if args.len() > 2 {
        return Err(FuncError::call("bcrypt() takes no more than two arguments"));
    }
    let password = str_arg(args);
    let cost = match args.get(1).and_then(Value::as_number) {
        None => DEFAULT_COST,
        Some(n) => {
            let Some(c) = n.to_i64() else {
                return Err(FuncError::arg(1, "value must be a whole number"));
            };
            if c > 31 {
                return Err(FuncError::call(format!(
                    "error occured generating password crypto/bcrypt: cost {c} is outside \
                     allowed inclusive range 4..31"
                )));
            }
            u32::try_from(c)
                .ok()
                .filter(|c| *c >= 4)
                .unwrap_or(DEFAULT_COST)
        }
    };
    if password.len() > 72 {
        return Err(FuncError::call(
            "error occured generating password bcrypt: password length exceeds 72 bytes",
        ));
    }
    let parts = bcrypt::hash_with_result(password, cost)
        .map_err(|e| FuncError::call(format!("error occured generating password {e}")))?;
    Ok(Value::string(
        parts.format_for_version(bcrypt::Version::TwoA),
    ))
}

fn uuidv5_impl(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    let ns_text = args.first().and_then(Value::as_str).unwrap_or_default();
    let name = args.get(1).and_then(Value::as_str).unwrap_or_default();
    let namespace = match ns_text {
        "dns" => Uuid::NAMESPACE_DNS,
        "url" => Uuid::NAMESPACE_URL,
        "oid" => Uuid::NAMESPACE_OID,
        "x500" => Uuid::NAMESPACE_X500,
        other => parse_namespace(other).map_err(|why| {
            FuncError::call(format!(
                "uuidv5() doesn't support namespace {other} ({why})"
            ))
        })?,
    };
    Ok(Value::string(
        Uuid::new_v5(&namespace, name.as_bytes()).to_string(),
    ))
}

/// Accepts the forms Go's uuid parser does: plain hex, hyphenated, braced
/// and `urn:uuid:`, reporting a bad length the way it does.
fn parse_namespace(text: &str) -> Result<Uuid, String> {
    if !matches!(text.len(), 32 | 36 | 38 | 45) {
        return Err(format!("invalid UUID length: {}", text.len()));
    }
    if text.len() == 45 && !text.to_ascii_lowercase().starts_with("urn:uuid:") {
        return Err(format!(
            "invalid urn prefix: {:?}",
            &text.get(..9).unwrap_or(text)
        ));
    }
    Uuid::parse_str(text).map_err(|_| "invalid UUID format".to_string())
}

#[cfg(test)]
#[path = "crypto_tests.rs"]
mod tests;
