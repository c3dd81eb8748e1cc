//! Clerk's `clerkMiddleware()` for axum: session-token verification that agrees with Clerk's
//! SDK, `has()`, `protect()`, Clerk's route matcher, a tower layer and extractors.
//!
//! Deviations from Clerk are deliberate and listed, with their reasons, in
//! `tests/conformance/DEVIATIONS.md`.

mod error;

pub mod auth;
pub mod config;
pub mod matcher;
pub mod middleware;
pub mod requirement;
pub mod verify;

#[doc(hidden)]
pub mod __private;

pub use error::{AuthErrorReason, TokenVerificationError, TokenVerificationErrorReason};

// re-exports: config

// re-exports: verify
pub use verify::{JwtPayload, KeyError, RemoteKeys, VerifyOptions, VerifyingKey};

// re-exports: auth

// re-exports: matcher

// re-exports: middleware

// re-exports: macros
#[cfg(feature = "macros")]
pub use clerk_macros::{clerk_routes, protect};
