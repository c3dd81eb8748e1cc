//! What the layer hands every `Auth` of one request: the facts and settings a denial is
//! answered with, and where the request's decision is recorded.

use std::fmt;

use http::HeaderMap;
use url::Url;

use axum::response::Response;

use super::held::Held;
use super::policy::{Denial, ResponsePolicy};
use super::redirect::{RedirectConfigError, RedirectOptions, ReturnBack};
use super::rejection::Answer;
use crate::auth::SignedOutReason;
use crate::middleware::decision::{DecisionSlot, Outcome};
use crate::middleware::request::{LazyUrl, is_page_request};

/// Per-request facts and settings, shared (`Arc`) by the request's `Auth` and rejections.
pub(crate) struct RequestContext<'a> {
    /// The full URL of the request as the client sent it, built on first use (only a redirect
    /// needs it).
    pub(crate) url: LazyUrl<'a>,
    /// Clerk's page-request test.
    pub(crate) page_request: bool,
    /// Where to send signed-out users.
    pub(crate) redirects: Held<'a, RedirectOptions>,
    /// How denials are answered.
    pub(crate) policy: Held<'a, dyn ResponsePolicy>,
    /// Where the decision is recorded for the layer's debug event (`debug(true)` only).
    pub(crate) decisions: Option<DecisionSlot>,
}

impl<'a> RequestContext<'a> {
    /// The context of a request at `url` with `headers`: Clerk's page-request test, the
    /// settings denials are answered with, and, with `debug`, the slot its decision is
    /// recorded in.
    pub(crate) fn new(
        url: LazyUrl<'a>,
        headers: &HeaderMap,
        redirects: Held<'a, RedirectOptions>,
        policy: Held<'a, dyn ResponsePolicy>,
        debug: bool,
    ) -> Self {
        Self {
            url,
            page_request: is_page_request(headers),
            redirects,
            policy,
            decisions: debug.then(DecisionSlot::default),
        }
    }

    /// The response the policy gives `outcome`, a denial of this request.
    pub(crate) fn answer_denial(&self, outcome: &Outcome) -> Response {
        self.policy.respond(&Denial::new(outcome, self))
    }

    /// Clerk's sign-in redirect for this request (a 500 when it cannot be built).
    pub(crate) fn sign_in_answer(
        &self,
        return_back: ReturnBack<'_>,
        pending: bool,
        signed_out: Option<SignedOutReason>,
    ) -> Answer {
        self.redirect_answer(signed_out, |url| {
            self.redirects.sign_in_location(url, return_back, pending)
        })
    }

    /// Clerk's sign-up redirect for this request (a 500 when it cannot be built).
    pub(crate) fn sign_up_answer(
        &self,
        return_back: ReturnBack<'_>,
        signed_out: Option<SignedOutReason>,
    ) -> Answer {
        self.redirect_answer(signed_out, |url| {
            self.redirects.sign_up_location(url, return_back)
        })
    }

    fn redirect_answer(
        &self,
        signed_out: Option<SignedOutReason>,
        build: impl FnOnce(&Url) -> Result<String, RedirectConfigError>,
    ) -> Answer {
        let Some(url) = self.url.get() else {
            // The client's error (RFC 9112 §3.2), not the app's: no error line per request.
            tracing::debug!(
                target: "clerk",
                "cannot redirect to sign-in: the request's Host header is missing, invalid or repeated"
            );
            return Answer::InvalidHost;
        };
        match build(url) {
            Ok(location) => Answer::SignInRequired {
                location,
                signed_out,
            },
            Err(error) => {
                tracing::error!(target: "clerk", %error, "cannot redirect to sign-in");
                Answer::Misconfigured
            }
        }
    }
}

impl fmt::Debug for RequestContext<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RequestContext")
            .field("path", &self.url.get().map(Url::path))
            .field("page_request", &self.page_request)
            .field("redirects", &self.redirects)
            .finish_non_exhaustive()
    }
}
