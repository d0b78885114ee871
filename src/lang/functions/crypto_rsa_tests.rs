//! Checks `rsadecrypt` against Terraform's results for each key format it
//! reads and each way its input can be wrong.

use std::path::PathBuf;

use terrace_value::Value;

use crate::lang::functions::{call, lookup, CallError, FuncContext};

/// The PKCS #1 key of the golden suite, and a message encrypted with it.
const KEY_PKCS1: &str = include_str!("../../../tests/lang/fixtures/rsa_test_key.pem");
const SECRET: &str = "G2cTLXP5O37dm6uzV3eVd8yySOtOuK8n1sOUsDth25kuMSngvuSHYqK3YrT6fcy8CW1zVOPvJpo+Xh/MrVgGguQZcDnfJqvFqHLSFQAYxIkpidtbqUwjlQnvGtBJieFHpePAgD8LEjc19+VrQYm/HBsikz49IpNzDYuYMLJ1E1Q=";
const ED25519_PKCS8: &str = include_str!("../../../tests/lang/fixtures/ed25519_test_key.pem");

/// The same RSA key in PKCS #8 and in OpenSSH's format.
const KEY_PKCS8: &str = "\
-----BEGIN PRIVATE KEY-----\n\
MIICdwIBADANBgkqhkiG9w0BAQEFAASCAmEwggJdAgEAAoGBAMS4YSiJLDRbvaWe\n\
QUoRlLyGOj8444jXXjm0CDue606hj42GM3+Dz2XiMaDhbZFC5yC+uKTbD/TMjoH9\n\
JOifOf9HB4Uw+fk8wWZBfrZ0mvYxgcmqE1YaURw70rwkZaiGMccopMlps6XIumEf\n\
p2LLZeO2wQAXeMPftnqJ08WUjEIPAgMBAAECgYA6EHIdFOAHVEzV5bA/vJC6VKQ8\n\
pP4EFg2p2onTj0TFIMrOax4oNS+yUuFzKxa8GZM/BwxZHI/JIdeuZpnOT7E+M5GK\n\
7tnYCO72lBNhZZLYAsxfoAPEFKtPhS9Gkg1cNwlNCAZnlgZX56rE6mBsHFevL88l\n\
YAoigupndYJ/4fmLAQJBAOnuTrUDdHd0R6wA06QPlCinalTHbeEHmDK3nmcZMS67\n\
RGe7OmTfo9IIUpFdYJdHrCmzHgWDYrSrby6Jlz6GFkkCQQDXR2SjtTXAwxFqYCtT\n\
IpncVBgF2OAQ2hUTEuoOWFjKyoUQsd/z6nrlgj9mn0GO6BHC3A3phYtYL4n7PMUK\n\
GDWXAkAPlniaKTvGhfIMrRVtNjiKKPW15oAU4ZurrX6Zoh0b3xCk1N4EQL66zSEr\n\
XIyGKBl5wdy7Q1D9dvr2n+Z7HRY5AkEAiWy9xfOruL3NpEZ34b440fmszC7B+n/8\n\
7Awq9bVYGTxm7V1fRWntwgz/RBdt1jg2/llTWDsz1LukLYmBjwwdSQJBAIj3g5hf\n\
nRUivs0j3GRCI71rlmpeoeNV/MHWt7Rv2leg8WBuOA7gCJnFS5SS9cgubk7XcfBA\n\
uQCl8VklA8Za6Ik=\n\
-----END PRIVATE KEY-----\n";
const KEY_OPENSSH: &str = "\
-----BEGIN OPENSSH PRIVATE KEY-----\n\
b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAlwAAAAdzc2gtcn\n\
NhAAAAAwEAAQAAAIEAxLhhKIksNFu9pZ5BShGUvIY6PzjjiNdeObQIO57rTqGPjYYzf4PP\n\
ZeIxoOFtkULnIL64pNsP9MyOgf0k6J85/0cHhTD5+TzBZkF+tnSa9jGByaoTVhpRHDvSvC\n\
RlqIYxxyikyWmzpci6YR+nYstl47bBABd4w9+2eonTxZSMQg8AAAH4r0vdwK9L3cAAAAAH\n\
c3NoLXJzYQAAAIEAxLhhKIksNFu9pZ5BShGUvIY6PzjjiNdeObQIO57rTqGPjYYzf4PPZe\n\
IxoOFtkULnIL64pNsP9MyOgf0k6J85/0cHhTD5+TzBZkF+tnSa9jGByaoTVhpRHDvSvCRl\n\
qIYxxyikyWmzpci6YR+nYstl47bBABd4w9+2eonTxZSMQg8AAAADAQABAAAAgDoQch0U4A\n\
dUTNXlsD+8kLpUpDyk/gQWDanaidOPRMUgys5rHig1L7JS4XMrFrwZkz8HDFkcj8kh165m\n\
mc5PsT4zkYru2dgI7vaUE2FlktgCzF+gA8QUq0+FL0aSDVw3CU0IBmeWBlfnqsTqYGwcV6\n\
8vzyVgCiKC6md1gn/h+YsBAAAAQQCI94OYX50VIr7NI9xkQiO9a5ZqXqHjVfzB1re0b9pX\n\
oPFgbjgO4AiZxUuUkvXILm5O13HwQLkApfFZJQPGWuiJAAAAQQDp7k61A3R3dEesANOkD5\n\
Qop2pUx23hB5gyt55nGTEuu0Rnuzpk36PSCFKRXWCXR6wpsx4Fg2K0q28uiZc+hhZJAAAA\n\
QQDXR2SjtTXAwxFqYCtTIpncVBgF2OAQ2hUTEuoOWFjKyoUQsd/z6nrlgj9mn0GO6BHC3A\n\
3phYtYL4n7PMUKGDWXAAAAAAEC\n\
-----END OPENSSH PRIVATE KEY-----\n";

/// Keys of other kinds.
const ED25519_OPENSSH: &str = "\
-----BEGIN OPENSSH PRIVATE KEY-----\n\
b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n\
QyNTUxOQAAACDeUm0AO9PDUHX0dB5WLsNnsb8qxzhSOjezPmU4OaXwWwAAAIjuocqC7qHK\n\
ggAAAAtzc2gtZWQyNTUxOQAAACDeUm0AO9PDUHX0dB5WLsNnsb8qxzhSOjezPmU4OaXwWw\n\
AAAEDunP0VELAafPkoQNR/mFL2Nn7PSKQFoTWlRNa2XjB4B95SbQA708NQdfR0HlYuw2ex\n\
vyrHOFI6N7M+ZTg5pfBbAAAAAAECAwQF\n\
-----END OPENSSH PRIVATE KEY-----\n";
const EC_SEC1: &str = "\
-----BEGIN EC PRIVATE KEY-----\n\
MHcCAQEEIMnR/ZBTa/lyR6cVGVh9BHvgVDhF12hCD35VThIk96LUoAoGCCqGSM49\n\
AwEHoUQDQgAE5KzspJgf3g5VibADG+qXOU7cbOzwhCCtzdvgoiFLMhBSx1hTizOa\n\
vgEH2M5qVPXLMOdHnVy94QAUqloVyZBgiQ==\n\
-----END EC PRIVATE KEY-----\n";

fn rsadecrypt(ciphertext: &str, key: &str) -> Result<Value, CallError> {
    let render = |_: &str, _: &str, _: &Value| Err("no templates here".to_string());
    let ctx = FuncContext {
        base_dir: PathBuf::from("."),
        plan_timestamp: "2024-01-01T00:00:00Z".into(),
        planning: false,
        render_template: &render,
    };
    let f = lookup("rsadecrypt").expect("function exists");
    call(f, &ctx, vec![Value::string(ciphertext), Value::string(key)])
}

fn detail(ciphertext: &str, key: &str) -> String {
    rsadecrypt(ciphertext, key).expect_err("an error").detail
}

#[test]
fn decrypts_with_each_key_format() {
    for key in [KEY_PKCS1, KEY_PKCS8, KEY_OPENSSH] {
        assert_eq!(rsadecrypt(SECRET, key), Ok(Value::string("secret message")));
    }
}

#[test]
fn finds_the_key_among_other_text() {
    let wrapped = format!("a comment first\n{KEY_PKCS1}\ntrailing text");
    assert_eq!(
        rsadecrypt(SECRET, &wrapped),
        Ok(Value::string("secret message"))
    );
    let crlf = KEY_PKCS1.replace('\n', "\r\n");
    assert_eq!(
        rsadecrypt(SECRET, &crlf),
        Ok(Value::string("secret message"))
    );
}

#[test]
fn bad_ciphertext() {
    let err = rsadecrypt("not base64", "not a key").expect_err("an error");
    assert_eq!(err.summary, "Invalid function argument");
    assert_eq!(
        err.detail,
        "Invalid value for \"ciphertext\" parameter: failed to decode input \"not base64\": \
         cipher text must be base64-encoded."
    );
    let err = rsadecrypt("bm90IGVuY3J5cHRlZCB3aXRoIHRoZSBrZXk=", KEY_PKCS1).expect_err("an error");
    assert_eq!(err.summary, "Error in function call");
    assert_eq!(
        err.detail,
        "Call to function \"rsadecrypt\" failed: failed to decrypt: crypto/rsa: decryption error."
    );
    // Too long for the key, and empty.
    let long = "A".repeat(400);
    assert!(detail(&long, KEY_PKCS1).ends_with("crypto/rsa: decryption error."));
    assert!(detail("", KEY_PKCS1).ends_with("crypto/rsa: decryption error."));
}

#[test]
fn bad_keys() {
    assert_eq!(
        detail(SECRET, "not a key"),
        "Invalid value for \"privatekey\" parameter: invalid private key: ssh: no key found."
    );
    assert_eq!(
        detail(SECRET, "-----BEGIN FOO-----\nAAAA\n-----END FOO-----\n"),
        "Invalid value for \"privatekey\" parameter: invalid private key: \
         ssh: unsupported key type \"FOO\"."
    );
    let encrypted = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n\
                     DEK-Info: AES-128-CBC,A9D17335F4943CC4160A6E4E03EB4290\n\nAAAA\n\
                     -----END RSA PRIVATE KEY-----\n";
    assert_eq!(
        detail(SECRET, encrypted),
        "Invalid value for \"privatekey\" parameter: invalid private key: \
         ssh: this private key is passphrase protected."
    );
    // A block whose end line does not match is no block at all.
    assert!(detail(
        SECRET,
        "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END X-----\n"
    )
    .ends_with("ssh: no key found."));
    // A PKCS #8 key under a PKCS #1 label.
    let mislabelled = KEY_PKCS8.replace("PRIVATE KEY", "RSA PRIVATE KEY");
    assert!(detail(SECRET, &mislabelled)
        .ends_with("(use ParsePKCS8PrivateKey instead for this key format)."));
    let garbage = "-----BEGIN RSA PRIVATE KEY-----\naGVsbG8=\n-----END RSA PRIVATE KEY-----\n";
    assert!(detail(SECRET, garbage).starts_with(
        "Invalid value for \"privatekey\" parameter: invalid ASN1 data in the given private key: "
    ));
    let truncated_ssh = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n\
                         -----END OPENSSH PRIVATE KEY-----\n";
    assert!(detail(SECRET, truncated_ssh).ends_with("invalid private key: ssh: short read."));
}

#[test]
fn keys_of_other_kinds() {
    // Terraform prints the key it found with a verb that does not suit it.
    let want = "Invalid value for \"privatekey\" parameter: invalid private key type \
        [%!t(uint8=139) %!t(uint8=176) %!t(uint8=29) %!t(uint8=242) %!t(uint8=231) \
        %!t(uint8=112) %!t(uint8=28) %!t(uint8=163) %!t(uint8=162) %!t(uint8=108) \
        %!t(uint8=188) %!t(uint8=187) %!t(uint8=255) %!t(uint8=60) %!t(uint8=60) \
        %!t(uint8=184) %!t(uint8=146) %!t(uint8=122) %!t(uint8=45) %!t(uint8=167) \
        %!t(uint8=70) %!t(uint8=97) %!t(uint8=166) %!t(uint8=125) %!t(uint8=39) \
        %!t(uint8=188) %!t(uint8=183) %!t(uint8=28) %!t(uint8=86) %!t(uint8=214) \
        %!t(uint8=234) %!t(uint8=174) %!t(uint8=114) %!t(uint8=85) %!t(uint8=214) \
        %!t(uint8=39) %!t(uint8=153) %!t(uint8=139) %!t(uint8=168) %!t(uint8=80) \
        %!t(uint8=194) %!t(uint8=59) %!t(uint8=9) %!t(uint8=16) %!t(uint8=184) \
        %!t(uint8=75) %!t(uint8=225) %!t(uint8=85) %!t(uint8=177) %!t(uint8=151) \
        %!t(uint8=185) %!t(uint8=61) %!t(uint8=83) %!t(uint8=25) %!t(uint8=50) \
        %!t(uint8=234) %!t(uint8=178) %!t(uint8=169) %!t(uint8=60) %!t(uint8=75) \
        %!t(uint8=17) %!t(uint8=167) %!t(uint8=180) %!t(uint8=19)].";
    assert_eq!(detail(SECRET, ED25519_PKCS8), want);

    let got = detail(SECRET, ED25519_OPENSSH);
    assert!(
        got.starts_with(
            "Invalid value for \"privatekey\" parameter: invalid private key type \
             &[%!t(uint8=238) %!t(uint8=156) "
        ),
        "{got}"
    );
    assert_eq!(got.matches("%!t(uint8=").count(), 64);

    assert!(detail(SECRET, EC_SEC1).ends_with("invalid private key type *ecdsa.PrivateKey."));
}
