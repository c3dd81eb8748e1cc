//! `AuthRejection`: every way the middleware or `Auth` answers instead of the handler, and
//! the fixed answers the built-in policies send.

use std::fmt;
use std::sync::Arc;

use axum::body::Body;
use axum::response::{IntoResponse, Response};
use http::header::{HeaderValue, LOCATION, WWW_AUTHENTICATE};
use http::{HeaderName, StatusCode};

use super::request_context::RequestContext;
use crate::AuthErrorReason;
use crate::auth::SignedOutReason;
use crate::handshake::reason_header;
use crate::middleware::decision::{Outcome, Recorded};

/// `x-clerk-auth-status`: `signed-out` on every response to a signed-out request.
pub const AUTH_STATUS_HEADER: HeaderName = HeaderName::from_static("x-clerk-auth-status");
/// `x-clerk-auth-reason`: why the request is signed out; `protect-rewrite, <reason>` on a 404.
pub const AUTH_REASON_HEADER: HeaderName = HeaderName::from_static("x-clerk-auth-reason");
/// `x-clerk-redirect-to: true` marks redirects Clerk made.
pub const REDIRECT_TO_HEADER: HeaderName = HeaderName::from_static("x-clerk-redirect-to");

/// The reason prefix Clerk puts on the 404 that `protect()` answers.
const PROTECT_REWRITE: &str = "protect-rewrite";

/// Why a request is not handed to the handler, as `Auth::protect*`, `#[protect]`, route
/// tables and the layer report it. It implements `IntoResponse`: return it (or use `?`) and
/// the layer's [`ResponsePolicy`](crate::middleware::ResponsePolicy) answers.
///
/// A denial by a protection carries its [`Outcome`] ([`outcome`](Self::outcome)); the other
/// rejections are a sign-in redirect the app asked for (`redirect_to_sign_in()`), a malformed
/// path (400), a route without `ClerkLayer` (500 naming the layer) and a misconfiguration
/// (500). Bodies never contain token data.
///
/// ```
/// use clerk_runtime::{Auth, AuthRejection};
/// use clerk_runtime::middleware::Outcome;
///
/// async fn admin_area(auth: Auth) -> Result<&'static str, AuthRejection> {
///     if let Err(rejection) = auth.protect() {
///         if let Some(Outcome::Unauthenticated(denied)) = rejection.outcome() {
///             tracing::info!(reason = ?denied.reason(), "signed out");
///         }
///         return Err(rejection);
///     }
///     Ok("welcome")
/// }
/// ```
#[derive(Clone)]
pub struct AuthRejection(Box<Rejection>);

#[derive(Clone)]
struct Rejection {
    kind: Kind,
    /// The request's context: its policy answers denials, its slot records the decision.
    context: Option<Arc<RequestContext<'static>>>,
    /// The route rule that denied, when one did.
    rule: Option<&'static [&'static str]>,
}

#[derive(Clone, Debug)]
enum Kind {
    /// A protection denied the request: the policy answers.
    Denied(Outcome),
    /// A fixed answer.
    Answer(Answer),
}

impl AuthRejection {
    /// A protection's denial, answered by the context's policy.
    pub(crate) fn denied(outcome: Outcome, context: Arc<RequestContext<'static>>) -> Self {
        Self(Box::new(Rejection {
            kind: Kind::Denied(outcome),
            context: Some(context),
            rule: None,
        }))
    }

    /// A fixed answer, recorded in `context` when there is one.
    pub(crate) fn answer(answer: Answer, context: Option<Arc<RequestContext<'static>>>) -> Self {
        Self(Box::new(Rejection {
            kind: Kind::Answer(answer),
            context,
            rule: None,
        }))
    }

    /// 400: the path has a malformed percent escape, so no route rule can judge it.
    #[must_use]
    pub fn malformed_path() -> Self {
        Self::answer(Answer::MalformedPath, None)
    }

    /// 500: `Auth` or a protection was used where `ClerkLayer` did not run.
    #[must_use]
    pub fn missing_layer() -> Self {
        Self::answer(Answer::MissingLayer, None)
    }

    /// 500: the configuration cannot answer this request (the details were logged).
    pub(crate) fn misconfigured(context: Option<Arc<RequestContext<'static>>>) -> Self {
        Self::answer(Answer::Misconfigured, context)
    }

    /// Names the route rule that denied.
    pub(crate) fn with_rule(mut self, rule: &'static [&'static str]) -> Self {
        self.0.rule = Some(rule);
        self
    }

    /// The decision, when a protection denied the request (`None` for the other rejections).
    #[must_use]
    pub fn outcome(&self) -> Option<&Outcome> {
        match &self.0.kind {
            Kind::Denied(outcome) => Some(outcome),
            Kind::Answer(_) => None,
        }
    }

    /// Whether the rejection is the 500 for a route `ClerkLayer` did not run for.
    #[must_use]
    pub fn is_missing_layer(&self) -> bool {
        matches!(self.0.kind, Kind::Answer(Answer::MissingLayer))
    }

    /// The HTTP status the answer will have (asks the response policy).
    #[must_use]
    pub fn status(&self) -> StatusCode {
        self.render().status()
    }

    /// The response, without recording it.
    fn render(&self) -> Response {
        match (&self.0.kind, &self.0.context) {
            (Kind::Denied(outcome), Some(context)) => context.answer_denial(outcome),
            // Built only with a context; fail closed all the same.
            (Kind::Denied(_), None) => Answer::Misconfigured.into_response(),
            (Kind::Answer(answer), _) => answer.clone().into_response(),
        }
    }
}

impl fmt::Debug for AuthRejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut debug = f.debug_struct("AuthRejection");
        match &self.0.kind {
            Kind::Denied(outcome) => debug.field("outcome", outcome),
            Kind::Answer(answer) => debug.field("answer", answer),
        };
        debug.field("rule", &self.0.rule).finish()
    }
}

impl fmt::Display for AuthRejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0.kind {
            Kind::Denied(outcome) => write!(f, "request denied: {outcome}"),
            Kind::Answer(answer) => fmt::Display::fmt(answer, f),
        }
    }
}

impl std::error::Error for AuthRejection {}

impl IntoResponse for AuthRejection {
    fn into_response(self) -> Response {
        let response = self.render();
        let Rejection {
            kind,
            context,
            rule,
        } = *self.0;
        if let Some(slot) = context.as_ref().and_then(|c| c.decisions.as_ref()) {
            let (outcome, answer) = match kind {
                Kind::Denied(outcome) => (Some(outcome), None),
                Kind::Answer(answer) => (None, Some(answer.label())),
            };
            slot.record(Recorded {
                outcome,
                answer,
                rule,
            });
        }
        response
    }
}

impl From<AuthRejection> for Response {
    fn from(rejection: AuthRejection) -> Self {
        rejection.into_response()
    }
}

/// The fixed answers: what the built-in policies and the layer send.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Answer {
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
    /// 401 `WWW-Authenticate: Bearer` (JSON API policy), with `error="invalid_token"` unless
    /// the request carried no credentials at all.
    InvalidToken {
        /// Why the request is signed out (`None` for a pending session).
        signed_out: Option<SignedOutReason>,
        /// No token was sent (RFC 6750 §3.1: no error code then).
        no_credentials: bool,
    },
    /// 403 `WWW-Authenticate: Bearer error="insufficient_scope"` (JSON API policy).
    InsufficientScope,
    /// 400: the path has a malformed percent escape.
    MalformedPath,
    /// 400: the request's origin is needed (to send it to sign-in) but its `Host` is missing,
    /// empty, invalid or repeated (RFC 9112 §3.2).
    InvalidHost,
    /// 500: no `ClerkLayer` ran for this request.
    MissingLayer,
    /// 500: the configuration cannot answer this request (details are logged).
    Misconfigured,
}

impl Answer {
    /// The HTTP status of the answer.
    const fn status(&self) -> StatusCode {
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
    const fn body_text(&self) -> &'static str {
        match self {
            Self::MissingLayer => "ClerkLayer is not installed on this route",
            Self::Misconfigured => "Clerk middleware is misconfigured",
            _ => "",
        }
    }

    /// What the debug event calls it.
    const fn label(&self) -> &'static str {
        match self {
            Self::SignInRequired { .. } => "redirect to sign-in",
            Self::Redirect { .. } => "redirect",
            Self::NotFound { .. } => "not found",
            Self::InvalidToken { .. } => "invalid token",
            Self::InsufficientScope => "insufficient scope",
            Self::MalformedPath => "malformed path",
            Self::InvalidHost => "invalid host",
            Self::MissingLayer => "missing layer",
            Self::Misconfigured => "misconfigured",
        }
    }

    fn signed_out(&self) -> Option<&SignedOutReason> {
        match self {
            Self::SignInRequired { signed_out, .. }
            | Self::Redirect { signed_out, .. }
            | Self::NotFound { signed_out }
            | Self::InvalidToken { signed_out, .. } => signed_out.as_ref(),
            _ => None,
        }
    }
}

impl fmt::Display for Answer {
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

impl IntoResponse for Answer {
    fn into_response(self) -> Response {
        let body = match self.body_text() {
            // An empty body allocates nothing.
            "" => Body::empty(),
            text => Body::from(text),
        };
        let mut response = Response::new(body);
        *response.status_mut() = self.status();
        let headers = response.headers_mut();
        let signed_out = self.signed_out();
        if let Some(reason) = signed_out {
            headers.insert(AUTH_STATUS_HEADER, HeaderValue::from_static("signed-out"));
            if !matches!(self, Self::NotFound { .. })
                && let Some(value) = reason_header(reason)
            {
                headers.insert(AUTH_REASON_HEADER, value);
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
                if let Some(value) = protect_rewrite_reason(signed_out) {
                    headers.insert(AUTH_REASON_HEADER, value);
                }
            }
            Self::InvalidToken { no_credentials, .. } => {
                headers.insert(
                    WWW_AUTHENTICATE,
                    HeaderValue::from_static(if *no_credentials {
                        "Bearer"
                    } else {
                        r#"Bearer error="invalid_token""#
                    }),
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

/// `x-clerk-auth-reason` on the 404 `protect()` answers: `protect-rewrite`, then why the
/// request is signed out. Clerk's fixed reasons are shared values, not formatted per request.
fn protect_rewrite_reason(signed_out: Option<&SignedOutReason>) -> Option<HeaderValue> {
    match signed_out {
        None => Some(HeaderValue::from_static(PROTECT_REWRITE)),
        Some(SignedOutReason::Auth(reason)) => {
            Some(HeaderValue::from_static(protect_rewrite_auth(*reason)))
        }
        Some(reason) => HeaderValue::from_str(&format!("{PROTECT_REWRITE}, {reason}")).ok(),
    }
}

/// `protect-rewrite, <reason>` for each of Clerk's `AuthErrorReason`s.
const fn protect_rewrite_auth(reason: AuthErrorReason) -> &'static str {
    macro_rules! rewrite {
        ($reason:literal) => {
            concat!("protect-rewrite, ", $reason)
        };
    }
    match reason {
        AuthErrorReason::ClientUatWithoutSessionToken => {
            rewrite!("client-uat-but-no-session-token")
        }
        AuthErrorReason::DevBrowserMissing => rewrite!("dev-browser-missing"),
        AuthErrorReason::DevBrowserSync => rewrite!("dev-browser-sync"),
        AuthErrorReason::PrimaryRespondsToSyncing => rewrite!("primary-responds-to-syncing"),
        AuthErrorReason::PrimaryDomainCrossOriginSync => {
            rewrite!("primary-domain-cross-origin-sync")
        }
        AuthErrorReason::SatelliteCookieNeedsSyncing => rewrite!("satellite-needs-syncing"),
        AuthErrorReason::SessionTokenAndUatMissing => rewrite!("session-token-and-uat-missing"),
        AuthErrorReason::SessionTokenMissing => rewrite!("session-token-missing"),
        AuthErrorReason::SessionTokenExpired => rewrite!("session-token-expired"),
        AuthErrorReason::SessionTokenIatBeforeClientUat => {
            rewrite!("session-token-iat-before-client-uat")
        }
        AuthErrorReason::SessionTokenNbf => rewrite!("session-token-nbf"),
        AuthErrorReason::SessionTokenIatInTheFuture => rewrite!("session-token-iat-in-the-future"),
        AuthErrorReason::SessionTokenWithoutClientUat => {
            rewrite!("session-token-but-no-client-uat")
        }
        AuthErrorReason::ActiveOrganizationMismatch => rewrite!("active-organization-mismatch"),
        AuthErrorReason::TokenTypeMismatch => rewrite!("token-type-mismatch"),
        AuthErrorReason::UnexpectedError => rewrite!("unexpected-error"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::AuthErrorReason;

    const MISSING: SignedOutReason =
        SignedOutReason::Auth(AuthErrorReason::SessionTokenAndUatMissing);

    #[test]
    fn the_404_names_protect_rewrite_then_the_signed_out_reason() {
        let reasons = AuthErrorReason::ALL
            .map(SignedOutReason::Auth)
            .into_iter()
            .chain([
                SignedOutReason::Token(crate::TokenVerificationErrorReason::TokenInvalid),
                SignedOutReason::SessionTokenExpiredRefresh("non-eligible-non-get".into()),
            ]);
        for reason in reasons {
            let response = Answer::NotFound {
                signed_out: Some(reason.clone()),
            }
            .into_response();
            assert_eq!(response.status(), StatusCode::NOT_FOUND);
            assert_eq!(
                response.headers()[AUTH_REASON_HEADER],
                format!("protect-rewrite, {reason}").as_str()
            );
            assert_eq!(response.headers()[AUTH_STATUS_HEADER], "signed-out");
        }
        let signed_in = Answer::NotFound { signed_out: None }.into_response();
        assert_eq!(signed_in.headers()[AUTH_REASON_HEADER], "protect-rewrite");
        assert!(!signed_in.headers().contains_key(AUTH_STATUS_HEADER));
    }

    #[test]
    fn not_found_for_signed_out_names_both_reasons() {
        let response = Answer::NotFound {
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
        let response = Answer::NotFound { signed_out: None }.into_response();
        assert_eq!(response.headers()[AUTH_REASON_HEADER], "protect-rewrite");
        assert!(response.headers().get(AUTH_STATUS_HEADER).is_none());
    }

    #[test]
    fn redirects_are_307_with_marker() {
        let response = Answer::SignInRequired {
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
    fn no_credentials_get_a_bare_bearer_challenge() {
        let response = Answer::InvalidToken {
            signed_out: Some(MISSING),
            no_credentials: true,
        }
        .into_response();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(response.headers()[WWW_AUTHENTICATE], "Bearer");
    }

    #[test]
    fn json_api_answers() {
        let response = Answer::InvalidToken {
            signed_out: Some(MISSING),
            no_credentials: false,
        }
        .into_response();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(
            response.headers()[WWW_AUTHENTICATE],
            r#"Bearer error="invalid_token""#
        );
        let response = Answer::InsufficientScope.into_response();
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        assert_eq!(
            response.headers()[WWW_AUTHENTICATE],
            r#"Bearer error="insufficient_scope""#
        );
    }
}
