//! Clerk's `clerkMiddleware()` for axum: session-token verification that agrees with Clerk's
//! SDK, `has()`, `protect()`, Clerk's route matcher, a tower layer and extractors.
//!
//! Deviations from Clerk are deliberate and listed, with their reasons, in
//! `tests/conformance/DEVIATIONS.md`.

mod error;

pub mod auth;
pub mod config;
pub mod dev;
mod instance;
pub mod matcher;
pub mod middleware;
pub mod requirement;
pub mod verify;

#[doc(hidden)]
pub mod __private;

pub use error::{AuthErrorReason, TokenVerificationError, TokenVerificationErrorReason};

// re-exports: config
pub use config::{ClerkConfig, ConfigError};

// re-exports: verify
pub use verify::{JwtPayload, KeyError, RemoteKeys, Verifier, VerifyOptions, VerifyingKey};

// re-exports: auth
pub use auth::{
    AuthState, AuthenticateOptions, Check, SessionAuth, SignedOutReason, authenticate_request,
};

// re-exports: matcher
pub use matcher::{
    MalformedUrlError, MatcherError, MatcherErrorKind, MatchingPatterns, RouteMatcher,
    RoutePattern, normalize_path,
};

// re-exports: middleware
pub use middleware::{
    Auth, AuthRejection, Clerk, ClerkLayer, ClerkOptions, DenyPolicy, MiddlewareRequest,
    MiddlewareResult, OptionsCache, RedirectOptions, Respond,
};

// re-exports: macros
#[cfg(feature = "macros")]
pub use clerk_macros::{clerk_routes, protect};
