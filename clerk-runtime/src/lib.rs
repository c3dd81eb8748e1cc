//! Clerk's `clerkMiddleware()` for axum: session tokens verified exactly as Clerk's SDK verifies
//! them, `has()`, `protect()`, Clerk's route matcher, a tower layer and extractors, with
//! permissions, roles and route patterns checked at compile time.
//!
//! One layer authenticates every request; handlers ask for what they need:
//!
//! ```
//! use axum::{Router, body::Body, http::Request, http::StatusCode, routing::get};
//! use clerk_runtime::config::ClerkConfig;
//! use clerk_runtime::{Auth, ClerkLayer, protect};
//! use tower::ServiceExt as _;
//!
//! #[protect(role = "org:admin")] // checked while your crate compiles
//! async fn admin(auth: Auth) -> String {
//!     format!("hello admin {}", auth.user_id().unwrap_or_default())
//! }
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! // In an app, `ClerkLayer::from_env()?` reads CLERK_SECRET_KEY, CLERK_PUBLISHABLE_KEY, ….
//! let config = ClerkConfig::builder()
//!     .secret_key("sk_test_0123456789abcdefghij")
//!     .publishable_key("pk_test_Y2xlcmsuZXhhbXBsZS5jb20k") // clerk.example.com
//!     .build()?;
//! let app = Router::new()
//!     .route("/admin", get(admin))
//!     .layer(ClerkLayer::from_config(&config)?);
//!
//! // Signed out: an API request gets Clerk's 404, a page load a redirect to sign-in.
//! let api = app.clone().oneshot(Request::get("/admin").body(Body::empty())?).await?;
//! assert_eq!(api.status(), StatusCode::NOT_FOUND);
//! let page = Request::get("http://localhost/admin").header("accept", "text/html");
//! let page = app.oneshot(page.body(Body::empty())?).await?;
//! assert_eq!(page.status(), StatusCode::TEMPORARY_REDIRECT);
//! # Ok(())
//! # }
//! ```
//!
//! # By task
//!
//! - **Protect routes.** [`ClerkLayer`] is `clerkMiddleware()`; [`Auth`] is the auth object
//!   (`auth.protect()?`, `auth.has(&Check::role("org:admin"))`, `auth.user_id()`);
//!   [`macro@protect`] guards one handler and `clerk_routes!` builds a route table
//!   ([`requirement::RouteTable`]), both checked at compile time. A middleware function takes
//!   [`Auth`] and a [`MiddlewareRequest`] and returns a [`MiddlewareResult`].
//! - **Leave no route unguarded.** [`guarded::GuardedRouter`] takes only handlers that are
//!   `#[protect]`ed or [`macro@public`] (with [`macro@handlers`] for associated functions), or a
//!   router a protecting route table covers; forgetting is a compile error.
//! - **Configure.** [`config::ClerkConfig`] reads Clerk's environment variables
//!   ([`config::vars`]) or takes options in code; [`middleware::ClerkOptions`] turns it into what
//!   the layer uses; [`middleware::DenyPolicy`] chooses Clerk's answers or a JSON API's 401/403;
//!   [`middleware::OptionsCache`] keeps per-tenant options for multi-tenant apps.
//! - **Decide in code.** [`Check`] is one `has()` condition; [`matcher::RouteMatcher`] is
//!   `createRouteMatcher`.
//! - **Verify tokens yourself.** [`verify::Verifier`] is Clerk's `verifyToken`;
//!   [`auth::authenticate_request`] is `authenticateRequest`, giving an [`auth::AuthState`].
//! - **Develop and test without a Clerk account.** With the `dev` feature, `dev` makes RSA keys
//!   and mints session tokens (the `clerk` CLI uses it); with the `testing` feature, `testing`
//!   is a kit for your own tests: a layer, tokens for any user, role or permission, and
//!   requests that carry them.
//!
//! Each public item has one path: the common case above at the crate root, the rest in its
//! module.
//!
//! # Cargo features
//!
//! `macros` (default) re-exports `#[protect]` and `clerk_routes!`; `jwks` (default) fetches
//! Clerk's JWKS with `CLERK_SECRET_KEY` (without it, tokens are verified with `CLERK_JWT_KEY`
//! only); `dev` adds dev keys and token minting; `testing` (implies `dev`) adds the test kit.
//!
//! Where this crate differs from Clerk, it is on purpose and safer; every difference is listed
//! with its reason in the repository's
//! [`tests/conformance/DEVIATIONS.md`](https://example.invalid/clerk-axum/blob/main/tests/conformance/DEVIATIONS.md).

mod error;

pub mod auth;
pub mod config;
#[cfg(feature = "dev")]
pub mod dev;
pub mod guarded;
pub mod handshake;
mod html;
mod instance;
pub mod matcher;
pub mod middleware;
pub mod requirement;
#[cfg(feature = "testing")]
pub mod testing;
pub mod verify;

#[doc(hidden)]
pub mod __private;

pub use error::{AuthErrorReason, TokenVerificationError, TokenVerificationErrorReason};

// The common case, at the root. Everything else has one path, in its module.
pub use auth::check::Check;
pub use middleware::extract::Auth;
pub use middleware::layer::{ClerkLayer, MiddlewareRequest, MiddlewareResult};
pub use middleware::respond::AuthRejection;

#[cfg(feature = "macros")]
pub use clerk_macros::{clerk_routes, handlers, protect, public};

/// Clerk's JSON `has()` protocol, as the `clerk has --jsonl` batch mode and the conformance
/// suite ask Clerk's oracle. Not public API: it may change in any release.
#[doc(hidden)]
pub mod __oracle {
    pub use crate::auth::has_json::{HasJsonError, HasJsonStage, has_json};
}
