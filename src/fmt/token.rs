//! The token model the formatter works on: the same token kinds HCL's native
//! scanner produces, each carrying its exact source text and the number of
//! spaces written before it, so formatting only ever changes whitespace.

/// What a token is, following the kinds of HCL's native scanner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    OBrace,
    CBrace,
    OBrack,
    CBrack,
    OParen,
    CParen,
    OQuote,
    CQuote,
    OHeredoc,
    CHeredoc,
    Star,
    Slash,
    Plus,
    Minus,
    Percent,
    Equal,
    EqualOp,
    NotEqual,
    LessThan,
    LessThanEq,
    GreaterThan,
    GreaterThanEq,
    And,
    Or,
    Bang,
    Dot,
    Comma,
    DoubleColon,
    Ellipsis,
    FatArrow,
    Question,
    Colon,
    TemplateInterp,
    TemplateControl,
    TemplateSeqEnd,
    /// Literal text inside a quoted string.
    QuotedLit,
    /// Literal text inside a heredoc (one piece of a line, or a whole line
    /// with its newline).
    StringLit,
    NumberLit,
    Ident,
    /// A `#`/`//` comment (including its newline, if any) or a `/* */` comment.
    Comment,
    Newline,
    /// A newline inside a quoted string (always a syntax error).
    QuotedNewline,
    /// A character the language gives no meaning (`;`, `^`, `&`, ...).
    Other,
    Invalid,
    Eof,
}

impl Kind {
    /// How much this token opens (+1) or closes (-1) a bracketed region.
    pub(crate) fn bracket_change(self) -> i32 {
        match self {
            Kind::OBrace
            | Kind::OBrack
            | Kind::OParen
            | Kind::TemplateControl
            | Kind::TemplateInterp => 1,
            Kind::CBrace | Kind::CBrack | Kind::CParen | Kind::TemplateSeqEnd => -1,
            _ => 0,
        }
    }
}

/// One token: its kind, its exact text, and the spaces written before it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Token {
    pub(crate) kind: Kind,
    pub(crate) text: String,
    pub(crate) spaces_before: usize,
}

impl Token {
    /// A token with no spaces before it; layout decides them later.
    pub(crate) fn new(kind: Kind, text: impl Into<String>) -> Token {
        Token {
            kind,
            text: text.into(),
            spaces_before: 0,
        }
    }

    /// True for tokens that end a line: newlines, and `#`/`//` comments,
    /// which swallow the newline that ends them.
    pub(crate) fn ends_line(&self) -> bool {
        match self.kind {
            Kind::Newline => true,
            Kind::Comment => self.text.ends_with('\n'),
            _ => false,
        }
    }
}
