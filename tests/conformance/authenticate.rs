//! `authenticate`: every request case of `cases/authenticate.jsonl` through
//! [`clerk_runtime::auth::authenticate_request`], compared with the answers Clerk's own
//! `authenticateRequest` (`@clerk/backend` 3.25.0) gave in `expected/authenticate.jsonl`.
//! `authenticate/run.sh` regenerates both files (Node); this test needs no Node.
//!
//! How a case is run:
//! - The configuration is built as an application builds it ([`ClerkConfig::builder`] with the
//!   case's publishable key, secret key, PEM key, authorized parties, satellite flag and
//!   domain), and the request options come from [`AuthenticateOptions::from_config`], as in the
//!   layer. The clock is the case's `now` (for the cookie choice and for verification).
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

use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, Uri};
use clerk_runtime::Verifier;
use clerk_runtime::auth::{AuthState, AuthenticateOptions, authenticate_request};
use clerk_runtime::config::ClerkConfig;
use serde_json::{Map, Value, json};

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
    for (case, expected) in &cases {
        let ours = answer(case, &mut keys).await;
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

fn config(case: &Value, keys: &mut HashMap<String, String>) -> ClerkConfig {
    let o = &case["options"];
    let mut builder = ClerkConfig::builder();
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
async fn answer(case: &Value, keys: &mut HashMap<String, String>) -> Value {
    let config = config(case, keys);
    let now_ms = case["now"].as_i64().expect("every case has a clock");
    let options = AuthenticateOptions::from_config(&config).with_now_ms(now_ms);
    let key = config
        .jwt_key()
        .expect("every case verifies with a PEM key")
        .clone();
    let verifier = Verifier::from_key(key, config.verify_options().clone());
    let method =
        Method::from_bytes(case["method"].as_str().unwrap_or("GET").as_bytes()).expect("a method");
    let uri: Uri = case["url"]
        .as_str()
        .expect("every case has a URL")
        .parse()
        .expect("a URL");
    let headers = headers(case);
    let state = authenticate_request(&method, &uri, &headers, &options, |token: &str| {
        let verifier = verifier.clone();
        let token = token.to_owned();
        async move { verifier.verify_at(&token, now_ms).await }
    })
    .await;
    match &state {
        AuthState::SignedIn(_) => json!({
            "status": "signed-in",
            "reason": null,
            "userId": state.signed_in_session(true).map(|s| s.user_id.clone()),
        }),
        AuthState::SignedOut { reason, .. } => json!({
            "status": "signed-out",
            "reason": reason.as_str(),
            "userId": null,
        }),
    }
}
