//! `rsadecrypt`: PKCS #1 v1.5 decryption with a private key given as PEM text,
//! read the way Terraform reads it (PKCS #1, PKCS #8 or OpenSSH), with its
//! messages for each way the input can be wrong.

use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::pkcs8::PrivateKeyInfo;
use rsa::{BigUint, Pkcs1v15Encrypt, RsaPrivateKey};
use terrace_value::{Type, Value};

use super::encoding::{decode_base64, go_quote, str_arg};
use super::{FuncContext, FuncError, Function, Param};

/// The functions of this group.
pub fn functions() -> Vec<Function> {
    vec![Function::new(
        "rsadecrypt",
        vec![
            Param::new("ciphertext", Type::String),
            Param::new("privatekey", Type::String),
        ],
        Type::String,
        rsadecrypt,
    )]
}

fn rsadecrypt(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    let source = str_arg(args, 0);
    let ciphertext = decode_base64(source).map_err(|_| {
        FuncError::arg(
            0,
            format!(
                "failed to decode input {}: cipher text must be base64-encoded",
                go_quote(source)
            ),
        )
    })?;
    let key = match parse_private_key(str_arg(args, 1).as_bytes()) {
        Ok(PrivateKey::Rsa(key)) => key,
        Ok(PrivateKey::Other(shown)) => {
            return Err(FuncError::arg(
                1,
                format!("invalid private key type {shown}"),
            ))
        }
        Err(e) => return Err(FuncError::arg(1, e.message())),
    };
    let plain = key
        .decrypt(Pkcs1v15Encrypt, &ciphertext)
        .map_err(|_| FuncError::call("failed to decrypt: crypto/rsa: decryption error"))?;
    Ok(Value::string(String::from_utf8_lossy(&plain).into_owned()))
}

/// A parsed private key: RSA, or another kind shown the way Terraform's
/// message prints it.
enum PrivateKey {
    Rsa(Box<RsaPrivateKey>),
    Other(String),
}

/// Why a key could not be read; Terraform words ASN.1 syntax errors apart
/// from the rest.
#[derive(Debug, PartialEq)]
enum KeyError {
    Asn1Syntax(String),
    Other(String),
}

impl KeyError {
    fn other(message: impl Into<String>) -> KeyError {
        KeyError::Other(message.into())
    }

    fn message(&self) -> String {
        match self {
            KeyError::Asn1Syntax(detail) => {
                format!("invalid ASN1 data in the given private key: {detail}")
            }
            KeyError::Other(detail) => format!("invalid private key: {detail}"),
        }
    }
}

const OID_RSA: &str = "1.2.840.113549.1.1.1";
const OID_EC: &str = "1.2.840.10045.2.1";
const OID_ED25519: &str = "1.3.101.112";
const OID_X25519: &str = "1.3.101.110";

/// Reads the first PEM block of `text` as the kinds of private key Terraform
/// accepts.
fn parse_private_key(text: &[u8]) -> Result<PrivateKey, KeyError> {
    let block = pem_decode(text).ok_or_else(|| KeyError::other("ssh: no key found"))?;
    let encrypted = block
        .headers
        .iter()
        .any(|(k, v)| k == "Proc-Type" && v.contains("ENCRYPTED"));
    if encrypted {
        return Err(KeyError::other(
            "ssh: this private key is passphrase protected",
        ));
    }
    match block.kind.as_str() {
        "RSA PRIVATE KEY" => parse_pkcs1(&block.bytes).map(PrivateKey::Rsa),
        "PRIVATE KEY" => parse_pkcs8(&block.bytes),
        // Terraform prints these keys' in-memory structures, addresses
        // included, so only their type can be matched.
        "EC PRIVATE KEY" => Ok(PrivateKey::Other("*ecdsa.PrivateKey".into())),
        "DSA PRIVATE KEY" => Ok(PrivateKey::Other("*dsa.PrivateKey".into())),
        "OPENSSH PRIVATE KEY" => parse_openssh(&block.bytes),
        other => Err(KeyError::other(format!(
            "ssh: unsupported key type {}",
            go_quote(other)
        ))),
    }
}

fn parse_pkcs1(der: &[u8]) -> Result<Box<RsaPrivateKey>, KeyError> {
    match RsaPrivateKey::from_pkcs1_der(der) {
        Ok(key) => Ok(Box::new(key)),
        Err(_) if PrivateKeyInfo::try_from(der).is_ok() => Err(KeyError::other(
            "x509: failed to parse private key (use ParsePKCS8PrivateKey instead for this key format)",
        )),
        Err(e) => Err(KeyError::Asn1Syntax(e.to_string())),
    }
}

fn parse_pkcs8(der: &[u8]) -> Result<PrivateKey, KeyError> {
    let info = match PrivateKeyInfo::try_from(der) {
        Ok(info) => info,
        Err(_) if rsa::pkcs1::RsaPrivateKey::try_from(der).is_ok() => {
            return Err(KeyError::other(
                "x509: failed to parse private key (use ParsePKCS1PrivateKey instead for this key format)",
            ))
        }
        Err(e) => return Err(KeyError::Asn1Syntax(e.to_string())),
    };
    let oid = info.algorithm.oid.to_string();
    match oid.as_str() {
        OID_RSA => match RsaPrivateKey::from_pkcs1_der(info.private_key) {
            Ok(key) => Ok(PrivateKey::Rsa(Box::new(key))),
            Err(e) => Err(KeyError::other(format!(
                "x509: failed to parse RSA private key embedded in PKCS#8: {e}"
            ))),
        },
        OID_ED25519 => {
            let seed = match info.private_key {
                [0x04, 0x20, seed @ ..] if seed.len() == 32 => seed,
                _ => return Err(KeyError::other("x509: invalid Ed25519 private key length")),
            };
            let mut full = [0u8; 64];
            full[..32].copy_from_slice(seed);
            let mut secret = [0u8; 32];
            secret.copy_from_slice(seed);
            let public = ed25519_dalek::SigningKey::from_bytes(&secret).verifying_key();
            full[32..].copy_from_slice(public.as_bytes());
            Ok(PrivateKey::Other(go_bytes_as_bool(&full)))
        }
        OID_EC => Ok(PrivateKey::Other("*ecdsa.PrivateKey".into())),
        OID_X25519 => Ok(PrivateKey::Other("*ecdh.PrivateKey".into())),
        _ => Err(KeyError::other(format!(
            "x509: PKCS#8 wrapping contained private key with unknown algorithm: {oid}"
        ))),
    }
}

/// A byte slice printed with Go's `%t` verb, which does not apply to bytes
/// and so shows each one as a formatting error.
fn go_bytes_as_bool(bytes: &[u8]) -> String {
    let items: Vec<String> = bytes.iter().map(|b| format!("%!t(uint8={b})")).collect();
    format!("[{}]", items.join(" "))
}

/// Reads an unencrypted key in OpenSSH's own format.
fn parse_openssh(data: &[u8]) -> Result<PrivateKey, KeyError> {
    const MAGIC: &[u8] = b"openssh-key-v1\0";
    let short = || KeyError::other("ssh: short read");
    let Some(rest) = data.strip_prefix(MAGIC) else {
        return Err(KeyError::other("ssh: invalid openssh private key format"));
    };
    let mut r = SshReader(rest);
    let cipher = r.string().ok_or_else(short)?;
    let kdf = r.string().ok_or_else(short)?;
    let kdf_options = r.string().ok_or_else(short)?;
    let count = r.u32().ok_or_else(short)?;
    let _public = r.string().ok_or_else(short)?;
    let private = r.string().ok_or_else(short)?;
    if count != 1 {
        return Err(KeyError::other("ssh: multi-key files are not supported"));
    }
    if cipher != b"none" || kdf != b"none" {
        return Err(KeyError::other(
            "ssh: this private key is passphrase protected",
        ));
    }
    if !kdf_options.is_empty() {
        return Err(KeyError::other("ssh: invalid openssh private key"));
    }
    let mut r = SshReader(private);
    let malformed = || KeyError::other("ssh: malformed OpenSSH key");
    let check1 = r.u32().ok_or_else(malformed)?;
    let check2 = r.u32().ok_or_else(malformed)?;
    let kind = r.string().ok_or_else(malformed)?;
    if check1 != check2 {
        return Err(malformed());
    }
    match kind {
        b"ssh-rsa" => {
            let mut ints = Vec::with_capacity(6);
            for _ in 0..6 {
                ints.push(BigUint::from_bytes_be(r.string().ok_or_else(short)?));
            }
            let _comment = r.string().ok_or_else(short)?;
            check_padding(r.0)?;
            let [n, e, d, _iqmp, p, q]: [BigUint; 6] = ints.try_into().map_err(|_| short())?;
            RsaPrivateKey::from_components(n, e, d, vec![p, q])
                .map(|key| PrivateKey::Rsa(Box::new(key)))
                .map_err(|e| KeyError::other(format!("crypto/rsa: {e}")))
        }
        b"ssh-ed25519" => {
            let _public = r.string().ok_or_else(short)?;
            let private = r.string().ok_or_else(short)?;
            let _comment = r.string().ok_or_else(short)?;
            if private.len() != 64 {
                return Err(KeyError::other("ssh: private key unexpected length"));
            }
            check_padding(r.0)?;
            Ok(PrivateKey::Other(format!("&{}", go_bytes_as_bool(private))))
        }
        b"ecdsa-sha2-nistp256" | b"ecdsa-sha2-nistp384" | b"ecdsa-sha2-nistp521" => {
            Ok(PrivateKey::Other("*ecdsa.PrivateKey".into()))
        }
        _ => Err(KeyError::other("ssh: unhandled key type")),
    }
}

fn check_padding(pad: &[u8]) -> Result<(), KeyError> {
    if pad
        .iter()
        .enumerate()
        .any(|(i, &b)| usize::from(b) != i + 1)
    {
        return Err(KeyError::other("ssh: padding not as expected"));
    }
    Ok(())
}

/// Reads SSH wire-format fields from the front of a byte slice.
struct SshReader<'a>(&'a [u8]);

impl<'a> SshReader<'a> {
    fn u32(&mut self) -> Option<u32> {
        let (head, rest) = self.0.split_first_chunk::<4>()?;
        self.0 = rest;
        Some(u32::from_be_bytes(*head))
    }

    fn string(&mut self) -> Option<&'a [u8]> {
        let len = usize::try_from(self.u32()?).ok()?;
        if len > self.0.len() {
            return None;
        }
        let (head, rest) = self.0.split_at(len);
        self.0 = rest;
        Some(head)
    }
}

/// One PEM block.
struct PemBlock {
    kind: String,
    headers: Vec<(String, String)>,
    bytes: Vec<u8>,
}

/// The first well-formed PEM block in `data`, found the way Go's
/// `encoding/pem` finds it: text before it is skipped, and a malformed block
/// is passed over in favour of a later one.
fn pem_decode(data: &[u8]) -> Option<PemBlock> {
    const BEGIN: &[u8] = b"-----BEGIN ";
    const END: &[u8] = b"\n-----END ";
    const DASHES: &[u8] = b"-----";
    let mut rest = data;
    loop {
        rest = if let Some(after) = rest.strip_prefix(BEGIN) {
            after
        } else {
            let at = find(rest, b"\n-----BEGIN ")?;
            &rest[at + 1 + BEGIN.len()..]
        };
        let (type_line, after_type) = pem_line(rest);
        rest = after_type;
        let Some(kind) = type_line.strip_suffix(DASHES) else {
            continue;
        };
        let mut headers = Vec::new();
        loop {
            if rest.is_empty() {
                return None;
            }
            let (line, next) = pem_line(rest);
            let Some(colon) = line.iter().position(|&b| b == b':') else {
                break;
            };
            let key = String::from_utf8_lossy(line[..colon].trim_ascii()).into_owned();
            let value = String::from_utf8_lossy(line[colon + 1..].trim_ascii()).into_owned();
            headers.push((key, value));
            rest = next;
        }
        let (end_at, trailer_at) = if headers.is_empty() && rest.starts_with(&END[1..]) {
            (0, END.len() - 1)
        } else {
            let Some(at) = find(rest, END) else { continue };
            (at, at + END.len())
        };
        let trailer = &rest[trailer_at..];
        let trailer_len = kind.len() + DASHES.len();
        if trailer.len() < trailer_len {
            continue;
        }
        let (end_line, rest_of_line) = trailer.split_at(trailer_len);
        if !end_line.starts_with(kind) || !end_line.ends_with(DASHES) {
            continue;
        }
        if !pem_line(rest_of_line).0.is_empty() {
            continue;
        }
        let body: Vec<u8> = rest[..end_at]
            .iter()
            .copied()
            .filter(|b| !matches!(b, b' ' | b'\t'))
            .collect();
        let Ok(body) = std::str::from_utf8(&body) else {
            continue;
        };
        let Ok(bytes) = decode_base64(body) else {
            continue;
        };
        return Some(PemBlock {
            kind: String::from_utf8_lossy(kind).into_owned(),
            headers,
            bytes,
        });
    }
}

/// One line without its line ending or trailing blanks, and what follows it.
fn pem_line(data: &[u8]) -> (&[u8], &[u8]) {
    let (line, rest) = match data.iter().position(|&b| b == b'\n') {
        Some(at) => (
            data[..at].strip_suffix(b"\r").unwrap_or(&data[..at]),
            &data[at + 1..],
        ),
        None => (data, &data[data.len()..]),
    };
    let trimmed = line.len()
        - line
            .iter()
            .rev()
            .take_while(|b| matches!(b, b' ' | b'\t'))
            .count();
    (&line[..trimmed], rest)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
#[path = "crypto_rsa_tests.rs"]
mod tests;
