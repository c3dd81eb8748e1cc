//! What the layer needs to answer a request: how to authenticate it and where sign-in is.
//! Fixed for the whole app, or resolved per request (Clerk's "dynamic keys").

use std::fmt;
use std::future::Future;
use std::sync::Arc;

use http::header::{AUTHORIZATION, COOKIE};
use http::request::Parts;

use super::authenticate::Authenticate;
use super::handler::{BoxFuture, MiddlewareRequest, Respond};
use crate::auth::{AuthState, cached_header_session};
use crate::middleware::respond::{RedirectConfigError, RedirectOptions};
use crate::verify::Verifier;

/// The options one request is handled with: an [`Authenticate`] (keys, authorized parties…)
/// and the [`RedirectOptions`] (sign-in and sign-up URLs).
///
/// Cheap to clone: both halves are shared.
///
/// ```
/// use clerk_runtime::auth::{AuthState, SignedOutReason};
/// use clerk_runtime::middleware::{ClerkOptions, RedirectOptions, authenticate};
/// use clerk_runtime::AuthErrorReason;
///
/// let options = ClerkOptions::new(
///     authenticate::from_fn(|_| AuthState::SignedOut {
///         reason: SignedOutReason::Auth(AuthErrorReason::SessionTokenAndUatMissing),
///         message: String::new(),
///     }),
///     RedirectOptions::default().sign_in_url("/sign-in"),
/// )?;
/// # let _ = options;
/// # Ok::<(), clerk_runtime::middleware::RedirectConfigError>(())
/// ```
#[derive(Clone)]
pub struct ClerkOptions {
    pub(crate) authenticator: Arc<dyn Authenticate>,
    pub(crate) redirects: Arc<RedirectOptions>,
    /// The verifier inside `authenticator` when the library built it (from a configuration):
    /// a request whose header token it has cached skips `authenticator` (same outcome).
    pub(crate) cached: Option<Verifier>,
}

impl ClerkOptions {
    /// Options from an authenticator and redirect settings, checked now so that a bad URL is a
    /// startup error rather than a failed request.
    pub fn new(
        authenticator: impl Authenticate,
        redirects: RedirectOptions,
    ) -> Result<Self, RedirectConfigError> {
        Self::from_shared(Arc::new(authenticator), redirects)
    }

    /// As [`new`](Self::new), with an authenticator that is already shared (for example one
    /// cached per tenant).
    pub fn from_shared(
        authenticator: Arc<dyn Authenticate>,
        redirects: RedirectOptions,
    ) -> Result<Self, RedirectConfigError> {
        redirects.validate()?;
        Ok(Self {
            authenticator,
            redirects: Arc::new(redirects),
            cached: None,
        })
    }

    /// The auth state of `parts` when its header token is in the verifier's cache (no decoding,
    /// no allocation): exactly what the authenticator would answer, a signed-in state with no
    /// headers for Clerk to add. `None`: ask the authenticator.
    pub(crate) fn cached_session(&self, parts: &Parts) -> Option<Arc<AuthState>> {
        cached_header_session(&parts.headers, self.cached.as_ref()?)
    }

    /// Whether authenticating this request can await nothing: options built from a
    /// configuration (whose authentication is known), a request without cookies (no session
    /// refresh), without a `__clerk_*` query parameter (no handshake to resolve, no dev
    /// browser or satellite sync), and without an `Authorization` header unless the key is a
    /// local one (no key-set fetch).
    pub(crate) fn decides_without_network(&self, parts: &Parts) -> bool {
        let Some(verifier) = &self.cached else {
            return false;
        };
        let query = parts.uri.query().unwrap_or_default();
        !parts.headers.contains_key(COOKIE)
            && !query.contains("__clerk")
            && !query.contains('%')
            && (verifier.is_networkless() || !parts.headers.contains_key(AUTHORIZATION))
    }

    /// The redirect settings.
    #[must_use]
    pub fn redirects(&self) -> &RedirectOptions {
        &self.redirects
    }
}

#[expect(
    clippy::missing_fields_in_debug,
    reason = "`cached` is the verifier inside `authenticator`, which `describe()` already names"
)]
impl fmt::Debug for ClerkOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClerkOptions")
            .field("authenticator", &self.authenticator.describe())
            .field("redirects", &self.redirects)
            .finish()
    }
}

/// Resolves the options for one request: Clerk's `clerkMiddleware(handler, (req) => options)`.
/// Implemented for every `Fn(MiddlewareRequest) -> impl Future<Output = Result<ClerkOptions,
/// Respond>>`; an `Err` response (say, a 404 for an unknown tenant) is sent as is.
pub trait ResolveOptions: Send + Sync + 'static {
    /// The options for this request.
    fn resolve(
        &self,
        request: MiddlewareRequest,
    ) -> BoxFuture<'static, Result<ClerkOptions, Respond>>;
}

impl<F, Fut> ResolveOptions for F
where
    F: Fn(MiddlewareRequest) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<ClerkOptions, Respond>> + Send + 'static,
{
    fn resolve(
        &self,
        request: MiddlewareRequest,
    ) -> BoxFuture<'static, Result<ClerkOptions, Respond>> {
        Box::pin(self(request))
    }
}

/// Where the layer gets its options.
#[derive(Clone)]
pub(crate) enum OptionsSource {
    /// The same options for every request.
    Fixed(ClerkOptions),
    /// Options resolved per request.
    PerRequest(Arc<dyn ResolveOptions>),
}

impl fmt::Debug for OptionsSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Fixed(options) => options.fmt(f),
            Self::PerRequest(_) => f.write_str("per-request resolver"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::ClerkConfig;
    use crate::middleware::authenticate;

    const PUBLIC: &str = include_str!("../../../../tests/conformance/keys/rsa2048-a.public.pem");

    fn parts(uri: &str, headers: &[(&str, &str)]) -> Parts {
        let mut request = http::Request::builder().uri(uri);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        request.body(()).unwrap().into_parts().0
    }

    fn local() -> ClerkOptions {
        let config = ClerkConfig::builder()
            .jwt_key(PUBLIC)
            .sign_in_url("/sign-in")
            .build()
            .unwrap();
        ClerkOptions::from_config(&config).unwrap()
    }

    fn remote() -> ClerkOptions {
        let config = ClerkConfig::builder()
            .secret_key("sk_test_not-a-real-key")
            .api_url("http://127.0.0.1:9")
            .sign_in_url("/sign-in")
            .build()
            .unwrap();
        ClerkOptions::from_config(&config).unwrap()
    }

    #[test]
    fn only_authentications_that_await_nothing_are_decided_at_once() {
        let bearer = ("authorization", "Bearer a.b.c");
        let (local, remote) = (local(), remote());
        for options in [&local, &remote] {
            assert!(options.decides_without_network(&parts("/x", &[])));
            assert!(options.decides_without_network(&parts("/x?page=2", &[])));
            // A refresh, a handshake or a sync may call Clerk.
            assert!(!options.decides_without_network(&parts("/x", &[("cookie", "a=b")])));
            for query in [
                "__clerk_handshake=x",
                "__clerk_handshake_nonce=n",
                "%5F%5Fclerk_db_jwt=x",
            ] {
                assert!(
                    !options.decides_without_network(&parts(&format!("/x?{query}"), &[])),
                    "{query}"
                );
            }
        }
        // A token is verified without the network only with a local key.
        assert!(local.decides_without_network(&parts("/x", &[bearer])));
        assert!(!remote.decides_without_network(&parts("/x", &[bearer])));
        // A custom authenticator's future is never polled and dropped.
        let custom = ClerkOptions::new(
            authenticate::from_fn(|_| unreachable!("never called by this check")),
            RedirectOptions::default().sign_in_url("/sign-in"),
        )
        .unwrap();
        assert!(!custom.decides_without_network(&parts("/x", &[])));
    }
}
