//! Authenticating one request as Clerk's `authenticateRequest` does for a session-token route:
//! the `Authorization` header when present, else the session cookies (suffixed or plain, as
//! Clerk picks them) and Clerk's decision table, with the development-instance dev-browser rules
//! when the publishable key is a `pk_test_` key.
//!
//! Clerk answers some signed-out document requests with a *handshake* (a redirect through the
//! Frontend API that refreshes the cookies). Handshakes are not implemented yet: where Clerk
//! would start one, the request is signed out with the same reason, and the message says so.

use std::future::Future;
use std::sync::Arc;

use http::{HeaderMap, Method, Uri};

use super::cookies::RequestCookies;
use super::js_number::less_than_number;
use super::request_cookies::{CookieInstance, DEV_BROWSER_COOKIE, SessionCookies};
use super::state::{AuthState, SessionAuth, SignedOutReason};
use super::token_source::{
    TokenKind, classify, classify_decoded, is_document_request, token_from_authorization_header,
};
use crate::verify::JwtPayload;
use crate::{AuthErrorReason, TokenVerificationError, TokenVerificationErrorReason};

/// The query parameter that sends a development instance's satellite back after syncing.
const CLERK_REDIRECT_URL_PARAM: &str = "__clerk_redirect_url";

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

    fn now_ms(&self) -> i64 {
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

fn signed_out(reason: SignedOutReason, message: impl Into<String>) -> AuthState {
    AuthState::SignedOut {
        reason,
        message: message.into(),
    }
}

/// Clerk's `handleMaybeHandshakeStatus`, without the handshake.
fn signed_out_or_handshake(
    reason: SignedOutReason,
    message: &str,
    headers: &HeaderMap,
) -> AuthState {
    if is_document_request(headers) {
        let sep = if message.is_empty() { "" } else { "; " };
        signed_out(
            reason,
            format!(
                "{message}{sep}Clerk would start a handshake here; handshakes are not supported yet, so the request is signed out"
            ),
        )
    } else {
        signed_out(reason, message)
    }
}

/// Clerk's `handleSessionTokenError` for a token that failed verification.
fn token_error(
    error: &TokenVerificationError,
    method: &Method,
    headers: &HeaderMap,
    carrier: Carrier,
) -> AuthState {
    let message = format!(
        "{} (reason={}, token-carrier={})",
        error.message,
        error.reason,
        carrier.as_str()
    );
    let reason = match error.reason {
        // No refresh is attempted: the refresh cookie is suffixed, and refreshing needs the
        // Backend API. A non-GET request is never eligible.
        TokenVerificationErrorReason::TokenExpired => {
            SignedOutReason::SessionTokenExpiredRefresh(if method == Method::GET {
                "non-eligible-no-refresh-cookie"
            } else {
                "non-eligible-non-get"
            })
        }
        TokenVerificationErrorReason::TokenNotActiveYet => {
            SignedOutReason::Auth(AuthErrorReason::SessionTokenNbf)
        }
        TokenVerificationErrorReason::TokenIatInTheFuture => {
            SignedOutReason::Auth(AuthErrorReason::SessionTokenIatInTheFuture)
        }
        other => return signed_out(SignedOutReason::Token(other), message),
    };
    signed_out_or_handshake(reason, &message, headers)
}

/// The auth state for a verified token.
fn session_state(claims: Arc<JwtPayload>, token: &str) -> AuthState {
    match SessionAuth::from_payload(claims, Arc::from(token)) {
        Ok(session) => AuthState::SignedIn(session),
        Err(e) if e.is_subject_error() => signed_out(
            SignedOutReason::Token(TokenVerificationErrorReason::TokenVerificationFailed),
            e.to_string(),
        ),
        Err(e) => signed_out(
            SignedOutReason::Auth(AuthErrorReason::UnexpectedError),
            format!("the session claims cannot be read: {e}"),
        ),
    }
}

/// Authenticates one request for a session-token route, as Clerk's `authenticateRequest`.
///
/// `verify` checks a token's signature and claims (the middleware passes its verifier); it is
/// called at most once, and only for a token that Clerk would verify.
///
/// - **Header**: an `Authorization` token (see [`token_from_authorization_header`]) is used
///   exclusively, even when cookies exist. A machine JWT ([`TokenKind::MachineJwt`]) is signed
///   out with `token-type-mismatch`; anything else is verified (an opaque machine token is
///   `token-invalid`).
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
/// Where Clerk would answer a document request with a handshake, the request is signed out
/// with the same reason (handshakes are not implemented yet).
///
/// ```
/// use std::sync::Arc;
/// use clerk_runtime::auth::{authenticate_request, AuthenticateOptions, AuthState};
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
    // Pending sessions stay signed in here; see `AuthenticateOptions`.
    if let Some(token) = token_from_authorization_header(headers) {
        // Only a machine JWT is refused unverified; an opaque machine token or a non-JWT goes
        // to the verifier, which answers `token-invalid` as Clerk's does.
        if classify(&token).kind == TokenKind::MachineJwt {
            return type_mismatch(Carrier::Header);
        }
        return match verify(&token).await {
            Ok(claims) => session_state(claims, &token),
            Err(e) => token_error(&e, method, headers, Carrier::Header),
        };
    }

    let cookies = RequestCookies::from_headers(headers);
    let selected = SessionCookies::read(&cookies, options.instance.as_ref(), || options.now_ms());
    if let Some(state) = development_rules(uri, headers, options, &selected) {
        return state;
    }
    let client_uat = selected.client_uat;
    let token = match (selected.session, client_uat != 0.0) {
        (None, false) => {
            return signed_out(
                SignedOutReason::Auth(AuthErrorReason::SessionTokenAndUatMissing),
                "",
            );
        }
        (Some(_), false) => {
            return signed_out_or_handshake(
                SignedOutReason::Auth(AuthErrorReason::SessionTokenWithoutClientUat),
                "",
                headers,
            );
        }
        (None, true) => {
            return signed_out_or_handshake(
                SignedOutReason::Auth(AuthErrorReason::ClientUatWithoutSessionToken),
                "",
                headers,
            );
        }
        (Some(token), true) => token,
    };
    let decoded = selected.session_decoded.into_decoded(token);
    let classified = classify_decoded(token, decoded);
    let payload = match (classified.kind, &classified.decoded) {
        (TokenKind::MachineJwt, _) => return type_mismatch(Carrier::Cookie),
        (TokenKind::SessionJwt, Some((_, payload))) => payload,
        _ => {
            return signed_out(
                SignedOutReason::Token(TokenVerificationErrorReason::TokenInvalid),
                "the session cookie is not a decodable JWT (reason=token-invalid, token-carrier=cookie)",
            );
        }
    };
    // `payload.iat < clientUat` with JavaScript's coercion: a string `iat` compares as a number,
    // a missing one never triggers.
    if payload
        .get("iat")
        .is_some_and(|iat| less_than_number(iat, client_uat))
    {
        return signed_out_or_handshake(
            SignedOutReason::Auth(AuthErrorReason::SessionTokenIatBeforeClientUat),
            "",
            headers,
        );
    }
    match verify(token).await {
        Ok(claims) => session_state(claims, token),
        Err(e) => token_error(&e, method, headers, Carrier::Cookie),
    }
}

/// `token-type-mismatch`: a machine token where a session token is required.
fn type_mismatch(carrier: Carrier) -> AuthState {
    signed_out(
        SignedOutReason::Auth(AuthErrorReason::TokenTypeMismatch),
        format!(
            "the {} holds a machine token, not a session token",
            match carrier {
                Carrier::Header => "Authorization header",
                Carrier::Cookie => "session cookie",
            }
        ),
    )
}

/// The development-instance rules that come before the session cookies (Clerk's
/// `authenticateRequestWithTokenInCookie`, after satellite sync): syncing a satellite back, a
/// dev browser arriving in the query, and a missing dev browser.
fn development_rules(
    uri: &Uri,
    headers: &HeaderMap,
    options: &AuthenticateOptions,
    selected: &SessionCookies<'_>,
) -> Option<AuthState> {
    if options
        .instance
        .as_ref()
        .is_none_or(CookieInstance::is_production)
    {
        return None;
    }
    let query = uri.query().unwrap_or_default();
    let params = || url::form_urlencoded::parse(query.as_bytes());
    let redirect_back = params()
        .find(|(name, _)| name == CLERK_REDIRECT_URL_PARAM)
        .is_some_and(|(_, value)| !value.is_empty());
    let reason = if !options.is_satellite && redirect_back {
        AuthErrorReason::PrimaryRespondsToSyncing
    } else if params().any(|(name, _)| name == DEV_BROWSER_COOKIE) {
        AuthErrorReason::DevBrowserSync
    } else if selected.dev_browser.is_none() {
        AuthErrorReason::DevBrowserMissing
    } else {
        return None;
    };
    Some(signed_out_or_handshake(
        SignedOutReason::Auth(reason),
        "",
        headers,
    ))
}
