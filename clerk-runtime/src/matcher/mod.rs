//! Clerk's route matcher: `createRouteMatcher([...])` and the path normalisation in front of it.
//!
//! - [`normalize_path`]: Clerk's `normalizePath` (`decodeURI` once, runs of `/` collapsed), with
//!   [`MalformedUrlError`] for bad percent-encoding (the middleware answers 400).
//! - [`path_readings`]: every reading of a path that a service behind the guard may act on
//!   (Clerk's, dot segments resolved as WHATWG URL parsing does, encoded separators decoded);
//!   the layer protects a request when any reading is protected.
//! - [`RouteMatcher`]: a table of [`RoutePattern`]s decided by one automaton in one pass over the
//!   path, linear in the path's length whatever the number of patterns.
//!
//! ```
//! use clerk_runtime::matcher::RouteMatcher;
//!
//! let is_public = RouteMatcher::new(["/sign-in(.*)", "/sign-up(.*)", "/"])?;
//! assert!(is_public.matches("/sign-in/factor-one")?);
//! assert!(!is_public.matches("/dashboard")?);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod automaton;
mod compact;
mod compile;
mod error;
mod normalize;
mod pattern;
mod readings;
mod route_matcher;
mod universal;

pub use error::{MatcherError, MatcherErrorKind};
pub use normalize::{MalformedUrlError, normalize_path};
pub use pattern::RoutePattern;
pub(crate) use readings::is_its_only_reading;
pub use readings::{PathReadings, PathReadingsIter, path_readings};
pub use route_matcher::{MatchingPatterns, RouteMatcher};

#[cfg(test)]
mod tests;
