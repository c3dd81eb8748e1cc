//! `AuthRejection`: every way the middleware or `Auth` answers instead of the handler.

use std::fmt;

use axum::body::Body;
use axum::response::{IntoResponse, Response};
use http::header::{HeaderValue, LOCATION, WWW_AUTHENTICATE};
use http::{HeaderName, StatusCode};

use crate::auth::SignedOutReason;

/// `x-clerk-auth-status`: `signed-out` on every response to a signed-out request.
pub const AUTH_STATUS_HEADER: HeaderName = HeaderName::from_static("x-clerk-auth-status");
/// `x-clerk-auth-reason`: why the request is signed out; `protect-rewrite, <reason>` on a 404.
pub const AUTH_REASON_HEADER: HeaderName = HeaderName::from_static("x-clerk-auth-reason");
/// `x-clerk-redirect-to: true` marks redirects Clerk made.
pub const REDIRECT_TO_HEADER: HeaderName = HeaderName::from_static("x-clerk-redirect-to");

/// The reason prefix Clerk puts on the 404 that `protect()` answers.
const PROTECT_REWRITE: &str = "protect-rewrite";

/// An answer the middleware gives instead of running the handler: a redirect, a 404, a
/// 401/403 (JSON API policy), a 400 (malformed path or `Host`) or a 500 (misconfiguration).
///
/// `Auth::protect()` and friends return it, so handlers and middleware closures use it with
/// `?`. Bodies never contain token data.
///
/// ```
/// use clerk_runtime::middleware::AuthRejection;
/// use http::StatusCode;
///
/// let rejection = AuthRejection::NotFound { signed_out: None };
/// assert_eq!(rejection.status(), StatusCode::NOT_FOUND);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum AuthRejection {
    /// 307 to sign-in (or sign-up) with `redirect_url`: a signed-out page request.
    SignInRequired {
        /// The sign-in URL, `redirect_url` included.
        location: String,
        /// Why the request is signed out (`None` for a pending session).
        signed_out: Option<SignedOutReason>,
    },
    /// 307 to `unauthenticated_url` or `unauthorized_url`.
    Redirect {
        /// The configured URL, unchanged.
        location: String,
        /// Why the request is signed out, if it is.
        signed_out: Option<SignedOutReason>,
    },
    /// 404: Clerk's `protect()` hides the route from signed-out non-page requests and from
    /// users without the required role or permission.
    NotFound {
        /// Why the request is signed out, if it is.
        signed_out: Option<SignedOutReason>,
    },
    /// 401 `WWW-Authenticate: Bearer error="invalid_token"` (JSON API policy).
    InvalidToken {
        /// Why the request is signed out (`None` for a pending session).
        signed_out: Option<SignedOutReason>,
    },
    /// 403 `WWW-Authenticate: Bearer error="insufficient_scope"` (JSON API policy).
    InsufficientScope,
    /// 400: the path has a malformed percent escape, so no route rule can judge it.
    MalformedPath,
    /// 400: the request's origin is needed (to send it to sign-in) but its `Host` is missing,
    /// empty, invalid or repeated (RFC 9112 §3.2).
    InvalidHost,
    /// 500: `Auth` or a protection was used where `ClerkLayer` did not run.
    MissingLayer,
    /// 500: the configuration cannot answer this request (details are logged).
    Misconfigured,
}

impl AuthRejection {
    /// The HTTP status of the answer.
    #[must_use]
    pub const fn status(&self) -> StatusCode {
        match self {
            Self::SignInRequired { .. } | Self::Redirect { .. } => StatusCode::TEMPORARY_REDIRECT,
            Self::NotFound { .. } => StatusCode::NOT_FOUND,
            Self::InvalidToken { .. } => StatusCode::UNAUTHORIZED,
            Self::InsufficientScope => StatusCode::FORBIDDEN,
            Self::MalformedPath | Self::InvalidHost => StatusCode::BAD_REQUEST,
            Self::MissingLayer | Self::Misconfigured => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The response body: empty except for the 500s, which say what to fix without details.
    #[must_use]
    pub const fn body_text(&self) -> &'static str {
        match self {
            Self::MissingLayer => "ClerkLayer is not installed on this route",
            Self::Misconfigured => "Clerk middleware is misconfigured",
            _ => "",
        }
    }

    fn signed_out(&self) -> Option<&SignedOutReason> {
        match self {
            Self::SignInRequired { signed_out, .. }
            | Self::Redirect { signed_out, .. }
            | Self::NotFound { signed_out }
            | Self::InvalidToken { signed_out } => signed_out.as_ref(),
            _ => None,
        }
    }
}

impl fmt::Display for AuthRejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::SignInRequired { .. } => f.write_str("sign-in required: redirecting to sign-in"),
            Self::Redirect { location, .. } => write!(f, "redirecting to {location}"),
            Self::NotFound { .. } => f.write_str("not found (protect-rewrite)"),
            Self::InvalidToken { .. } => f.write_str("no valid session token"),
            Self::InsufficientScope => f.write_str("the session lacks the required authorization"),
            Self::MalformedPath => f.write_str("the request path has a malformed percent escape"),
            Self::InvalidHost => {
                f.write_str("the request's Host header is missing, invalid or repeated")
            }
            Self::MissingLayer => f.write_str("ClerkLayer is not installed on this route"),
            Self::Misconfigured => f.write_str("the Clerk middleware is misconfigured"),
        }
    }
}

impl std::error::Error for AuthRejection {}

impl IntoResponse for AuthRejection {
    fn into_response(self) -> Response {
        let mut response = Response::new(Body::from(self.body_text()));
        *response.status_mut() = self.status();
        let headers = response.headers_mut();
        let signed_out = self.signed_out().map(SignedOutReason::as_str);
        if let Some(reason) = &signed_out {
            headers.insert(AUTH_STATUS_HEADER, HeaderValue::from_static("signed-out"));
            if !matches!(self, Self::NotFound { .. }) {
                insert_text(headers, AUTH_REASON_HEADER, reason);
            }
        }
        match &self {
            Self::SignInRequired { location, .. } | Self::Redirect { location, .. } => {
                // Locations are built by `url::Url` or validated as absolute URLs at build
                // time, so they are always valid header values.
                if let Ok(value) = HeaderValue::from_str(location) {
                    headers.insert(LOCATION, value);
                }
                headers.insert(REDIRECT_TO_HEADER, HeaderValue::from_static("true"));
            }
            Self::NotFound { .. } => {
                let reason = match &signed_out {
                    Some(reason) => format!("{PROTECT_REWRITE}, {reason}"),
                    None => PROTECT_REWRITE.to_owned(),
                };
                insert_text(headers, AUTH_REASON_HEADER, &reason);
            }
            Self::InvalidToken { .. } => {
                headers.insert(
                    WWW_AUTHENTICATE,
                    HeaderValue::from_static(r#"Bearer error="invalid_token""#),
                );
            }
            Self::InsufficientScope => {
                headers.insert(
                    WWW_AUTHENTICATE,
                    HeaderValue::from_static(r#"Bearer error="insufficient_scope""#),
                );
            }
            Self::MalformedPath | Self::InvalidHost | Self::MissingLayer | Self::Misconfigured => {}
        }
        response
    }
}

impl From<AuthRejection> for Response {
    fn from(rejection: AuthRejection) -> Self {
        rejection.into_response()
    }
}

fn insert_text(headers: &mut http::HeaderMap, name: HeaderName, text: &str) {
    if let Ok(value) = HeaderValue::from_str(text) {
        headers.insert(name, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::AuthErrorReason;

    const MISSING: SignedOutReason =
        SignedOutReason::Auth(AuthErrorReason::SessionTokenAndUatMissing);

    #[test]
    fn not_found_for_signed_out_names_both_reasons() {
        let response = AuthRejection::NotFound {
            signed_out: Some(MISSING),
        }
        .into_response();
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        assert_eq!(
            response.headers()[AUTH_REASON_HEADER],
            "protect-rewrite, session-token-and-uat-missing"
        );
        assert_eq!(response.headers()[AUTH_STATUS_HEADER], "signed-out");
    }

    #[test]
    fn not_found_for_signed_in_has_no_status_header() {
        let response = AuthRejection::NotFound { signed_out: None }.into_response();
        assert_eq!(response.headers()[AUTH_REASON_HEADER], "protect-rewrite");
        assert!(response.headers().get(AUTH_STATUS_HEADER).is_none());
    }

    #[test]
    fn redirects_are_307_with_marker() {
        let response = AuthRejection::SignInRequired {
            location: "https://accounts.example.com/sign-in".into(),
            signed_out: Some(MISSING),
        }
        .into_response();
        assert_eq!(response.status(), StatusCode::TEMPORARY_REDIRECT);
        assert_eq!(
            response.headers()[LOCATION],
            "https://accounts.example.com/sign-in"
        );
        assert_eq!(response.headers()[REDIRECT_TO_HEADER], "true");
        assert_eq!(
            response.headers()[AUTH_REASON_HEADER],
            "session-token-and-uat-missing"
        );
    }

    #[test]
    fn json_api_answers() {
        let response = AuthRejection::InvalidToken {
            signed_out: Some(MISSING),
        }
        .into_response();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(
            response.headers()[WWW_AUTHENTICATE],
            r#"Bearer error="invalid_token""#
        );
        let response = AuthRejection::InsufficientScope.into_response();
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        assert_eq!(
            response.headers()[WWW_AUTHENTICATE],
            r#"Bearer error="insufficient_scope""#
        );
    }
}
