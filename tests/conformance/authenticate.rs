//! `authenticate`: every request case of `cases/authenticate.jsonl` through
//! [`clerk_runtime::auth::authenticate_request`], compared with the answers Clerk's own
//! `authenticateRequest` (`@clerk/backend` 3.25.0) gave in `expected/authenticate.jsonl`.
//! `authenticate/run.sh` regenerates both files (Node); this test needs no Node.
//!
//! How a case is run:
//! - The configuration is built as an application builds it ([`ClerkConfig::builder`] with the
//!   case's publishable key, secret key, PEM key, authorized parties, satellite flag, domain,
//!   proxy URL, sign-in URL, organization sync options and satellite auto-sync), the request
//!   options come from [`AuthenticateOptions::from_config`] and the handshake from
//!   [`HandshakeSettings::from_config`], as in the layer. The clock is the case's `now` (for
//!   the cookie choice and for verification). The case URL is the request's public URL.
//! - The Backend API is a stand-in on 127.0.0.1 answering the nonce and refresh calls with the
//!   case's canned `bapi` answers (anything else: 404), as the oracle's.
//! - Header values are trimmed of spaces and tabs, as an HTTP parser hands them over (Fetch's
//!   `Headers` does the same in the oracle). `cookies` are joined as `name=value; …`; a raw
//!   `cookie` line is sent as it is.
//!
//! What is compared: `status` (`signed-in`, `signed-out` or `handshake`), `reason`, the signed-in
//! `userId` (a pending session has none, as Clerk's `toAuth()` by default), and for handshakes
//! the `Location` (origin, path, query parameters) and the `Set-Cookie` names and attributes.
//! Messages are not compared. A disagreement must be listed in DEVIATIONS.md (``- `a123`: why``);
//! a listed case that agrees fails the test too, so the list stays true.

use std::collections::HashMap;
use std::path::Path;

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, Uri};
use axum::response::IntoResponse;
use clerk_runtime::auth::{AuthenticateOptions, authenticate_request_state};
use clerk_runtime::config::ClerkConfig;
use clerk_runtime::handshake::{
    Handshake, HandshakeSettings, OrganizationSyncOptions, RequestState, Status,
};
use clerk_runtime::verify::Verifier;
use serde_json::{Map, Value, json};
use url::Url;

use crate::common::{Report, cases_with_expected, deviations, dir};

#[tokio::test]
async fn every_authenticate_case_agrees_with_clerk_or_is_a_recorded_deviation() {
    let deviations = deviations();
    let mut report = Report::default();
    let cases = cases_with_expected("authenticate");
    assert!(
        cases.len() >= 150,
        "the authenticateRequest cases: {}",
        cases.len()
    );
    let mut keys = HashMap::new();
    let bapi = Bapi::start().await;
    for (case, expected) in &cases {
        bapi.set(case["bapi"].clone());
        let ours = answer(case, &mut keys, &bapi.url).await;
        report.check(&deviations, case, &ours, &comparable(expected));
    }
    report.finish("authenticate");
}

#[test]
fn authenticate_deviations_name_existing_cases() {
    let ids: Vec<String> = cases_with_expected("authenticate")
        .iter()
        .map(|(case, _)| case["id"].as_str().unwrap_or_default().to_owned())
        .collect();
    for id in deviations().keys().filter(|id| id.starts_with('a')) {
        assert!(
            ids.contains(id),
            "DEVIATIONS.md lists `{id}`, which is no authenticate case"
        );
    }
}

/// Clerk's answer reduced to what is compared.
fn comparable(expected: &Value) -> Value {
    let mut out = Map::new();
    out.insert("status".into(), expected["status"].clone());
    out.insert("reason".into(), expected["reason"].clone());
    out.insert("userId".into(), expected["userId"].clone());
    if let Some(location) = expected.get("location") {
        out.insert("location".into(), location.clone());
    }
    let cookies: Vec<Value> = expected["setCookies"]
        .as_array()
        .map(|list| {
            list.iter()
                .map(|c| json!({"name": c["name"], "attributes": c["attributes"]}))
                .collect()
        })
        .unwrap_or_default();
    if !cookies.is_empty() {
        out.insert("setCookies".into(), Value::Array(cookies));
    }
    Value::Object(out)
}

/// The PEM text of `keys/<name>.public.pem`, read once per name.
fn public_key<'k>(keys: &'k mut HashMap<String, String>, name: &str) -> &'k str {
    keys.entry(name.to_owned()).or_insert_with(|| {
        let path = dir().join("keys").join(format!("{name}.public.pem"));
        std::fs::read_to_string(Path::new(&path))
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    })
}

/// The canned Backend API answers of the case being run.
struct Bapi {
    url: String,
    canned: Arc<Mutex<Value>>,
}

impl Bapi {
    async fn start() -> Self {
        let canned = Arc::new(Mutex::new(Value::Null));
        let state = canned.clone();
        let app = Router::new().fallback(move |request: axum::extract::Request| {
            let canned = state.lock().unwrap().clone();
            async move {
                let path = request.uri().path().to_owned();
                let answer =
                    if request.method() == Method::GET && path == "/v1/clients/handshake_payload" {
                        canned["handshakePayload"].clone()
                    } else if request.method() == Method::POST
                        && path.starts_with("/v1/sessions/")
                        && path.ends_with("/refresh")
                    {
                        canned["refresh"].clone()
                    } else {
                        Value::Null
                    };
                match answer["status"].as_u64() {
                    Some(status) => (
                        StatusCode::from_u16(u16::try_from(status).unwrap_or(500))
                            .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
                        axum::Json(answer.get("body").cloned().unwrap_or_else(|| json!({}))),
                    )
                        .into_response(),
                    None => (
                        StatusCode::NOT_FOUND,
                        axum::Json(json!({"errors": [{"code": "resource_not_found"}]})),
                    )
                        .into_response(),
                }
            }
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Self { url, canned }
    }

    fn set(&self, answers: Value) {
        *self.canned.lock().unwrap() = answers;
    }
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .map(|list| {
            list.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

fn config(case: &Value, keys: &mut HashMap<String, String>, api_url: &str) -> ClerkConfig {
    let o = &case["options"];
    let mut builder = ClerkConfig::builder().api_url(api_url);
    if let Some(key) = o["publishableKey"].as_str() {
        builder = builder.publishable_key(key);
    }
    if let Some(key) = o["secretKey"].as_str() {
        builder = builder.secret_key(key);
    }
    if let Some(name) = o["jwtKey"].as_str() {
        builder = builder.jwt_key(public_key(keys, name));
    }
    if let Some(parties) = o["authorizedParties"].as_array() {
        builder = builder.authorized_parties(parties.iter().filter_map(Value::as_str));
    }
    if let Some(satellite) = o["isSatellite"].as_bool() {
        builder = builder.is_satellite(satellite);
    }
    if let Some(domain) = o["domain"].as_str() {
        builder = builder.domain(domain);
    }
    if let Some(url) = o["signInUrl"].as_str() {
        builder = builder.sign_in_url(url);
    }
    if let Some(url) = o["proxyUrl"].as_str() {
        builder = builder.proxy_url(url);
    }
    if let Some(auto) = o["satelliteAutoSync"].as_bool() {
        builder = builder.satellite_auto_sync(auto);
    }
    if let Some(sync) = o.get("organizationSyncOptions") {
        builder = builder.organization_sync_options(OrganizationSyncOptions {
            organization_patterns: strings(&sync["organizationPatterns"]),
            personal_account_patterns: strings(&sync["personalAccountPatterns"]),
        });
    }
    builder
        .build()
        .unwrap_or_else(|e| panic!("{}: configuration: {e}", case["id"]))
}

fn headers(case: &Value) -> HeaderMap {
    let mut map = HeaderMap::new();
    if let Some(pairs) = case["headers"].as_object() {
        for (name, value) in pairs {
            let value = value
                .as_str()
                .expect("header values are strings")
                .trim_matches([' ', '\t']);
            map.append(
                HeaderName::from_bytes(name.as_bytes()).expect("a header name"),
                HeaderValue::from_str(value).expect("a header value"),
            );
        }
    }
    let cookie = match (&case["cookie"], case["cookies"].as_object()) {
        (Value::String(raw), _) => Some(raw.clone()),
        (_, Some(cookies)) if !cookies.is_empty() => Some(
            cookies
                .iter()
                .map(|(k, v)| format!("{k}={}", v.as_str().expect("cookie values are strings")))
                .collect::<Vec<_>>()
                .join("; "),
        ),
        _ => None,
    };
    if let Some(cookie) = cookie {
        map.append(
            axum::http::header::COOKIE,
            HeaderValue::from_str(cookie.trim_matches([' ', '\t'])).expect("a cookie header"),
        );
    }
    map
}

/// Our answer to one case, in the shape of [`comparable`].
async fn answer(case: &Value, keys: &mut HashMap<String, String>, api_url: &str) -> Value {
    let config = config(case, keys, api_url);
    let now_ms = case["now"].as_i64().expect("every case has a clock");
    let options = AuthenticateOptions::from_config(&config).with_now_ms(now_ms);
    let key = config
        .jwt_key()
        .expect("every case verifies with a PEM key")
        .clone();
    let verifier = Verifier::from_key(key, config.verify_options().clone());
    let handshake = HandshakeSettings::from_config(&config)
        .expect("organization sync patterns compile")
        .map(|settings| Handshake::new(settings, verifier.clone(), config.verify_options()));
    let method =
        Method::from_bytes(case["method"].as_str().unwrap_or("GET").as_bytes()).expect("a method");
    let text = case["url"].as_str().expect("every case has a URL");
    let uri: Uri = text.parse().expect("a URL");
    let url = public_url(text, &headers(case));
    let headers = headers(case);
    let state = authenticate_request_state(
        &method,
        &uri,
        Some(&url),
        &headers,
        &options,
        handshake.as_ref(),
        |token: &str| {
            let verifier = verifier.clone();
            let token = token.to_owned();
            async move { verifier.verify_at(&token, now_ms).await }
        },
    )
    .await;
    ours(&state)
}

/// The request's public URL as the layer sees it behind a proxy
/// ([`OriginPolicy::BehindProxy`](clerk_runtime::middleware::OriginPolicy::BehindProxy)): the
/// first `x-forwarded-proto` / `x-forwarded-host` values win over the URL's own (Clerk's
/// `clerkUrl`).
fn public_url(text: &str, headers: &HeaderMap) -> Url {
    let mut url = Url::parse(text).expect("an absolute URL");
    let first = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    };
    if let Some(proto) = first("x-forwarded-proto") {
        let _ = url.set_scheme(&proto);
    }
    if let Some(host) = first("x-forwarded-host") {
        let (name, port) = match host.rsplit_once(':') {
            Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => {
                (name.to_owned(), port.parse().ok())
            }
            _ => (host.clone(), None),
        };
        let _ = url.set_host(Some(&name));
        let _ = url.set_port(port);
    }
    url
}

/// A request state in the compared shape.
fn ours(state: &RequestState) -> Value {
    let mut out = Map::new();
    if state.error.is_some() {
        out.insert("status".into(), json!("error"));
        out.insert("reason".into(), Value::Null);
        out.insert("userId".into(), Value::Null);
        return Value::Object(out);
    }
    let status = match state.status {
        Status::SignedIn => "signed-in",
        Status::SignedOut => "signed-out",
        Status::Handshake => "handshake",
    };
    out.insert("status".into(), json!(status));
    out.insert(
        "reason".into(),
        state
            .state
            .signed_out_reason()
            .map_or(Value::Null, |r| json!(r.as_str())),
    );
    out.insert(
        "userId".into(),
        state
            .state
            .signed_in_session(true)
            .map_or(Value::Null, |s| json!(s.user_id)),
    );
    if let Some(location) = state.location() {
        out.insert(
            "location".into(),
            split_location(location.to_str().unwrap_or_default()),
        );
    }
    let cookies: Vec<Value> = state
        .headers
        .get_all("set-cookie")
        .iter()
        .map(|v| split_set_cookie(v.to_str().unwrap_or_default()))
        .collect();
    if !cookies.is_empty() {
        out.insert("setCookies".into(), Value::Array(cookies));
    }
    Value::Object(out)
}

/// A `Location` as the oracle splits it: origin, path, and the query as a map (a repeated
/// name becomes a list).
fn split_location(location: &str) -> Value {
    let Ok(url) = Url::parse(location) else {
        return json!({"unparsable": location});
    };
    let mut query = Map::new();
    for (name, value) in url.query_pairs() {
        let value = Value::String(value.into_owned());
        match query.get_mut(name.as_ref()) {
            Some(Value::Array(list)) => list.push(value),
            Some(existing) => *existing = json!([existing.clone(), value]),
            None => {
                query.insert(name.into_owned(), value);
            }
        }
    }
    json!({
        "origin": url.origin().ascii_serialization(),
        "path": url.path(),
        "query": query,
    })
}

/// A `Set-Cookie` line's name and attributes (names lowercased), as the oracle splits it.
fn split_set_cookie(line: &str) -> Value {
    let mut parts = line.split(';');
    let pair = parts.next().unwrap_or_default();
    let name = pair.split_once('=').map_or(pair, |(n, _)| n).trim();
    let mut attributes = Map::new();
    for attribute in parts {
        let attribute = attribute.trim();
        if attribute.is_empty() {
            continue;
        }
        match attribute.split_once('=') {
            None => {
                attributes.insert(attribute.to_lowercase(), Value::Bool(true));
            }
            Some((key, value)) => {
                attributes.insert(key.trim().to_lowercase(), json!(value.trim()));
            }
        }
    }
    json!({"name": name, "attributes": attributes})
}
