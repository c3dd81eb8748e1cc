//! Everything `authenticateRequest` reads from one request (Clerk's `authenticateContext`):
//! the URL, the token in the header, the cookies under the suffix rules, the handshake values
//! and the redirect counter.

use http::{HeaderMap, Method};
use url::Url;

use super::url_params::query_param;
use crate::auth::js_number::string_to_number;
use crate::auth::request_cookies::{Peeked, SessionCookies};
use crate::auth::{AuthenticateOptions, RequestCookies, token_from_authorization_header};

/// The request as the decision table reads it. No `Debug`: it holds the tokens.
pub(crate) struct Facts<'a> {
    pub(crate) method: &'a Method,
    pub(crate) headers: &'a HeaderMap,
    /// Clerk's `clerkUrl`: the request's public URL (`None` when no host is known).
    pub(crate) url: Option<&'a Url>,
    /// The raw query string.
    pub(crate) query: Option<&'a str>,
    /// Unix milliseconds.
    pub(crate) now_ms: i64,
    /// Whether the suffixed cookies are read (Clerk's `usesSuffixedCookies()`).
    pub(crate) suffixed: bool,
    pub(crate) header_token: Option<String>,
    pub(crate) session_cookie: Option<String>,
    /// The session cookie decoded, when choosing the cookies needed it.
    pub(crate) session_decoded: Peeked,
    /// `parseInt(__client_uat) || 0`.
    pub(crate) client_uat: f64,
    /// Clerk's `devBrowserToken`: the query's `__clerk_db_jwt`, else the cookie.
    pub(crate) dev_browser: Option<String>,
    pub(crate) handshake_token: Option<String>,
    pub(crate) handshake_nonce: Option<String>,
    /// `__refresh_<suffix>`.
    pub(crate) refresh_token: Option<String>,
    /// `Number(__clerk_redirect_count)`, `NaN` read as 0.
    pub(crate) redirect_count: f64,
}

/// The value of a cookie, or `None` when absent or empty (Clerk reads `value || undefined`).
fn non_empty(value: Option<&str>) -> Option<String> {
    value.filter(|v| !v.is_empty()).map(str::to_owned)
}

impl<'a> Facts<'a> {
    /// Reads the request. Without an instance in `options` (no publishable key), only the plain
    /// cookies are read and there is no dev browser or refresh token.
    pub(crate) fn gather(
        method: &'a Method,
        headers: &'a HeaderMap,
        query: Option<&'a str>,
        url: Option<&'a Url>,
        options: &AuthenticateOptions,
    ) -> Self {
        let cookies = RequestCookies::from_headers(headers);
        let now_ms = options.now_ms();
        let selected = SessionCookies::read(&cookies, options.instance.as_ref(), || now_ms);
        let from_query_or_cookie = |name: &str, cookie: Option<&str>| {
            query_param(query, name)
                .filter(|v| !v.is_empty())
                .or_else(|| non_empty(cookie))
        };
        let dev_browser = options
            .instance
            .as_ref()
            .and_then(|_| from_query_or_cookie("__clerk_db_jwt", selected.dev_browser));
        let counter = string_to_number(cookies.get("__clerk_redirect_count").unwrap_or(""));
        Self {
            method,
            headers,
            url,
            query,
            now_ms,
            suffixed: selected.suffixed,
            header_token: token_from_authorization_header(headers),
            session_cookie: non_empty(selected.session),
            session_decoded: selected.session_decoded,
            client_uat: selected.client_uat,
            dev_browser,
            handshake_token: from_query_or_cookie(
                "__clerk_handshake",
                cookies.get("__clerk_handshake"),
            ),
            handshake_nonce: from_query_or_cookie(
                "__clerk_handshake_nonce",
                cookies.get("__clerk_handshake_nonce"),
            ),
            refresh_token: non_empty(selected.refresh),
            redirect_count: if counter.is_nan() { 0.0 } else { counter },
        }
    }

    /// Clerk's `sessionToken`: the cookie token, else the header token.
    pub(crate) fn session_token(&self) -> Option<&str> {
        self.session_cookie
            .as_deref()
            .or(self.header_token.as_deref())
    }

    /// Clerk's loop test: the redirect counter is exactly 3.
    #[expect(clippy::float_cmp, reason = "JavaScript's `=== 3` on a Number")]
    pub(crate) fn is_looping(&self) -> bool {
        self.redirect_count == 3.0
    }

    /// A query parameter (form-urlencoded decoding).
    pub(crate) fn query_param(&self, name: &str) -> Option<String> {
        query_param(self.query, name)
    }

    /// A header value, `None` when absent or empty.
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .filter(|v| !v.is_empty())
    }
}
