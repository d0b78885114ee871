//! Finds the attributes and block headers in a token list, the two places
//! where `terraform fmt` rewrites more than whitespace: attribute values
//! (unwrapping `"${x}"`, legacy variable types) and block labels (always
//! quoted). Works on tokens of source that has already parsed cleanly.

use std::ops::Range;

use super::token::{Kind, Token};

/// An attribute `name = value`.
pub(super) struct Attribute {
    pub(super) name: String,
    /// The value's tokens, without comments before or after it.
    pub(super) value: Range<usize>,
    /// True when the attribute sits directly in a top-level `variable` block.
    pub(super) in_variable: bool,
}

/// What the walk found, in source order.
#[derive(Default)]
pub(super) struct Items {
    pub(super) attributes: Vec<Attribute>,
    /// For each block, the tokens between its type name and its `{`.
    pub(super) label_runs: Vec<Range<usize>>,
}

/// Walks the whole file. On a token the structure cannot contain, returns
/// that token's index.
pub(super) fn find_items(tokens: &[Token]) -> Result<Items, usize> {
    let mut walk = Walk {
        tokens,
        items: Items::default(),
        path: Vec::new(),
    };
    let end = walk.body(0)?;
    match tokens.get(end).map(|t| t.kind) {
        Some(Kind::Eof) => Ok(walk.items),
        _ => Err(end),
    }
}

struct Walk<'a> {
    tokens: &'a [Token],
    items: Items,
    path: Vec<String>,
}

impl Walk<'_> {
    fn kind(&self, i: usize) -> Kind {
        self.tokens.get(i).map_or(Kind::Eof, |t| t.kind)
    }

    /// Reads body items from `i` up to the `}` or end of file that closes
    /// the body; returns the index of that token.
    fn body(&mut self, mut i: usize) -> Result<usize, usize> {
        loop {
            while matches!(self.kind(i), Kind::Newline | Kind::Comment) {
                i += 1;
            }
            match self.kind(i) {
                Kind::Eof if self.path.is_empty() => return Ok(i),
                Kind::CBrace if !self.path.is_empty() => return Ok(i),
                Kind::Ident => i = self.item(i)?,
                _ => return Err(i),
            }
        }
    }

    /// Reads the attribute or block whose name is at `i`; returns the index
    /// just past it.
    fn item(&mut self, i: usize) -> Result<usize, usize> {
        let name = self.tokens[i].text.clone();
        let mut j = self.skip_inline_comments(i + 1);
        if self.kind(j) == Kind::Equal {
            let start = j + 1;
            let end = self.expression_end(start)?;
            let value = self.trim_comments(start..end);
            let in_variable = self.path.len() == 1 && self.path[0] == "variable";
            self.items.attributes.push(Attribute {
                name,
                value,
                in_variable,
            });
            return Ok(end);
        }
        while matches!(
            self.kind(j),
            Kind::Ident | Kind::OQuote | Kind::QuotedLit | Kind::CQuote | Kind::Comment
        ) && !self.tokens[j].ends_line()
        {
            j += 1;
        }
        if self.kind(j) != Kind::OBrace {
            return Err(j);
        }
        self.items.label_runs.push(i + 1..j);
        self.path.push(name);
        let close = self.body(j + 1)?;
        self.path.pop();
        Ok(close + 1)
    }

    fn skip_inline_comments(&self, mut i: usize) -> usize {
        while self.kind(i) == Kind::Comment && !self.tokens[i].ends_line() {
            i += 1;
        }
        i
    }

    /// The index where the expression starting at `start` ends: the first
    /// newline, line comment or end of file outside any brackets, or the
    /// `}` closing a single-line block.
    fn expression_end(&self, start: usize) -> Result<usize, usize> {
        let mut depth = 0i32;
        let mut i = start;
        loop {
            let t = self.tokens.get(i).ok_or(i)?;
            if depth == 0 && (t.ends_line() || t.kind == Kind::Eof) {
                return Ok(i);
            }
            if t.kind == Kind::Eof {
                return Err(i);
            }
            let change = t.kind.bracket_change();
            if change < 0 && depth == 0 {
                return if t.kind == Kind::CBrace {
                    Ok(i)
                } else {
                    Err(i)
                };
            }
            depth += change;
            i += 1;
        }
    }

    fn trim_comments(&self, mut range: Range<usize>) -> Range<usize> {
        while range.start < range.end && self.kind(range.start) == Kind::Comment {
            range.start += 1;
        }
        while range.end > range.start && self.kind(range.end - 1) == Kind::Comment {
            range.end -= 1;
        }
        range
    }
}
