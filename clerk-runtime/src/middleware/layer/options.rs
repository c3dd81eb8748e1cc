//! What the layer needs to answer a request: how to authenticate it and where sign-in is.
//! Fixed for the whole app, or resolved per request (Clerk's "dynamic keys").

use std::fmt;
use std::future::Future;
use std::sync::Arc;

use http::header::{AUTHORIZATION, COOKIE};
use http::request::Parts;

use super::authenticate::Authenticate;
use super::handler::{BoxFuture, MiddlewareRequest, Respond};
use crate::AuthErrorReason;
use crate::auth::{
    AuthState, AuthenticateOptions, CachedSession, CookieInstance, SignedOutReason,
    cached_header_session,
};
use crate::handshake::RequestState;
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
    /// The request state of every request without credentials, when the configuration makes
    /// it the same for all of them (see [`without_credentials`](Self::without_credentials)).
    pub(crate) signed_out: Option<SharedRequestState>,
}

/// Clerk's request state for a request, shared: with the auth state `Auth` holds.
#[derive(Clone)]
pub(crate) struct SharedRequestState {
    pub(crate) request_state: Arc<RequestState>,
    pub(crate) auth_state: Arc<AuthState>,
}

impl SharedRequestState {
    pub(crate) fn new(request_state: RequestState) -> Self {
        Self {
            auth_state: Arc::new(request_state.state.clone()),
            request_state: Arc::new(request_state),
        }
    }

    /// Clerk's request state for a request that carries no credentials, computed once, when
    /// `options` make every such request signed out for the same reason
    /// (`session-token-and-uat-missing`): no instance (no publishable key) or a production
    /// one, not a satellite. A development instance answers such a request by its dev-browser
    /// rules and a satellite by its sync rules, which read the request: those are left to the
    /// authenticator.
    pub(crate) fn without_credentials(options: &AuthenticateOptions) -> Option<Self> {
        let production = options
            .instance
            .as_ref()
            .is_none_or(CookieInstance::is_production);
        if !production || options.is_satellite {
            return None;
        }
        Some(Self::new(RequestState::signed_out(
            SignedOutReason::Auth(AuthErrorReason::SessionTokenAndUatMissing),
            "",
        )))
    }
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
            signed_out: None,
        })
    }

    /// The auth state of `parts` when its header token is in the verifier's cache (no decoding,
    /// no allocation): exactly what the authenticator would answer, a signed-in state with no
    /// headers for Clerk to add. `None`: ask the authenticator.
    pub(crate) fn cached_session(&self, parts: &Parts) -> Option<CachedSession> {
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

    /// The request state of `parts` when it carries no credentials at all and the options
    /// answer every such request alike: no `Authorization` header, no cookies, no `__clerk_*`
    /// query parameter. Exactly what the authenticator would answer (Clerk's cookie path with
    /// neither `__session` nor `__client_uat`), without asking it.
    pub(crate) fn without_credentials(&self, parts: &Parts) -> Option<&SharedRequestState> {
        let signed_out = self.signed_out.as_ref()?;
        (self.decides_without_network(parts) && !parts.headers.contains_key(AUTHORIZATION))
            .then_some(signed_out)
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

    fn with_instance(publishable_key: &str, satellite: bool) -> ClerkOptions {
        let mut config = ClerkConfig::builder()
            .jwt_key(PUBLIC)
            .publishable_key(publishable_key)
            .secret_key("sk_test_not-a-real-key")
            .api_url("http://127.0.0.1:9")
            .sign_in_url("https://accounts.example.com/sign-in");
        if satellite {
            config = config.is_satellite(true).domain("satellite.example.com");
        }
        ClerkOptions::from_config(&config.build().unwrap()).unwrap()
    }

    /// What the authenticator itself answers for `parts` (its future awaits nothing here).
    fn authenticated(options: &ClerkOptions, parts: &Parts) -> RequestState {
        let url = url::Url::parse(&format!("https://app.example.com{}", parts.uri)).unwrap();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        runtime.block_on(options.authenticator.request_state(parts, Some(&url)))
    }

    #[test]
    fn the_shared_signed_out_state_is_what_the_authenticator_answers() {
        // base64 of "clerk.example.com$"
        const HOST: &str = "Y2xlcmsuZXhhbXBsZS5jb20k";
        let production = with_instance(&format!("pk_live_{HOST}"), false);
        let development = with_instance(&format!("pk_test_{HOST}"), false);
        let satellite = with_instance(&format!("pk_live_{HOST}"), true);
        let page = [("accept", "text/html"), ("sec-fetch-dest", "document")];
        let requests = [
            parts("/x", &[]),
            parts("/admin/x?page=2&sort=desc", &[("host", "app.example.com")]),
            parts("/", &page),
            parts(
                "/x",
                &[
                    ("sec-fetch-dest", "document"),
                    ("referer", "https://other.example"),
                ],
            ),
            parts("/x?__clerk_synced=false", &[]),
            parts("/x?__clerk_db_jwt=abc", &page),
        ];
        for options in [&local(), &production] {
            for request in &requests {
                let expected = authenticated(options, request);
                match options.without_credentials(request) {
                    Some(shared) => {
                        let shared = &shared.request_state;
                        // `AuthState` has no `PartialEq`; its `Debug` shows every field.
                        let shown = |state: &AuthState| format!("{state:?}");
                        assert_eq!(shown(&shared.state), shown(&expected.state));
                        assert_eq!(shared.status, expected.status);
                        assert_eq!(shared.headers, expected.headers);
                        assert_eq!(shared.error, expected.error);
                        let auth_state = &options.signed_out.as_ref().unwrap().auth_state;
                        assert_eq!(shown(auth_state), shown(&expected.state));
                    }
                    // Only a `__clerk_*` query parameter is left to the authenticator.
                    None => assert!(request.uri.query().unwrap().contains("__clerk")),
                }
            }
        }
        // Credentials of any kind go to the authenticator.
        for credentials in [
            ("authorization", "Bearer a.b.c"),
            ("cookie", "__client_uat=0"),
        ] {
            assert!(
                local()
                    .without_credentials(&parts("/x", &[credentials]))
                    .is_none()
            );
        }
        // Development instances and satellites answer requests without credentials by rules
        // that read the request (the dev browser, the satellite sync).
        for options in [&development, &satellite] {
            assert!(options.signed_out.is_none());
            assert!(options.without_credentials(&parts("/x", &[])).is_none());
        }
        let dev_page = authenticated(&development, &parts("/", &page));
        assert_ne!(dev_page.status, crate::handshake::Status::SignedOut);
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
