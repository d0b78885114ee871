//! The checksums the local provider reports for file content: the `id`
//! (hex SHA-1) and the `content_*` digests in hex and base64.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use md5::Md5;
use sha1::Sha1;
use sha2::{Digest, Sha256, Sha512};
use terrace_provider_sdk::Value;

/// The names of every checksum attribute, `id` included.
pub(crate) const NAMES: [&str; 7] = [
    "id",
    "content_md5",
    "content_sha1",
    "content_sha256",
    "content_base64sha256",
    "content_sha512",
    "content_base64sha512",
];

/// The hex SHA-1 of `content`, which is a file's `id`.
pub(crate) fn sha1_hex(content: &[u8]) -> String {
    hex(&Sha1::digest(content))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Every checksum attribute for `content`.
pub(crate) fn checksums(content: &[u8]) -> Vec<(&'static str, Value)> {
    let sha256 = Sha256::digest(content);
    let sha512 = Sha512::digest(content);
    let sha1 = sha1_hex(content);
    vec![
        ("id", Value::string(sha1.clone())),
        ("content_md5", Value::string(hex(&Md5::digest(content)))),
        ("content_sha1", Value::string(sha1)),
        ("content_sha256", Value::string(hex(&sha256))),
        (
            "content_base64sha256",
            Value::string(STANDARD.encode(sha256)),
        ),
        ("content_sha512", Value::string(hex(&sha512))),
        (
            "content_base64sha512",
            Value::string(STANDARD.encode(sha512)),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_digests_of_hello() {
        let sums = checksums(b"hello");
        let get = |name: &str| {
            sums.iter()
                .find(|(n, _)| *n == name)
                .and_then(|(_, v)| v.as_str().map(String::from))
                .unwrap()
        };
        assert_eq!(get("id"), "aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d");
        assert_eq!(get("content_md5"), "5d41402abc4b2a76b9719d911017c592");
        assert_eq!(
            get("content_sha256"),
            "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"
        );
        assert_eq!(
            get("content_base64sha256"),
            "LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ="
        );
    }
}
