//! One `GET {api_url}/{api_version}/jwks` against Clerk's Backend API.
//!
//! The HTTP client (reqwest) is the `jwks` feature, on by default. Without it no request is
//! ever made: every fetch fails with `jwk-remote-failed-to-load`, which denies the request.

use std::fmt;
use std::time::Duration;

#[cfg(feature = "jwks")]
use http::header;
use http::{HeaderValue, StatusCode};
use url::Url;

use super::JwkSet;
use crate::instance::{ConfigError, SecretKey};
use crate::{TokenVerificationError, TokenVerificationErrorReason};

/// The largest JWKS body read (Clerk's sets are a few KiB).
#[cfg(feature = "jwks")]
const MAX_BODY_BYTES: usize = 1 << 20;
/// The largest error body read when looking for Clerk's error code.
#[cfg(feature = "jwks")]
const MAX_ERROR_BODY_BYTES: usize = 64 << 10;
/// Sent with every Backend API call.
#[cfg(feature = "jwks")]
const USER_AGENT: &str = concat!("clerk-axum/", env!("CARGO_PKG_VERSION"));

/// Fetches one instance's JWKS. Holds the secret key only inside a sensitive header value.
#[derive(Clone)]
pub(super) struct Fetcher {
    #[cfg(feature = "jwks")]
    client: reqwest::Client,
    url: Url,
    #[cfg_attr(not(feature = "jwks"), allow(dead_code))]
    authorization: HeaderValue,
    #[cfg_attr(not(feature = "jwks"), allow(dead_code))]
    timeout: Duration,
}

impl Fetcher {
    pub(super) fn new(
        api_url: &Url,
        api_version: &str,
        secret_key: &SecretKey,
        timeout: Duration,
    ) -> Result<Self, ConfigError> {
        let url = jwks_url(api_url, api_version);
        let mut authorization = HeaderValue::try_from(format!("Bearer {}", secret_key.expose()))
            .map_err(|_| ConfigError::InvalidSecretKey {
                name: "secret_key",
                problem: "it cannot be sent in an HTTP header",
            })?;
        authorization.set_sensitive(true);
        #[cfg(feature = "jwks")]
        let client = reqwest::Client::builder()
            .user_agent(USER_AGENT)
            .connect_timeout(timeout)
            .timeout(timeout)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| ConfigError::HttpClient(e.to_string()))?;
        Ok(Self {
            #[cfg(feature = "jwks")]
            client,
            url,
            authorization,
            timeout,
        })
    }

    /// The JWKS endpoint.
    pub(super) fn url(&self) -> &Url {
        &self.url
    }

    /// Without the `jwks` feature there is no HTTP client: the fetch fails, and the request
    /// with it.
    #[cfg(not(feature = "jwks"))]
    #[expect(
        clippy::unused_async,
        reason = "the same signature as the fetch it stands in for"
    )]
    pub(super) async fn fetch(&self) -> Result<JwkSet, TokenVerificationError> {
        Err(TokenVerificationError::new(
            TokenVerificationErrorReason::RemoteJwkFailedToLoad,
            format!(
                "Error loading Clerk JWKS from {}: clerk-runtime was built without its `jwks` feature; enable it, or verify with the PEM public key (CLERK_JWT_KEY)",
                self.url
            ),
        ))
    }

    /// Fetches and parses the set. Every failure is `jwk-remote-failed-to-load`, except a
    /// rejected secret key (`secret-key-invalid`). A set without usable keys is a failure.
    #[cfg(feature = "jwks")]
    pub(super) async fn fetch(&self) -> Result<JwkSet, TokenVerificationError> {
        let failed = |message: String| {
            TokenVerificationError::new(
                TokenVerificationErrorReason::RemoteJwkFailedToLoad,
                message,
            )
        };
        let response = self
            .client
            .get(self.url.clone())
            .header(header::AUTHORIZATION, self.authorization.clone())
            .header(header::ACCEPT, "application/json")
            .send()
            .await
            .map_err(|e| failed(self.transport_message(e)))?;
        let status = response.status();
        if !status.is_success() {
            let body = read_limited(response, MAX_ERROR_BODY_BYTES)
                .await
                .unwrap_or_default();
            return Err(status_error(&self.url, status, &body));
        }
        let body = read_limited(response, MAX_BODY_BYTES)
            .await
            .map_err(|problem| {
                failed(format!(
                    "Error loading Clerk JWKS from {}: {problem}",
                    self.url
                ))
            })?;
        let set = JwkSet::parse(&body).map_err(|e| {
            failed(format!(
                "Error loading Clerk JWKS from {}: {}",
                self.url, e.message
            ))
        })?;
        if set.is_empty() {
            return Err(failed(format!(
                "The JWKS endpoint {} did not contain any usable signing keys ({} skipped). Contact support@clerk.com.",
                self.url,
                set.skipped().len()
            )));
        }
        Ok(set)
    }

    #[cfg(feature = "jwks")]
    fn transport_message(&self, error: reqwest::Error) -> String {
        if error.is_timeout() {
            format!(
                "Error loading Clerk JWKS from {}: no answer within {} ms",
                self.url,
                self.timeout.as_millis()
            )
        } else {
            format!(
                "Error loading Clerk JWKS from {}: {}",
                self.url,
                error.without_url()
            )
        }
    }
}

impl fmt::Debug for Fetcher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Fetcher")
            .field("url", &self.url.as_str())
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

/// `{api_url}/{api_version}/jwks`, with any trailing `/` of the base dropped.
pub(super) fn jwks_url(api_url: &Url, api_version: &str) -> Url {
    let mut url = api_url.clone();
    let path = format!(
        "{}/{api_version}/jwks",
        api_url.path().trim_end_matches('/')
    );
    url.set_path(&path);
    url
}

/// The error for a non-2xx answer, as Clerk words it.
#[cfg_attr(not(feature = "jwks"), allow(dead_code))]
fn status_error(url: &Url, status: StatusCode, body: &[u8]) -> TokenVerificationError {
    let key_invalid = serde_json::from_slice::<serde_json::Value>(body)
        .ok()
        .and_then(|v| v.get("errors")?.as_array().cloned())
        .is_some_and(|errors| {
            errors
                .iter()
                .any(|e| e.get("code").and_then(|c| c.as_str()) == Some("clerk_key_invalid"))
        });
    if key_invalid {
        TokenVerificationError::new(
            TokenVerificationErrorReason::SecretKeyInvalid,
            "The secret key is invalid: the Backend API answered `clerk_key_invalid`. Check CLERK_SECRET_KEY.",
        )
    } else {
        TokenVerificationError::new(
            TokenVerificationErrorReason::RemoteJwkFailedToLoad,
            format!(
                "Error loading Clerk JWKS from {url} with code={}",
                status.as_u16()
            ),
        )
    }
}

/// Reads a body, refusing more than `limit` bytes.
#[cfg(feature = "jwks")]
async fn read_limited(mut response: reqwest::Response, limit: usize) -> Result<Vec<u8>, String> {
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| {
        if e.is_timeout() {
            "the body did not arrive in time".to_owned()
        } else {
            format!("reading the body failed: {}", e.without_url())
        }
    })? {
        if body.len() + chunk.len() > limit {
            return Err(format!("the body is larger than {limit} bytes"));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jwks_url_joins_base_version_and_path() {
        let base = Url::parse("https://api.clerk.com").unwrap();
        assert_eq!(
            jwks_url(&base, "v1").as_str(),
            "https://api.clerk.com/v1/jwks"
        );
        let prefixed = Url::parse("http://127.0.0.1:8080/clerk/").unwrap();
        assert_eq!(
            jwks_url(&prefixed, "v1").as_str(),
            "http://127.0.0.1:8080/clerk/v1/jwks"
        );
    }

    #[test]
    fn status_errors_follow_clerk() {
        let url = Url::parse("https://api.clerk.com/v1/jwks").unwrap();
        let invalid = status_error(
            &url,
            StatusCode::UNAUTHORIZED,
            br#"{"errors":[{"code":"other"},{"code":"clerk_key_invalid"}]}"#,
        );
        assert_eq!(
            invalid.reason,
            TokenVerificationErrorReason::SecretKeyInvalid
        );
        let other = status_error(&url, StatusCode::BAD_GATEWAY, b"<html>");
        assert_eq!(
            other.reason,
            TokenVerificationErrorReason::RemoteJwkFailedToLoad
        );
        assert!(other.message.contains("code=502"), "{}", other.message);
    }
}
