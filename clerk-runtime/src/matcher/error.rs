//! Why a route table could not be built.

use std::error::Error;
use std::fmt;
use std::sync::Arc;

/// A route table that cannot be built: an invalid pattern (named, with Clerk's message), or a
/// table too large to compile.
///
/// For an invalid path pattern, [`Display`](fmt::Display) is exactly the message Clerk's
/// `createRouteMatcher` throws, `Invalid path: <pattern>.` followed by path-to-regexp's reason.
/// One bad pattern rejects the whole table, as in Clerk.
///
/// ```
/// use clerk_runtime::matcher::{MatcherErrorKind, RouteMatcher};
///
/// let err = RouteMatcher::new(["/ok", "/foo("]).unwrap_err();
/// assert_eq!(err.index(), 1);
/// assert_eq!(err.pattern(), "/foo(");
/// assert_eq!(err.kind(), MatcherErrorKind::InvalidPath);
/// assert!(err.to_string().starts_with("Invalid path: /foo(.\n"));
/// ```
#[derive(Clone)]
pub struct MatcherError {
    index: usize,
    pattern: String,
    kind: MatcherErrorKind,
    message: String,
    source: Option<Arc<dyn Error + Send + Sync>>,
}

/// What kind of problem a [`MatcherError`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum MatcherErrorKind {
    /// A path pattern that path-to-regexp rejects, or that needs a backtracking engine.
    InvalidPath,
    /// A JavaScript `RegExp` that is invalid, or that needs a backtracking engine.
    InvalidRegExp,
    /// A translated regex (from `clerk_routes!`) that the regex engine rejects.
    InvalidRegex,
    /// The table as a whole exceeds the automaton's size limits.
    TooLarge,
}

impl MatcherError {
    pub(crate) fn new(
        index: usize,
        pattern: impl Into<String>,
        kind: MatcherErrorKind,
        message: String,
        source: Option<Arc<dyn Error + Send + Sync>>,
    ) -> MatcherError {
        MatcherError {
            index,
            pattern: pattern.into(),
            kind,
            message,
            source,
        }
    }

    /// Position of the offending pattern in the list given to the matcher (0 for
    /// [`MatcherErrorKind::TooLarge`]).
    #[must_use]
    pub fn index(&self) -> usize {
        self.index
    }

    /// The offending pattern as written (empty for [`MatcherErrorKind::TooLarge`]).
    #[must_use]
    pub fn pattern(&self) -> &str {
        &self.pattern
    }

    /// What kind of problem this is.
    #[must_use]
    pub fn kind(&self) -> MatcherErrorKind {
        self.kind
    }
}

/// Shows the message, so that `main` returning this error (`RouteMatcher::new(…)?`) prints
/// what is wrong with which pattern rather than the struct's fields.
impl fmt::Debug for MatcherError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl fmt::Display for MatcherError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl Error for MatcherError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.source
            .as_deref()
            .map(|source| source as &(dyn Error + 'static))
    }
}
