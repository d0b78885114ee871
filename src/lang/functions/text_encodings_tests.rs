//! Checks `textencodebase64` and `textdecodebase64` across the encodings
//! Terraform supports, including where its library departs from the WHATWG
//! standard.

use terrace_value::Value;

use super::TextEncoding;
use crate::lang::functions::CallError;

fn run(name: &str, text: &str, encoding: &str) -> Result<Value, CallError> {
    crate::lang::functions::test_support::call_named(
        name,
        vec![Value::string(text), Value::string(encoding)],
    )
}

fn enc(text: &str, encoding: &str) -> Result<Value, CallError> {
    run("textencodebase64", text, encoding)
}

fn dec(text: &str, encoding: &str) -> Result<Value, CallError> {
    run("textdecodebase64", text, encoding)
}

fn ok(text: &str) -> Result<Value, CallError> {
    Ok(Value::string(text))
}

/// Encodes and decodes back, checking the Base64 in between.
fn round_trip(text: &str, encoding: &str, base64: &str) {
    assert_eq!(enc(text, encoding), ok(base64), "{text:?} in {encoding}");
    assert_eq!(dec(base64, encoding), ok(text), "{base64} from {encoding}");
}

#[test]
fn multi_byte_encodings() {
    round_trip("こんにちは", "Shift_JIS", "grGC8YLJgr+CzQ==");
    round_trip("日本", "EUC-JP", "xvzL3A==");
    round_trip("日本", "ISO-2022-JP", "GyRCRnxLXBsoQg==");
    round_trip("한국", "EUC-KR", "x9GxuQ==");
    round_trip("中文", "GBK", "1tDOxA==");
    round_trip("中文", "cp936", "1tDOxA==");
    round_trip("𝄞", "GB18030", "lDK+NA==");
    round_trip("中文", "Big5", "pKSk5Q==");
}

#[test]
fn hz_gb_2312() {
    round_trip("中文", "HZ-GB-2312", "fntWUE5E");
    round_trip("a中b~", "HZ-GB-2312", "YX57VlB+fWJ+fg==");
    // An escape HZ does not define.
    assert!(dec("fng=", "HZ-GB-2312").is_err());
    assert!(enc("€", "HZ-GB-2312").is_err());
}

#[test]
fn single_byte_encodings() {
    round_trip("€", "windows-1252", "gA==");
    round_trip("Ł", "ISO-8859-2", "ow==");
    round_trip("привет", "KOI8-R", "0NLJ18XU");
    round_trip("ş", "latin5", "/g==");
    round_trip("ÿ", "macintosh", "2A==");
    round_trip("╬", "IBM437", "zg==");
    round_trip("A^", "IBM037", "wbA=");
    round_trip("A^", "IBM1047", "wV8=");
    // ISO 8859-1 comes from a table that keeps the C1 controls.
    round_trip("\u{85}", "ISO-8859-1", "hQ==");
}

#[test]
fn c1_controls_are_undefined_in_whatwg_tables() {
    assert!(enc("\u{81}", "windows-1252").is_err());
    assert!(enc("\u{85}", "ISO-8859-2").is_err());
    assert!(dec("gQ==", "windows-1252").is_err());
    assert!(dec("hQ==", "ISO-8859-15").is_err());
}

#[test]
fn japanese_tables_without_special_cases() {
    assert!(enc("¥", "Shift_JIS").is_err());
    assert!(enc("\u{2212}", "EUC-JP").is_err());
    // Lead byte F0 is private use in the standard, undefined in Terraform.
    assert!(dec("8EA=", "Shift_JIS").is_err());
}

#[test]
fn utf16_byte_order_marks() {
    assert_eq!(dec("//5IAGkA", "UTF-16"), ok("Hi"));
    assert_eq!(dec("//5IAGkA", "UTF-16LE"), ok("\u{feff}Hi"));
    assert_eq!(enc("", "UTF-16"), ok("/v8="));
    assert_eq!(enc("", "UTF-16LE"), ok(""));
    assert!(dec("/v9I", "UTF-16").is_err());
    assert_eq!(dec("77u/", "UTF-8"), ok("\u{feff}"));
}

#[test]
fn replacement_characters_are_rejected_even_when_encoded() {
    let err = dec("77+9", "UTF-8").expect_err("an error");
    assert_eq!(
        err.detail,
        "Invalid value for \"source\" parameter: the given string contains symbols that are \
         not defined for UTF-8."
    );
}

#[test]
fn messages_use_the_canonical_name() {
    let err = enc("é", "ascii").expect_err("unknown name");
    assert!(err
        .detail
        .contains("\"ascii\" is not a supported IANA encoding name"));
    let err = enc("é", "us").expect_err("not representable");
    assert_eq!(
        err.detail,
        "Invalid value for \"string\" parameter: the given string contains characters that \
         cannot be represented in US-ASCII."
    );
    let err = dec("6Q==", "euc-jp").expect_err("not defined");
    assert!(err
        .detail
        .ends_with("not defined for Extended_UNIX_Code_Packed_Format_for_Japanese."));
    let err = enc("✓", "IBM866").expect_err("not representable");
    assert!(err.detail.ends_with("cannot be represented in IBM866."));
}

#[test]
fn names_and_aliases() {
    let name = |n: &str| TextEncoding::by_name(n).map(|e| e.name);
    assert_eq!(name(" Latin1\t"), Some("ISO_8859-1:1987"));
    assert_eq!(name("CSShiftJIS"), Some("Shift_JIS"));
    assert_eq!(name("windows-936"), Some("GBK"));
    assert_eq!(name("ISO-8859-8-I"), Some("ISO_8859-8-I"));
    assert_eq!(name("cp858"), None);
    assert_eq!(name("ibm00858"), Some("IBM00858"));
    // Registered with IANA but not supported, or not registered at all.
    assert_eq!(name("KS_C_5601-1987"), None);
    assert_eq!(name("UTF-32"), None);
    assert_eq!(name("x-sjis"), None);
    let err = enc("x", "UTF-7").expect_err("unsupported");
    assert_eq!(
        err.detail,
        "Invalid value for \"encoding\" parameter: \"UTF-7\" is not a supported IANA encoding \
         name or alias in this Terraform version."
    );
}
