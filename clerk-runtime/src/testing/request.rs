//! Putting a test token on a request.

use http::header::{AUTHORIZATION, COOKIE, HeaderValue};

use super::TestToken;

/// Attaches a [`TestToken`] to a request (an `http::request::Builder` or an `http::Request`),
/// as an API client or as a browser sends it.
///
/// ```
/// use axum::body::Body;
/// use axum::http::Request;
/// use clerk_runtime::testing::{self, AttachToken as _};
///
/// let token = testing::token("user_1").mint();
/// let request = Request::get("/").session_cookies(&token).body(Body::empty()).unwrap();
/// let cookie = request.headers()["cookie"].to_str().unwrap();
/// assert!(cookie.starts_with("__session="));
/// assert!(cookie.ends_with(&format!("__client_uat={}", token.issued_at())));
/// ```
pub trait AttachToken: Sized {
    /// `Authorization: Bearer <token>`, as API clients and Clerk's `getToken()` callers send.
    #[must_use]
    fn bearer(self, token: &TestToken) -> Self;

    /// `Cookie: __session=<token>; __client_uat=<iat>`, as a browser signed in to Clerk sends.
    #[must_use]
    fn session_cookies(self, token: &TestToken) -> Self;
}

impl AttachToken for http::request::Builder {
    fn bearer(self, token: &TestToken) -> Self {
        self.header(AUTHORIZATION, token.authorization())
    }

    fn session_cookies(self, token: &TestToken) -> Self {
        self.header(COOKIE, token.cookies())
    }
}

impl<B> AttachToken for http::Request<B> {
    fn bearer(mut self, token: &TestToken) -> Self {
        if let Ok(value) = HeaderValue::from_str(&token.authorization()) {
            self.headers_mut().insert(AUTHORIZATION, value);
        }
        self
    }

    fn session_cookies(mut self, token: &TestToken) -> Self {
        if let Ok(value) = HeaderValue::from_str(&token.cookies()) {
            self.headers_mut().append(COOKIE, value);
        }
        self
    }
}
