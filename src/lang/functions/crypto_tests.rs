//! Checks the hashing and identifier functions against Terraform's results.

use std::path::PathBuf;

use terrace_value::{Type, Value};

use crate::lang::functions::{call, lookup, CallError, FuncContext};

fn run_in(dir: PathBuf, name: &str, args: Vec<Value>) -> Result<Value, CallError> {
    let render = |_: &str, _: &str, _: &Value| Err("no templates here".to_string());
    let ctx = FuncContext {
        base_dir: dir,
        plan_timestamp: "2024-01-01T00:00:00Z".into(),
        planning: false,
        render_template: &render,
    };
    call(lookup(name).expect("function exists"), &ctx, args)
}

fn run(name: &str, args: Vec<Value>) -> Result<Value, CallError> {
    run_in(PathBuf::from("."), name, args)
}

fn s(text: &str) -> Value {
    Value::string(text)
}

fn check(name: &str, arg: &str, want: &str) {
    assert_eq!(run(name, vec![s(arg)]), Ok(s(want)), "{name}({arg:?})");
}

#[test]
fn string_digests() {
    check("md5", "hello world", "5eb63bbbe01eeed093cb22bb8f5acdc3");
    check(
        "sha1",
        "hello world",
        "2aae6c35c94fcfb415dbe95f408b9ce91ee846ed",
    );
    check(
        "sha256",
        "hello world",
        "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9",
    );
    check(
        "sha512",
        "hello world",
        "309ecc489c12d6eb4cc40f50c902f2b4d0ed77ee511a7c7a9bcd3ca86d4cd86f\
         989dd35bc5ff499670da34255b45b0cfd830e81f605dcf7dc5542e93ae9cd76f",
    );
    check(
        "base64sha256",
        "hello world",
        "uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek=",
    );
    check(
        "base64sha512",
        "hello world",
        "MJ7MSJwS1utMxA9QyQLytNDtd+5RGnx6m808qG1M2G+YndNbxf9JlnDaNCVbRbDP2DDoH2Bdz33FVC6TrpzXbw==",
    );
    check("md5", "", "d41d8cd98f00b204e9800998ecf8427e");
}

#[test]
fn unknown_and_sensitive_arguments() {
    assert_eq!(
        run("sha1", vec![Value::Unknown(Type::String)]),
        Ok(Value::Unknown(Type::String))
    );
    let got = run("md5", vec![s("").sensitive()]).unwrap();
    assert!(got.is_sensitive());
    assert!(run("md5", vec![Value::Null(Type::String)]).is_err());
}

#[test]
fn file_digests() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("hello.txt"), "hello world").unwrap();
    let file = |name: &str, path: &str| run_in(dir.path().to_path_buf(), name, vec![s(path)]);
    assert_eq!(
        file("filemd5", "hello.txt"),
        Ok(s("5eb63bbbe01eeed093cb22bb8f5acdc3"))
    );
    assert_eq!(
        file("filesha1", "hello.txt"),
        Ok(s("2aae6c35c94fcfb415dbe95f408b9ce91ee846ed"))
    );
    assert_eq!(
        file("filesha256", "hello.txt"),
        Ok(s(
            "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9"
        ))
    );
    assert_eq!(
        file("filesha512", "hello.txt"),
        run("sha512", vec![s("hello world")])
    );
    assert_eq!(
        file("filebase64sha256", "hello.txt"),
        Ok(s("uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek="))
    );
    assert_eq!(
        file("filebase64sha512", "hello.txt"),
        run("base64sha512", vec![s("hello world")])
    );
    let abs = dir.path().join("hello.txt").to_string_lossy().into_owned();
    assert_eq!(
        run("filemd5", vec![s(&abs)]),
        Ok(s("5eb63bbbe01eeed093cb22bb8f5acdc3"))
    );

    let err = run("filemd5", vec![s("fixtures/missing.txt")]).unwrap_err();
    assert_eq!(
        err.detail,
        "Call to function \"filemd5\" failed: open fixtures/missing.txt: no such file or directory."
    );
    let err = file("filesha256", "missing.txt").unwrap_err();
    assert_eq!(err.summary, "Error in function call");
    assert!(err.detail.contains("missing.txt"), "{}", err.detail);
    assert!(
        err.detail.contains("no such file or directory"),
        "{}",
        err.detail
    );
}

#[test]
fn bcrypt_hashes_verify() {
    let got = run("bcrypt", vec![s("secret")]).unwrap();
    let hash = got.as_str().unwrap();
    assert!(hash.starts_with("$2a$10$"), "{hash}");
    assert!(bcrypt::verify("secret", hash).unwrap());

    let got = run("bcrypt", vec![s("secret"), Value::from(5)]).unwrap();
    assert!(got.as_str().unwrap().starts_with("$2a$05$"));
    // Go raises a too-small cost to the default rather than failing.
    let got = run("bcrypt", vec![s("secret"), Value::from(2)]).unwrap();
    assert!(got.as_str().unwrap().starts_with("$2a$10$"));

    let err = run("bcrypt", vec![s("x"), Value::from(32)]).unwrap_err();
    assert_eq!(
        err.detail,
        "Call to function \"bcrypt\" failed: error occured generating password \
         crypto/bcrypt: cost 32 is outside allowed inclusive range 4..31."
    );
    assert!(run("bcrypt", vec![s("secret"), s("1.5")]).is_err());
    assert!(run("bcrypt", vec![s("secret"), Value::from(5), Value::from(5)]).is_err());
    assert!(run("bcrypt", vec![s(&"x".repeat(73))]).is_err());
    assert!(run("bcrypt", vec![s(&"x".repeat(72)), Value::from(4)]).is_ok());
}

#[test]
fn uuids() {
    let got = run("uuid", vec![]).unwrap();
    let text = got.as_str().unwrap();
    assert_eq!(text.len(), 36);
    assert_eq!(&text[14..15], "4");
    assert_ne!(run("uuid", vec![]), Ok(got.clone()));

    let v5 = |ns: &str, name: &str| run("uuidv5", vec![s(ns), s(name)]);
    assert_eq!(
        v5("dns", "tada"),
        Ok(s("faa898db-9b9d-5b75-86a9-149e7bb8e3b8"))
    );
    assert_eq!(
        v5("url", "tada"),
        Ok(s("2c1ff6b4-211f-577e-94de-d978b0caa16e"))
    );
    assert_eq!(
        v5("oid", "tada"),
        Ok(s("61eeea26-5176-5288-87fc-232d6ed30d2f"))
    );
    assert_eq!(
        v5("x500", "tada"),
        Ok(s("7e12415e-f7c9-57c3-9e43-52dc9950d264"))
    );
    assert_eq!(
        v5("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "tada"),
        Ok(s("faa898db-9b9d-5b75-86a9-149e7bb8e3b8"))
    );
    let err = v5("tada", "tada").unwrap_err();
    assert!(
        err.detail.contains("doesn't support namespace tada"),
        "{}",
        err.detail
    );
}
