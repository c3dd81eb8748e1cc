//! Clerk's route patterns: path-to-regexp 6.3.0 with default options, as
//! `createRouteMatcher` compiles them, translated to Rust regex syntax.
//!
//! A pattern such as `/dashboard(.*)` or `/orgs/:id/(.*)` is parsed exactly as
//! path-to-regexp 6.3.0 parses it (same tokens, same errors with the same messages), the
//! JavaScript regex path-to-regexp would build is built (case-insensitive, one optional
//! trailing `/`, `#` or `?`, anchored), and that regex is translated to a Rust regex with the
//! same answers on a normalised path (see [`crate::js_regex`] for the deliberate
//! differences: `.` also matches line terminators, and lookaround and backreferences written
//! in a pattern are rejected).
//!
//! For a parameter after text without `/`, `#` or `?` (`/:slug-v:version`), path-to-regexp
//! 6.3 itself generates a negative lookahead, `(?:(?!-v)[^\/#\?])+?`, so that the parameter
//! cannot contain the text. That lookahead is rewritten into an equivalent plain regex (a
//! KMP automaton for the parameter and derivatives of the rest of the pattern), for text of up
//! to 4 characters outside repeated groups and within a size budget; other cases are
//! [`PatternErrorKind::ParameterAfterText`].
//!
//! ```
//! use clerk_syntax::PathPattern;
//!
//! let p = PathPattern::parse("/user/:id").unwrap();
//! assert_eq!(p.js_source(), r"^\/user(?:\/([^\/#\?]+?))[\/#\?]?$");
//! assert_eq!(p.regex(), r"\A/[Uu][Ss][Ee][Rr](?:/(?:[^\#/\?]+))[\#/\?]?\z");
//! ```

mod alternative;
mod compile;
mod error;
mod hint;
mod lexer;
mod parser;
mod token;

pub use error::{PatternError, PatternErrorKind};
pub use lexer::LexKind;
pub use token::{KeyName, Modifier, Token};

/// A parsed and compiled route pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathPattern {
    source: String,
    tokens: Vec<Token>,
    origins: Vec<parser::TokenOrigin>,
    js_source: String,
    regex: String,
}

impl PathPattern {
    /// Parses and compiles `source` as Clerk's `createRouteMatcher` does.
    ///
    /// ```
    /// use clerk_syntax::PathPattern;
    ///
    /// assert!(PathPattern::parse("/dashboard(.*)").is_ok());
    /// assert_eq!(
    ///     PathPattern::parse("/:a:b").unwrap_err().to_string(),
    ///     "Must have text between two parameters, missing text after \"a\""
    /// );
    /// ```
    pub fn parse(source: &str) -> Result<Self, PatternError> {
        let (tokens, origins) = parser::parse(source)?;
        let (js_source, regex) = compile::compile(source, &tokens, &origins)?;
        Ok(Self {
            source: source.to_owned(),
            tokens,
            origins,
            js_source,
            regex,
        })
    }

    /// The pattern as written.
    #[must_use]
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The tokens, as path-to-regexp's `parse` returns them.
    #[must_use]
    pub fn tokens(&self) -> &[Token] {
        &self.tokens
    }

    /// The regex path-to-regexp builds for this pattern (JavaScript syntax, flag `i`).
    #[must_use]
    pub fn js_source(&self) -> &str {
        &self.js_source
    }

    /// The Rust regex (for the `regex` crate, no flags needed) that matches a normalised path
    /// exactly when Clerk's matcher does, except for the deliberate differences documented in
    /// [`crate::js_regex`]. Anchored with `\A … \z`.
    #[must_use]
    pub fn regex(&self) -> &str {
        &self.regex
    }

    /// For a pattern ending in a wildcard that also matches sibling routes, the pattern for
    /// the same subtree on a segment boundary: `/sign-in(.*)` → `/sign-in/:path*` (which does
    /// not match `/sign-inx`). `None` when the pattern cannot match siblings that way.
    ///
    /// ```
    /// use clerk_syntax::PathPattern;
    ///
    /// let p = PathPattern::parse("/sign-in(.*)").unwrap();
    /// assert_eq!(p.segment_safe_alternative().as_deref(), Some("/sign-in/:path*"));
    /// assert_eq!(PathPattern::parse("/sign-in/(.*)").unwrap().segment_safe_alternative(), None);
    /// ```
    #[must_use]
    pub fn segment_safe_alternative(&self) -> Option<String> {
        alternative::segment_safe_alternative(&self.source, &self.tokens, &self.origins)
    }
}

#[cfg(test)]
mod tests;
