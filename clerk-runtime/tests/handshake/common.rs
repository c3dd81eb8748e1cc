//! Fixtures for the handshake router tests: keys and tokens, a Backend API stand-in on
//! 127.0.0.1, an app behind a real `ClerkLayer`, and request builders.

#![allow(dead_code, unreachable_pub)]

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use base64::Engine as _;
use clerk_runtime::config::{ClerkConfig, ClerkConfigBuilder};
use clerk_runtime::middleware::ClerkOptions;
use clerk_runtime::{Auth, ClerkLayer};
use http::{HeaderMap, Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;
use url::Url;

pub const PUBLIC_PEM: &str = include_str!("../../../tests/conformance/keys/rsa2048-a.public.pem");
pub const PRIVATE_PEM: &str = include_str!("../../../tests/conformance/keys/rsa2048-a.private.pem");
/// Another key: tokens it signs fail verification.
pub const OTHER_PRIVATE_PEM: &str =
    include_str!("../../../tests/conformance/keys/rsa2048-b.private.pem");

/// The Frontend API host of the production test instance.
pub const PROD_FAPI: &str = "clerk.example.com";
/// The Frontend API host of the development test instance.
pub const DEV_FAPI: &str = "foo-bar-13.clerk.accounts.dev";
pub const PROD_SECRET: &str = "sk_live_0123456789abcdefghijklmnop";
pub const DEV_SECRET: &str = "sk_test_0123456789abcdefghijklmnop";

pub fn publishable_key(live: bool, host: &str) -> String {
    let prefix = if live { "pk_live_" } else { "pk_test_" };
    format!(
        "{prefix}{}",
        base64::engine::general_purpose::STANDARD.encode(format!("{host}$"))
    )
}

/// The cookie suffix of a publishable key.
pub fn suffix(pk: &str) -> String {
    clerk_runtime::handshake::cookie_suffix(pk)
}

pub fn now_s() -> i64 {
    i64::try_from(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs(),
    )
    .unwrap()
}

/// A JWT signed with `pem`, with these header fields added to `alg`/`kid`.
pub fn sign_with(pem: &str, header_extra: Value, claims: &Value) -> String {
    let mut header = json!({"alg": "RS256", "typ": "JWT", "kid": "ins_test"});
    if let (Value::Object(h), Value::Object(extra)) = (&mut header, header_extra) {
        h.extend(extra);
    }
    let b64 = |v: &Value| {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(serde_json::to_vec(v).unwrap())
    };
    let signing_input = format!("{}.{}", b64(&header), b64(claims));
    let key = jsonwebtoken::EncodingKey::from_rsa_pem(pem.as_bytes()).unwrap();
    let signature = jsonwebtoken::crypto::sign(
        signing_input.as_bytes(),
        &key,
        jsonwebtoken::Algorithm::RS256,
    )
    .unwrap();
    format!("{signing_input}.{signature}")
}

/// A session token for `user_1` / `sess_1`, issued at `iat`, expiring at `exp`.
pub fn session_token(iss: &str, iat: i64, exp: i64, extra: Value) -> String {
    let mut claims = json!({
        "sub": "user_1", "sid": "sess_1", "iss": format!("https://{iss}"),
        "iat": iat, "nbf": iat - 10, "exp": exp,
    });
    if let (Value::Object(c), Value::Object(extra)) = (&mut claims, extra) {
        c.extend(extra);
    }
    sign_with(PRIVATE_PEM, json!({}), &claims)
}

/// A fresh session token of the production instance.
pub fn fresh(iss: &str) -> String {
    let now = now_s();
    session_token(iss, now - 5, now + 60, json!({}))
}

/// An expired session token.
pub fn expired(iss: &str) -> String {
    let now = now_s();
    session_token(iss, now - 600, now - 300, json!({}))
}

/// A call the Backend API stand-in received.
#[derive(Clone, Debug)]
pub struct Call {
    pub path: String,
    pub query: HashMap<String, String>,
    pub authorization: String,
    pub api_version: String,
    pub body: Value,
}

/// What the stand-in answers.
#[derive(Clone)]
pub struct Answers {
    /// Status and body for `GET /v1/clients/handshake_payload`.
    pub payload: (StatusCode, Value),
    /// Status and body for `POST /v1/sessions/{sid}/refresh`.
    pub refresh: (StatusCode, Value),
}

impl Default for Answers {
    fn default() -> Self {
        Self {
            payload: (StatusCode::OK, json!({"directives": []})),
            refresh: (StatusCode::OK, json!({"object": "cookies", "cookies": []})),
        }
    }
}

#[derive(Clone)]
struct BapiState {
    answers: Answers,
    calls: Arc<Mutex<Vec<Call>>>,
}

/// A Backend API stand-in on 127.0.0.1.
pub struct Bapi {
    pub url: String,
    pub calls: Arc<Mutex<Vec<Call>>>,
}

impl Bapi {
    pub async fn start(answers: Answers) -> Self {
        async fn payload(
            State(state): State<BapiState>,
            Query(query): Query<HashMap<String, String>>,
            headers: HeaderMap,
        ) -> Response {
            record(
                &state,
                "/v1/clients/handshake_payload",
                query,
                &headers,
                Value::Null,
            );
            let (status, body) = state.answers.payload.clone();
            (status, axum::Json(body)).into_response()
        }
        async fn refresh(
            State(state): State<BapiState>,
            Path(sid): Path<String>,
            Query(query): Query<HashMap<String, String>>,
            headers: HeaderMap,
            body: axum::body::Bytes,
        ) -> Response {
            let body = serde_json::from_slice(&body).unwrap_or(Value::Null);
            record(
                &state,
                &format!("/v1/sessions/{sid}/refresh"),
                query,
                &headers,
                body,
            );
            let (status, body) = state.answers.refresh.clone();
            (status, axum::Json(body)).into_response()
        }
        fn record(
            state: &BapiState,
            path: &str,
            query: HashMap<String, String>,
            headers: &HeaderMap,
            body: Value,
        ) {
            let header = |name: &str| {
                headers
                    .get(name)
                    .map(|v| v.to_str().unwrap().to_owned())
                    .unwrap_or_default()
            };
            state.calls.lock().unwrap().push(Call {
                path: path.to_owned(),
                query,
                authorization: header("authorization"),
                api_version: header("clerk-api-version"),
                body,
            });
        }
        let calls = Arc::new(Mutex::new(Vec::new()));
        let state = BapiState {
            answers,
            calls: calls.clone(),
        };
        let app = Router::new()
            .route("/v1/clients/handshake_payload", get(payload))
            .route("/v1/sessions/{sid}/refresh", post(refresh))
            .with_state(state);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Self { url, calls }
    }

    pub fn calls(&self) -> Vec<Call> {
        self.calls.lock().unwrap().clone()
    }
}

/// A production configuration against `bapi`.
pub fn prod(bapi: &Bapi) -> ClerkConfigBuilder {
    ClerkConfig::builder()
        .publishable_key(publishable_key(true, PROD_FAPI))
        .secret_key(PROD_SECRET)
        .jwt_key(PUBLIC_PEM)
        .api_url(&bapi.url)
}

/// A development configuration against `bapi`.
pub fn dev(bapi: &Bapi) -> ClerkConfigBuilder {
    ClerkConfig::builder()
        .publishable_key(publishable_key(false, DEV_FAPI))
        .secret_key(DEV_SECRET)
        .jwt_key(PUBLIC_PEM)
        .api_url(&bapi.url)
}

/// An app whose pages answer with the signed-in user id, or `signed out`.
pub fn app(config: ClerkConfigBuilder) -> Router {
    async fn page(auth: Auth) -> String {
        auth.user_id()
            .map_or_else(|| "signed out".to_owned(), |id| format!("user {id}"))
    }
    let options = ClerkOptions::from_config(&config.build().unwrap()).unwrap();
    Router::new()
        .route("/", get(page).post(page))
        .route("/dashboard", get(page).post(page).head(page))
        .route("/orgs/{org}", get(page))
        .route("/me", get(page))
        .layer(ClerkLayer::new(options))
}

/// A page load of `https://app.example.com{path}`.
pub fn document(path: &str) -> http::request::Builder {
    Request::builder()
        .uri(format!("https://app.example.com{path}"))
        .header("host", "app.example.com")
        .header("sec-fetch-dest", "document")
        .header("accept", "text/html")
}

/// A script's fetch of `https://app.example.com{path}`.
pub fn api(path: &str) -> http::request::Builder {
    Request::builder()
        .uri(format!("https://app.example.com{path}"))
        .header("host", "app.example.com")
        .header("sec-fetch-dest", "empty")
        .header("accept", "application/json")
}

/// Adds a `Cookie` header.
pub fn cookies(builder: http::request::Builder, pairs: &[(&str, &str)]) -> http::request::Builder {
    let header = pairs
        .iter()
        .map(|(n, v)| format!("{n}={v}"))
        .collect::<Vec<_>>()
        .join("; ");
    builder.header("cookie", header)
}

/// The answer of the app.
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Answer {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(|v| v.to_str().unwrap())
    }

    pub fn set_cookies(&self) -> Vec<String> {
        self.headers
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect()
    }

    pub fn reason(&self) -> Option<&str> {
        self.header("x-clerk-auth-reason")
    }

    pub fn status_header(&self) -> Option<&str> {
        self.header("x-clerk-auth-status")
    }

    /// The `Location`, parsed.
    pub fn location(&self) -> Url {
        Url::parse(self.header("location").expect("a Location header")).unwrap()
    }

    /// The `Location`'s query as a map.
    pub fn location_query(&self) -> HashMap<String, String> {
        self.location().query_pairs().into_owned().collect()
    }

    /// The names of the `Location`'s query parameters, in order.
    pub fn location_params(&self) -> Vec<String> {
        self.location()
            .query_pairs()
            .map(|(n, _)| n.into_owned())
            .collect()
    }
}

pub async fn send(app: &Router, request: http::request::Builder) -> Answer {
    send_with_body(app, request, Body::empty()).await
}

pub async fn send_with_body(app: &Router, request: http::request::Builder, body: Body) -> Answer {
    let response = app
        .clone()
        .oneshot(request.body(body).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    Answer {
        status,
        headers,
        body: String::from_utf8(bytes.to_vec()).unwrap(),
    }
}

/// Asserts a handshake to `fapi` with `reason`, and returns the answer.
pub fn assert_handshake(answer: &Answer, fapi: &str, reason: &str) {
    assert_eq!(
        answer.status,
        StatusCode::TEMPORARY_REDIRECT,
        "{}",
        answer.body
    );
    let location = answer.location();
    assert_eq!(location.host_str(), Some(fapi));
    assert_eq!(location.path(), "/v1/client/handshake");
    let query = answer.location_query();
    assert_eq!(query["__clerk_hs_reason"], reason);
    assert_eq!(query["format"], "nonce");
    assert_eq!(query["__clerk_api_version"], "2026-05-12");
    assert_eq!(answer.header("cache-control"), Some("no-store"));
    assert_eq!(answer.status_header(), Some("handshake"));
    assert_eq!(answer.reason(), Some(reason));
    assert_eq!(answer.body, "");
}

/// Asserts the request went on signed out with `reason` (no redirect).
pub fn assert_signed_out(answer: &Answer, reason: &str) {
    assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.headers);
    assert_eq!(answer.body, "signed out");
    assert_eq!(answer.status_header(), Some("signed-out"));
    assert_eq!(answer.reason(), Some(reason));
    assert!(answer.header("location").is_none());
}

/// Asserts the request went on signed in as `user_1`.
pub fn assert_signed_in(answer: &Answer) {
    assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.headers);
    assert_eq!(answer.body, "user user_1");
    assert!(answer.status_header().is_none());
}
