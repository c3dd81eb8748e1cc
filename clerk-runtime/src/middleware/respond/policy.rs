//! How denials are answered: the [`ResponsePolicy`] trait, Clerk's answers and the RFC 6750
//! JSON API answers ([`DenyPolicy`]), or your own.

use axum::response::{IntoResponse, Response};
use url::Url;

use super::rejection::Answer;
use super::request_context::RequestContext;
use crate::AuthErrorReason;
use crate::auth::SignedOutReason;
use crate::middleware::decision::Outcome;
use crate::middleware::respond::ReturnBack;

/// Turns a denied request into a response. Install one with
/// [`ClerkLayer::response_policy`](crate::ClerkLayer::response_policy); every
/// denial goes through it: route-table rules, `auth.protect*` in a middleware closure or a
/// handler, and `#[protect]`.
///
/// Implemented by [`DenyPolicy`] (the built-in answers) and by every
/// `Fn(&Denial<'_>) -> Response + Send + Sync + 'static`.
///
/// ```
/// use axum::response::{IntoResponse, Response};
/// use clerk_runtime::ClerkLayer;
/// use clerk_runtime::middleware::{Denial, Outcome};
/// use http::StatusCode;
///
/// /// Clerk's answers, except a JSON body for signed-in users who lack a permission.
/// fn problem_json(denial: &Denial<'_>) -> Response {
///     match denial.outcome() {
///         Outcome::Unauthorized(denied) if denied.redirect_to().is_none() => (
///             StatusCode::FORBIDDEN,
///             [("content-type", "application/problem+json")],
///             r#"{"title":"Forbidden"}"#,
///         )
///             .into_response(),
///         _ => denial.clerk_response(),
///     }
/// }
/// # fn layer(layer: ClerkLayer) -> ClerkLayer {
/// layer.response_policy(problem_json)
/// # }
/// ```
pub trait ResponsePolicy: Send + Sync + 'static {
    /// The response to `denial`.
    fn respond(&self, denial: &Denial<'_>) -> Response;
}

impl<F> ResponsePolicy for F
where
    F: Fn(&Denial<'_>) -> Response + Send + Sync + 'static,
{
    fn respond(&self, denial: &Denial<'_>) -> Response {
        self(denial)
    }
}

/// The built-in response policies.
///
/// Clerk's `protect()` answers a 404 both to signed-out non-page requests and to signed-in
/// users who lack a permission, so that nobody learns which routes exist. JSON APIs usually
/// want RFC 6750 answers instead: [`DenyPolicy::JsonApi`].
///
/// Redirects are unaffected: a signed-out page request is still sent to sign-in, and
/// `unauthenticated_url` / `unauthorized_url` still win.
///
/// ```
/// use clerk_runtime::middleware::DenyPolicy;
/// assert_eq!(DenyPolicy::default(), DenyPolicy::NotFound);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum DenyPolicy {
    /// Clerk's behaviour ([`Denial::clerk_response`]): a 307 to sign-in for page requests,
    /// else 404 with `x-clerk-auth-reason: protect-rewrite`.
    #[default]
    NotFound,
    /// RFC 6750 ([`Denial::json_api_response`]): 401 when signed out, 403 with
    /// `WWW-Authenticate: Bearer error="insufficient_scope"` when not authorized.
    JsonApi,
}

impl ResponsePolicy for DenyPolicy {
    fn respond(&self, denial: &Denial<'_>) -> Response {
        match self {
            Self::NotFound => denial.clerk_response(),
            Self::JsonApi => denial.json_api_response(),
        }
    }
}

/// A denied request, as a [`ResponsePolicy`] sees it: the [`Outcome`] and what the request
/// is, with the built-in answers ready to use.
pub struct Denial<'a> {
    outcome: &'a Outcome,
    context: &'a RequestContext<'a>,
}

impl<'a> Denial<'a> {
    pub(crate) fn new(outcome: &'a Outcome, context: &'a RequestContext<'a>) -> Self {
        Self { outcome, context }
    }

    /// Why the request is denied: [`Outcome::Unauthenticated`] or [`Outcome::Unauthorized`].
    #[must_use]
    pub fn outcome(&self) -> &Outcome {
        self.outcome
    }

    /// Whether the request is a page load (Clerk's `isPageRequest`): signed-out page requests
    /// are sent to sign-in.
    #[must_use]
    pub fn is_page_request(&self) -> bool {
        self.context.page_request
    }

    /// The request's public URL (what `redirect_url` carries), when its host is known.
    #[must_use]
    pub fn request_url(&self) -> Option<&Url> {
        self.context.url.get()
    }

    /// Clerk's `redirectToSignIn()` for this request: a 307 to sign-in (to `<sign-in>/tasks`
    /// for a pending session) carrying the request URL in `redirect_url`.
    #[must_use]
    pub fn sign_in_redirect(&self) -> Response {
        let (signed_out, pending) = match self.outcome {
            Outcome::Unauthenticated(denied) => (denied.reason.clone(), denied.pending),
            _ => (None, false),
        };
        self.context
            .sign_in_answer(ReturnBack::CurrentUrl, pending, signed_out)
            .into_response()
    }

    /// Clerk's answer (`auth.protect()`): `unauthenticated_url` / `unauthorized_url` when the
    /// protection has one (307); else a signed-out page request goes to sign-in (307); any
    /// other denial is a 404 with `x-clerk-auth-reason: protect-rewrite`.
    #[must_use]
    pub fn clerk_response(&self) -> Response {
        self.answer(
            |signed_out| Answer::NotFound { signed_out },
            || Answer::NotFound { signed_out: None },
        )
        .into_response()
    }

    /// The RFC 6750 answer: redirects as [`clerk_response`](Self::clerk_response), then a 401
    /// for signed-out requests (`WWW-Authenticate: Bearer`, with `error="invalid_token"` when
    /// a token was sent but is not usable) and a 403 with `error="insufficient_scope"` for
    /// signed-in users who fail the requirement.
    #[must_use]
    pub fn json_api_response(&self) -> Response {
        self.answer(
            |signed_out| Answer::InvalidToken {
                no_credentials: signed_out.as_ref().is_some_and(no_credentials),
                signed_out,
            },
            || Answer::InsufficientScope,
        )
        .into_response()
    }

    /// The redirects every built-in policy shares, else `signed_out` / `unauthorized`.
    fn answer(
        &self,
        signed_out: impl FnOnce(Option<SignedOutReason>) -> Answer,
        unauthorized: impl FnOnce() -> Answer,
    ) -> Answer {
        match self.outcome {
            Outcome::Unauthenticated(denied) => {
                if let Some(location) = &denied.redirect_to {
                    return Answer::Redirect {
                        location: location.clone().into_owned(),
                        signed_out: denied.reason.clone(),
                    };
                }
                if self.context.page_request {
                    return self.context.sign_in_answer(
                        ReturnBack::CurrentUrl,
                        denied.pending,
                        denied.reason.clone(),
                    );
                }
                signed_out(denied.reason.clone())
            }
            Outcome::Unauthorized(denied) => match &denied.redirect_to {
                Some(location) => Answer::Redirect {
                    location: location.clone().into_owned(),
                    signed_out: None,
                },
                None => unauthorized(),
            },
            // A policy is only asked about denials; fail closed all the same.
            Outcome::Allowed => Answer::Misconfigured,
        }
    }
}

/// Whether the request carried no credentials at all: RFC 6750 then wants a bare
/// `WWW-Authenticate: Bearer`, without an error code.
fn no_credentials(reason: &SignedOutReason) -> bool {
    matches!(
        reason,
        SignedOutReason::Auth(AuthErrorReason::SessionTokenAndUatMissing)
    )
}

impl std::fmt::Debug for Denial<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Denial")
            .field("outcome", self.outcome)
            .field("page_request", &self.context.page_request)
            .finish_non_exhaustive()
    }
}
