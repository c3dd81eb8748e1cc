//! How the layer turns a request into an [`AuthState`]: the [`Authenticate`] trait.

use std::fmt;

use http::request::Parts;

use super::handler::BoxFuture;
use crate::auth::AuthState;

/// Authenticates one request: reads its session token (header or cookies), verifies it and
/// returns Clerk's auth state. The layer calls it once per request it does not skip.
///
/// The real implementation is built from a Clerk configuration; tests and custom setups can
/// use [`from_fn`].
pub trait Authenticate: Send + Sync + 'static {
    /// The auth state of the request described by `parts`.
    fn authenticate<'a>(&'a self, parts: &'a Parts) -> BoxFuture<'a, AuthState>;

    /// A description for debug logs. Must never contain a key, secret or token.
    fn describe(&self) -> String {
        "custom authenticator".to_owned()
    }
}

/// An [`Authenticate`] from a synchronous function of the request parts.
///
/// ```
/// use clerk_runtime::auth::{AuthState, SignedOutReason};
/// use clerk_runtime::middleware::authenticate;
/// use clerk_runtime::AuthErrorReason;
///
/// let everyone_signed_out = authenticate::from_fn(|_parts| AuthState::SignedOut {
///     reason: SignedOutReason::Auth(AuthErrorReason::SessionTokenAndUatMissing),
///     message: "no token".into(),
/// });
/// # let _ = everyone_signed_out;
/// ```
pub fn from_fn<F>(f: F) -> AuthenticateFn<F>
where
    F: Fn(&Parts) -> AuthState + Send + Sync + 'static,
{
    AuthenticateFn(f)
}

/// See [`from_fn`].
#[derive(Clone, Copy)]
pub struct AuthenticateFn<F>(F);

impl<F> fmt::Debug for AuthenticateFn<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AuthenticateFn")
    }
}

impl<F> Authenticate for AuthenticateFn<F>
where
    F: Fn(&Parts) -> AuthState + Send + Sync + 'static,
{
    fn authenticate<'a>(&'a self, parts: &'a Parts) -> BoxFuture<'a, AuthState> {
        let state = (self.0)(parts);
        Box::pin(std::future::ready(state))
    }

    fn describe(&self) -> String {
        "function authenticator".to_owned()
    }
}
