//! Errors of the JavaScript-regex translator.

use std::fmt;

/// Why a JavaScript regular expression was not translated.
///
/// ```
/// use clerk_syntax::js_regex::{translate, RegexErrorKind};
///
/// let err = translate("a(?=b)", "").unwrap_err();
/// assert!(matches!(err.kind(), RegexErrorKind::Lookaround { .. }));
/// assert_eq!(err.offset(), 1);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegexError {
    pub(crate) offset: usize,
    pub(crate) kind: RegexErrorKind,
    pub(crate) source: String,
    pub(crate) flags: String,
}

/// The kind of a [`RegexError`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RegexErrorKind {
    /// JavaScript itself rejects the regular expression (a `SyntaxError`).
    Syntax(JsSyntaxError),
    /// The flags are not a valid JavaScript flag string (unknown or repeated letter, or
    /// both `u` and `v`).
    InvalidFlags,
    /// A valid flag this crate does not translate (`v`).
    UnsupportedFlag(char),
    /// Lookahead or lookbehind: rejected on purpose, so that every translated regex runs on a
    /// linear-time automaton.
    Lookaround {
        /// Which assertion: `(?=`, `(?!`, `(?<=` or `(?<!`.
        syntax: &'static str,
        /// The assertion as written.
        fragment: String,
    },
    /// A backreference (`\1`, `\k<name>`): rejected on purpose, for the same reason.
    Backreference {
        /// The backreference as written.
        fragment: String,
    },
    /// A counted repetition above [`REPETITION_LIMIT`](crate::js_regex::REPETITION_LIMIT).
    RepetitionTooLarge {
        /// The count as written.
        count: u32,
    },
    /// The translation would be too large or too deeply nested for the automaton.
    TooComplex,
    /// A quantifier right after a character outside the Basic Multilingual Plane, without
    /// the `u` flag (`😀+`): JavaScript repeats only the second UTF-16 unit of the character,
    /// which a character-based automaton cannot express. Write `(?:😀)+`.
    QuantifiedAstralCharacter,
}

/// A `SyntaxError` that JavaScript (V8) raises for the regex; [`JsSyntaxError::message`] is
/// V8's wording.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum JsSyntaxError {
    /// `(` without `)`.
    UnterminatedGroup,
    /// `)` without `(`.
    UnmatchedParen,
    /// A quantifier with nothing before it.
    NothingToRepeat,
    /// `[` without `]`.
    UnterminatedClass,
    /// `[z-a]`.
    RangeOutOfOrder,
    /// `a{2,1}`.
    QuantifierOutOfOrder,
    /// `a{2` with the `u` flag.
    IncompleteQuantifier,
    /// `(?` followed by something that is not a group kind.
    InvalidGroup,
    /// An escape the `u` flag does not allow.
    InvalidEscape,
    /// A pattern ending in a lone `\`.
    EscapeAtEnd,
    /// `(?<1>…)`.
    InvalidCaptureGroupName,
    /// Two groups with one name.
    DuplicateCaptureGroupName,
    /// `\k` not followed by `<name>` in a pattern with named groups.
    InvalidNamedReference,
    /// `\k<name>` naming no group.
    InvalidNamedCaptureReferenced,
    /// `{`, `}` or `]` alone with the `u` flag.
    LoneQuantifierBrackets,
    /// A class escape used as a range end with the `u` flag.
    InvalidCharacterClass,
    /// A bad `\u` escape with the `u` flag.
    InvalidUnicodeEscape,
    /// A bad `\p{…}` with the `u` flag.
    InvalidPropertyName,
    /// A bad `\p{…}` inside a class with the `u` flag.
    InvalidClassPropertyName,
    /// A quantifier after an assertion group that cannot be quantified (`(?<=a)*`, or a
    /// lookahead with the `u` flag).
    InvalidQuantifier,
    /// A bad decimal escape with the `u` flag.
    InvalidDecimalEscape,
    /// A bad escape in a class with the `u` flag.
    InvalidClassEscape,
}

impl JsSyntaxError {
    /// V8's message for this error.
    #[must_use]
    pub fn message(self) -> &'static str {
        match self {
            Self::UnterminatedGroup => "Unterminated group",
            Self::UnmatchedParen => "Unmatched ')'",
            Self::NothingToRepeat => "Nothing to repeat",
            Self::UnterminatedClass => "Unterminated character class",
            Self::RangeOutOfOrder => "Range out of order in character class",
            Self::QuantifierOutOfOrder => "numbers out of order in {} quantifier",
            Self::IncompleteQuantifier => "Incomplete quantifier",
            Self::InvalidGroup => "Invalid group",
            Self::InvalidEscape => "Invalid escape",
            Self::EscapeAtEnd => "\\ at end of pattern",
            Self::InvalidCaptureGroupName => "Invalid capture group name",
            Self::DuplicateCaptureGroupName => "Duplicate capture group name",
            Self::InvalidNamedReference => "Invalid named reference",
            Self::InvalidNamedCaptureReferenced => "Invalid named capture referenced",
            Self::LoneQuantifierBrackets => "Lone quantifier brackets",
            Self::InvalidCharacterClass => "Invalid character class",
            Self::InvalidUnicodeEscape => "Invalid Unicode escape",
            Self::InvalidPropertyName => "Invalid property name",
            Self::InvalidClassPropertyName => "Invalid property name in character class",
            Self::InvalidQuantifier => "Invalid quantifier",
            Self::InvalidDecimalEscape => "Invalid decimal escape",
            Self::InvalidClassEscape => "Invalid class escape",
        }
    }
}

impl RegexError {
    /// Byte offset into the regex source where the problem starts.
    #[must_use]
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// What went wrong.
    #[must_use]
    pub fn kind(&self) -> &RegexErrorKind {
        &self.kind
    }

    /// Whether JavaScript accepts this regex too (the error is one of this crate's deliberate
    /// rejections), as opposed to a `SyntaxError` JavaScript also raises.
    #[must_use]
    pub fn is_deliberate(&self) -> bool {
        !matches!(
            self.kind,
            RegexErrorKind::Syntax(_) | RegexErrorKind::InvalidFlags
        )
    }

    /// The message JavaScript's `new RegExp(source, flags)` throws, when it throws.
    #[must_use]
    pub fn js_message(&self) -> Option<String> {
        match self.kind {
            RegexErrorKind::Syntax(e) => Some(format!(
                "Invalid regular expression: /{}/{}: {}",
                self.source,
                self.flags,
                e.message()
            )),
            RegexErrorKind::InvalidFlags => Some(format!(
                "Invalid flags supplied to RegExp constructor '{}'",
                self.flags
            )),
            _ => None,
        }
    }
}

impl fmt::Display for RegexError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(js) = self.js_message() {
            return f.write_str(&js);
        }
        match &self.kind {
            RegexErrorKind::UnsupportedFlag(flag) => write!(
                f,
                "the regex flag `{flag}` is not supported (only `d`, `g`, `i`, `m`, `s`, `u` and `y`)"
            ),
            RegexErrorKind::Lookaround { syntax, fragment } => write!(
                f,
                "lookaround `{syntax}…)` is not supported (`{fragment}` at offset {}): \
                 patterns must run on a linear-time automaton",
                self.offset
            ),
            RegexErrorKind::Backreference { fragment } => write!(
                f,
                "backreference `{fragment}` at offset {} is not supported: \
                 patterns must run on a linear-time automaton",
                self.offset
            ),
            RegexErrorKind::RepetitionTooLarge { count } => write!(
                f,
                "repetition count {count} at offset {} is above the limit of {}",
                self.offset,
                super::REPETITION_LIMIT
            ),
            RegexErrorKind::TooComplex => write!(
                f,
                "the regex is too large or too deeply nested to compile (offset {})",
                self.offset
            ),
            RegexErrorKind::QuantifiedAstralCharacter => write!(
                f,
                "a quantifier at offset {} follows a character outside the Basic Multilingual \
                 Plane; without the `u` flag JavaScript repeats only its second half: \
                 write it in a group, `(?:…)`",
                self.offset
            ),
            RegexErrorKind::Syntax(_) | RegexErrorKind::InvalidFlags => Ok(()),
        }
    }
}

impl std::error::Error for RegexError {}
