//! Turning each [`RoutePattern`] into what the matcher runs: a regex for the shared automaton,
//! or a `regex::Regex` checked on its own.

use std::sync::Arc;

use clerk_syntax::PathPattern;

use super::error::{MatcherError, MatcherErrorKind};
use super::pattern::{Repr, RoutePattern};

/// What one table entry becomes.
pub(crate) enum Compiled {
    /// Filtered out, as Clerk filters `''` and `null`.
    Dropped,
    /// A regex (regex crate syntax) for the shared automaton, searched anchored at the start.
    Automaton(String),
    /// A user's `regex::Regex`, searched as it is (its build options are not visible in its
    /// text, so it cannot join the automaton).
    Separate(regex::Regex),
}

/// Compiles entry `index` of a table.
pub(crate) fn compile(index: usize, pattern: &RoutePattern) -> Result<Compiled, MatcherError> {
    match &pattern.repr {
        Repr::Dropped => Ok(Compiled::Dropped),
        Repr::Path(source) => match PathPattern::parse(source) {
            Ok(parsed) => Ok(Compiled::Automaton(parsed.regex().to_owned())),
            Err(err) => Err(MatcherError::new(
                index,
                source.clone(),
                MatcherErrorKind::InvalidPath,
                err.clerk_message(source),
                Some(Arc::new(err)),
            )),
        },
        Repr::JsRegExp { source, flags } => {
            match clerk_syntax::js_regex::translate(source, flags) {
                Ok(regex) => Ok(Compiled::Automaton(unanchored(&regex))),
                Err(err) => Err(MatcherError::new(
                    index,
                    pattern.to_string(),
                    MatcherErrorKind::InvalidRegExp,
                    format!("Invalid regular expression: /{source}/{flags}: {err}"),
                    Some(Arc::new(err)),
                )),
            }
        }
        Repr::Regex(regex) => Ok(Compiled::Separate(regex.clone())),
    }
}

/// `RegExp.prototype.test` finds a match anywhere; the automaton searches from the first byte,
/// so a JavaScript regex gets a lazy "anything" in front.
pub(crate) fn unanchored(regex: &str) -> String {
    format!(r"\A(?s:.)*?(?:{regex})")
}
