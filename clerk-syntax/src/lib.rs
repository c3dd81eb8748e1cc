//! Grammar of Clerk route patterns and authorization keys.
//!
//! Shared by `clerk-macros` (at compile time) and `clerk-runtime` (at run time), so that a
//! pattern or permission key means the same thing on both sides.
//!
//! - [`path`]: route patterns (`/dashboard(.*)`, `/orgs/:id/(.*)`) exactly as Clerk's
//!   `createRouteMatcher` (path-to-regexp 6.3.0) reads them, compiled to Rust regex syntax.
//! - [`js_regex`]: JavaScript regular expressions translated to Rust regex syntax.
//! - [`keys`]: permission, role, feature, plan and reverification keys, billing scopes and
//!   Clerk's `org:` prefix rule, with "did you mean" suggestions for near misses.
//! - [`suggest`]: the edit distance behind every "did you mean".
#![doc(test(attr(deny(warnings))))]

pub mod js_regex;
pub mod keys;
pub mod path;
pub mod suggest;

pub use path::{KeyName, Modifier, PathPattern, PatternError, PatternErrorKind, Token};
