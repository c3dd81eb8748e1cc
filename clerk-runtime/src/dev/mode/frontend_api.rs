//! A local stand-in for the Frontend API's handshake endpoint, `GET /v1/client/handshake`,
//! speaking Clerk's wire format for a development instance.
//!
//! The layer sends a browser here when its session needs refreshing (a document request whose
//! `__session` is missing, stale or older than `__client_uat`). The stand-in reads the dev
//! client cookie, mints a fresh session token when it names a signed-in client (and none
//! otherwise), and sends the browser back to `redirect_url` with `__clerk_handshake=<JWT>`: a
//! token signed with the dev key whose `handshake` claim lists `Set-Cookie` directives. The
//! layer verifies it with the same key as session tokens, applies the directives and redirects
//! to the clean URL.
//!
//! `format=nonce` is answered with the handshake token too, not with a nonce: Clerk's SDK takes
//! either, and a nonce would need the app to call a Backend API back over the network with a
//! secret key, which local dev mode does not have.

use std::time::{SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;
use serde_json::json;

use super::DevMode;
use super::client::{self, DevClient};
use super::cookies::{self, Names};
use super::redirect_target::same_origin_path;
use crate::auth::RequestCookies;

/// The path of the handshake endpoint under the Frontend API.
pub(super) const HANDSHAKE_PATH: &str = "/v1/client/handshake";

/// The query parameter that carries the handshake token back to the app.
pub(super) const HANDSHAKE_PARAM: &str = "__clerk_handshake";

/// The Frontend API stand-in's routes, to nest under [`DevMode::FRONTEND_API_PATH`].
pub(super) fn routes(dev: DevMode) -> Router {
    Router::new()
        .route(HANDSHAKE_PATH, get(handshake))
        .with_state(dev)
}

/// The handshake's query, as the layer builds it.
/// `__clerk_api_version`, `__clerk_hs_reason`, `format` and `__session` are accepted and not
/// needed: the client cookie decides.
#[derive(Debug, Deserialize)]
struct HandshakeQuery {
    redirect_url: Option<String>,
    suffixed_cookies: Option<String>,
    #[serde(rename = "__clerk_db_jwt")]
    dev_browser: Option<String>,
}

async fn handshake(
    State(dev): State<DevMode>,
    Query(query): Query<HandshakeQuery>,
    headers: HeaderMap,
) -> Response {
    let Some(redirect_url) = query.redirect_url.as_deref().filter(|url| !url.is_empty()) else {
        return bad_request("the handshake needs a `redirect_url`");
    };
    let Some(back) = same_origin_path(redirect_url, &headers) else {
        return bad_request("`redirect_url` is not on this app's origin");
    };
    let request_cookies = RequestCookies::from_headers(&headers);
    let names = if query.suffixed_cookies.as_deref() == Some("true") {
        Names::PlainAndSuffixed
    } else {
        Names::Plain
    };
    let dev_browser = query
        .dev_browser
        .filter(|id| !id.is_empty())
        .or_else(|| request_cookies.get(cookies::DEV_BROWSER).map(str::to_owned))
        .unwrap_or_else(cookies::new_dev_browser_id);
    let client = request_cookies
        .get(client::COOKIE)
        .and_then(|sealed| DevClient::open(sealed, dev.signing_key()));
    let directives = match directives(&dev, client.as_ref(), names, &dev_browser, now()) {
        Ok(directives) => directives,
        Err(error) => return server_error(&error.to_string()),
    };
    let token = match handshake_token(&dev, &directives, now()) {
        Ok(token) => token,
        Err(error) => return server_error(&error.to_string()),
    };
    let location = with_param(&back, HANDSHAKE_PARAM, &token);
    let mut response = StatusCode::TEMPORARY_REDIRECT.into_response();
    let response_headers = response.headers_mut();
    match HeaderValue::try_from(location) {
        Ok(location) => response_headers.insert(header::LOCATION, location),
        Err(_) => return bad_request("`redirect_url` cannot be a Location"),
    };
    response_headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The cookie directives for `client` (`None`: nobody is signed in on this browser).
pub(super) fn directives(
    dev: &DevMode,
    client: Option<&DevClient>,
    names: Names,
    dev_browser: &str,
    now: u64,
) -> Result<Vec<String>, client::SignInError> {
    let mut directives = match client {
        Some(client) => {
            let token = client.mint_session(dev.signing_key(), now, dev.session_ttl())?;
            cookies::signed_in(&token, client, names)
        }
        None => cookies::signed_out(names),
    };
    directives.push(cookies::dev_browser(dev_browser));
    Ok(directives)
}

/// The handshake token: the directives in its `handshake` claim, signed with the dev key.
pub(super) fn handshake_token(
    dev: &DevMode,
    directives: &[String],
    now: u64,
) -> Result<String, crate::dev::MintError> {
    dev.signing_key().mint(&json!({
        "handshake": directives,
        "iat": now,
        "nbf": now.saturating_sub(10),
        "exp": now + 60,
    }))
}

/// `path` (with query and fragment) with `name=value` appended to its query.
fn with_param(path: &str, name: &str, value: &str) -> String {
    let (path_and_query, fragment) = match path.split_once('#') {
        Some((before, fragment)) => (before, Some(fragment)),
        None => (path, None),
    };
    let pair: String = url::form_urlencoded::Serializer::new(String::new())
        .append_pair(name, value)
        .finish();
    let separator = match path_and_query.split_once('?') {
        None => "?",
        Some((_, "")) => "",
        Some(_) => "&",
    };
    let mut location = format!("{path_and_query}{separator}{pair}");
    if let Some(fragment) = fragment {
        location.push('#');
        location.push_str(fragment);
    }
    location
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs())
}

fn bad_request(message: &str) -> Response {
    (
        StatusCode::BAD_REQUEST,
        axum::Json(json!({ "errors": [{ "code": "invalid_request", "message": message }] })),
    )
        .into_response()
}

fn server_error(message: &str) -> Response {
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        axum::Json(json!({ "errors": [{ "code": "internal", "message": message }] })),
    )
        .into_response()
}
