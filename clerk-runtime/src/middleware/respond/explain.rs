//! [`ExplainDenials`]: a response policy for local development that says why a request was
//! denied, instead of Clerk's empty 404.

use axum::body::Body;
use axum::response::Response;
use http::header::{CONTENT_LENGTH, CONTENT_TYPE, HeaderValue};
use serde_json::json;
use url::{Url, form_urlencoded};

use super::policy::{Denial, ResponsePolicy};
use crate::html::{dev_page, escape};
use crate::middleware::decision::Outcome;

/// For local development only: Clerk's answers, except that a denial which Clerk answers with
/// an empty body (the 404 of `protect()`) carries an explanation, an HTML page for page loads
/// and JSON otherwise, naming what was missing (a signed-in session and why there is none, or
/// the role, permission, feature, plan or reverification that failed) and where to sign in or
/// out; the page's sign-in link carries the denied page's URL in `redirect_url`, so signing in
/// as another user comes back to it. Status and headers stay Clerk's; redirects are unchanged.
///
/// Install it in dev mode only (`layer.response_policy(ExplainDenials::new(…))`): with real
/// keys, keep Clerk's answers, which tell a visitor nothing about the routes they may not use.
///
/// ```
/// use clerk_runtime::ClerkLayer;
/// use clerk_runtime::middleware::ExplainDenials;
///
/// # fn layer(layer: ClerkLayer, dev_mode: bool) -> ClerkLayer {
/// if dev_mode {
///     layer.response_policy(ExplainDenials::new("/sign-in").sign_out_url("/sign-out"))
/// } else {
///     layer
/// }
/// # }
/// ```
#[derive(Clone, Debug)]
pub struct ExplainDenials {
    sign_in_url: String,
    sign_out_url: Option<String>,
}

impl ExplainDenials {
    /// Explanations that link to `sign_in_url` (as given: a path or an absolute URL).
    #[must_use]
    pub fn new(sign_in_url: impl Into<String>) -> Self {
        Self {
            sign_in_url: sign_in_url.into(),
            sign_out_url: None,
        }
    }

    /// Also link to a sign-out page, so a signed-in user can switch to another user.
    #[must_use]
    pub fn sign_out_url(mut self, url: impl Into<String>) -> Self {
        self.sign_out_url = Some(url.into());
        self
    }
}

impl ResponsePolicy for ExplainDenials {
    fn respond(&self, denial: &Denial<'_>) -> Response {
        let clerk = denial.clerk_response();
        if clerk.status().is_redirection() {
            return clerk;
        }
        let explanation = Explanation::of(denial.outcome());
        let (mut parts, _) = clerk.into_parts();
        let (content_type, body) = if denial.is_page_request() {
            (
                "text/html; charset=utf-8",
                self.html(&explanation, denial.request_url()),
            )
        } else {
            ("application/json", self.json(&explanation))
        };
        parts
            .headers
            .insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
        parts.headers.remove(CONTENT_LENGTH);
        Response::from_parts(parts, Body::from(body))
    }
}

/// What a denial was about, in words.
struct Explanation {
    /// `unauthenticated` or `unauthorized`.
    kind: &'static str,
    /// One sentence for a person.
    summary: String,
    /// Clerk's signed-out reason, when signed out.
    reason: Option<String>,
    /// The requirement that failed, when signed in.
    unmet: Option<String>,
}

impl Explanation {
    fn of(outcome: &Outcome) -> Self {
        match outcome {
            Outcome::Unauthenticated(denied) => {
                let reason = denied.reason().map(|r| r.as_str().into_owned());
                let summary = if denied.is_pending() {
                    "The session is pending: finish the session's tasks, or sign in again."
                        .to_owned()
                } else {
                    format!(
                        "Nobody is signed in ({}).",
                        reason.as_deref().unwrap_or("signed out")
                    )
                };
                Self {
                    kind: "unauthenticated",
                    summary,
                    reason,
                    unmet: None,
                }
            }
            Outcome::Unauthorized(denied) => {
                let unmet = denied.unmet().to_string();
                Self {
                    kind: "unauthorized",
                    summary: format!(
                        "You are signed in, but this route needs {unmet}, which the session does not have."
                    ),
                    reason: None,
                    unmet: Some(unmet),
                }
            }
            // A policy is only asked about denials.
            _ => Self {
                kind: "denied",
                summary: "The request was denied.".to_owned(),
                reason: None,
                unmet: None,
            },
        }
    }
}

impl ExplainDenials {
    fn json(&self, explanation: &Explanation) -> String {
        json!({
            "error": explanation.kind,
            "message": explanation.summary,
            "reason": explanation.reason,
            "unmet": explanation.unmet,
            "signInUrl": self.sign_in_url,
            "signOutUrl": self.sign_out_url,
            "note": "explanation shown in local dev mode only; Clerk answers with an empty body",
        })
        .to_string()
    }

    /// The page: what was missing, what to do, and links to sign in (coming back to
    /// `request_url`) and to sign out.
    fn html(&self, explanation: &Explanation, request_url: Option<&Url>) -> String {
        let (hint, sign_in) = if explanation.unmet.is_some() {
            (
                "Sign in as a user who has it. Roles and permissions belong to an organization: \
                 pick one when signing in.",
                "Sign in as another user",
            )
        } else {
            ("Sign in to continue.", "Sign in")
        };
        let sign_in_href = request_url.map_or_else(
            || self.sign_in_url.clone(),
            |url| {
                let separator = if self.sign_in_url.contains('?') {
                    '&'
                } else {
                    '?'
                };
                let back: String =
                    form_urlencoded::byte_serialize(url.as_str().as_bytes()).collect();
                format!("{}{separator}redirect_url={back}", self.sign_in_url)
            },
        );
        let sign_out = self.sign_out_url.as_ref().map_or_else(String::new, |url| {
            format!("<a href=\"{}\">Sign out</a>", escape(url))
        });
        dev_page(
            &format!("Denied: {}", explanation.kind),
            self.sign_out_url.as_deref(),
            &format!(
                "<p>{summary}</p><p>{hint}</p>\
                 <p class=actions><a href=\"{sign_in_href}\">{sign_in}</a>{sign_out}</p>\
                 <p class=note>This explanation is shown in local dev mode only. With Clerk \
                 keys, the answer is Clerk's: this same status with an empty body.</p>",
                summary = escape(&explanation.summary),
                sign_in_href = escape(&sign_in_href),
            ),
        )
    }
}
