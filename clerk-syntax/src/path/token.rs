//! The parsed form of a pattern: path-to-regexp's tokens.

use std::fmt;

/// One token of a parsed pattern, as path-to-regexp 6.3.0's `parse` returns it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Token {
    /// Literal text (unescaped; matched case-insensitively).
    Text(String),
    /// A parameter (`:name`, `(pattern)`) or a `{…}` group.
    Key {
        /// `:name`'s name, or the index of an unnamed `(pattern)`; empty for a `{…}` group
        /// without parameter.
        name: KeyName,
        /// Text before the parameter that belongs to it (`/` in `/:id`, the text before the
        /// parameter in `{…}`), dropped with it when it is optional.
        prefix: String,
        /// Text after the parameter inside `{…}`.
        suffix: String,
        /// The regex of the parameter (JavaScript syntax); empty for a `{…}` group without
        /// parameter.
        pattern: String,
        /// `?`, `*`, `+` or none.
        modifier: Modifier,
    },
}

/// The name of a [`Token::Key`].
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum KeyName {
    /// `:name`; the empty string for a `{…}` group without parameter.
    Named(String),
    /// The index of an unnamed `(pattern)`, counted from 0 in the pattern.
    Index(usize),
}

impl fmt::Display for KeyName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Named(name) => f.write_str(name),
            Self::Index(i) => write!(f, "{i}"),
        }
    }
}

/// The modifier after a parameter or group.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Modifier {
    /// No modifier: exactly once.
    #[default]
    One,
    /// `?`: optional.
    Optional,
    /// `*`: zero or more.
    ZeroOrMore,
    /// `+`: one or more.
    OneOrMore,
}

impl Modifier {
    /// The modifier as written: `""`, `"?"`, `"*"` or `"+"`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::One => "",
            Self::Optional => "?",
            Self::ZeroOrMore => "*",
            Self::OneOrMore => "+",
        }
    }

    pub(crate) fn from_str(s: &str) -> Self {
        match s {
            "?" => Self::Optional,
            "*" => Self::ZeroOrMore,
            "+" => Self::OneOrMore,
            _ => Self::One,
        }
    }
}
