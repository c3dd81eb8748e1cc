//! Everything `authenticateRequest` reads from one request (Clerk's `authenticateContext`):
//! the URL, the token in the header, the cookies under the suffix rules, the handshake values
//! and the redirect counter.

use http::{HeaderMap, Method};
use serde_json::Value;
use url::Url;

use super::HandshakeSettings;
use super::url_params::{js_number, query_param};
use crate::auth::RequestCookies;
use crate::auth::token_from_authorization_header;
use crate::auth::token_source::peek;

/// The request as the decision table reads it.
#[derive(Debug)]
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
    /// `parseInt(__client_uat) || 0`.
    pub(crate) client_uat: f64,
    pub(crate) dev_browser: Option<String>,
    pub(crate) handshake_token: Option<String>,
    pub(crate) handshake_nonce: Option<String>,
    pub(crate) refresh_token: Option<String>,
    /// `Number(__clerk_redirect_count)`, `NaN` read as 0.
    pub(crate) redirect_count: f64,
}

/// The value of a cookie, or `None` when absent or empty (Clerk reads `value || undefined`).
fn non_empty(value: Option<&str>) -> Option<String> {
    value.filter(|v| !v.is_empty()).map(str::to_owned)
}

impl<'a> Facts<'a> {
    /// Reads the request. Without `settings` (no publishable key), only the unsuffixed cookies
    /// are read and there is no dev browser or refresh token.
    pub(crate) fn gather(
        method: &'a Method,
        headers: &'a HeaderMap,
        query: Option<&'a str>,
        url: Option<&'a Url>,
        now_ms: i64,
        settings: Option<&HandshakeSettings>,
    ) -> Self {
        let cookies = RequestCookies::from_headers(headers);
        let suffixed = settings.is_some_and(|s| uses_suffixed_cookies(&cookies, s, now_ms));
        let named = |name: &str| match settings {
            Some(s) if suffixed => non_empty(cookies.get(&s.suffixed(name))),
            _ => non_empty(cookies.get(name)),
        };
        let from_query_or_cookie = |name: &str, cookie: Option<String>| {
            query_param(query, name)
                .filter(|v| !v.is_empty())
                .or(cookie)
        };
        let client_uat = parse_int_or_zero(named("__client_uat").as_deref().unwrap_or(""));
        let dev_browser = settings.and_then(|_| {
            from_query_or_cookie("__clerk_db_jwt", named("__clerk_db_jwt"))
        });
        let counter = js_number(cookies.get("__clerk_redirect_count").unwrap_or(""));
        Self {
            method,
            headers,
            url,
            query,
            now_ms,
            suffixed,
            header_token: token_from_authorization_header(headers),
            session_cookie: named("__session"),
            client_uat,
            dev_browser,
            handshake_token: from_query_or_cookie(
                "__clerk_handshake",
                non_empty(cookies.get("__clerk_handshake")),
            ),
            handshake_nonce: from_query_or_cookie(
                "__clerk_handshake_nonce",
                non_empty(cookies.get("__clerk_handshake_nonce")),
            ),
            refresh_token: settings
                .and_then(|s| non_empty(cookies.get(&s.suffixed("__refresh")))),
            redirect_count: if counter.is_nan() { 0.0 } else { counter },
        }
    }

    /// Clerk's `sessionToken`: the cookie token, else the header token.
    pub(crate) fn session_token(&self) -> Option<&str> {
        self.session_cookie
            .as_deref()
            .or(self.header_token.as_deref())
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

/// JavaScript's `Number.parseInt(value, 10) || 0`.
pub(crate) fn parse_int_or_zero(value: &str) -> f64 {
    let s = value.trim_start_matches(crate::auth::js::is_js_whitespace);
    let (negative, s) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    let magnitude: f64 = s[..digits].parse().unwrap_or(0.0);
    if negative { -magnitude } else { magnitude }
}

/// A JWT's numeric claim, 0 when the token does not decode or the claim is not a number.
fn claim_or_zero(token: Option<&str>, claim: &str) -> f64 {
    token
        .and_then(peek)
        .and_then(|(_, payload)| payload.get(claim).and_then(Value::as_f64))
        .unwrap_or(0.0)
}

/// Clerk's `usesSuffixedCookies()`: whether the `__session_<suffix>` / `__client_uat_<suffix>`
/// pair is read instead of the unsuffixed one.
pub(crate) fn uses_suffixed_cookies(
    cookies: &RequestCookies,
    settings: &HandshakeSettings,
    now_ms: i64,
) -> bool {
    let session = non_empty(cookies.get("__session"));
    let uat = cookies.get("__client_uat");
    let suffixed_session = non_empty(cookies.get(&settings.suffixed("__session")));
    let suffixed_uat_name = settings.suffixed("__client_uat");
    let suffixed_uat = cookies.get(&suffixed_uat_name);
    if let Some(token) = &session {
        let Some((_, payload)) = peek(token) else {
            return false;
        };
        let iss = payload.get("iss");
        if !iss.is_some_and(crate::auth::js::truthy) {
            return false;
        }
        let Some(iss) = iss.and_then(Value::as_str) else {
            return true;
        };
        if strip_schemes(iss) != settings.original_frontend_api() {
            return true;
        }
    }
    let suffixed_uat_present = suffixed_uat.is_some_and(|v| !v.is_empty());
    if !suffixed_uat_present && suffixed_session.is_none() {
        return false;
    }
    let uat_zero = uat == Some("0");
    let suffixed_uat_zero = suffixed_uat == Some("0");
    if !suffixed_uat_zero
        && !uat_zero
        && claim_or_zero(session.as_deref(), "iat") > claim_or_zero(suffixed_session.as_deref(), "iat")
    {
        return false;
    }
    if suffixed_uat_zero && !uat_zero {
        return false;
    }
    if settings.is_development() && !suffixed_uat_zero && uat_zero {
        let exp = suffixed_session
            .as_deref()
            .and_then(peek)
            .and_then(|(_, p)| p.get("exp").and_then(Value::as_f64));
        #[expect(clippy::cast_precision_loss, reason = "seconds since the epoch fit in f64")]
        let now_s = (now_ms / 1000) as f64;
        if exp.is_some_and(|exp| exp <= now_s) {
            return false;
        }
    }
    if !suffixed_uat_present && suffixed_session.is_some() {
        return false;
    }
    true
}

/// `iss` with every `http://` and `https://` removed, case-insensitively.
fn strip_schemes(iss: &str) -> String {
    let mut out = String::with_capacity(iss.len());
    let mut rest = iss;
    while !rest.is_empty() {
        let lower = rest.get(..8).map(str::to_ascii_lowercase);
        if lower.as_deref() == Some("https://") {
            rest = &rest[8..];
            continue;
        }
        if rest.get(..7).map(str::to_ascii_lowercase).as_deref() == Some("http://") {
            rest = &rest[7..];
            continue;
        }
        let c = rest.chars().next().unwrap_or_default();
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}
