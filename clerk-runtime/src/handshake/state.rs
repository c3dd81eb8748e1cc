//! The full outcome of authenticating a request: Clerk's request state (the auth state, its
//! status, and the headers Clerk answers with).

use axum::body::Body;
use axum::response::Response;
use http::header::{HeaderName, HeaderValue, LOCATION};
use http::{HeaderMap, StatusCode};

use crate::auth::{AuthState, SignedOutReason};

/// `x-clerk-auth-status`.
pub const AUTH_STATUS: HeaderName = HeaderName::from_static("x-clerk-auth-status");
/// `x-clerk-auth-reason`.
pub const AUTH_REASON: HeaderName = HeaderName::from_static("x-clerk-auth-reason");
/// `x-clerk-auth-message`.
pub const AUTH_MESSAGE: HeaderName = HeaderName::from_static("x-clerk-auth-message");

/// Clerk's request status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// `signed-in`.
    SignedIn,
    /// `signed-out`.
    SignedOut,
    /// `handshake`: the request is answered with a redirect through the Frontend API.
    Handshake,
}

impl Status {
    /// Clerk's string.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SignedIn => "signed-in",
            Self::SignedOut => "signed-out",
            Self::Handshake => "handshake",
        }
    }
}

/// Clerk's request state: what handlers see ([`AuthState`]), Clerk's status, and the response
/// headers Clerk sets (`Location`, `Set-Cookie`, `cache-control`, `x-clerk-auth-*`).
///
/// When [`headers`](Self::headers) hold a `Location`, the layer answers at once with a 307
/// carrying every header (as `clerkMiddleware` does); otherwise the request continues and the
/// headers are added to the response.
///
/// ```
/// use clerk_runtime::handshake::{RequestState, Status};
/// use clerk_runtime::auth::{AuthState, SignedOutReason};
/// use clerk_runtime::AuthErrorReason;
///
/// let state = RequestState::signed_out(
///     SignedOutReason::Auth(AuthErrorReason::SessionTokenAndUatMissing),
///     "",
/// );
/// assert_eq!(state.status, Status::SignedOut);
/// assert_eq!(state.headers["x-clerk-auth-reason"], "session-token-and-uat-missing");
/// assert!(state.redirect().is_none());
/// ```
///
/// `Debug` shows the header names only: the `Location` and `Set-Cookie` values carry tokens.
#[derive(Clone)]
pub struct RequestState {
    /// The auth state handlers see. A handshake carries the signed-out reason that caused it.
    pub state: AuthState,
    /// Clerk's status.
    pub status: Status,
    /// The headers Clerk sets on the response.
    pub headers: HeaderMap,
    /// Set when Clerk would throw (a development handshake that fails verification): the
    /// request is answered with a 500 carrying this message.
    pub error: Option<String>,
}

impl std::fmt::Debug for RequestState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RequestState")
            .field("state", &self.state)
            .field("status", &self.status)
            .field(
                "headers",
                &self
                    .headers
                    .keys()
                    .map(HeaderName::as_str)
                    .collect::<Vec<_>>(),
            )
            .field("error", &self.error)
            .finish()
    }
}

impl RequestState {
    /// Signed in (no headers).
    #[must_use]
    pub fn signed_in(state: AuthState) -> Self {
        Self {
            state,
            status: Status::SignedIn,
            headers: HeaderMap::new(),
            error: None,
        }
    }

    /// Signed out with `reason` and `message`, carrying the `x-clerk-auth-*` headers.
    #[must_use]
    pub fn signed_out(reason: SignedOutReason, message: impl Into<String>) -> Self {
        Self::signed_out_with(reason, message.into(), HeaderMap::new())
    }

    pub(crate) fn signed_out_with(
        reason: SignedOutReason,
        message: String,
        mut headers: HeaderMap,
    ) -> Self {
        debug_headers(&mut headers, Status::SignedOut, &reason, &message);
        Self {
            state: AuthState::SignedOut { reason, message },
            status: Status::SignedOut,
            headers,
            error: None,
        }
    }

    pub(crate) fn handshake(
        reason: SignedOutReason,
        message: String,
        mut headers: HeaderMap,
    ) -> Self {
        debug_headers(&mut headers, Status::Handshake, &reason, &message);
        Self {
            state: AuthState::SignedOut { reason, message },
            status: Status::Handshake,
            headers,
            error: None,
        }
    }

    /// A request state from an [`AuthState`] alone (custom authenticators): signed-in, or
    /// signed-out with the `x-clerk-auth-*` headers.
    #[must_use]
    pub fn from_auth_state(state: AuthState) -> Self {
        match state {
            AuthState::SignedIn(_) => Self::signed_in(state),
            AuthState::SignedOut { reason, message } => Self::signed_out(reason, message),
        }
    }

    /// The `Location` Clerk answers with, if any.
    #[must_use]
    pub fn location(&self) -> Option<&HeaderValue> {
        self.headers.get(LOCATION)
    }

    /// The response that replaces the app's, if the state calls for one: a 500 when Clerk
    /// would throw, a 307 (empty body, every state header) when there is a `Location`.
    #[must_use]
    pub fn redirect(&self) -> Option<Response> {
        if let Some(message) = &self.error {
            let mut response = Response::new(Body::from(message.clone()));
            *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
            return Some(response);
        }
        self.location()?;
        let mut response = Response::new(Body::empty());
        *response.status_mut() = StatusCode::TEMPORARY_REDIRECT;
        for (name, value) in &self.headers {
            response.headers_mut().append(name, value.clone());
        }
        Some(response)
    }
}

impl RequestState {
    /// [`redirect`](Self::redirect), with a debug event naming the answer when `debug` is set.
    pub(crate) fn early_response(&self, debug: bool) -> Option<Response> {
        let response = self.redirect()?;
        if debug {
            tracing::info!(
                target: "clerk",
                decision = %format_args!("answered {} ({})", response.status(), self.status.as_str()),
                "clerk debug end"
            );
        }
        Some(response)
    }

    /// Adds the state's headers to the app's response (a request that continues): the
    /// `Set-Cookie`s of a refresh or a production handshake resolution, and the CORS headers of
    /// a resolution. The `x-clerk-auth-*` headers are left to the layer, which does not
    /// overwrite those a response already has.
    pub fn decorate(&self, response: &mut Response) {
        for (name, value) in &self.headers {
            if name == AUTH_STATUS || name == AUTH_REASON || name == AUTH_MESSAGE {
                continue;
            }
            response.headers_mut().append(name, value.clone());
        }
    }
}

/// `x-clerk-auth-reason` for `reason` (shared, not copied, for Clerk's fixed reasons).
pub(crate) fn reason_header(reason: &SignedOutReason) -> Option<HeaderValue> {
    match reason.as_str() {
        // `from_static` accepts exactly these bytes (it would panic on others).
        std::borrow::Cow::Borrowed(fixed)
            if fixed.bytes().all(|b| (32..127).contains(&b) || b == b'\t') =>
        {
            Some(HeaderValue::from_static(fixed))
        }
        reason => HeaderValue::from_str(&reason).ok(),
    }
}

/// Clerk's `withDebugHeaders`: status, reason, and the message when it is not empty. A value
/// that is not a valid header value is skipped.
fn debug_headers(headers: &mut HeaderMap, status: Status, reason: &SignedOutReason, message: &str) {
    headers.insert(AUTH_STATUS, HeaderValue::from_static(status.as_str()));
    if let Some(value) = reason_header(reason) {
        headers.insert(AUTH_REASON, value);
    }
    if !message.is_empty()
        && let Ok(value) = HeaderValue::from_str(message)
    {
        headers.insert(AUTH_MESSAGE, value);
    }
}
