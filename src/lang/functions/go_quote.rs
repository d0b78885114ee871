//! Terraform's messages quote values the way Go's `%q` verb does; matching
//! that quoting keeps our diagnostics word for word the same as Terraform's.

/// `s` quoted as Go's `strconv.Quote` quotes it: printable characters as they
/// are, the rest as escapes, and bytes that are not UTF-8 as `\x..`.
pub fn go_quote(s: &[u8]) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    let mut rest = s;
    while !rest.is_empty() {
        let (c, width) = decode_rune(rest);
        match c {
            None => out.push_str(&format!("\\x{:02x}", rest[0])),
            Some(c) => push_quoted_char(&mut out, c),
        }
        rest = &rest[width.max(1)..];
    }
    out.push('"');
    out
}

/// The first character of `bytes` and its length, or `None` (length 1) where
/// the bytes are not valid UTF-8, as Go's `utf8.DecodeRune` reads them.
pub fn decode_rune(bytes: &[u8]) -> (Option<char>, usize) {
    if bytes.is_empty() {
        return (None, 0);
    }
    let len = match bytes[0] {
        0x00..=0x7f => 1,
        0xc2..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf4 => 4,
        _ => return (None, 1),
    };
    match bytes.get(..len).and_then(|b| std::str::from_utf8(b).ok()) {
        Some(s) => (s.chars().next(), len),
        None => (None, 1),
    }
}

fn push_quoted_char(out: &mut String, c: char) {
    match c {
        '"' => out.push_str("\\\""),
        '\\' => out.push_str("\\\\"),
        '\u{7}' => out.push_str("\\a"),
        '\u{8}' => out.push_str("\\b"),
        '\u{c}' => out.push_str("\\f"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\u{b}' => out.push_str("\\v"),
        c if is_printable(c) => out.push(c),
        c if (c as u32) < 0x80 => out.push_str(&format!("\\x{:02x}", c as u32)),
        c if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
        c => out.push_str(&format!("\\U{:08x}", c as u32)),
    }
}

/// An approximation of Go's `unicode.IsPrint`: letters, marks, numbers,
/// punctuation, symbols and the ASCII space.
fn is_printable(c: char) -> bool {
    if c == ' ' {
        return true;
    }
    if c.is_control() || c.is_whitespace() {
        return false;
    }
    let u = c as u32;
    let format_or_private = matches!(
        u,
        0xad | 0x600..=0x605
            | 0x61c
            | 0x6dd
            | 0x70f
            | 0x180e
            | 0x200b..=0x200f
            | 0x202a..=0x202e
            | 0x2060..=0x206f
            | 0xe000..=0xf8ff
            | 0xfeff
            | 0xfff9..=0xfffb
            | 0xfffe..=0xffff
            | 0xf0000..
    );
    !format_or_private
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_like_go() {
        assert_eq!(go_quote(b"abc"), r#""abc""#);
        assert_eq!(go_quote(b"a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(go_quote("é\n\t".as_bytes()), r#""é\n\t""#);
        assert_eq!(go_quote(b"\x01\x7f"), r#""\x01\x7f""#);
        assert_eq!(go_quote(b"\xff"), r#""\xff""#);
        assert_eq!(go_quote("\u{a0}\u{200b}".as_bytes()), r#""\u00a0\u200b""#);
    }

    #[test]
    fn decodes_runes() {
        assert_eq!(decode_rune(b""), (None, 0));
        assert_eq!(decode_rune("é!".as_bytes()), (Some('é'), 2));
        assert_eq!(decode_rune(b"\xc3"), (None, 1));
    }
}
