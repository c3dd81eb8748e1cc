//! Authenticating one request as Clerk's `authenticateRequest` does for a session-token route:
//! the `Authorization` header when present, else the cookies and Clerk's decision table, with
//! the handshake (see [`crate::handshake`]) where Clerk starts one.

use std::future::Future;
use std::sync::Arc;

use http::{HeaderMap, Method};
use serde_json::Value;
use url::Url;

use super::state::{AuthState, SignedOutReason};
use super::token_source::{is_machine_token, peek};
use crate::handshake::facts::Facts;
use crate::handshake::{
    Handshake, OrgTarget, RequestState, Status, Unresolved, primary_sync_location, session_state,
};
use crate::verify::JwtPayload;
use crate::{AuthErrorReason, TokenVerificationError, TokenVerificationErrorReason};

/// The session-token cookie.
pub const SESSION_COOKIE: &str = "__session";
/// The client "updated at" cookie (seconds; `0` means signed out).
pub const CLIENT_UAT_COOKIE: &str = "__client_uat";

/// Options of [`authenticate_request`].
///
/// ```
/// let options = clerk_runtime::auth::AuthenticateOptions::default();
/// assert!(options.treat_pending_as_signed_out);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct AuthenticateOptions {
    /// Clerk's `treatPendingAsSignedOut` (default `true`). [`authenticate_request`] keeps a
    /// pending session as [`AuthState::SignedIn`] (Clerk's request state is signed in too);
    /// read the session through
    /// [`AuthState::signed_in_session`]`(options.treat_pending_as_signed_out)` to apply it.
    pub treat_pending_as_signed_out: bool,
}

impl Default for AuthenticateOptions {
    fn default() -> Self {
        Self {
            treat_pending_as_signed_out: true,
        }
    }
}

impl AuthenticateOptions {
    /// Sets `treatPendingAsSignedOut`.
    #[must_use]
    pub fn with_treat_pending_as_signed_out(mut self, treat: bool) -> Self {
        self.treat_pending_as_signed_out = treat;
        self
    }
}

#[derive(Clone, Copy)]
enum Carrier {
    Header,
    Cookie,
}

impl Carrier {
    fn as_str(self) -> &'static str {
        match self {
            Self::Header => "header",
            Self::Cookie => "cookie",
        }
    }
}

fn auth(reason: AuthErrorReason) -> SignedOutReason {
    SignedOutReason::Auth(reason)
}

/// Clerk's `handleMaybeHandshakeStatus`: a handshake when the instance is known, else (no
/// publishable key, no Frontend API to redirect to) signed out with the same reason.
fn gate(
    facts: &Facts<'_>,
    engine: Option<&Handshake>,
    reason: SignedOutReason,
    message: String,
    location: Option<Url>,
) -> RequestState {
    match engine {
        Some(engine) => engine.gate(facts, reason, message, location),
        None => RequestState::signed_out(reason, message),
    }
}

/// Clerk's `handleSessionTokenError` for a token that failed verification, with the refresh
/// of an expired token.
async fn token_error(
    facts: &Facts<'_>,
    engine: Option<&Handshake>,
    error: &TokenVerificationError,
    carrier: Carrier,
) -> RequestState {
    let message = format!(
        "{} (reason={}, token-carrier={})",
        error.message,
        error.reason,
        carrier.as_str()
    );
    let reason = match error.reason {
        TokenVerificationErrorReason::TokenExpired => {
            let why = if facts.method != Method::GET {
                "non-eligible-non-get".to_owned()
            } else if facts.refresh_token.is_none() {
                "non-eligible-no-refresh-cookie".to_owned()
            } else {
                match engine {
                    Some(engine) => match engine.refresh(facts).await {
                        Ok(state) => return state,
                        Err(why) => why,
                    },
                    None => "missing-api-client".to_owned(),
                }
            };
            SignedOutReason::SessionTokenExpiredRefresh(why.into())
        }
        TokenVerificationErrorReason::TokenNotActiveYet => auth(AuthErrorReason::SessionTokenNbf),
        TokenVerificationErrorReason::TokenIatInTheFuture => {
            auth(AuthErrorReason::SessionTokenIatInTheFuture)
        }
        other => return RequestState::signed_out(SignedOutReason::Token(other), message),
    };
    gate(facts, engine, reason, message, None)
}

/// Authenticates one request for a session-token route, as Clerk's `authenticateRequest`, and
/// returns the auth state alone (no handshake: where Clerk would start one, the request is
/// signed out with the same reason).
///
/// `verify` checks a token's signature and claims (the middleware passes its verifier); it is
/// called at most once, and only for a token that Clerk would verify.
///
/// - **Header**: an `Authorization` token is used exclusively, even when cookies exist. A
///   machine token is signed out with `token-type-mismatch`; otherwise the token is verified.
/// - **Cookies** (no header token), Clerk's decision table:
///
///   | cookies | outcome |
///   |---|---|
///   | no `__session`, `__client_uat` missing or `0` | `session-token-and-uat-missing` |
///   | `__session`, no active `__client_uat` | `session-token-but-no-client-uat` |
///   | active `__client_uat`, no `__session` | `client-uat-but-no-session-token` |
///   | undecodable `__session` | `token-invalid` |
///   | a machine token in `__session` | `token-type-mismatch` |
///   | `__session` `iat` < `__client_uat` | `session-token-iat-before-client-uat` |
///   | otherwise | verified: signed in, or signed out with the failure |
///
/// - **Verification failures** (both carriers): `token-expired` becomes
///   `session-token-expired-refresh-non-eligible-no-refresh-cookie` (GET) or
///   `…-non-eligible-non-get`; `token-not-active-yet` becomes `session-token-nbf`;
///   `token-iat-in-the-future` becomes `session-token-iat-in-the-future`; any other reason
///   (e.g. `token-invalid-authorized-parties`) is kept.
///
/// The layer built by [`ClerkOptions::from_config`](crate::middleware::ClerkOptions::from_config)
/// runs the same table with the handshake and the session refresh.
///
/// ```
/// use std::sync::Arc;
/// use clerk_runtime::auth::{authenticate_request, AuthenticateOptions, AuthState};
/// use clerk_runtime::{TokenVerificationError, TokenVerificationErrorReason};
/// use http::{HeaderMap, HeaderValue, Method};
///
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let mut headers = HeaderMap::new();
/// headers.insert("authorization", HeaderValue::from_static("Bearer header.payload.sig"));
/// let state = authenticate_request(&headers, &Method::GET, &AuthenticateOptions::default(),
///     |_token| async {
///         let claims = serde_json::json!({"sub": "user_1", "sid": "sess_1"});
///         let serde_json::Value::Object(map) = claims else { unreachable!() };
///         Ok::<_, TokenVerificationError>(Arc::new(map))
///     }).await;
/// assert_eq!(state.signed_in_session(true).unwrap().user_id, "user_1");
///
/// let state = authenticate_request(&HeaderMap::new(), &Method::GET,
///     &AuthenticateOptions::default(), |_token| async {
///         Err(TokenVerificationError::new(TokenVerificationErrorReason::TokenInvalid, "unused"))
///     }).await;
/// assert_eq!(state.signed_out_reason().unwrap().as_str(), "session-token-and-uat-missing");
/// # });
/// ```
pub async fn authenticate_request<F, Fut>(
    headers: &HeaderMap,
    method: &Method,
    options: &AuthenticateOptions,
    verify: F,
) -> AuthState
where
    F: FnOnce(&str) -> Fut,
    Fut: Future<Output = Result<Arc<JwtPayload>, TokenVerificationError>>,
{
    let facts = Facts::gather(method, headers, None, None, 0, None);
    authenticate(&facts, options, None, verify).await.state
}

/// Clerk's `authenticateRequest` with the handshake: the full request state (auth state,
/// status and response headers) for the request `facts` describe.
pub(crate) async fn authenticate<F, Fut>(
    facts: &Facts<'_>,
    options: &AuthenticateOptions,
    engine: Option<&Handshake>,
    verify: F,
) -> RequestState
where
    F: FnOnce(&str) -> Fut,
    Fut: Future<Output = Result<Arc<JwtPayload>, TokenVerificationError>>,
{
    if let Some(token) = &facts.header_token {
        if is_machine_token(token) {
            return RequestState::signed_out(
                auth(AuthErrorReason::TokenTypeMismatch),
                "the Authorization header holds a machine token, not a session token",
            );
        }
        return match verify(token).await {
            Ok(claims) => RequestState::from_auth_state(session_state(claims, token)),
            Err(e) => token_error(facts, engine, &e, Carrier::Header).await,
        };
    }
    cookie_path(facts, options, engine, verify).await
}

/// Clerk's `authenticateRequestWithTokenInCookie`, in Clerk's order.
async fn cookie_path<F, Fut>(
    facts: &Facts<'_>,
    options: &AuthenticateOptions,
    engine: Option<&Handshake>,
    verify: F,
) -> RequestState
where
    F: FnOnce(&str) -> Fut,
    Fut: Future<Output = Result<Arc<JwtPayload>, TokenVerificationError>>,
{
    // 1. A handshake coming back.
    if let Some(engine) = engine
        && (facts.handshake_nonce.is_some() || facts.handshake_token.is_some())
    {
        match engine.resolve(facts).await {
            Ok(state) => return state,
            Err(Unresolved::Fatal(message)) => {
                let mut state = RequestState::signed_out(
                    SignedOutReason::Token(TokenVerificationErrorReason::TokenVerificationFailed),
                    message.clone(),
                );
                state.error = Some(message);
                return state;
            }
            Err(Unresolved::FallThrough) => {}
        }
    }
    if let Some(state) = sync_rules(facts, engine) {
        return state;
    }

    // 6-8. The cookie pair.
    let active_client = facts.client_uat != 0.0;
    let token = match (facts.session_cookie.as_deref(), active_client) {
        (None, false) => {
            return RequestState::signed_out(auth(AuthErrorReason::SessionTokenAndUatMissing), "");
        }
        (Some(_), false) => {
            return gate(
                facts,
                engine,
                auth(AuthErrorReason::SessionTokenWithoutClientUat),
                String::new(),
                None,
            );
        }
        (None, true) => {
            return gate(
                facts,
                engine,
                auth(AuthErrorReason::ClientUatWithoutSessionToken),
                String::new(),
                None,
            );
        }
        (Some(token), true) => token,
    };
    // 9-11. What the token says before verification.
    let Some((_, payload)) = peek(token) else {
        return RequestState::signed_out(
            SignedOutReason::Token(TokenVerificationErrorReason::TokenInvalid),
            "the session cookie is not a decodable JWT (reason=token-invalid, token-carrier=cookie)",
        );
    };
    if is_machine_token(token) {
        return RequestState::signed_out(
            auth(AuthErrorReason::TokenTypeMismatch),
            "the session cookie holds a machine token, not a session token",
        );
    }
    if payload
        .get("iat")
        .and_then(Value::as_f64)
        .is_some_and(|iat| iat < facts.client_uat)
    {
        return gate(
            facts,
            engine,
            auth(AuthErrorReason::SessionTokenIatBeforeClientUat),
            String::new(),
            None,
        );
    }
    // 12. Verification.
    let claims = match verify(token).await {
        Ok(claims) => claims,
        Err(e) => return token_error(facts, engine, &e, Carrier::Cookie).await,
    };
    let state = session_state(claims, token);
    let Some(engine) = engine else {
        return RequestState::from_auth_state(state);
    };
    // 13. A document arriving from another site.
    if engine.needs_cross_origin_sync(facts) {
        return engine.gate(
            facts,
            auth(AuthErrorReason::PrimaryDomainCrossOriginSync),
            "Cross-origin request from satellite domain requires handshake".to_owned(),
            None,
        );
    }
    // 14. An organization named in the URL that is not the active one.
    if let Some(switch) = org_switch(facts, options, engine, &state) {
        return switch;
    }
    RequestState::from_auth_state(state)
}

/// Steps 2-5 of the cookie path: satellite sync, the primary's answer to a dev satellite, and
/// the dev browser.
fn sync_rules(facts: &Facts<'_>, engine: Option<&Handshake>) -> Option<RequestState> {
    let engine = engine?;
    let settings = engine.settings();
    let dev = settings.is_development();
    let synced = facts.query_param("__clerk_synced");
    if settings.is_satellite
        && facts.header("sec-fetch-dest") == Some("document")
        && facts.method == Method::GET
        && synced.as_deref() != Some("true")
    {
        let has_cookies = facts.session_cookie.is_some() || facts.client_uat != 0.0;
        let needs_sync = synced.as_deref() == Some("false");
        if !settings.satellite_auto_sync && !has_cookies && !needs_sync {
            return Some(RequestState::signed_out(
                auth(AuthErrorReason::SessionTokenAndUatMissing),
                "",
            ));
        }
        if !has_cookies || needs_sync {
            let reason = auth(AuthErrorReason::SatelliteCookieNeedsSyncing);
            if !dev {
                return Some(engine.gate(facts, reason, String::new(), None));
            }
            let location = facts
                .url
                .and_then(|url| engine.satellite_sign_in_location(url));
            return Some(match location {
                Some(location) => engine.gate(facts, reason, String::new(), Some(location)),
                None => RequestState::signed_out(reason, "no sign-in URL to sync the satellite with"),
            });
        }
    }
    if dev
        && !settings.is_satellite
        && let Some(target) = facts.query_param("__clerk_redirect_url")
    {
        let reason = auth(AuthErrorReason::PrimaryRespondsToSyncing);
        return Some(
            match primary_sync_location(&target, facts.dev_browser.as_deref()) {
                Some(location) => engine.gate(facts, reason, String::new(), Some(location)),
                None => {
                    let mut state =
                        RequestState::signed_out(reason, "__clerk_redirect_url is not a URL");
                    state.error = Some("Invalid URL in __clerk_redirect_url".to_owned());
                    state
                }
            },
        );
    }
    if dev && facts.query_param("__clerk_db_jwt").is_some() {
        return Some(engine.gate(
            facts,
            auth(AuthErrorReason::DevBrowserSync),
            String::new(),
            None,
        ));
    }
    if dev && facts.dev_browser.is_none() {
        return Some(engine.gate(
            facts,
            auth(AuthErrorReason::DevBrowserMissing),
            String::new(),
            None,
        ));
    }
    None
}

/// Step 14: Clerk's organization sync for a signed-in request. `None` keeps the request
/// signed in.
fn org_switch(
    facts: &Facts<'_>,
    options: &AuthenticateOptions,
    engine: &Handshake,
    state: &AuthState,
) -> Option<RequestState> {
    let session = state.signed_in_session(options.treat_pending_as_signed_out)?;
    let target = engine.org_target(facts.url?)?;
    let wants_switch = match &target {
        OrgTarget::Id(id) => session.org_id.as_deref() != Some(id.as_str()),
        OrgTarget::Slug(slug) => session.org_slug.as_deref() != Some(slug.as_str()),
        OrgTarget::Personal => session.org_id.as_deref().is_some_and(|id| !id.is_empty()),
    };
    if !wants_switch {
        return None;
    }
    if facts.redirect_count >= 3.0 {
        tracing::warn!(target: "clerk", "Clerk: Organization activation handshake loop detected; the request stays on the active organization");
        return None;
    }
    let outcome = engine.gate(
        facts,
        auth(AuthErrorReason::ActiveOrganizationMismatch),
        String::new(),
        None,
    );
    (outcome.status == Status::Handshake).then_some(outcome)
}
