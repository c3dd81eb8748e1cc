//! Errors of pattern parsing, with path-to-regexp's messages and Clerk's wrapping.

use std::fmt;

use super::lexer::LexKind;

/// Why a route pattern was rejected.
///
/// [`Display`](fmt::Display) gives path-to-regexp's message for the patterns path-to-regexp
/// rejects, and a lowercase message quoting the fragment and offset for the patterns this crate
/// rejects on purpose (see [`PatternError::is_deliberate`]).
///
/// ```
/// use clerk_syntax::PathPattern;
///
/// let err = PathPattern::parse("/foo*").unwrap_err();
/// assert_eq!(err.to_string(), "Unexpected MODIFIER at 4, expected END");
/// assert_eq!(err.offset(), 4);
/// assert_eq!(err.hint().unwrap(), "did you mean `/foo(.*)` or `/foo/:path*`?");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PatternError {
    offset: usize,
    /// path-to-regexp's index (UTF-16 code units), for its messages.
    js_index: usize,
    kind: PatternErrorKind,
    /// The source, for hints.
    source: String,
}

/// The kind of a [`PatternError`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PatternErrorKind {
    /// `:` not followed by a name character (`[0-9A-Za-z_]`).
    MissingParameterName,
    /// `(?` at the start of a group: "Pattern cannot start with "?"".
    PatternStartsWithQuestionMark,
    /// `(` inside a group not followed by `?`: "Capturing groups are not allowed".
    CapturingGroup,
    /// `(` without its `)`.
    UnbalancedPattern,
    /// `()`.
    MissingPattern,
    /// A token where another was expected (`/foo*`: MODIFIER where END was expected).
    UnexpectedToken {
        /// The token found.
        found: LexKind,
        /// The token expected.
        expected: LexKind,
    },
    /// Two parameters with no text between them (`/:a:b`), path-to-regexp 6.3's guard.
    MissingTextBetweenParameters {
        /// The name of the first parameter.
        after: String,
    },
    /// `*` or `+` on a parameter without prefix or suffix (`:a*`).
    RepeatWithoutPrefixAndSuffix {
        /// The parameter's name.
        name: String,
    },
    /// JavaScript rejects the regex that path-to-regexp built (a bad custom pattern such as
    /// `:id([)`); `message` is JavaScript's.
    InvalidRegex {
        /// JavaScript's message, `Invalid regular expression: /…/i: …`.
        message: String,
    },
    /// Lookaround in a custom pattern: rejected on purpose (Clerk accepts it), so that every
    /// pattern runs on a linear-time automaton.
    Lookaround {
        /// `(?=`, `(?!`, `(?<=` or `(?<!`.
        syntax: &'static str,
        /// The assertion as written.
        fragment: String,
    },
    /// A backreference in a custom pattern: rejected on purpose (Clerk accepts it).
    Backreference {
        /// The backreference as written.
        fragment: String,
    },
    /// A parameter right after text without `/`, `#` or `?` (`/:a-x-:b`), where
    /// path-to-regexp 6.3 excludes that text with a lookahead that this crate could not rewrite
    /// into plain regex: text longer than 4 characters, a repeated group (`{ab:x}*`), or too
    /// many such parameters (the rewrite has a size budget). Clerk accepts it.
    ParameterAfterText {
        /// The parameter's name.
        name: String,
        /// The text before it.
        text: String,
    },
    /// A counted repetition above the limit in a custom pattern (Clerk accepts it).
    RepetitionTooLarge {
        /// The count as written.
        count: u32,
    },
    /// The pattern's automaton would be too large or too deeply nested (Clerk accepts it).
    TooComplex,
    /// A quantifier right after a character outside the Basic Multilingual Plane in a custom
    /// pattern (`(😀+)`), which JavaScript applies to half the character (Clerk accepts it).
    QuantifiedAstralCharacter,
}

impl PatternError {
    pub(crate) fn new(source: &str, offset: usize, kind: PatternErrorKind) -> Self {
        Self {
            offset,
            js_index: utf16_index(source, offset),
            kind,
            source: source.to_owned(),
        }
    }

    /// Byte offset into the pattern where the problem is (path-to-regexp's index, counted in
    /// bytes rather than UTF-16 code units).
    #[must_use]
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// What went wrong.
    #[must_use]
    pub fn kind(&self) -> &PatternErrorKind {
        &self.kind
    }

    /// Whether Clerk accepts this pattern and this crate rejects it on purpose.
    #[must_use]
    pub fn is_deliberate(&self) -> bool {
        matches!(
            self.kind,
            PatternErrorKind::Lookaround { .. }
                | PatternErrorKind::Backreference { .. }
                | PatternErrorKind::ParameterAfterText { .. }
                | PatternErrorKind::RepetitionTooLarge { .. }
                | PatternErrorKind::TooComplex
                | PatternErrorKind::QuantifiedAstralCharacter
        )
    }

    /// The message Clerk's `createRouteMatcher` throws for `source`:
    /// `Invalid path: {source}.`, a line pointing at path-to-regexp's 6.x docs, then
    /// path-to-regexp's message. For the patterns this crate rejects on purpose, the last line
    /// is this crate's message (Clerk accepts those).
    ///
    /// ```
    /// use clerk_syntax::PathPattern;
    ///
    /// let err = PathPattern::parse("/:").unwrap_err();
    /// assert_eq!(
    ///     err.clerk_message("/:"),
    ///     "Invalid path: /:.\nConsult the documentation of path-to-regexp here: \
    ///      https://github.com/pillarjs/path-to-regexp/tree/6.x\nMissing parameter name at 1"
    /// );
    /// ```
    #[must_use]
    pub fn clerk_message(&self, source: &str) -> String {
        format!(
            "Invalid path: {source}.\nConsult the documentation of path-to-regexp here: \
             https://github.com/pillarjs/path-to-regexp/tree/6.x\n{self}"
        )
    }

    /// A suggestion for a human, when there is a likely fix.
    #[must_use]
    pub fn hint(&self) -> Option<String> {
        super::hint::hint(&self.source, self.offset, &self.kind)
    }
}

/// The UTF-16 index of byte `offset` of `source` (offsets past the end count one unit each).
fn utf16_index(source: &str, offset: usize) -> usize {
    if offset >= source.len() {
        return source.encode_utf16().count() + (offset - source.len());
    }
    source
        .get(..offset)
        .map_or(offset, |head| head.encode_utf16().count())
}

impl fmt::Display for PatternError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = self.js_index;
        match &self.kind {
            PatternErrorKind::MissingParameterName => write!(f, "Missing parameter name at {at}"),
            PatternErrorKind::PatternStartsWithQuestionMark => {
                write!(f, "Pattern cannot start with \"?\" at {at}")
            }
            PatternErrorKind::CapturingGroup => {
                write!(f, "Capturing groups are not allowed at {at}")
            }
            PatternErrorKind::UnbalancedPattern => write!(f, "Unbalanced pattern at {at}"),
            PatternErrorKind::MissingPattern => write!(f, "Missing pattern at {at}"),
            PatternErrorKind::UnexpectedToken { found, expected } => write!(
                f,
                "Unexpected {} at {at}, expected {}",
                found.as_str(),
                expected.as_str()
            ),
            PatternErrorKind::MissingTextBetweenParameters { after } => write!(
                f,
                "Must have text between two parameters, missing text after \"{after}\""
            ),
            PatternErrorKind::RepeatWithoutPrefixAndSuffix { name } => {
                write!(f, "Can not repeat \"{name}\" without a prefix and suffix")
            }
            PatternErrorKind::InvalidRegex { message } => f.write_str(message),
            PatternErrorKind::Lookaround { syntax, fragment } => write!(
                f,
                "lookaround `{syntax}…)` is not supported (`{fragment}` at offset {}): \
                 patterns must compile to a linear-time automaton",
                self.offset
            ),
            PatternErrorKind::Backreference { fragment } => write!(
                f,
                "backreference `{fragment}` at offset {} is not supported: \
                 patterns must compile to a linear-time automaton",
                self.offset
            ),
            PatternErrorKind::ParameterAfterText { name, text } => write!(
                f,
                "parameter `:{name}` at offset {} follows the text `{text}`, which has no `/`, \
                 `#` or `?`: path-to-regexp then excludes that text with a lookahead, which is \
                 rewritten only for short text (up to 4 characters) outside repeated groups, \
                 in patterns with few such parameters",
                self.offset
            ),
            PatternErrorKind::RepetitionTooLarge { count } => write!(
                f,
                "repetition count {count} at offset {} is above the limit of {}",
                self.offset,
                crate::js_regex::REPETITION_LIMIT
            ),
            PatternErrorKind::QuantifiedAstralCharacter => write!(
                f,
                "a quantifier at offset {} follows a character outside the Basic Multilingual \
                 Plane, which JavaScript would apply to half of it: write it in a group, `(?:…)`",
                self.offset
            ),
            PatternErrorKind::TooComplex => write!(
                f,
                "the pattern is too large or too deeply nested to compile (offset {})",
                self.offset
            ),
        }
    }
}

impl std::error::Error for PatternError {}
