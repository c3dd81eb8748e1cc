//! Authenticating one request as Clerk's `authenticateRequest` does for a session-token route:
//! the `Authorization` header when present, else the session cookies (suffixed or plain, as
//! Clerk picks them) and Clerk's decision table, with the development-instance dev-browser
//! rules when the publishable key is a `pk_test_` key, and the handshake (see
//! [`crate::handshake`]) where Clerk starts one.

use std::future::Future;
use std::sync::Arc;

use http::{HeaderMap, Method, Uri};
use url::Url;

use super::js_number::less_than_number;
use super::request_cookies::{CookieInstance, DEV_BROWSER_COOKIE, Peeked};
use super::state::{AuthState, SignedOutReason};
use super::token_source::{TokenKind, classify, classify_decoded};
use crate::handshake::facts::Facts;
use crate::handshake::{
    Handshake, OrgTarget, RequestState, Status, Unresolved, primary_sync_location, session_state,
};
use crate::verify::JwtPayload;

/// The query parameter that sends a development instance's satellite back after syncing.
const CLERK_REDIRECT_URL_PARAM: &str = "__clerk_redirect_url";
use crate::{AuthErrorReason, TokenVerificationError, TokenVerificationErrorReason};

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
    /// The Clerk instance the cookies belong to (from the publishable key): which suffixed
    /// cookies exist and whether the development-instance dev-browser rules apply. `None` reads
    /// only the plain cookies, with production rules.
    pub instance: Option<CookieInstance>,
    /// Clerk's `isSatellite`.
    pub is_satellite: bool,
    /// A fixed clock in milliseconds since the epoch, for tests; `None` reads the system clock.
    /// Only the choice between suffixed and plain cookies reads it (token verification has its
    /// own clock).
    pub now_ms: Option<i64>,
}

impl Default for AuthenticateOptions {
    fn default() -> Self {
        Self {
            treat_pending_as_signed_out: true,
            instance: None,
            is_satellite: false,
            now_ms: None,
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

    /// Sets the Clerk instance the cookies belong to.
    #[must_use]
    pub fn with_instance(mut self, instance: CookieInstance) -> Self {
        self.instance = Some(instance);
        self
    }

    /// Sets `isSatellite`.
    #[must_use]
    pub fn with_satellite(mut self, is_satellite: bool) -> Self {
        self.is_satellite = is_satellite;
        self
    }

    /// Fixes the clock (milliseconds since the epoch), for tests.
    #[must_use]
    pub fn with_now_ms(mut self, now_ms: i64) -> Self {
        self.now_ms = Some(now_ms);
        self
    }

    pub(crate) fn now_ms(&self) -> i64 {
        self.now_ms.unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .ok()
                .and_then(|d| i64::try_from(d.as_millis()).ok())
                .unwrap_or(0)
        })
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
/// returns the auth state alone. There is no handshake here: where Clerk would start one, the
/// request is signed out with the same reason (the layer built by
/// [`ClerkOptions::from_config`](crate::middleware::ClerkOptions::from_config) answers with the
/// handshake; see [`authenticate_request_state`]).
///
/// `verify` checks a token's signature and claims (the middleware passes its verifier); it is
/// called at most once, and only for a token that Clerk would verify.
///
/// - **Header**: an `Authorization` token is used exclusively, even when cookies exist. A
///   machine JWT ([`TokenKind::MachineJwt`]) is signed out with `token-type-mismatch`; anything
///   else is verified (an opaque machine token is `token-invalid`).
/// - **Cookies** (no header token): the suffixed or plain cookies, chosen as Clerk chooses them
///   (see [`CookieInstance`]), then Clerk's decision table:
///
///   | request | outcome |
///   |---|---|
///   | development, `__clerk_redirect_url` in the query (not a satellite) | `primary-responds-to-syncing` |
///   | development, `__clerk_db_jwt` in the query | `dev-browser-sync` |
///   | development, no dev-browser cookie | `dev-browser-missing` |
///   | no `__session`, `__client_uat` missing or `0` | `session-token-and-uat-missing` |
///   | `__session`, no active `__client_uat` | `session-token-but-no-client-uat` |
///   | active `__client_uat`, no `__session` | `client-uat-but-no-session-token` |
///   | undecodable `__session` (an opaque machine token too) | `token-invalid` |
///   | a machine JWT in `__session` | `token-type-mismatch` |
///   | `__session` `iat` < `__client_uat` | `session-token-iat-before-client-uat` |
///   | otherwise | verified: signed in, or signed out with the failure |
///
/// - **Verification failures** (both carriers): `token-expired` becomes
///   `session-token-expired-refresh-non-eligible-no-refresh-cookie` (GET) or
///   `…-non-eligible-non-get`; `token-not-active-yet` becomes `session-token-nbf`;
///   `token-iat-in-the-future` becomes `session-token-iat-in-the-future`; any other reason
///   (e.g. `token-invalid-authorized-parties`) is kept.
///
/// ```
/// use std::sync::Arc;
/// use clerk_runtime::auth::{AuthState, AuthenticateOptions, authenticate_request};
/// use clerk_runtime::{TokenVerificationError, TokenVerificationErrorReason};
/// use http::{HeaderMap, HeaderValue, Method, Uri};
///
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let uri = Uri::from_static("/dashboard");
/// let mut headers = HeaderMap::new();
/// headers.insert("authorization", HeaderValue::from_static("Bearer header.payload.sig"));
/// let state = authenticate_request(&Method::GET, &uri, &headers,
///     &AuthenticateOptions::default(), |_token| async {
///         let claims = serde_json::json!({"sub": "user_1", "sid": "sess_1"});
///         let serde_json::Value::Object(map) = claims else { unreachable!() };
///         Ok::<_, TokenVerificationError>(Arc::new(map))
///     }).await;
/// assert_eq!(state.signed_in_session(true).unwrap().user_id, "user_1");
///
/// let state = authenticate_request(&Method::GET, &uri, &HeaderMap::new(),
///     &AuthenticateOptions::default(), |_token| async {
///         Err(TokenVerificationError::new(TokenVerificationErrorReason::TokenInvalid, "unused"))
///     }).await;
/// assert_eq!(state.signed_out_reason().unwrap().as_str(), "session-token-and-uat-missing");
/// # });
/// ```
pub async fn authenticate_request<F, Fut>(
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    options: &AuthenticateOptions,
    verify: F,
) -> AuthState
where
    F: FnOnce(&str) -> Fut,
    Fut: Future<Output = Result<Arc<JwtPayload>, TokenVerificationError>>,
{
    authenticate_request_state(method, uri, None, headers, options, None, verify)
        .await
        .state
}

/// Clerk's `authenticateRequest` with the handshake: the full request state (auth state,
/// status, and the headers Clerk answers with) of the request to `uri`, whose public URL is
/// `url` (Clerk's `clerkUrl`; without it no redirect can be built and the request is signed
/// out where Clerk would redirect).
///
/// `handshake` is the instance's handshake machinery ([`Handshake`]); without it, the result
/// is the one [`authenticate_request`] gives.
///
/// ```
/// use std::sync::Arc;
/// use clerk_runtime::auth::{AuthenticateOptions, authenticate_request_state};
/// use clerk_runtime::handshake::Status;
/// use clerk_runtime::{TokenVerificationError, TokenVerificationErrorReason};
/// use http::{HeaderMap, Method, Uri};
///
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let uri = Uri::from_static("/dashboard");
/// let state = authenticate_request_state(&Method::GET, &uri, None, &HeaderMap::new(),
///     &AuthenticateOptions::default(), None, |_token| async {
///         Err(TokenVerificationError::new(TokenVerificationErrorReason::TokenInvalid, "unused"))
///     }).await;
/// assert_eq!(state.status, Status::SignedOut);
/// assert_eq!(state.headers["x-clerk-auth-reason"], "session-token-and-uat-missing");
/// # });
/// ```
pub async fn authenticate_request_state<F, Fut>(
    method: &Method,
    uri: &Uri,
    url: Option<&Url>,
    headers: &HeaderMap,
    options: &AuthenticateOptions,
    handshake: Option<&Handshake>,
    verify: F,
) -> RequestState
where
    F: FnOnce(&str) -> Fut,
    Fut: Future<Output = Result<Arc<JwtPayload>, TokenVerificationError>>,
{
    let query = url.map_or(uri.query(), Url::query);
    let mut facts = Facts::gather(method, headers, query, url, options);
    authenticate(&mut facts, options, handshake, verify).await
}

/// The decision table on gathered facts.
async fn authenticate<F, Fut>(
    facts: &mut Facts<'_>,
    options: &AuthenticateOptions,
    engine: Option<&Handshake>,
    verify: F,
) -> RequestState
where
    F: FnOnce(&str) -> Fut,
    Fut: Future<Output = Result<Arc<JwtPayload>, TokenVerificationError>>,
{
    if let Some(token) = facts.header_token.clone() {
        // Only a machine JWT is refused unverified; an opaque machine token or a non-JWT goes
        // to the verifier, which answers `token-invalid` as Clerk's does.
        if classify(&token).kind == TokenKind::MachineJwt {
            return type_mismatch(Carrier::Header);
        }
        return match verify(&token).await {
            Ok(claims) => RequestState::from_auth_state(session_state(claims, &token)),
            Err(e) => token_error(facts, engine, &e, Carrier::Header).await,
        };
    }
    cookie_path(facts, options, engine, verify).await
}

/// `token-type-mismatch`: a machine token where a session token is required.
fn type_mismatch(carrier: Carrier) -> RequestState {
    RequestState::signed_out(
        auth(AuthErrorReason::TokenTypeMismatch),
        format!(
            "the {} holds a machine token, not a session token",
            match carrier {
                Carrier::Header => "Authorization header",
                Carrier::Cookie => "session cookie",
            }
        ),
    )
}

/// Clerk's `authenticateRequestWithTokenInCookie`, in Clerk's order.
async fn cookie_path<F, Fut>(
    facts: &mut Facts<'_>,
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
    // 2-5. Satellite sync and the dev browser.
    if let Some(state) = sync_rules(facts, options, engine) {
        return state;
    }

    // 6-8. The cookie pair.
    let active_client = facts.client_uat != 0.0;
    let token = match (facts.session_cookie.clone(), active_client) {
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
    let decoded =
        std::mem::replace(&mut facts.session_decoded, Peeked::Unknown).into_decoded(&token);
    let classified = classify_decoded(&token, decoded);
    let payload = match (classified.kind, &classified.decoded) {
        (TokenKind::MachineJwt, _) => return type_mismatch(Carrier::Cookie),
        (TokenKind::SessionJwt, Some((_, payload))) => payload,
        _ => {
            return RequestState::signed_out(
                SignedOutReason::Token(TokenVerificationErrorReason::TokenInvalid),
                "the session cookie is not a decodable JWT (reason=token-invalid, token-carrier=cookie)",
            );
        }
    };
    // `payload.iat < clientUat` with JavaScript's coercion: a string `iat` compares as a number,
    // a missing one never triggers.
    if payload
        .get("iat")
        .is_some_and(|iat| less_than_number(iat, facts.client_uat))
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
    let claims = match verify(&token).await {
        Ok(claims) => claims,
        Err(e) => return token_error(facts, engine, &e, Carrier::Cookie).await,
    };
    let state = session_state(claims, &token);
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
fn sync_rules(
    facts: &Facts<'_>,
    options: &AuthenticateOptions,
    engine: Option<&Handshake>,
) -> Option<RequestState> {
    let dev = options
        .instance
        .as_ref()
        .is_some_and(|instance| !instance.is_production());
    if let Some(engine) = engine
        && options.is_satellite
        && let Some(state) = satellite_sync(facts, engine, dev)
    {
        return Some(state);
    }
    if dev
        && !options.is_satellite
        && let Some(target) = facts
            .query_param(CLERK_REDIRECT_URL_PARAM)
            .filter(|v| !v.is_empty())
    {
        let reason = auth(AuthErrorReason::PrimaryRespondsToSyncing);
        let Some(engine) = engine else {
            return Some(RequestState::signed_out(reason, ""));
        };
        let Some(location) = primary_sync_location(&target, facts.dev_browser.as_deref()) else {
            // Clerk throws `Invalid URL`.
            let mut state = RequestState::signed_out(reason, "__clerk_redirect_url is not a URL");
            state.error = Some("Invalid URL in __clerk_redirect_url".to_owned());
            return Some(state);
        };
        return Some(engine.gate(facts, reason, String::new(), Some(location)));
    }
    let reason = if dev && facts.query_param(DEV_BROWSER_COOKIE).is_some() {
        AuthErrorReason::DevBrowserSync
    } else if dev && facts.dev_browser.is_none() {
        AuthErrorReason::DevBrowserMissing
    } else {
        return None;
    };
    Some(gate(facts, engine, auth(reason), String::new(), None))
}

/// Step 2: a satellite's page load that has not synced with the primary domain yet.
fn satellite_sync(facts: &Facts<'_>, engine: &Handshake, dev: bool) -> Option<RequestState> {
    let synced = facts.query_param("__clerk_synced");
    if facts.header("sec-fetch-dest") != Some("document")
        || facts.method != Method::GET
        || synced.as_deref() == Some("true")
    {
        return None;
    }
    let has_cookies = facts.session_cookie.is_some() || facts.client_uat != 0.0;
    let needs_sync = synced.as_deref() == Some("false");
    if !engine.settings().satellite_auto_sync && !has_cookies && !needs_sync {
        return Some(RequestState::signed_out(
            auth(AuthErrorReason::SessionTokenAndUatMissing),
            "",
        ));
    }
    if has_cookies && !needs_sync {
        return None;
    }
    let reason = auth(AuthErrorReason::SatelliteCookieNeedsSyncing);
    if !dev {
        return Some(engine.gate(facts, reason, String::new(), None));
    }
    let location = facts
        .url
        .and_then(|url| engine.satellite_sign_in_location(url));
    Some(match location {
        Some(location) => engine.gate(facts, reason, String::new(), Some(location)),
        None => RequestState::signed_out(reason, "no sign-in URL to sync the satellite with"),
    })
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
