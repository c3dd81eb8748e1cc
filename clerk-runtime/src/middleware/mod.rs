//! `ClerkLayer` and `Auth`: Clerk's `clerkMiddleware()` for axum.
//!
//! - [`ClerkLayer`](crate::ClerkLayer) (with its service [`Clerk`]) authenticates every request, removes forged
//!   `x-clerk-*` headers, stores the request's auth state for [`Auth`](crate::Auth), and runs your middleware
//!   closure ([`ClerkLayer::handler`](crate::ClerkLayer::handler)). By default it protects nothing, as `clerkMiddleware()`.
//! - [`Auth`](crate::Auth) is the extractor handlers use: `user_id()`, `has()`, `protect()`,
//!   `redirect_to_sign_in()`…, all usable with `?`.
//! - [`enforce`] applies a [`Protection`] to a request: what `#[protect]` expands to.
//! - [`decide`] is the one decision every protection goes through (route rules, middleware
//!   closures, `#[protect]`): it returns an [`Outcome`]; a [`ResponsePolicy`] turns a denial into
//!   a response.
//!
//! By default the answers are Clerk's `auth.protect()` answers exactly: a signed-out page
//! request is redirected (307) to sign-in with `redirect_url`; any other signed-out request gets
//! a 404; a signed-in user who lacks the role or permission gets a 404, never a redirect. The
//! opt-in [`DenyPolicy::JsonApi`] answers 401/403 (RFC 6750) instead of those 404s, and
//! [`ClerkLayer::response_policy`](crate::ClerkLayer::response_policy) installs your own.
//!
//! # Example
//!
//! ```
//! use axum::{Router, routing::get};
//! use clerk_runtime::{Auth, AuthRejection, ClerkLayer};
//! use clerk_runtime::middleware::ClerkOptions;
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

mod decision;
pub(crate) mod extract;
pub(crate) mod layer;
mod request;
pub(crate) mod respond;

use http::request::Parts;

pub use decision::{Authorization, Outcome, Unauthenticated, Unauthorized, Unmet, decide};
// The crate root is the public path of this one; the crate itself also reaches it here.
pub(crate) use respond::AuthRejection;

pub use layer::{
    Clerk, ClerkOptions, MiddlewareHandler, OptionsCache, OptionsError, ResolveOptions, Respond,
    ResponseFuture, RouteTableError, authenticate,
};
pub use request::{OriginPolicy, is_page_request, is_static_asset_path};
pub use respond::{
    AUTH_REASON_HEADER, AUTH_STATUS_HEADER, Denial, DenyPolicy, ExplainDenials, REDIRECT_TO_HEADER,
    RedirectConfigError, RedirectOptions, ResponsePolicy, ReturnBack, same_origin_location,
};

use crate::requirement::Protection;

/// Applies `protection` to a request, exactly as Clerk's `auth.protect()`: `Ok(())` lets the
/// request through; `Err(rejection)` is the denial, which the layer's
/// [`ResponsePolicy`] turns into a response (by default Clerk's redirect or 404).
///
/// This is what `#[protect]` expands to. It reads the auth state that [`ClerkLayer`](crate::ClerkLayer) stored
/// (building an [`Auth`](crate::Auth) only when it needs one: a denial, or a protection with
/// redirect URLs to check); without the layer it fails closed with a 500 and an error log
/// naming `ClerkLayer`.
///
/// ```
/// use clerk_runtime::middleware::enforce;
/// use clerk_runtime::requirement::Protection;
/// use http::StatusCode;
///
/// // No ClerkLayer ran for this request: 500, never a pass.
/// let (parts, ()) = http::Request::new(()).into_parts();
/// let denied = enforce(&parts, &Protection::default()).unwrap_err();
/// assert!(denied.is_missing_layer());
/// assert_eq!(denied.status(), StatusCode::INTERNAL_SERVER_ERROR);
/// ```
pub fn enforce(parts: &Parts, protection: &Protection) -> Result<(), AuthRejection> {
    if extract::allowed_at_once(parts, protection) {
        return Ok(());
    }
    extract::from_extensions(parts).and_then(|auth| auth.protect_using(protection))
}
