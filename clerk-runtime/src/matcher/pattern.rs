//! One entry of a route table, as `createRouteMatcher` accepts it: a path pattern, a JavaScript
//! `RegExp`, or (the Rust counterpart of a `RegExp`) a `regex::Regex`.

use std::fmt;

/// One entry of a [`RouteMatcher`](super::RouteMatcher) table.
///
/// - A path pattern in Clerk's `createRouteMatcher` syntax (path-to-regexp 6.3 with Clerk's
///   options: case-insensitive, one optional trailing `/`, `#` or `?`, anchored at both ends):
///   built from `&str` or `String`.
/// - A [`regex::Regex`], as Clerk accepts a `RegExp`: used as it is, unanchored, and
///   case-sensitive unless it says otherwise (`(?i)`).
/// - A JavaScript `RegExp` source and flags, [`RoutePattern::js_regexp`], translated to an
///   equivalent linear-time regex (used by the `clerk match` CLI and the conformance suite).
///
/// An empty string, and `None`, is a *dropped* entry: Clerk filters out `''` and `null`, so it
/// never matches and never fails.
///
/// ```
/// use clerk_runtime::matcher::RoutePattern;
///
/// let path = RoutePattern::from("/dashboard(.*)");
/// let regex = RoutePattern::from(regex::Regex::new("^/api/").unwrap());
/// let js = RoutePattern::js_regexp(r"^\/admin", "i");
/// let dropped = RoutePattern::from("");
/// assert!(dropped.is_dropped() && !path.is_dropped());
/// assert_eq!(js.to_string(), r"/^\/admin/i");
/// assert_eq!(regex.to_string(), "^/api/");
/// ```
#[derive(Clone, Debug)]
pub struct RoutePattern {
    pub(crate) repr: Repr,
}

#[derive(Clone, Debug)]
pub(crate) enum Repr {
    /// `''`, `null`: filtered out, as Clerk does.
    Dropped,
    /// A path pattern in Clerk's syntax.
    Path(String),
    /// A JavaScript `RegExp`: source and flags.
    JsRegExp { source: String, flags: String },
    /// A Rust regex, used as it is.
    Regex(regex::Regex),
}

impl RoutePattern {
    /// A path pattern in Clerk's `createRouteMatcher` syntax (`/orgs/:id/(.*)`). An empty string
    /// is a dropped entry.
    #[must_use]
    pub fn path(pattern: impl Into<String>) -> RoutePattern {
        let pattern = pattern.into();
        let repr = if pattern.is_empty() {
            Repr::Dropped
        } else {
            Repr::Path(pattern)
        };
        RoutePattern { repr }
    }

    /// A JavaScript `RegExp`, `new RegExp(source, flags)`, tested against the normalised path
    /// with `.test()`. Its source is checked when the matcher is built: constructs that need a
    /// backtracking engine (lookaround, backreferences) are rejected there.
    #[must_use]
    pub fn js_regexp(source: impl Into<String>, flags: impl Into<String>) -> RoutePattern {
        RoutePattern {
            repr: Repr::JsRegExp {
                source: source.into(),
                flags: flags.into(),
            },
        }
    }

    /// A dropped entry (Clerk's `null`): it never matches and never fails.
    #[must_use]
    pub fn dropped() -> RoutePattern {
        RoutePattern {
            repr: Repr::Dropped,
        }
    }

    /// Whether this entry is dropped (an empty string or `None`).
    #[must_use]
    pub fn is_dropped(&self) -> bool {
        matches!(self.repr, Repr::Dropped)
    }
}

impl fmt::Display for RoutePattern {
    /// The pattern as written: the path pattern, `/source/flags` for a JavaScript `RegExp`, the
    /// regex's own text for a `regex::Regex`, nothing for a dropped entry.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.repr {
            Repr::Dropped => Ok(()),
            Repr::Path(pattern) => f.write_str(pattern),
            Repr::JsRegExp { source, flags } => write!(f, "/{source}/{flags}"),
            Repr::Regex(regex) => f.write_str(regex.as_str()),
        }
    }
}

impl From<&str> for RoutePattern {
    fn from(pattern: &str) -> RoutePattern {
        RoutePattern::path(pattern)
    }
}

impl From<String> for RoutePattern {
    fn from(pattern: String) -> RoutePattern {
        RoutePattern::path(pattern)
    }
}

impl From<&String> for RoutePattern {
    fn from(pattern: &String) -> RoutePattern {
        RoutePattern::path(pattern.as_str())
    }
}

impl From<regex::Regex> for RoutePattern {
    fn from(regex: regex::Regex) -> RoutePattern {
        RoutePattern {
            repr: Repr::Regex(regex),
        }
    }
}

impl From<&regex::Regex> for RoutePattern {
    fn from(regex: &regex::Regex) -> RoutePattern {
        RoutePattern::from(regex.clone())
    }
}

impl<T: Into<RoutePattern>> From<Option<T>> for RoutePattern {
    /// `None` is a dropped entry, as Clerk drops `null`.
    fn from(pattern: Option<T>) -> RoutePattern {
        pattern.map_or_else(RoutePattern::dropped, Into::into)
    }
}
