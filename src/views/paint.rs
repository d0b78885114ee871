//! Colour markup (`[green]+[reset]`) in the style the plan renderer writes
//! its fixed fragments, turned into ANSI escapes or stripped, so that one
//! renderer serves both `-no-color` and a terminal, byte for byte.

/// The markup names and their escape codes.
const CODES: &[(&str, &str)] = &[
    ("reset", "0"),
    ("bold", "1"),
    ("red", "31"),
    ("green", "32"),
    ("yellow", "33"),
    ("cyan", "36"),
    ("dark_gray", "90"),
];

/// Expands the markup in `text`: escapes (with a final reset, when any code
/// was present) when `color`, nothing at all otherwise.
pub(crate) fn paint(text: &str, color: bool) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    let mut matched = false;
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let code = after.find(']').and_then(|close| {
            let name = &after[..close];
            CODES
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, c)| (*c, close))
        });
        match code {
            Some((code, close)) => {
                matched = true;
                if color {
                    out.push_str("\u{1b}[");
                    out.push_str(code);
                    out.push('m');
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push('[');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    if matched && color {
        out.push_str("\u{1b}[0m");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::paint;

    #[test]
    fn expands_or_strips() {
        assert_eq!(paint("  [green]+[reset]", false), "  +");
        assert_eq!(
            paint("  [green]+[reset]", true),
            "  \u{1b}[32m+\u{1b}[0m\u{1b}[0m"
        );
        assert_eq!(paint("   ", true), "   ");
        assert_eq!(paint("a[0]b", true), "a[0]b");
    }
}
