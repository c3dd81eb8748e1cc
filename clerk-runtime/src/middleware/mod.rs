//! `ClerkLayer` and `Auth`: Clerk's `clerkMiddleware()` for axum.
//!
//! - [`ClerkLayer`] (with its service [`Clerk`]) authenticates every request, removes forged
//!   `x-clerk-*` headers, stores [`Auth`] in the request extensions, and runs your middleware
//!   closure ([`ClerkLayer::handler`]). By default it protects nothing, as `clerkMiddleware()`.
//! - [`Auth`] is the extractor handlers use: `user_id()`, `has()`, `protect()`,
//!   `redirect_to_sign_in()`…, all usable with `?`.
//! - [`enforce`] applies a [`Protection`] to a request: what `#[protect]` expands to.
//!
//! Outcomes are Clerk's `auth.protect()` outcomes exactly: a signed-out page request is
//! redirected (307) to sign-in with `redirect_url`; any other signed-out request gets a 404; a
//! signed-in user who lacks the role or permission gets a 404, never a redirect. The opt-in
//! [`DenyPolicy::JsonApi`] answers 401/403 (RFC 6750) instead of those 404s.
//!
//! # Example
//!
//! ```
//! use axum::{Router, routing::get};
//! use clerk_runtime::middleware::{Auth, AuthRejection, ClerkLayer, ClerkOptions};
//! # use clerk_runtime::middleware::{RedirectOptions, authenticate};
//! # let options = ClerkOptions::new(
//! #     authenticate::from_fn(|_| clerk_runtime::auth::AuthState::SignedOut {
//! #         reason: clerk_runtime::auth::SignedOutReason::Auth(clerk_runtime::AuthErrorReason::SessionTokenAndUatMissing),
//! #         message: String::new(),
//! #     }),
//! #     RedirectOptions::default().sign_in_url("/sign-in"),
//! # ).unwrap();
//!
//! async fn me(auth: Auth) -> Result<String, AuthRejection> {
//!     auth.protect()?;
//!     Ok(auth.user_id().unwrap_or_default().to_owned())
//! }
//!
//! let app: Router = Router::new()
//!     .route("/me", get(me))
//!     .layer(ClerkLayer::new(options));
//! # let _ = app;
//! ```

mod auth_extractor;
pub mod authenticate;
mod authorize;
mod context;
mod debug;
mod flow;
mod from_config;
mod future;
mod handler;
mod layer;
mod options;
mod policy;
mod redirect;
mod rejection;
mod request_kind;
mod routes;
mod sanitize;
mod service;
mod skip;

use axum::response::{IntoResponse, Response};
use http::request::Parts;

pub use auth_extractor::Auth;
pub use authenticate::Authenticate;
pub use authorize::Authorization;
pub use context::OriginPolicy;
pub use from_config::{OptionsCache, OptionsError};
pub use future::ResponseFuture;
pub use handler::{MiddlewareHandler, MiddlewareRequest, MiddlewareResult, Respond};
pub use layer::ClerkLayer;
pub use options::{ClerkOptions, ResolveOptions};
pub use policy::DenyPolicy;
pub use redirect::{RedirectConfigError, RedirectOptions, ReturnBack, same_origin_location};
pub use rejection::{AUTH_REASON_HEADER, AUTH_STATUS_HEADER, AuthRejection, REDIRECT_TO_HEADER};
pub use request_kind::is_page_request;
pub use routes::RouteTableError;
pub use service::Clerk;
pub use skip::is_static_asset_path;

use crate::requirement::Protection;

/// Applies `protection` to a request, exactly as Clerk's `auth.protect()`: `Ok(())` lets the
/// request through; `Err(response)` is the redirect, 404 or 401/403 to send instead.
///
/// This is what `#[protect]` expands to. It reads the [`Auth`] that [`ClerkLayer`] stored;
/// without the layer it fails closed with a 500 and an error log naming `ClerkLayer`.
///
/// ```
/// use clerk_runtime::middleware::enforce;
/// use clerk_runtime::requirement::Protection;
/// use http::StatusCode;
///
/// // No ClerkLayer ran for this request: 500, never a pass.
/// let (parts, ()) = http::Request::new(()).into_parts();
/// let denied = enforce(&parts, &Protection::default()).unwrap_err();
/// assert_eq!(denied.status(), StatusCode::INTERNAL_SERVER_ERROR);
/// ```
#[expect(
    clippy::result_large_err,
    reason = "the contract `#[protect]` expands to; the error is the response itself"
)]
pub fn enforce(parts: &Parts, protection: &Protection) -> Result<(), Response> {
    auth_extractor::from_extensions(parts)
        .and_then(|auth| auth.protect_using(protection))
        .map_err(IntoResponse::into_response)
}
