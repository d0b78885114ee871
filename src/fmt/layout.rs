//! Lays tokens out line by line: indentation from bracket nesting, spacing
//! between tokens, and vertical alignment of `=` signs and trailing comments
//! across neighbouring lines. Only `spaces_before` ever changes.
//!
//! Each line is cut into up to three cells: the lead (everything up to the
//! `=` of an attribute-like assignment), the assignment (from `=` on) and a
//! trailing line comment. Runs of consecutive lines that have an assignment
//! cell get their `=` aligned; runs with a comment cell get their comments
//! aligned. A heredoc's text lives inside tokens, so it is never re-indented.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use super::spacing::space_after;
use super::token::{Kind, Token};

/// One line of tokens, as index ranges into the token list.
struct Line {
    lead: Range<usize>,
    assign: Option<Range<usize>>,
    comment: Option<usize>,
}

/// Rewrites the whitespace of `tokens` (which ends with `Eof`) in place.
pub(super) fn layout(tokens: &mut [Token]) {
    let lines = split_lines(tokens);
    indent(tokens, &lines);
    space(tokens, &lines);
    align(tokens, &lines);
}

/// Concatenates the tokens with their spaces.
pub(super) fn render(tokens: &[Token]) -> String {
    let mut out = String::new();
    for t in tokens {
        out.extend(std::iter::repeat_n(' ', t.spaces_before));
        out.push_str(&t.text);
    }
    out
}

fn split_lines(tokens: &[Token]) -> Vec<Line> {
    let end = tokens
        .iter()
        .position(|t| t.kind == Kind::Eof)
        .unwrap_or(tokens.len());
    let mut lines = Vec::new();
    let mut start = 0;
    for (i, t) in tokens[..end].iter().enumerate() {
        if t.ends_line() {
            lines.push(cells(tokens, start..i + 1));
            start = i + 1;
        }
    }
    lines.push(cells(tokens, start..end));
    lines
}

/// Cuts a line into its lead, assignment and comment cells.
fn cells(tokens: &[Token], mut lead: Range<usize>) -> Line {
    let mut comment = None;
    if lead.len() > 1 && tokens[lead.end - 1].kind == Kind::Comment {
        comment = Some(lead.end - 1);
        lead.end -= 1;
    }
    let mut assign = None;
    if let Some(eq) = lead
        .clone()
        .skip(1)
        .find(|&i| tokens[i].kind == Kind::Equal)
    {
        // Only a whole expression on this line makes an assignment cell;
        // an unclosed bracket means the value continues on later lines.
        if net_brackets(&tokens[eq..lead.end]) == 0 {
            assign = Some(eq..lead.end);
            lead.end = eq;
        }
    }
    Line {
        lead,
        assign,
        comment,
    }
}

fn net_brackets(tokens: &[Token]) -> i32 {
    tokens.iter().map(|t| t.kind.bracket_change()).sum()
}

/// Indents each line by two spaces per level of bracket nesting. A line
/// that opens more brackets than it closes opens one level (however many
/// brackets); closing brackets unwind the levels they opened.
fn indent(tokens: &mut [Token], lines: &[Line]) {
    let mut levels: Vec<i32> = Vec::new();
    for line in lines {
        if line.lead.is_empty() {
            continue;
        }
        let first = line.lead.start;
        if tokens[first].kind == Kind::Newline {
            tokens[first].spaces_before = 0;
            continue;
        }
        let mut net = 0;
        for t in &tokens[line.lead.clone()] {
            net += t.kind.bracket_change();
            if t.kind == Kind::OHeredoc {
                break;
            }
        }
        if let Some(assign) = &line.assign {
            net += net_brackets(&tokens[assign.clone()]);
        }
        tokens[first].spaces_before = 2 * levels.len();
        if net > 0 {
            levels.push(net);
        } else if net < 0 {
            let mut closed = -net;
            while closed > 0 {
                let Some(top) = levels.last_mut() else { break };
                if closed >= *top {
                    closed -= *top;
                    levels.pop();
                } else {
                    *top -= closed;
                    closed = 0;
                }
            }
            tokens[first].spaces_before = 2 * levels.len();
        }
    }
}

/// Sets the spaces between neighbouring tokens within each cell.
fn space(tokens: &mut [Token], lines: &[Line]) {
    for line in lines {
        space_run(tokens, line.lead.clone());
        if let Some(assign) = &line.assign {
            tokens[assign.start].spaces_before = 1;
            space_run(tokens, assign.clone());
        }
    }
}

fn space_run(tokens: &mut [Token], run: Range<usize>) {
    for i in run.start..run.end.saturating_sub(1) {
        let before = (i > run.start).then(|| &tokens[i - 1]);
        let spaced = space_after(&tokens[i], before, &tokens[i + 1]);
        tokens[i + 1].spaces_before = usize::from(spaced);
    }
}

/// Aligns `=` signs, then trailing comments, across runs of lines.
fn align(tokens: &mut [Token], lines: &[Line]) {
    for run in runs_of(lines, |l| l.assign.is_some()) {
        let widths: Vec<usize> = run.iter().map(|l| columns(tokens, &l.lead)).collect();
        let max = widths.iter().copied().max().unwrap_or(0);
        for (line, w) in run.iter().zip(widths) {
            if let Some(assign) = &line.assign {
                tokens[assign.start].spaces_before = max - w + 1;
            }
        }
    }
    for run in runs_of(lines, |l| l.comment.is_some()) {
        let widths: Vec<usize> = run
            .iter()
            .map(|l| columns(tokens, &l.lead) + l.assign.as_ref().map_or(0, |a| columns(tokens, a)))
            .collect();
        let max = widths.iter().copied().max().unwrap_or(0);
        for (line, w) in run.iter().zip(widths) {
            if let Some(c) = line.comment {
                tokens[c].spaces_before = max - w + 1;
            }
        }
    }
}

/// Maximal runs of consecutive lines satisfying `pred`.
fn runs_of(lines: &[Line], pred: impl Fn(&Line) -> bool) -> Vec<&[Line]> {
    lines
        .chunk_by(|a, b| pred(a) == pred(b))
        .filter(|run| run.first().is_some_and(&pred))
        .collect()
}

/// Display width of a run of tokens: spaces plus grapheme clusters.
fn columns(tokens: &[Token], run: &Range<usize>) -> usize {
    tokens[run.clone()]
        .iter()
        .map(|t| t.spaces_before + t.text.graphemes(true).count())
        .sum()
}
