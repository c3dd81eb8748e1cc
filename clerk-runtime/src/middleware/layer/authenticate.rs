//! How the layer turns a request into an [`AuthState`]: the [`Authenticate`] trait.

use std::fmt;
use std::sync::Arc;

use http::request::Parts;
use url::Url;

use super::handler::BoxFuture;
use crate::TokenVerificationError;
use crate::auth::{AuthState, AuthenticateOptions, authenticate_request_state};
use crate::handshake::{Handshake, RequestState};
use crate::verify::JwtPayload;

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

    /// Whether [`request_state`](Self::request_state) reads its `url` argument; when it does
    /// not, the layer passes `None` instead of building the URL (which parses the host).
    /// `true` unless an implementation says otherwise.
    fn uses_url(&self) -> bool {
        true
    }

    /// Clerk's full request state for the request (`url` is its public URL, when known): the
    /// auth state plus the headers Clerk answers with (a handshake redirect, `Set-Cookie`).
    /// By default, [`authenticate`](Self::authenticate)'s state with no handshake.
    fn request_state<'a>(
        &'a self,
        parts: &'a Parts,
        url: Option<&'a Url>,
    ) -> BoxFuture<'a, RequestState> {
        let _ = url;
        Box::pin(async move { RequestState::from_auth_state(self.authenticate(parts).await) })
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

/// A token verifier as [`verifying`] takes it: a function from the raw token to its verified
/// claims.
pub type VerifyFn = dyn Fn(String) -> BoxFuture<'static, Result<Arc<JwtPayload>, TokenVerificationError>>
    + Send
    + Sync;

/// Clerk's request authentication (`authenticateRequest`: `Authorization` header first, else
/// the `__session` / `__client_uat` cookies) with `verify` checking the token.
///
/// [`ClerkOptions::from_config`](crate::middleware::ClerkOptions::from_config) builds one from a
/// configuration's keys; this is the hook for custom verifiers.
///
/// ```
/// use std::sync::Arc;
/// use clerk_runtime::auth::AuthenticateOptions;
/// use clerk_runtime::middleware::authenticate;
/// use clerk_runtime::{TokenVerificationError, TokenVerificationErrorReason};
///
/// let rejects_everything = authenticate::verifying(
///     AuthenticateOptions::default(),
///     "rejects every token",
///     Arc::new(|_token: String| -> clerk_runtime::middleware::authenticate::BoxedVerification {
///         Box::pin(async {
///             Err(TokenVerificationError::new(TokenVerificationErrorReason::TokenInvalid, "no"))
///         })
///     }),
/// );
/// # let _ = rejects_everything;
/// ```
pub fn verifying(
    options: AuthenticateOptions,
    description: impl Into<String>,
    verify: Arc<VerifyFn>,
) -> Verifying {
    Verifying {
        options,
        description: description.into(),
        verify,
        handshake: None,
    }
}

/// The future a [`VerifyFn`] returns.
pub type BoxedVerification = BoxFuture<'static, Result<Arc<JwtPayload>, TokenVerificationError>>;

/// See [`verifying`].
#[derive(Clone)]
pub struct Verifying {
    options: AuthenticateOptions,
    description: String,
    verify: Arc<VerifyFn>,
    handshake: Option<Handshake>,
}

impl Verifying {
    /// The same authentication with Clerk's handshake, session refresh, organization sync and
    /// satellite sync for the instance `handshake` describes.
    #[must_use]
    pub fn with_handshake(mut self, handshake: Handshake) -> Self {
        self.handshake = Some(handshake);
        self
    }
}

impl fmt::Debug for Verifying {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verifying")
            .field("options", &self.options)
            .field("verifier", &self.description)
            .field("handshake", &self.handshake)
            .finish_non_exhaustive()
    }
}

impl Authenticate for Verifying {
    fn authenticate<'a>(&'a self, parts: &'a Parts) -> BoxFuture<'a, AuthState> {
        Box::pin(async move { self.request_state(parts, None).await.state })
    }

    fn describe(&self) -> String {
        self.description.clone()
    }

    /// Only the handshake (redirects, organization and satellite sync) reads the URL.
    fn uses_url(&self) -> bool {
        self.handshake.is_some()
    }

    fn request_state<'a>(
        &'a self,
        parts: &'a Parts,
        url: Option<&'a Url>,
    ) -> BoxFuture<'a, RequestState> {
        Box::pin(authenticate_request_state(
            &parts.method,
            &parts.uri,
            url,
            &parts.headers,
            &self.options,
            self.handshake.as_ref(),
            |token| (self.verify)(token.to_owned()),
        ))
    }
}
