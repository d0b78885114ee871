//! The character encodings `textencodebase64` and `textdecodebase64` know:
//! the IANA names and aliases Terraform's encoding index accepts, and each
//! encoding's conversion where Terraform's library departs from the WHATWG
//! Encoding Standard that `encoding_rs` implements.

use encoding_rs::Encoding;

use super::text_codepages as cp;

/// How one encoding converts text.
#[derive(Clone, Copy, Debug)]
enum Codec {
    Utf8,
    /// UTF-16 in one byte order; with `bom`, a byte-order mark is written
    /// (big-endian) and, when present, read and removed.
    Utf16 {
        big: bool,
        bom: bool,
    },
    Ascii,
    /// A single-byte code page taken from glibc or ICU mapping files.
    Table(&'static [u16; 256]),
    /// A single-byte WHATWG encoding, in which Terraform's library leaves the
    /// C1 control range undefined where the standard maps it.
    SingleByte(&'static Encoding),
    /// Shift_JIS and EUC-JP, whose encoders in Terraform's library use the
    /// JIS tables alone, without the standard's special cases.
    Japanese(&'static Encoding),
    /// A multi-byte encoding that behaves as the standard says.
    MultiByte(&'static Encoding),
    /// HZ-GB-2312: GB 2312 inside `~{` `~}` shifts, which the WHATWG standard
    /// does not define.
    Hz,
}

/// An encoding found by name.
#[derive(Clone, Copy, Debug)]
pub(super) struct TextEncoding {
    /// The canonical IANA name, as Terraform shows it in messages.
    pub(super) name: &'static str,
    codec: Codec,
}

/// Every encoding Terraform's index supports: canonical name, the aliases
/// (lower case) that select it, and its conversion. Names the IANA registry
/// has but Terraform cannot convert are absent, which gives them the same
/// error as unknown names, as in Terraform.
#[rustfmt::skip]
static ENCODINGS: &[(&str, &[&str], Codec)] = {
    use encoding_rs::*;
    use Codec::{Japanese, MultiByte, SingleByte, Table};
    &[
        ("US-ASCII", &["us-ascii", "iso-ir-6", "ansi_x3.4-1968", "ansi_x3.4-1986", "iso_646.irv:1991", "iso646-us", "us", "ibm367", "cp367", "csascii"], Codec::Ascii),
        ("ISO_8859-1:1987", &["iso_8859-1:1987", "iso-ir-100", "iso_8859-1", "iso-8859-1", "latin1", "l1", "ibm819", "cp819", "csisolatin1"], Table(&cp::ISO8859_1)),
        ("ISO_8859-2:1987", &["iso_8859-2:1987", "iso-ir-101", "iso_8859-2", "iso-8859-2", "latin2", "l2", "csisolatin2"], SingleByte(&ISO_8859_2_INIT)),
        ("ISO_8859-3:1988", &["iso_8859-3:1988", "iso-ir-109", "iso_8859-3", "iso-8859-3", "latin3", "l3", "csisolatin3"], SingleByte(&ISO_8859_3_INIT)),
        ("ISO_8859-4:1988", &["iso_8859-4:1988", "iso-ir-110", "iso_8859-4", "iso-8859-4", "latin4", "l4", "csisolatin4"], SingleByte(&ISO_8859_4_INIT)),
        ("ISO_8859-5:1988", &["iso_8859-5:1988", "iso-ir-144", "iso_8859-5", "iso-8859-5", "cyrillic", "csisolatincyrillic"], SingleByte(&ISO_8859_5_INIT)),
        ("ISO_8859-6:1987", &["iso_8859-6:1987", "iso-ir-127", "iso_8859-6", "iso-8859-6", "ecma-114", "asmo-708", "arabic", "csisolatinarabic"], SingleByte(&ISO_8859_6_INIT)),
        ("ISO_8859-7:1987", &["iso_8859-7:1987", "iso-ir-126", "iso_8859-7", "iso-8859-7", "elot_928", "ecma-118", "greek", "greek8", "csisolatingreek"], SingleByte(&ISO_8859_7_INIT)),
        ("ISO_8859-8:1988", &["iso_8859-8:1988", "iso-ir-138", "iso_8859-8", "iso-8859-8", "hebrew", "csisolatinhebrew"], SingleByte(&ISO_8859_8_INIT)),
        ("ISO_8859-9:1989", &["iso_8859-9:1989", "iso-ir-148", "iso_8859-9", "iso-8859-9", "latin5", "l5", "csisolatin5"], Table(&cp::ISO8859_9)),
        ("ISO-8859-10", &["iso-8859-10", "iso-ir-157", "l6", "iso_8859-10:1992", "csisolatin6", "latin6"], SingleByte(&ISO_8859_10_INIT)),
        ("Shift_JIS", &["shift_jis", "ms_kanji", "csshiftjis"], Japanese(&SHIFT_JIS_INIT)),
        ("Extended_UNIX_Code_Packed_Format_for_Japanese", &["extended_unix_code_packed_format_for_japanese", "cseucpkdfmtjapanese", "euc-jp"], Japanese(&EUC_JP_INIT)),
        ("EUC-KR", &["euc-kr", "cseuckr"], MultiByte(&EUC_KR_INIT)),
        ("ISO-2022-JP", &["iso-2022-jp", "csiso2022jp"], MultiByte(&ISO_2022_JP_INIT)),
        ("ISO_8859-6-E", &["iso_8859-6-e", "csiso88596e", "iso-8859-6-e"], SingleByte(&ISO_8859_6_INIT)),
        ("ISO_8859-6-I", &["iso_8859-6-i", "csiso88596i", "iso-8859-6-i"], SingleByte(&ISO_8859_6_INIT)),
        ("ISO_8859-8-E", &["iso_8859-8-e", "csiso88598e", "iso-8859-8-e"], SingleByte(&ISO_8859_8_INIT)),
        ("ISO_8859-8-I", &["iso_8859-8-i", "csiso88598i", "iso-8859-8-i"], SingleByte(&ISO_8859_8_INIT)),
        ("UTF-8", &["utf-8", "csutf8"], Codec::Utf8),
        ("ISO-8859-13", &["iso-8859-13", "csiso885913"], SingleByte(&ISO_8859_13_INIT)),
        ("ISO-8859-14", &["iso-8859-14", "iso-ir-199", "iso_8859-14:1998", "iso_8859-14", "latin8", "iso-celtic", "l8", "csiso885914"], SingleByte(&ISO_8859_14_INIT)),
        ("ISO-8859-15", &["iso-8859-15", "iso_8859-15", "latin-9", "csiso885915"], SingleByte(&ISO_8859_15_INIT)),
        ("ISO-8859-16", &["iso-8859-16", "iso-ir-226", "iso_8859-16:2001", "iso_8859-16", "latin10", "l10", "csiso885916"], SingleByte(&ISO_8859_16_INIT)),
        ("GBK", &["gbk", "cp936", "ms936", "windows-936", "csgbk"], MultiByte(&GBK_INIT)),
        ("GB18030", &["gb18030", "csgb18030"], MultiByte(&GB18030_INIT)),
        ("UTF-16BE", &["utf-16be", "csutf16be"], Codec::Utf16 { big: true, bom: false }),
        ("UTF-16LE", &["utf-16le", "csutf16le"], Codec::Utf16 { big: false, bom: false }),
        ("UTF-16", &["utf-16", "csutf16"], Codec::Utf16 { big: true, bom: true }),
        ("IBM850", &["ibm850", "cp850", "850", "cspc850multilingual"], Table(&cp::CP850)),
        ("IBM852", &["ibm852", "cp852", "852", "cspcp852"], Table(&cp::CP852)),
        ("IBM437", &["ibm437", "cp437", "437", "cspc8codepage437"], Table(&cp::CP437)),
        ("IBM862", &["ibm862", "cp862", "862", "cspc862latinhebrew"], Table(&cp::CP862)),
        ("Big5", &["big5", "csbig5"], MultiByte(&BIG5_INIT)),
        ("macintosh", &["macintosh", "mac", "csmacintosh"], SingleByte(&MACINTOSH_INIT)),
        ("IBM037", &["ibm037", "cp037", "ebcdic-cp-us", "ebcdic-cp-ca", "ebcdic-cp-wt", "ebcdic-cp-nl", "csibm037"], Table(&cp::CP037)),
        ("IBM855", &["ibm855", "cp855", "855", "csibm855"], Table(&cp::CP855)),
        ("IBM860", &["ibm860", "cp860", "860", "csibm860"], Table(&cp::CP860)),
        ("IBM863", &["ibm863", "cp863", "863", "csibm863"], Table(&cp::CP863)),
        ("IBM865", &["ibm865", "cp865", "865", "csibm865"], Table(&cp::CP865)),
        ("KOI8-R", &["koi8-r", "cskoi8r"], SingleByte(&KOI8_R_INIT)),
        ("HZ-GB-2312", &["hz-gb-2312"], Codec::Hz),
        ("IBM866", &["ibm866", "cp866", "866", "csibm866"], SingleByte(&IBM866_INIT)),
        ("KOI8-U", &["koi8-u", "cskoi8u"], SingleByte(&KOI8_U_INIT)),
        ("IBM00858", &["ibm00858", "ccsid00858", "cp00858", "pc-multilingual-850+euro", "csibm00858"], Table(&cp::CP858)),
        ("IBM01140", &["ibm01140", "ccsid01140", "cp01140", "ebcdic-us-37+euro", "csibm01140"], Table(&cp::CP1140)),
        ("IBM1047", &["ibm1047", "ibm-1047", "csibm1047"], Table(&cp::CP1047)),
        ("windows-874", &["windows-874", "cswindows874"], SingleByte(&WINDOWS_874_INIT)),
        ("windows-1250", &["windows-1250", "cswindows1250"], SingleByte(&WINDOWS_1250_INIT)),
        ("windows-1251", &["windows-1251", "cswindows1251"], SingleByte(&WINDOWS_1251_INIT)),
        ("windows-1252", &["windows-1252", "cswindows1252"], SingleByte(&WINDOWS_1252_INIT)),
        ("windows-1253", &["windows-1253", "cswindows1253"], SingleByte(&WINDOWS_1253_INIT)),
        ("windows-1254", &["windows-1254", "cswindows1254"], SingleByte(&WINDOWS_1254_INIT)),
        ("windows-1255", &["windows-1255", "cswindows1255"], SingleByte(&WINDOWS_1255_INIT)),
        ("windows-1256", &["windows-1256", "cswindows1256"], SingleByte(&WINDOWS_1256_INIT)),
        ("windows-1257", &["windows-1257", "cswindows1257"], SingleByte(&WINDOWS_1257_INIT)),
        ("windows-1258", &["windows-1258", "cswindows1258"], SingleByte(&WINDOWS_1258_INIT)),
    ]
};

/// The C1 control characters, which Terraform's single-byte WHATWG tables
/// leave undefined.
fn is_c1(c: char) -> bool {
    ('\u{80}'..='\u{9f}').contains(&c)
}

impl TextEncoding {
    /// Looks up an IANA name or alias: surrounding white space is ignored,
    /// and so is case.
    pub(super) fn by_name(name: &str) -> Option<TextEncoding> {
        let wanted = name.trim().to_lowercase();
        ENCODINGS
            .iter()
            .find(|(_, aliases, _)| aliases.contains(&wanted.as_str()))
            .map(|&(name, _, codec)| TextEncoding { name, codec })
    }

    /// `text` in this encoding; `None` when it has a character the encoding
    /// cannot represent (Terraform reports those rather than substituting).
    pub(super) fn encode(self, text: &str) -> Option<Vec<u8>> {
        match self.codec {
            Codec::Utf8 => Some(text.as_bytes().to_vec()),
            Codec::Utf16 { big, bom } => {
                let mut out = Vec::with_capacity(text.len() * 2 + 2);
                if bom {
                    out.extend_from_slice(&[0xfe, 0xff]);
                }
                for unit in text.encode_utf16() {
                    out.extend_from_slice(&if big {
                        unit.to_be_bytes()
                    } else {
                        unit.to_le_bytes()
                    });
                }
                Some(out)
            }
            Codec::Ascii => text.is_ascii().then(|| text.as_bytes().to_vec()),
            Codec::Table(table) => text.chars().map(|c| table_byte(table, c)).collect(),
            Codec::SingleByte(encoding) => {
                if text.chars().any(is_c1) {
                    return None;
                }
                standard_encode(encoding, text)
            }
            Codec::Japanese(encoding) => {
                // The standard's encoders add these on top of the JIS tables.
                if text
                    .chars()
                    .any(|c| matches!(c, '\u{80}' | '\u{a5}' | '\u{203e}' | '\u{2212}'))
                {
                    return None;
                }
                standard_encode(encoding, text)
            }
            Codec::MultiByte(encoding) => standard_encode(encoding, text),
            Codec::Hz => hz_encode(text),
        }
    }

    /// Decodes `bytes`; `None` when they hold something the encoding does not
    /// define. Terraform's decoders turn such bytes into U+FFFD and it then
    /// rejects any U+FFFD in the result, even one encoded in the input.
    pub(super) fn decode(self, bytes: &[u8]) -> Option<String> {
        let text = match self.codec {
            Codec::Utf8 => String::from_utf8(bytes.to_vec()).ok()?,
            Codec::Utf16 { big, bom } => {
                let (big, rest) = match bytes {
                    [0xfe, 0xff, rest @ ..] if bom => (true, rest),
                    [0xff, 0xfe, rest @ ..] if bom => (false, rest),
                    _ => (big, bytes),
                };
                utf16_decode(rest, big)?
            }
            Codec::Ascii => bytes
                .is_ascii()
                .then(|| String::from_utf8_lossy(bytes).into_owned())?,
            Codec::Table(table) => bytes
                .iter()
                .map(|&b| char::from_u32(u32::from(table[usize::from(b)])))
                .collect::<Option<String>>()?,
            Codec::SingleByte(encoding) => {
                let text = standard_decode(encoding, bytes)?;
                if text.chars().any(is_c1) {
                    return None;
                }
                text
            }
            Codec::Japanese(encoding) => {
                let text = standard_decode(encoding, bytes)?;
                // The standard maps Shift_JIS lead bytes F0–F9 to private
                // use; Terraform's tables stop before them.
                if text.chars().any(|c| ('\u{e000}'..='\u{e757}').contains(&c)) {
                    return None;
                }
                text
            }
            Codec::MultiByte(encoding) => standard_decode(encoding, bytes)?,
            Codec::Hz => hz_decode(bytes)?,
        };
        (!text.contains('\u{fffd}')).then_some(text)
    }
}

/// The first byte a code page maps to `c`, as Terraform's reverse tables
/// keep it.
fn table_byte(table: &[u16; 256], c: char) -> Option<u8> {
    let wanted = u16::try_from(u32::from(c)).ok()?;
    if wanted == 0xfffd {
        return None;
    }
    let at = table.iter().position(|&entry| entry == wanted)?;
    u8::try_from(at).ok()
}

fn standard_encode(encoding: &'static Encoding, text: &str) -> Option<Vec<u8>> {
    let (bytes, _, unmappable) = encoding.encode(text);
    (!unmappable).then(|| bytes.into_owned())
}

fn standard_decode(encoding: &'static Encoding, bytes: &[u8]) -> Option<String> {
    encoding
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|text| text.into_owned())
}

fn utf16_decode(bytes: &[u8], big: bool) -> Option<String> {
    if bytes.len() % 2 != 0 {
        return None;
    }
    let units = bytes.chunks_exact(2).map(|pair| {
        let pair = [pair[0], pair[1]];
        if big {
            u16::from_be_bytes(pair)
        } else {
            u16::from_le_bytes(pair)
        }
    });
    char::decode_utf16(units)
        .collect::<Result<String, _>>()
        .ok()
}

/// HZ as Terraform writes it: `~` doubled in either mode, GB 2312 pairs with
/// their high bits cleared after `~{`, and no closing `~}` at the end.
fn hz_encode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len());
    let mut in_gb = false;
    for c in text.chars() {
        if c == '~' {
            out.extend_from_slice(b"~~");
        } else if c.is_ascii() {
            if in_gb {
                out.extend_from_slice(b"~}");
                in_gb = false;
            }
            out.push(c as u8);
        } else {
            let mut buf = [0u8; 4];
            let (gbk, _, unmappable) = encoding_rs::GBK.encode(c.encode_utf8(&mut buf));
            let [hi, lo] = gbk[..] else { return None };
            let (hi, lo) = (hi.wrapping_sub(0x80), lo.wrapping_sub(0x80));
            if unmappable || !(0x21..0x7e).contains(&hi) || !(0x21..0x7f).contains(&lo) {
                return None;
            }
            if !in_gb {
                out.extend_from_slice(b"~{");
                in_gb = true;
            }
            out.extend_from_slice(&[hi, lo]);
        }
    }
    Some(out)
}

fn hz_decode(bytes: &[u8]) -> Option<String> {
    let mut out = String::with_capacity(bytes.len());
    let mut in_gb = false;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b >= 0x80 {
            return None;
        }
        if b == b'~' {
            match bytes.get(i + 1)? {
                b'{' => in_gb = true,
                b'}' => in_gb = false,
                b'~' => out.push('~'),
                b'\n' => {}
                _ => return None,
            }
            i += 2;
        } else if in_gb {
            let lo = *bytes.get(i + 1)?;
            if !(0x21..0x7e).contains(&b) || !(0x21..0x7f).contains(&lo) {
                return None;
            }
            out.push_str(&standard_decode(encoding_rs::GBK, &[b | 0x80, lo | 0x80])?);
            i += 2;
        } else {
            out.push(char::from(b));
            i += 1;
        }
    }
    Some(out)
}

#[cfg(test)]
#[path = "text_encodings_tests.rs"]
mod tests;
