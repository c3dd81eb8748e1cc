//! Shared fixtures for the middleware router tests: a test authenticator, request builders,
//! a log capture.

#![allow(dead_code, unreachable_pub)]

use std::io;
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::response::Response;
use clerk_runtime::AuthErrorReason;
use clerk_runtime::auth::{AuthState, SessionAuth, SignedOutReason};
use clerk_runtime::middleware::{ClerkOptions, RedirectOptions, authenticate};
use clerk_runtime::{TokenVerificationErrorReason, verify::JwtPayload};
use http::Request;
use http::request::Parts;
use http_body_util::BodyExt;

/// A session as the test authenticator builds it.
pub fn session(
    user_id: &str,
    status: &str,
    role: Option<&str>,
    permissions: &[&str],
) -> SessionAuth {
    let mut claims = JwtPayload::new();
    claims.insert("sub".into(), user_id.into());
    SessionAuth {
        user_id: user_id.to_owned(),
        session_id: Some(format!("sess_{user_id}")),
        session_status: Some(status.to_owned()),
        org_id: role.map(|_| "org_1".to_owned()),
        org_role: role.map(str::to_owned),
        org_slug: role.map(|_| "acme".to_owned()),
        org_permissions: role.map(|_| permissions.iter().map(|p| (*p).to_owned()).collect()),
        features: None,
        plans: None,
        factor_verification_age: None,
        actor: None,
        claims: Arc::new(claims),
        token: Arc::from(format!("token-of-{user_id}")),
    }
}

/// The token the request carries: `Authorization: Bearer` first, else the `__session` cookie.
pub fn token_of(parts: &Parts) -> Option<String> {
    if let Some(value) = parts.headers.get("authorization") {
        return value
            .to_str()
            .ok()
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::to_owned);
    }
    let cookies = parts.headers.get("cookie")?.to_str().ok()?;
    cookies
        .split(';')
        .filter_map(|c| c.trim().split_once('='))
        .find(|(name, _)| *name == "__session")
        .map(|(_, value)| value.to_owned())
}

/// Test tokens: `user` (signed in, no org), `admin` (org:admin with reports:read), `member`
/// (org:member), `pending` (pending session); anything else is invalid.
pub fn test_state(parts: &Parts) -> AuthState {
    match token_of(parts).as_deref() {
        None => AuthState::SignedOut {
            reason: SignedOutReason::Auth(AuthErrorReason::SessionTokenAndUatMissing),
            message: "no token".into(),
        },
        Some("user") => AuthState::SignedIn(session("user_1", "active", None, &[])),
        Some("admin") => AuthState::SignedIn(session(
            "user_2",
            "active",
            Some("org:admin"),
            &["org:reports:read"],
        )),
        Some("member") => AuthState::SignedIn(session("user_3", "active", Some("org:member"), &[])),
        Some("pending") => AuthState::SignedIn(session("user_4", "pending", None, &[])),
        Some(_) => AuthState::SignedOut {
            reason: SignedOutReason::Token(TokenVerificationErrorReason::TokenInvalidSignature),
            message: "bad signature".into(),
        },
    }
}

/// Options with the test authenticator and an Account Portal at `accounts.example.com`.
pub fn options() -> ClerkOptions {
    options_with(RedirectOptions::default())
}

/// As [`options`], with these redirect settings (the Account Portal is added).
pub fn options_with(redirects: RedirectOptions) -> ClerkOptions {
    ClerkOptions::new(
        authenticate::from_fn(test_state),
        redirects.account_portal_url("https://accounts.example.com"),
    )
    .unwrap()
}

/// A request to `https://app.example.com{path}`.
pub fn request(path: &str) -> http::request::Builder {
    Request::builder()
        .uri(path)
        .header("host", "app.example.com")
}

/// A page load (`sec-fetch-dest: document`).
pub fn document(path: &str) -> http::request::Builder {
    request(path).header("sec-fetch-dest", "document")
}

/// A fetch from a script (`accept: application/json`).
pub fn api(path: &str) -> http::request::Builder {
    request(path).header("accept", "application/json")
}

/// Adds a bearer token.
pub fn bearer(builder: http::request::Builder, token: &str) -> http::request::Builder {
    builder.header("authorization", format!("Bearer {token}"))
}

/// The header value as a string (empty when missing).
pub fn header(response: &Response, name: &str) -> String {
    response
        .headers()
        .get(name)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default()
}

/// The body as text.
pub async fn body_text(response: Response) -> String {
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    String::from_utf8(bytes.to_vec()).unwrap()
}

/// An empty body.
pub fn empty() -> Body {
    Body::empty()
}

/// Captures `tracing` output for the current thread.
#[derive(Clone, Default)]
pub struct LogBuffer(Arc<Mutex<Vec<u8>>>);

thread_local! {
    /// Where this thread's `tracing` output goes while a [`LogBuffer`] captures it.
    static CAPTURING: std::cell::RefCell<Option<LogBuffer>> = const { std::cell::RefCell::new(None) };
}

/// Ends a [`LogBuffer::capture`]: the thread's output goes where it went before.
pub struct CaptureGuard(Option<LogBuffer>);

impl Drop for CaptureGuard {
    fn drop(&mut self) {
        let previous = self.0.take();
        CAPTURING.with(|current| *current.borrow_mut() = previous);
    }
}

impl LogBuffer {
    /// Everything logged so far.
    pub fn contents(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }

    /// Sends this thread's `tracing` output here until the guard is dropped.
    ///
    /// One global subscriber, installed by the first capture, takes every event at every level
    /// and writes it to the buffer of the thread that logged it (or nowhere). Every callsite
    /// is therefore always of interest: a per-thread subscriber (`set_default`) is not enough,
    /// because a test on another thread that first reaches a callsite without one can cache
    /// "not interested" for it after this thread's subscriber was set, which made events
    /// vanish now and then.
    pub fn capture(&self) -> CaptureGuard {
        static INSTALLED: std::sync::Once = std::sync::Once::new();
        INSTALLED.call_once(|| {
            let subscriber = tracing_subscriber::fmt()
                .with_max_level(tracing::Level::TRACE)
                .with_ansi(false)
                .with_writer(|| ThreadWriter)
                .finish();
            tracing::subscriber::set_global_default(subscriber)
                .expect("no other global subscriber in the middleware tests");
        });
        let previous = CAPTURING.with(|current| current.borrow_mut().replace(self.clone()));
        CaptureGuard(previous)
    }
}

/// Writes to the buffer capturing the current thread's output, if any.
struct ThreadWriter;

impl io::Write for ThreadWriter {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        CAPTURING.with(|current| {
            if let Some(buffer) = &*current.borrow() {
                buffer.0.lock().unwrap().extend_from_slice(bytes);
            }
        });
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// A route table built at run time (what `clerk_routes!` emits at compile time), leaked so it
/// is `'static` as the layer requires.
pub fn table(
    rules: Vec<(&[&'static str], clerk_runtime::requirement::Protection)>,
    public: Option<&[&'static str]>,
) -> &'static clerk_runtime::requirement::RouteTable {
    use clerk_runtime::requirement::{Protection, RouteDefault, RouteRule, RouteTable};
    fn rule(patterns: &[&'static str], protection: Protection) -> RouteRule {
        let regexes: Vec<&'static str> = patterns
            .iter()
            .map(|p| {
                let regex = clerk_syntax::PathPattern::parse(p)
                    .unwrap()
                    .regex()
                    .to_owned();
                &*Box::leak(regex.into_boxed_str())
            })
            .collect();
        RouteRule {
            patterns: Box::leak(patterns.to_vec().into_boxed_slice()),
            regexes: Box::leak(regexes.into_boxed_slice()),
            protection,
        }
    }
    let rules: Vec<RouteRule> = rules.into_iter().map(|(p, pr)| rule(p, pr)).collect();
    let default = match public {
        None => RouteDefault::Public,
        Some(public) => RouteDefault::SignedIn {
            public: rule(public, Protection::default()),
            protection: Protection::default(),
        },
    };
    Box::leak(Box::new(RouteTable {
        rules: Box::leak(rules.into_boxed_slice()),
        default,
    }))
}
