//! Role passwords: hashed before they are sent (SCRAM-SHA-256, as psql's
//! `\password` does, so the plain text never reaches server logs), and
//! checked against the verifier the server stores, so a password changed
//! by hand is drift although it cannot be read back.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

/// The SCRAM-SHA-256 verifier to store for `password`.
pub fn verifier(password: &str) -> String {
    postgres_protocol::password::scram_sha_256(password.as_bytes())
}

/// Whether the stored verifier `stored` (from `pg_authid.rolpassword`)
/// accepts `password`; `None` when the verifier's form is unknown.
pub fn matches(stored: &str, password: &str, role: &str) -> Option<bool> {
    if let Some(hex) = stored.strip_prefix("md5") {
        let expected = postgres_protocol::password::md5(password.as_bytes(), role);
        return Some(expected.strip_prefix("md5") == Some(hex));
    }
    let rest = stored.strip_prefix("SCRAM-SHA-256$")?;
    let (iterations_salt, keys) = rest.split_once('$')?;
    let (iterations, salt) = iterations_salt.split_once(':')?;
    let (stored_key, _server_key) = keys.split_once(':')?;
    let iterations: u32 = iterations.parse().ok()?;
    let salt = STANDARD.decode(salt).ok()?;
    let stored_key = STANDARD.decode(stored_key).ok()?;
    // The server normalises with SASLprep and uses the raw bytes when that fails.
    let normalized = stringprep::saslprep(password)
        .map(|s| s.into_owned().into_bytes())
        .unwrap_or_else(|_| password.as_bytes().to_vec());
    let mut salted = [0u8; 32];
    pbkdf2::pbkdf2_hmac::<Sha256>(&normalized, &salt, iterations, &mut salted);
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&salted).ok()?;
    mac.update(b"Client Key");
    let client_key = mac.finalize().into_bytes();
    Some(Sha256::digest(client_key).as_slice() == stored_key.as_slice())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_verifier_accepts_its_password_only() {
        let v = verifier("pa'ss\\word");
        assert!(v.starts_with("SCRAM-SHA-256$4096:"));
        assert_eq!(matches(&v, "pa'ss\\word", "r"), Some(true));
        assert_eq!(matches(&v, "other", "r"), Some(false));
        let md5 = postgres_protocol::password::md5(b"pw", "alice");
        assert_eq!(matches(&md5, "pw", "alice"), Some(true));
        assert_eq!(matches(&md5, "pw", "bob"), Some(false));
        assert_eq!(matches("plain", "pw", "alice"), None);
    }
}
