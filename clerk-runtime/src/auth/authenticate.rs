//! Authenticating one request as Clerk's `authenticateRequest` does for a session-token route:
//! the `Authorization` header when present, else the `__session`/`__client_uat` cookies and
//! Clerk's decision table (production-instance behaviour).
//!
//! Clerk answers some signed-out document requests with a *handshake* (a redirect through the
//! Frontend API that refreshes the cookies). Handshakes are not implemented yet: where Clerk
//! would start one, the request is signed out with the same reason, and the message says so.

use std::future::Future;
use std::sync::Arc;

use http::{HeaderMap, Method};
use serde_json::Value;

use super::cookies::RequestCookies;
use super::js::is_js_whitespace;
use super::state::{AuthState, SessionAuth, SignedOutReason};
use super::token_source::{
    is_document_request, is_machine_token, peek, token_from_authorization_header,
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

/// JavaScript's `Number.parseInt(value, 10) || 0`.
fn parse_int_or_zero(value: &str) -> f64 {
    let s = value.trim_start_matches(is_js_whitespace);
    let (negative, s) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    let magnitude: f64 = s[..digits].parse().unwrap_or(0.0);
    if negative { -magnitude } else { magnitude }
}

/// Authenticates one request for a session-token route, as Clerk's `authenticateRequest`.
///
/// `verify` checks a token's signature and claims (the middleware passes its verifier); it is
/// called at most once, and only for a token that Clerk would verify.
///
/// - **Header**: an `Authorization` token (see [`token_from_authorization_header`]) is used
///   exclusively, even when cookies exist. A machine token is signed out with
///   `token-type-mismatch`; otherwise the token is verified.
/// - **Cookies** (no header token), Clerk's decision table:
///
///   | cookies | outcome |
///   |---|---|
///   | no `__session`, `__client_uat` missing or `0` | `session-token-and-uat-missing` |
///   | `__session`, no active `__client_uat` | `session-token-but-no-client-uat` |
///   | active `__client_uat`, no `__session` | `client-uat-but-no-session-token` |
///   | undecodable `__session` | `token-invalid` |
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
/// use clerk_runtime::auth::{AuthState, AuthenticateOptions, authenticate_request};
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
    // Pending sessions stay signed in here; see `AuthenticateOptions`.
    let _ = options;
    if let Some(token) = token_from_authorization_header(headers) {
        if is_machine_token(&token) {
            return signed_out(
                SignedOutReason::Auth(AuthErrorReason::TokenTypeMismatch),
                "the Authorization header holds a machine token, not a session token",
            );
        }
        return match verify(&token).await {
            Ok(claims) => session_state(claims, &token),
            Err(e) => token_error(&e, method, headers, Carrier::Header),
        };
    }

    let cookies = RequestCookies::from_headers(headers);
    let session = cookies.get(SESSION_COOKIE).filter(|s| !s.is_empty());
    let client_uat = parse_int_or_zero(cookies.get(CLIENT_UAT_COOKIE).unwrap_or(""));
    let active_client = client_uat != 0.0 && !client_uat.is_nan();
    let token = match (session, active_client) {
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
    let Some((_, payload)) = peek(token) else {
        return signed_out(
            SignedOutReason::Token(TokenVerificationErrorReason::TokenInvalid),
            "the session cookie is not a decodable JWT (reason=token-invalid, token-carrier=cookie)",
        );
    };
    if payload
        .get("iat")
        .and_then(Value::as_f64)
        .is_some_and(|iat| iat < client_uat)
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
