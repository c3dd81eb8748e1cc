//! [`Handshake`]: the instance's handshake machinery. The decision table (in `auth`) asks it to
//! answer a reason with a redirect (Clerk's `handleMaybeHandshakeStatus`), to resolve a
//! handshake coming back, and to refresh an expired session.

use std::fmt;
use std::sync::Arc;

use http::header::{CACHE_CONTROL, LOCATION, SET_COOKIE};
use http::{HeaderMap, HeaderValue, Method};
use serde_json::Value;
use url::Url;

use super::bapi::{BackendApi, CLERK_API_VERSION, RefreshFailure, RefreshRequest};
use super::facts::Facts;
use super::org_sync::OrgTarget;
use super::url_params::{js_number_string, set_pairs, without_params};
use super::{HandshakeSettings, RequestState};
use crate::auth::token_source::{is_document_request, peek};
use crate::auth::{AuthState, SessionAuth, SignedOutReason};
use crate::instance::keys::account_portal_host;
use crate::verify::{JwtPayload, Verifier, VerifyOptions};
use crate::{AuthErrorReason, TokenVerificationError, TokenVerificationErrorReason};

/// The redirect counter cookie.
const REDIRECT_COUNT_COOKIE: &str = "__clerk_redirect_count";
/// Clock skew of the development retry after a time error (24 hours).
const DEV_RETRY_SKEW_MS: i64 = 86_400_000;

/// The handshake, session refresh, organization sync and satellite sync of one Clerk instance.
///
/// Built by [`ClerkOptions::from_config`](crate::middleware::ClerkOptions::from_config) when the
/// configuration has a publishable key.
#[derive(Clone)]
pub struct Handshake {
    pub(crate) settings: Arc<HandshakeSettings>,
    verifier: Verifier,
    lenient: Option<Verifier>,
    bapi: Option<BackendApi>,
}

impl fmt::Debug for Handshake {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Handshake")
            .field("settings", &self.settings)
            .field("backend_api", &self.bapi)
            .finish_non_exhaustive()
    }
}

/// How a handshake resolution ends when it does not give a state.
pub(crate) enum Unresolved {
    /// Clerk logs and goes on with the request's own cookies.
    FallThrough,
    /// Clerk throws (development handshake JWT failure): a 500 with this message.
    Fatal(String),
}

impl Handshake {
    /// The handshake of the instance `settings` describe, verifying tokens with `verifier`
    /// (the verifier of the session tokens: same keys, same options).
    #[must_use]
    pub fn new(
        settings: HandshakeSettings,
        verifier: Verifier,
        verify_options: &VerifyOptions,
    ) -> Self {
        let lenient = settings.is_development().then(|| {
            let mut options = verify_options.clone();
            options.clock_skew_ms = DEV_RETRY_SKEW_MS;
            verifier.with_options(options)
        });
        let bapi = settings
            .secret_key
            .as_ref()
            .and_then(|key| BackendApi::new(&settings.api_url, &settings.api_version, key));
        Self {
            settings: Arc::new(settings),
            verifier,
            lenient,
            bapi,
        }
    }

    /// The instance settings.
    #[must_use]
    pub fn settings(&self) -> &HandshakeSettings {
        &self.settings
    }

    /// Clerk's `handleMaybeHandshakeStatus`: a handshake redirect (to the Frontend API, or to
    /// `location`) when the request is eligible and the loop guard allows it, else signed out
    /// with `reason` and `message`.
    pub(crate) fn gate(
        &self,
        facts: &Facts<'_>,
        reason: SignedOutReason,
        message: String,
        location: Option<Url>,
    ) -> RequestState {
        if !is_eligible(facts.method, facts.headers) {
            return RequestState::signed_out(reason, message);
        }
        let location = match location {
            Some(location) => Some(location),
            None => facts
                .url
                .and_then(|url| self.redirect_to_handshake(facts, url, &reason)),
        };
        let Some(location) = location
            .as_ref()
            .and_then(|l| HeaderValue::from_str(l.as_str()).ok())
        else {
            // No public URL to come back to: fail closed.
            return RequestState::signed_out(reason, message);
        };
        if facts.is_looping() {
            if reason == SignedOutReason::Auth(AuthErrorReason::SatelliteCookieNeedsSyncing) {
                tracing::warn!(target: "clerk", "Clerk: the satellite sync looped; check that the satellite's domain and sign-in URL are set and that this preview domain is allowed");
            } else {
                tracing::warn!(target: "clerk", reason = %reason, "Clerk: the handshake looped and was stopped; the keys probably do not match the instance that signed the session");
            }
            return RequestState::signed_out(reason, message);
        }
        let mut headers = HeaderMap::new();
        headers.insert(LOCATION, location);
        headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
        let counter = format!(
            "{REDIRECT_COUNT_COOKIE}={}; SameSite=Lax; HttpOnly; Max-Age=2",
            js_number_string(facts.redirect_count + 1.0)
        );
        if let Ok(value) = HeaderValue::from_str(&counter) {
            headers.append(SET_COOKIE, value);
        }
        RequestState::handshake(reason, message, headers)
    }

    /// Clerk's `buildRedirectToHandshake`: the Frontend API's handshake endpoint with its
    /// parameters, in Clerk's order.
    fn redirect_to_handshake(
        &self,
        facts: &Facts<'_>,
        url: &Url,
        reason: &SignedOutReason,
    ) -> Option<Url> {
        let mut endpoint = self.settings.handshake_endpoint(url)?;
        let redirect_url = without_params(url, &["__clerk_db_jwt", "__dev_session"]);
        let mut pairs: Vec<(String, String)> = endpoint
            .query_pairs()
            .map(|(n, v)| (n.into_owned(), v.into_owned()))
            .collect();
        let mut push = |name: &str, value: &str| pairs.push((name.to_owned(), value.to_owned()));
        push("redirect_url", redirect_url.as_str());
        push("__clerk_api_version", CLERK_API_VERSION);
        push(
            "suffixed_cookies",
            if facts.suffixed { "true" } else { "false" },
        );
        push("__clerk_hs_reason", &reason.as_str());
        push("format", "nonce");
        if let Some(token) = facts.session_token() {
            push("__session", token);
        }
        if self.settings.is_development()
            && let Some(dev_browser) = &facts.dev_browser
        {
            push("__clerk_db_jwt", dev_browser);
        }
        if let Some(target) = self.org_target(url) {
            push("organization_id", target.param());
        }
        set_pairs(&mut endpoint, &pairs);
        Some(endpoint)
    }

    /// What the URL's path asks to activate under `organizationSyncOptions`.
    pub(crate) fn org_target(&self, url: &Url) -> Option<OrgTarget> {
        self.settings.organization_sync.as_ref()?.target(url.path())
    }

    /// Resolves a `__clerk_handshake_nonce` or `__clerk_handshake` coming back from the
    /// Frontend API (Clerk's `resolveHandshake`).
    pub(crate) async fn resolve(&self, facts: &Facts<'_>) -> Result<RequestState, Unresolved> {
        let dev = self.settings.is_development();
        let directives = if let Some(nonce) = &facts.handshake_nonce {
            match &self.bapi {
                Some(bapi) => bapi.handshake_payload(nonce).await,
                None => Vec::new(),
            }
        } else if let Some(token) = &facts.handshake_token {
            match self.verifier.verify_handshake_token(token).await {
                Ok(payload) => match payload.get("handshake") {
                    Some(Value::Array(items)) => items
                        .iter()
                        .map(|item| match item {
                            Value::String(s) => s.clone(),
                            other => other.to_string(),
                        })
                        .collect(),
                    _ => Vec::new(),
                },
                Err(error) if dev => return Err(Unresolved::Fatal(dev_failure_message(&error))),
                Err(error) => {
                    tracing::error!(target: "clerk", reason = %error.reason, message = %error.message, "Clerk: unable to resolve handshake");
                    return Err(Unresolved::FallThrough);
                }
            }
        } else {
            return Err(Unresolved::FallThrough);
        };

        let mut headers = HeaderMap::new();
        headers.insert(
            "access-control-allow-origin",
            HeaderValue::from_static("null"),
        );
        headers.insert(
            "access-control-allow-credentials",
            HeaderValue::from_static("true"),
        );
        for directive in &directives {
            if let Ok(value) = HeaderValue::from_str(directive) {
                headers.append(SET_COOKIE, value);
            }
        }
        let session = session_from_set_cookies(&directives);
        if dev && let Some(url) = facts.url {
            let clean = without_params(
                url,
                &[
                    "__clerk_handshake",
                    "__clerk_help",
                    "__clerk_db_jwt",
                    "__clerk_handshake_nonce",
                ],
            );
            if let Ok(value) = HeaderValue::from_str(clean.as_str()) {
                headers.insert(LOCATION, value);
                headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
            }
        }
        let Some(session) = session else {
            return Ok(RequestState::signed_out_with(
                SignedOutReason::Auth(AuthErrorReason::SessionTokenMissing),
                String::new(),
                headers,
            ));
        };
        let verified = match self.verifier.verify_at(&session, facts.now_ms).await {
            Err(error) if is_time_error(&error) && self.lenient.is_some() => {
                tracing::warn!(target: "clerk", reason = %error.reason, "Clerk: clock skew detected; retrying the handshake session with a 24-hour skew");
                match &self.lenient {
                    Some(lenient) => lenient.verify_at(&session, facts.now_ms).await,
                    None => Err(error),
                }
            }
            other => other,
        };
        match verified {
            Ok(claims) => {
                let mut state = RequestState::signed_in(session_state(claims, &session));
                state.headers = headers;
                Ok(state)
            }
            Err(error) => {
                tracing::error!(target: "clerk", reason = %error.reason, message = %error.message, "Clerk: unable to resolve handshake");
                Err(Unresolved::FallThrough)
            }
        }
    }

    /// Refreshes an expired session with the `__refresh` cookie (Clerk's `refreshToken`):
    /// `Ok` is signed-in with the new cookies, `Err` the `<x>` of
    /// `session-token-expired-refresh-<x>`.
    pub(crate) async fn refresh(&self, facts: &Facts<'_>) -> Result<RequestState, String> {
        let Some(bapi) = &self.bapi else {
            return Err("missing-api-client".to_owned());
        };
        let expired = facts.session_token().unwrap_or_default();
        let refresh_token = facts.refresh_token.as_deref().unwrap_or_default();
        let Some(sid) = peek(expired).and_then(|(_, payload)| {
            payload
                .get("sid")
                .and_then(Value::as_str)
                .map(str::to_owned)
        }) else {
            return Err("expired-session-token-missing-sid-claim".to_owned());
        };
        let request_origin = facts
            .url
            .map(|u| u.origin().ascii_serialization())
            .unwrap_or_default();
        let cookies = bapi
            .refresh_session(
                &sid,
                RefreshRequest {
                    expired_token: expired,
                    refresh_token,
                    request_origin,
                    headers: facts.headers,
                    suffixed_cookies: facts.suffixed,
                },
            )
            .await
            .map_err(|failure: RefreshFailure| failure.suffix())?;
        let Some(session) = session_from_set_cookies(&cookies) else {
            return Err("invalid-session-token".to_owned());
        };
        let claims = self
            .verifier
            .verify_at(&session, facts.now_ms)
            .await
            .map_err(|_| "invalid-session-token".to_owned())?;
        let mut state = RequestState::signed_in(session_state(claims, &session));
        for cookie in &cookies {
            if let Ok(value) = HeaderValue::from_str(cookie) {
                state.headers.append(SET_COOKIE, value);
            }
        }
        Ok(state)
    }

    /// Clerk's primary-domain cross-origin sync test (§ "cross-origin referer"): a document GET
    /// arriving from another site that is not Clerk's own.
    pub(crate) fn needs_cross_origin_sync(&self, facts: &Facts<'_>) -> bool {
        let Some(url) = facts.url else {
            return false;
        };
        if self.settings.is_satellite
            || facts.method != Method::GET
            || facts.header("sec-fetch-dest") != Some("document")
            || facts.redirect_count != 0.0
        {
            return false;
        }
        let Some(referer) = facts.header("referer").and_then(|r| Url::parse(r).ok()) else {
            return false;
        };
        if referer.origin() == url.origin() {
            return false;
        }
        !self.is_known_clerk_referer(&referer, url)
    }

    fn is_known_clerk_referer(&self, referer: &Url, url: &Url) -> bool {
        let frontend_api = self.settings.frontend_api(url);
        let fapi_url = if frontend_api.starts_with("http") {
            Url::parse(&frontend_api).ok()
        } else {
            Url::parse(&format!("https://{frontend_api}")).ok()
        };
        let host = referer.host_str().unwrap_or_default();
        if fapi_url.as_ref().and_then(Url::host_str) == Some(host) {
            return true;
        }
        if self.settings.is_development() && is_dev_account_portal(host) {
            return true;
        }
        let portal = format!("https://{}", account_portal_host(&frontend_api));
        referer.origin().ascii_serialization() == portal
    }

    /// Dev satellite sync: `signInUrl` with `__clerk_redirect_url=<this URL>` appended.
    pub(crate) fn satellite_sign_in_location(&self, url: &Url) -> Option<Url> {
        let sign_in = self.settings.sign_in_url.as_deref()?;
        let mut location = url.join(sign_in).ok()?;
        let mut pairs: Vec<(String, String)> = location
            .query_pairs()
            .map(|(n, v)| (n.into_owned(), v.into_owned()))
            .collect();
        pairs.push(("__clerk_redirect_url".to_owned(), url.as_str().to_owned()));
        set_pairs(&mut location, &pairs);
        Some(location)
    }
}

/// The primary's answer to a dev satellite: the satellite URL with the dev browser token and
/// `__clerk_synced=true`.
pub(crate) fn primary_sync_location(target: &str, dev_browser: Option<&str>) -> Option<Url> {
    let mut location = Url::parse(target).ok()?;
    if !matches!(location.scheme(), "http" | "https") {
        return None;
    }
    let mut pairs: Vec<(String, String)> = location
        .query_pairs()
        .map(|(n, v)| (n.into_owned(), v.into_owned()))
        .collect();
    if let Some(token) = dev_browser {
        pairs.push(("__clerk_db_jwt".to_owned(), token.to_owned()));
    }
    match pairs.iter().position(|(n, _)| n == "__clerk_synced") {
        Some(first) => {
            "true".clone_into(&mut pairs[first].1);
            let mut index = 0;
            pairs.retain(|(n, _)| {
                let keep = n != "__clerk_synced" || index == first;
                index += 1;
                keep
            });
        }
        None => pairs.push(("__clerk_synced".to_owned(), "true".to_owned())),
    }
    set_pairs(&mut location, &pairs);
    Some(location)
}

/// Clerk's `isRequestEligibleForHandshake`: a GET document (or iframe) navigation.
#[must_use]
pub fn is_eligible(method: &Method, headers: &HeaderMap) -> bool {
    method == Method::GET && is_document_request(headers)
}

fn is_time_error(error: &TokenVerificationError) -> bool {
    matches!(
        error.reason,
        TokenVerificationErrorReason::TokenExpired
            | TokenVerificationErrorReason::TokenNotActiveYet
            | TokenVerificationErrorReason::TokenIatInTheFuture
    )
}

fn dev_failure_message(error: &TokenVerificationError) -> String {
    if error.reason == TokenVerificationErrorReason::TokenInvalidSignature {
        "Clerk: Handshake token verification failed due to an invalid signature. If you have switched Clerk keys locally, clear your cookies and try again.".to_owned()
    } else {
        format!("Clerk: Handshake token verification failed: {error}.")
    }
}

/// A development Account Portal host (legacy `accounts.*.lcl.dev` forms and the current
/// `*.accounts.dev` forms).
pub(crate) fn is_dev_account_portal(host: &str) -> bool {
    let legacy = host.starts_with("accounts.")
        && [".lcl.dev", ".lclstage.dev", ".lclclerk.com"]
            .iter()
            .any(|s| host.ends_with(s));
    let current = [
        ".accounts.dev",
        ".accountsstage.dev",
        ".accounts.lclclerk.com",
    ]
    .iter()
    .any(|s| host.ends_with(s) && !host.ends_with(&format!(".clerk{s}")));
    legacy || current
}

/// The session token among `Set-Cookie` strings: the last cookie whose name starts with
/// `__session`, its value between the first and second `=`.
pub(crate) fn session_from_set_cookies(cookies: &[String]) -> Option<String> {
    cookies
        .iter()
        .rev()
        .find_map(|cookie| {
            let pair = cookie.split(';').next().unwrap_or_default();
            let mut parts = pair.split('=');
            let name = parts.next()?;
            if !name.starts_with("__session") {
                return None;
            }
            Some(parts.next().unwrap_or_default().to_owned())
        })
        .filter(|token| !token.is_empty())
}

/// The auth state of a verified token.
pub(crate) fn session_state(claims: Arc<JwtPayload>, token: &str) -> AuthState {
    match SessionAuth::from_payload(claims, Arc::from(token)) {
        Ok(session) => AuthState::SignedIn(session),
        Err(e) if e.is_subject_error() => AuthState::SignedOut {
            reason: SignedOutReason::Token(TokenVerificationErrorReason::TokenVerificationFailed),
            message: e.to_string(),
        },
        Err(e) => AuthState::SignedOut {
            reason: SignedOutReason::Auth(AuthErrorReason::UnexpectedError),
            message: format!("the session claims cannot be read: {e}"),
        },
    }
}
