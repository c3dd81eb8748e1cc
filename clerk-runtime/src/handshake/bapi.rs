//! The two Backend API calls of the handshake, with the secret key: the handshake payload for a
//! nonce (`GET /clients/handshake_payload`) and the session refresh
//! (`POST /sessions/{sid}/refresh`).
//!
//! The HTTP client is the `jwks` feature (on by default); without it no client exists, and the
//! handshake resolves nothing through the Backend API (the request stays signed out).
#![cfg_attr(not(feature = "jwks"), allow(dead_code, unused_imports))]

use std::fmt;
use std::time::Duration;

use http::{HeaderMap, HeaderValue};
use serde_json::{Map, Value, json};
use url::Url;

use crate::config::SecretKey;

/// `Clerk-API-Version`, and `__clerk_api_version` in the handshake redirect.
pub(crate) const CLERK_API_VERSION: &str = "2026-05-12";
/// Sent with every Backend API call.
const USER_AGENT: &str = concat!("clerk-axum/", env!("CARGO_PKG_VERSION"));
/// How long one Backend API call may take.
const TIMEOUT: Duration = Duration::from_secs(10);
/// The largest response body read.
const MAX_BODY_BYTES: usize = 1 << 20;

/// A Backend API client for one instance. Holds the secret key only in a sensitive header.
#[derive(Clone)]
pub(crate) struct BackendApi {
    #[cfg(feature = "jwks")]
    client: reqwest::Client,
    base: String,
    authorization: HeaderValue,
}

impl fmt::Debug for BackendApi {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BackendApi")
            .field("base", &self.base)
            .finish_non_exhaustive()
    }
}

/// Why a refresh failed: the `<x>` of Clerk's `session-token-expired-refresh-<x>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum RefreshFailure {
    /// A non-2xx answer with an error code other than `unexpected_error` (kept verbatim).
    Code(String),
    /// `unexpected_error`, a network failure or an unreadable 2xx body.
    FetchError,
    /// A non-2xx answer without a readable `errors` list.
    UnexpectedBapiError,
    /// A 2xx answer with no cookies.
    UnexpectedSdkError,
}

impl RefreshFailure {
    pub(crate) fn suffix(&self) -> String {
        match self {
            Self::Code(code) => code.clone(),
            Self::FetchError => "fetch-error".to_owned(),
            Self::UnexpectedBapiError => "unexpected-bapi-error".to_owned(),
            Self::UnexpectedSdkError => "unexpected-sdk-error".to_owned(),
        }
    }
}

impl BackendApi {
    /// A client for `{api_url}/{api_version}`, or `None` when the secret key cannot be sent in a
    /// header or no HTTP client can be built.
    ///
    /// Without the `jwks` feature (the crate's HTTP client) there is no client: `None`.
    #[cfg(not(feature = "jwks"))]
    pub(crate) fn new(_api_url: &str, _api_version: &str, _secret_key: &SecretKey) -> Option<Self> {
        None
    }

    /// The client (see above).
    #[cfg(feature = "jwks")]
    pub(crate) fn new(api_url: &str, api_version: &str, secret_key: &SecretKey) -> Option<Self> {
        let mut authorization =
            HeaderValue::try_from(format!("Bearer {}", secret_key.expose())).ok()?;
        authorization.set_sensitive(true);
        let client = reqwest::Client::builder()
            .user_agent(USER_AGENT)
            .connect_timeout(TIMEOUT)
            .timeout(TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .ok()?;
        Some(Self {
            client,
            base: format!("{}/{api_version}", api_url.trim_end_matches('/')),
            authorization,
        })
    }

    fn url(&self, segments: &[&str]) -> Option<Url> {
        let mut url = Url::parse(&self.base).ok()?;
        url.path_segments_mut()
            .ok()?
            .pop_if_empty()
            .extend(segments);
        Some(url)
    }

    #[cfg(feature = "jwks")]
    async fn read_json(response: reqwest::Response) -> Option<Value> {
        let bytes = response.bytes().await.ok()?;
        if bytes.len() > MAX_BODY_BYTES {
            return None;
        }
        serde_json::from_slice(&bytes).ok()
    }

    /// Without the `jwks` feature no `BackendApi` exists ([`new`](Self::new) is `None`).
    #[cfg(not(feature = "jwks"))]
    #[expect(
        clippy::unused_async,
        reason = "the signature of the call it stands in for"
    )]
    pub(crate) async fn handshake_payload(&self, _nonce: &str) -> Vec<String> {
        Vec::new()
    }

    /// Without the `jwks` feature no `BackendApi` exists ([`new`](Self::new) is `None`).
    #[cfg(not(feature = "jwks"))]
    #[expect(
        clippy::unused_async,
        reason = "the signature of the call it stands in for"
    )]
    pub(crate) async fn refresh_session(
        &self,
        _sid: &str,
        _refresh: RefreshRequest<'_>,
    ) -> Result<Vec<String>, RefreshFailure> {
        Err(RefreshFailure::FetchError)
    }

    /// The cookie directives for a handshake nonce. Failures are logged (without the nonce) and
    /// give no directives, as in Clerk.
    #[cfg(feature = "jwks")]
    pub(crate) async fn handshake_payload(&self, nonce: &str) -> Vec<String> {
        let Some(mut url) = self.url(&["clients", "handshake_payload"]) else {
            return Vec::new();
        };
        url.query_pairs_mut().append_pair("nonce", nonce);
        let response = self
            .client
            .get(url)
            .header(http::header::AUTHORIZATION, self.authorization.clone())
            .header("clerk-api-version", CLERK_API_VERSION)
            .header(http::header::CONTENT_TYPE, "application/json")
            .send()
            .await;
        let response = match response {
            Ok(response) if response.status().is_success() => response,
            Ok(response) => {
                tracing::error!(target: "clerk", status = %response.status(), "Clerk: the Backend API refused the handshake nonce");
                return Vec::new();
            }
            Err(error) => {
                tracing::error!(target: "clerk", error = %error.without_url(), "Clerk: the handshake payload could not be fetched");
                return Vec::new();
            }
        };
        let Some(body) = Self::read_json(response).await else {
            tracing::error!(target: "clerk", "Clerk: the handshake payload is not JSON");
            return Vec::new();
        };
        strings(body.get("directives"))
    }

    /// Refreshes session `sid` with the expired token and the refresh token; `Ok` holds the
    /// `Set-Cookie` strings.
    #[cfg(feature = "jwks")]
    pub(crate) async fn refresh_session(
        &self,
        sid: &str,
        refresh: RefreshRequest<'_>,
    ) -> Result<Vec<String>, RefreshFailure> {
        let mut url = self
            .url(&["sessions", sid, "refresh"])
            .ok_or(RefreshFailure::FetchError)?;
        if refresh.suffixed_cookies {
            url.query_pairs_mut()
                .append_pair("suffixed_cookies", "true");
        }
        let mut request_headers = Map::new();
        for name in refresh.headers.keys() {
            let joined = refresh
                .headers
                .get_all(name)
                .iter()
                .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
                .collect::<Vec<_>>()
                .join(", ");
            request_headers.insert(name.as_str().to_owned(), json!([joined]));
        }
        let body = json!({
            "format": "cookie",
            "expired_token": refresh.expired_token,
            "refresh_token": refresh.refresh_token,
            "request_origin": refresh.request_origin,
            "request_headers": request_headers,
        });
        let response = self
            .client
            .post(url)
            .header(http::header::AUTHORIZATION, self.authorization.clone())
            .header("clerk-api-version", CLERK_API_VERSION)
            .json(&body)
            .send()
            .await
            .map_err(|_| RefreshFailure::FetchError)?;
        let status = response.status();
        let body = Self::read_json(response).await;
        if !status.is_success() {
            let code = body
                .as_ref()
                .and_then(|b| b.get("errors"))
                .and_then(Value::as_array)
                .map(|errors| {
                    errors
                        .first()
                        .and_then(|e| e.get("code"))
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_owned()
                });
            return Err(match code {
                None => RefreshFailure::UnexpectedBapiError,
                Some(code) if code == "unexpected_error" => RefreshFailure::FetchError,
                Some(code) => RefreshFailure::Code(code),
            });
        }
        if status == reqwest::StatusCode::NO_CONTENT {
            return Err(RefreshFailure::UnexpectedBapiError);
        }
        let cookies = strings(body.ok_or(RefreshFailure::FetchError)?.get("cookies"));
        if cookies.is_empty() {
            return Err(RefreshFailure::UnexpectedSdkError);
        }
        Ok(cookies)
    }
}

/// What a refresh sends.
pub(crate) struct RefreshRequest<'a> {
    pub(crate) expired_token: &'a str,
    pub(crate) refresh_token: &'a str,
    pub(crate) request_origin: String,
    pub(crate) headers: &'a HeaderMap,
    pub(crate) suffixed_cookies: bool,
}

/// The strings of a JSON array (other entries skipped); nothing for any other shape.
fn strings(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}
