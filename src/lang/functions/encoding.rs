//! The encoding functions of Terraform's library: Base64 in its several
//! forms, URL query escaping, text in other character encodings, and the
//! registration of the CSV, JSON and YAML codecs that live beside this file.

use base64::alphabet::STANDARD as STANDARD_ALPHABET;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};
use base64::engine::DecodePaddingMode;
use base64::Engine as _;
use terrace_value::{Type, Value};

use super::text_encodings::TextEncoding;
use super::{csv_decode, gzip, json_codec, yaml_decode, yaml_encode};
use super::{FuncContext, FuncError, Function, Param};

/// The functions of this group.
pub fn functions() -> Vec<Function> {
    let s = || Param::new("str", Type::String);
    vec![
        Function::new("base64encode", vec![s()], Type::String, |_, a| {
            Ok(Value::string(STANDARD.encode(str_arg(a, 0))))
        }),
        Function::new(
            "base64decode",
            vec![s().marked()],
            Type::String,
            base64decode,
        ),
        Function::new("base64gzip", vec![s()], Type::String, |_, a| {
            Ok(Value::string(
                STANDARD.encode(gzip::compress(str_arg(a, 0).as_bytes())),
            ))
        }),
        Function::new("urlencode", vec![s()], Type::String, |_, a| {
            Ok(Value::string(query_escape(str_arg(a, 0))))
        }),
        Function::new(
            "textencodebase64",
            vec![
                Param::new("string", Type::String),
                Param::new("encoding", Type::String),
            ],
            Type::String,
            textencodebase64,
        ),
        Function::new(
            "textdecodebase64",
            vec![
                Param::new("source", Type::String),
                Param::new("encoding", Type::String),
            ],
            Type::String,
            textdecodebase64,
        ),
        Function::new("csvdecode", vec![s()], Type::Dynamic, csv_decode::csvdecode),
        Function::new(
            "jsondecode",
            vec![s()],
            Type::Dynamic,
            json_codec::jsondecode,
        ),
        Function::new(
            "jsonencode",
            vec![Param::new("val", Type::Dynamic).nullable()],
            Type::String,
            json_codec::jsonencode,
        ),
        Function::new(
            "yamldecode",
            vec![Param::new("src", Type::String)],
            Type::Dynamic,
            yaml_decode::yamldecode,
        ),
        Function::new(
            "yamlencode",
            vec![Param::new("value", Type::Dynamic).nullable()],
            Type::String,
            yaml_encode::yamlencode,
        ),
    ]
}

/// The string argument at `index` (the machinery has already checked it).
pub(super) fn str_arg(args: &[Value], index: usize) -> &str {
    args.get(index).and_then(Value::as_str).unwrap_or_default()
}

/// Go's standard Base64 decoding: padding required, stray bits after the
/// last symbol tolerated, and line breaks skipped.
pub(super) fn decode_base64(text: &str) -> Result<Vec<u8>, base64::DecodeError> {
    const GO_STD: GeneralPurpose = GeneralPurpose::new(
        &STANDARD_ALPHABET,
        GeneralPurposeConfig::new()
            .with_decode_allow_trailing_bits(true)
            .with_decode_padding_mode(DecodePaddingMode::RequireCanonical),
    );
    if text.contains(['\r', '\n']) {
        let joined: String = text.chars().filter(|c| !matches!(c, '\r' | '\n')).collect();
        GO_STD.decode(joined)
    } else {
        GO_STD.decode(text)
    }
}

/// A string quoted the way Go's `%q` does, for error messages.
pub(super) fn go_quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\x07' => out.push_str("\\a"),
            '\x08' => out.push_str("\\b"),
            '\x0c' => out.push_str("\\f"),
            '\x0b' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c == '\x7f' => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}') => {
                let n = c as u32;
                if n > 0xffff {
                    out.push_str(&format!("\\U{n:08x}"));
                } else {
                    out.push_str(&format!("\\u{n:04x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn base64decode(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    let (arg, marks) = args
        .first()
        .cloned()
        .unwrap_or_else(Value::null)
        .unmark_deep();
    let text = arg.as_str().unwrap_or_default();
    let shown = if marks.is_sensitive() {
        "(sensitive value)".to_string()
    } else {
        go_quote(text)
    };
    let bytes = decode_base64(text)
        .map_err(|_| FuncError::call(format!("failed to decode base64 data {shown}")))?;
    let decoded = String::from_utf8(bytes).map_err(|_| {
        FuncError::call("the result of decoding the provided string is not valid UTF-8")
    })?;
    Ok(Value::string(decoded).mark(marks))
}

/// Go's `url.QueryEscape`: unreserved characters stay, a space becomes `+`,
/// every other byte becomes `%XX` in upper-case hex.
fn query_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for &b in text.as_bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn encoding_arg(args: &[Value]) -> Result<TextEncoding, FuncError> {
    let name = str_arg(args, 1);
    TextEncoding::by_name(name).ok_or_else(|| {
        FuncError::arg(
            1,
            format!(
                "{} is not a supported IANA encoding name or alias in this Terraform version",
                go_quote(name)
            ),
        )
    })
}

fn textencodebase64(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    let encoding = encoding_arg(args)?;
    let bytes = encoding.encode(str_arg(args, 0)).ok_or_else(|| {
        FuncError::arg(
            0,
            format!(
                "the given string contains characters that cannot be represented in {}",
                encoding.name
            ),
        )
    })?;
    Ok(Value::string(STANDARD.encode(bytes)))
}

fn textdecodebase64(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    let encoding = encoding_arg(args)?;
    let source = str_arg(args, 0);
    let bytes = decode_base64(source).map_err(|e| {
        let offset = match e {
            base64::DecodeError::InvalidByte(at, _) => at,
            base64::DecodeError::InvalidLastSymbol(at, _) => at,
            base64::DecodeError::InvalidLength(at) => at,
            base64::DecodeError::InvalidPadding => source.len(),
        };
        FuncError::arg(
            0,
            format!("the given value is has an invalid base64 symbol at offset {offset}"),
        )
    })?;
    let text = encoding.decode(&bytes).ok_or_else(|| {
        FuncError::arg(
            0,
            format!(
                "the given string contains symbols that are not defined for {}",
                encoding.name
            ),
        )
    })?;
    Ok(Value::string(text))
}

#[cfg(test)]
#[path = "encoding_tests.rs"]
mod tests;
