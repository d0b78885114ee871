//! A light lexical pass over a file that failed to parse. hcl-edit backtracks
//! before it reports an error, so its position is often the start of the
//! statement rather than the broken token; this pass finds what a reader
//! would point at: the string, heredoc or comment left open, the stray
//! character, the bad escape, and which brackets never close.

/// A lexical problem; scanning stops at the first one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A quoted string reaches the end of its line (or file) unclosed; at its `"`.
    UnterminatedString(usize),
    /// No line ends this heredoc; at its `<<`, with the marker.
    UnterminatedHeredoc(usize, String),
    /// A `/*` comment never ends; at the `/*`.
    UnclosedComment(usize),
    /// A character the language has no use for here.
    InvalidCharacter(usize, char),
    /// A backslash escape the language does not know; at the backslash.
    InvalidEscape(usize),
    /// A `${` or `%{` never closed; at the `$` or `%`.
    UnclosedInterpolation(usize),
    /// A `%{ if }` or `%{ for }` with no end directive; at the `%`.
    UnclosedDirective(usize, String),
    /// An `%{ else }`, `%{ endif }` or `%{ endfor }` with nothing to end.
    UnexpectedDirective(usize, String),
}

impl Problem {
    /// The byte offset the problem is at.
    pub fn at(&self) -> usize {
        match self {
            Problem::UnterminatedString(at)
            | Problem::UnterminatedHeredoc(at, _)
            | Problem::UnclosedComment(at)
            | Problem::InvalidCharacter(at, _)
            | Problem::InvalidEscape(at)
            | Problem::UnclosedInterpolation(at)
            | Problem::UnclosedDirective(at, _)
            | Problem::UnexpectedDirective(at, _) => *at,
        }
    }
}

/// What an opening bracket opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opening {
    /// The `{` of a block.
    Block,
    /// The `{` of an object expression.
    Object,
    /// `(`.
    Paren,
    /// `[`.
    Bracket,
}

/// An opening bracket, and where it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Opener {
    /// Byte offset of the bracket.
    pub at: usize,
    /// What it opens.
    pub kind: Opening,
}

/// What the pass found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scan {
    /// The first lexical problem, if any.
    pub problem: Option<Problem>,
    /// Openers whose closer never came, in the order they were given up on.
    pub unclosed: Vec<Opener>,
    /// Closing brackets that close nothing, by offset.
    pub stray: Vec<usize>,
}

/// Scans `text`.
pub fn scan(text: &str) -> Scan {
    let mut s = Scanner {
        text,
        pos: text
            .strip_prefix('\u{feff}')
            .map_or(0, |_| '\u{feff}'.len_utf8()),
        limit: text.len(),
        stack: Vec::new(),
        saw_equals: false,
        out: Scan::default(),
    };
    if s.code(None) != Flow::Stop {
        s.out.unclosed.append(&mut s.stack);
    }
    s.out
}

/// How a scanning step ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flow {
    /// The `}` of the interpolation being scanned.
    Closed,
    /// The end of the region.
    End,
    /// A problem was recorded; stop everything.
    Stop,
}

struct Scanner<'a> {
    text: &'a str,
    pos: usize,
    /// Where the region being scanned ends (a heredoc's body ends early).
    limit: usize,
    stack: Vec<Opener>,
    /// Whether the current body line has an `=`, which makes a `{` an object.
    saw_equals: bool,
    out: Scan,
}

impl<'a> Scanner<'a> {
    fn rest(&self) -> &'a str {
        let text: &'a str = self.text;
        text.get(self.pos..self.limit).unwrap_or("")
    }

    fn stop(&mut self, problem: Problem) -> Flow {
        self.out.problem = Some(problem);
        Flow::Stop
    }

    /// Expression and body text, up to the end of the region or, inside an
    /// interpolation opened at `interp`, up to its closing `}`.
    fn code(&mut self, interp: Option<usize>) -> Flow {
        let base = self.stack.len();
        while let Some(c) = self.rest().chars().next() {
            let at = self.pos;
            let rest = self.rest();
            self.pos += c.len_utf8();
            match c {
                '\n' => self.saw_equals = false,
                ' ' | '\t' | '\r' => {}
                '#' => self.skip_line(),
                '/' if rest.starts_with("//") => self.skip_line(),
                '/' if rest.starts_with("/*") => match rest.find("*/") {
                    Some(end) => self.pos = at + end + 2,
                    None => return self.stop(Problem::UnclosedComment(at)),
                },
                '"' => {
                    if self.template(Some(at)) == Flow::Stop {
                        if let (Some(open), Some(Problem::UnterminatedString(_))) =
                            (interp, &self.out.problem)
                        {
                            // A quote inside `${` that runs off the line is most
                            // likely the string's own closing quote: the `}` is missing.
                            self.out.problem = Some(Problem::UnclosedInterpolation(open));
                        }
                        return Flow::Stop;
                    }
                }
                '<' if rest.starts_with("<<") => {
                    if self.heredoc(at) == Flow::Stop {
                        return Flow::Stop;
                    }
                }
                '{' => {
                    let block = interp.is_none()
                        && !self.saw_equals
                        && self.stack.last().is_none_or(|o| o.kind == Opening::Block);
                    let kind = if block {
                        Opening::Block
                    } else {
                        Opening::Object
                    };
                    self.stack.push(Opener { at, kind });
                }
                '(' => self.stack.push(Opener {
                    at,
                    kind: Opening::Paren,
                }),
                '[' => self.stack.push(Opener {
                    at,
                    kind: Opening::Bracket,
                }),
                '}' if interp.is_some() && self.stack.len() == base => return Flow::Closed,
                '}' | ')' | ']' => self.close(at, c, base),
                '=' => {
                    let prev = self.text[..at].chars().next_back();
                    if rest.starts_with("==") {
                        self.pos += 1;
                    } else if !matches!(prev, Some('!' | '<' | '>' | '=')) {
                        self.saw_equals = true;
                    }
                }
                c if c.is_alphanumeric() || "_-+*/%&|!<>?:.,~".contains(c) => {}
                c => return self.stop(Problem::InvalidCharacter(at, c)),
            }
        }
        Flow::End
    }

    fn skip_line(&mut self) {
        let end = self.rest().find('\n').unwrap_or(self.rest().len());
        self.pos += end;
    }

    /// Pops the opener `closer` closes; openers left open above it are unclosed.
    fn close(&mut self, at: usize, closer: char, base: usize) {
        let matches = |o: &Opener| match closer {
            '}' => matches!(o.kind, Opening::Block | Opening::Object),
            ')' => o.kind == Opening::Paren,
            _ => o.kind == Opening::Bracket,
        };
        let found = self.stack[base..].iter().rposition(matches);
        match found {
            Some(i) => {
                let unclosed = self.stack.split_off(base + i + 1);
                self.out.unclosed.extend(unclosed);
                self.stack.pop();
            }
            None => self.out.stray.push(at),
        }
    }

    /// `<<MARKER` or `<<-MARKER` at `at` (the first `<` consumed): its body
    /// is a template ending at the line holding only the marker.
    fn heredoc(&mut self, at: usize) -> Flow {
        let after = &self.text[at + 2..];
        let after = after.strip_prefix('-').unwrap_or(after);
        let marker: String = after
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '-')
            .collect();
        if marker.is_empty() || marker.starts_with(|c: char| c.is_ascii_digit()) {
            self.pos = at + 1;
            return Flow::End;
        }
        let Some(newline) = self.text[at..].find('\n') else {
            return self.stop(Problem::UnterminatedHeredoc(at, marker));
        };
        let body_start = at + newline + 1;
        let mut line_start = body_start;
        let end = loop {
            if line_start >= self.text.len() {
                return self.stop(Problem::UnterminatedHeredoc(at, marker));
            }
            let line_end = self.text[line_start..]
                .find('\n')
                .map_or(self.text.len(), |i| line_start + i);
            if self.text[line_start..line_end].trim() == marker {
                break (line_start, line_end);
            }
            line_start = line_end + 1;
        };
        self.pos = body_start;
        let outer = std::mem::replace(&mut self.limit, end.0);
        let flow = self.template(None);
        self.limit = outer;
        if flow == Flow::Stop {
            return Flow::Stop;
        }
        self.pos = end.1;
        Flow::End
    }

    /// A template: a quoted string opened at `quote`, or (without a quote)
    /// a heredoc body running to the end of the region.
    fn template(&mut self, quote: Option<usize>) -> Flow {
        let mut directives: Vec<(usize, String)> = Vec::new();
        loop {
            let rest = self.rest();
            let at = self.pos;
            let Some(c) = rest.chars().next() else {
                if let Some(open) = quote {
                    return self.stop(Problem::UnterminatedString(open));
                }
                break;
            };
            if quote.is_some() {
                match c {
                    '"' => {
                        self.pos += 1;
                        break;
                    }
                    '\n' | '\r' => {
                        return self.stop(Problem::UnterminatedString(quote.unwrap_or(at)))
                    }
                    '\\' => {
                        if !valid_escape(&rest[1..]) {
                            return self.stop(Problem::InvalidEscape(at));
                        }
                        self.pos += 1 + rest[1..].chars().next().map_or(0, char::len_utf8);
                        continue;
                    }
                    _ => {}
                }
            }
            if rest.starts_with("$${") || rest.starts_with("%%{") {
                self.pos += 3;
            } else if rest.starts_with("${") {
                self.pos += 2;
                match self.code(Some(at)) {
                    Flow::Closed => {}
                    Flow::End => return self.stop(Problem::UnclosedInterpolation(at)),
                    Flow::Stop => return Flow::Stop,
                }
            } else if let Some(directive) = rest.strip_prefix("%{") {
                let word: String = directive
                    .trim_start_matches(['~', ' ', '\t'])
                    .chars()
                    .take_while(|c| c.is_ascii_alphabetic())
                    .collect();
                match word.as_str() {
                    "if" | "for" => directives.push((at, word)),
                    "else" if directives.last().is_some_and(|(_, w)| w == "if") => {}
                    "endif" if directives.last().is_some_and(|(_, w)| w == "if") => {
                        directives.pop();
                    }
                    "endfor" if directives.last().is_some_and(|(_, w)| w == "for") => {
                        directives.pop();
                    }
                    "else" | "endif" | "endfor" => {
                        return self.stop(Problem::UnexpectedDirective(at, word))
                    }
                    _ => {}
                }
                self.pos += 2;
                match self.code(Some(at)) {
                    Flow::Closed => {}
                    Flow::End => return self.stop(Problem::UnclosedInterpolation(at)),
                    Flow::Stop => return Flow::Stop,
                }
            } else {
                self.pos += c.len_utf8();
            }
        }
        match directives.pop() {
            Some((at, word)) => self.stop(Problem::UnclosedDirective(at, word)),
            None => Flow::End,
        }
    }
}

/// Whether `after` (the text after a backslash) starts a known escape.
fn valid_escape(after: &str) -> bool {
    let hex = |n: usize| {
        after
            .chars()
            .skip(1)
            .take(n)
            .filter(char::is_ascii_hexdigit)
            .count()
            == n
    };
    match after.chars().next() {
        Some('n' | 'r' | 't' | '"' | '\\') => true,
        Some('u') => hex(4),
        Some('U') => hex(8),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(text: &str) -> Option<Problem> {
        scan(text).problem
    }

    #[test]
    fn valid_text_has_no_problem() {
        let text = "a = \"x${b[\"k\"]}%{ if c }y%{ else }z%{ endif }\" # c\n\
                    b {\n  c = <<-EOT\n  ${d}\n  EOT\n  e = { f = [1, (2)] }\n}\n/* c */\n";
        assert_eq!(scan(text), Scan::default());
    }

    #[test]
    fn strings_comments_heredocs() {
        assert_eq!(problem("a = \"x\n"), Some(Problem::UnterminatedString(4)));
        assert_eq!(problem("a = 1 /* x"), Some(Problem::UnclosedComment(6)));
        assert_eq!(
            problem("a = <<EOT\nx\nEOF\n"),
            Some(Problem::UnterminatedHeredoc(4, "EOT".into()))
        );
        assert_eq!(problem("a = \"\\q\""), Some(Problem::InvalidEscape(5)));
        assert_eq!(problem("a = \"\\u00e9\""), None);
    }

    #[test]
    fn templates() {
        assert_eq!(
            problem("a = \"${b\"\n}\n"),
            Some(Problem::UnclosedInterpolation(5))
        );
        assert_eq!(
            problem("a = \"%{ if b }c\""),
            Some(Problem::UnclosedDirective(5, "if".into()))
        );
        assert_eq!(
            problem("a = \"%{ endfor }\""),
            Some(Problem::UnexpectedDirective(5, "endfor".into()))
        );
        assert_eq!(
            problem("a = <<EOT\n${b\nEOT\n"),
            Some(Problem::UnclosedInterpolation(10))
        );
    }

    #[test]
    fn characters() {
        assert_eq!(problem("a = 'b'"), Some(Problem::InvalidCharacter(4, '\'')));
        assert_eq!(problem("\u{feff}a = 1\n"), None);
        assert_eq!(
            problem("ünï = 1 @"),
            Some(Problem::InvalidCharacter(10, '@'))
        );
    }

    #[test]
    fn brackets() {
        let s = scan("a {\n  b = (1\n}\nc {\n");
        assert_eq!(
            s.unclosed,
            vec![
                Opener {
                    at: 10,
                    kind: Opening::Paren
                },
                Opener {
                    at: 17,
                    kind: Opening::Block
                }
            ]
        );
        assert_eq!(scan("a = {}\n}\n").stray, vec![7]);
        assert_eq!(
            scan("a = {\n").unclosed,
            vec![Opener {
                at: 4,
                kind: Opening::Object
            }]
        );
    }
}
