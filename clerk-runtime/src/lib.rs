//! Clerk's `clerkMiddleware()` for axum: session-token verification that agrees with Clerk's
//! SDK, `has()`, `protect()`, Clerk's route matcher, a tower layer and extractors.
//!
//! The common case is one layer and one extractor, both at the crate root:
//!
//! ```standalone_crate
//! use axum::{Router, routing::get};
//! use clerk_runtime::{Auth, AuthRejection, ClerkLayer};
//!
//! async fn me(auth: Auth) -> Result<String, AuthRejection> {
//!     auth.protect()?; // 307 to sign-in for page requests, 404 otherwise, as Clerk
//!     Ok(auth.user_id().unwrap_or_default().to_owned())
//! }
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # // SAFETY: this example runs in a process of its own, before any other thread exists.
//! # unsafe {
//! #     std::env::set_var("CLERK_SECRET_KEY", "sk_test_0123456789abcdefghij");
//! #     std::env::set_var("CLERK_PUBLISHABLE_KEY", "pk_test_Y2xlcmsuZXhhbXBsZS5jb20k");
//! # }
//! // CLERK_SECRET_KEY, CLERK_PUBLISHABLE_KEY, CLERK_JWT_KEY, CLERK_SIGN_IN_URL, …
//! let app: Router = Router::new()
//!     .route("/me", get(me))
//!     .layer(ClerkLayer::from_env()?);
//! # let _ = app;
//! # Ok(())
//! # }
//! ```
//!
//! The rest lives in modules, each item under one path: [`config`] (keys and environment
//! variables), [`middleware`] (options, policies, the service), [`auth`] (the auth object and
//! `has()`), [`requirement`] (what `#[protect]` and `clerk_routes!` build), [`matcher`]
//! (`createRouteMatcher`), [`verify`] (session-token verification) and, with the `dev` feature,
//! `dev` (dev keys and token minting).
//!
//! Features: `macros` (default) re-exports `#[protect]` and `clerk_routes!`; `jwks` (default)
//! fetches Clerk's JWKS with the secret key; `dev` adds dev keys and token minting.
//!
//! Deviations from Clerk are deliberate and listed, with their reasons, in
//! `tests/conformance/DEVIATIONS.md`.

mod error;

pub mod auth;
pub mod config;
#[cfg(feature = "dev")]
pub mod dev;
pub mod matcher;
pub mod middleware;
pub mod requirement;
pub mod verify;

#[doc(hidden)]
pub mod __private;

pub use error::{AuthErrorReason, TokenVerificationError, TokenVerificationErrorReason};

// The common case, at the root. Everything else has one path, in its module.
pub use auth::check::Check;
pub use middleware::auth_extractor::Auth;
pub use middleware::handler::{MiddlewareRequest, MiddlewareResult};
pub use middleware::layer::ClerkLayer;
pub use middleware::rejection::AuthRejection;

#[cfg(feature = "macros")]
pub use clerk_macros::{clerk_routes, protect};

/// Clerk's JSON `has()` protocol, as the `clerk has --jsonl` batch mode and the conformance
/// suite ask Clerk's oracle. Not public API: it may change in any release.
#[doc(hidden)]
pub mod __oracle {
    pub use crate::auth::has_json::{HasJsonError, HasJsonStage, has_json};
}
