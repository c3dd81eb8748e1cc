//! Requests the layer decides at once (options from a configuration, no middleware closure, no
//! debug logging): `#[protect]`, `enforce` and `Auth` answer them exactly as they answer the
//! requests the layer decides the usual way.

mod middleware_common;

use std::time::{SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::routing::get;
use clerk_runtime::config::ClerkConfig;
use clerk_runtime::dev::{SessionClaimsBuilder, SigningKey};
use clerk_runtime::middleware::{ClerkOptions, enforce};
use clerk_runtime::requirement::Protection;
use clerk_runtime::{Auth, AuthRejection, ClerkLayer, protect};
use http::StatusCode;
use http::request::Parts;
use middleware_common::*;
use tower::ServiceExt;

const PRIVATE: &str = include_str!("../../tests/conformance/keys/rsa2048-a.private.pem");

#[protect(permission = "org:invoices:read")]
async fn invoices() -> &'static str {
    "invoices"
}

#[protect(role = "org:billing")]
async fn billing() -> &'static str {
    "billing"
}

/// Signed in is enough for it, but its redirect URL is relative: a configuration error.
async fn relative_url(parts: Parts) -> Result<&'static str, AuthRejection> {
    let protection = Protection {
        requirement: None,
        unauthenticated_url: Some("/elsewhere".into()),
        unauthorized_url: None,
    };
    enforce(&parts, &protection)?;
    Ok("unreachable")
}

async fn who(auth: Auth) -> String {
    auth.user_id().unwrap_or("nobody").to_owned()
}

fn app(key: &SigningKey) -> Router {
    let config = ClerkConfig::builder()
        .jwt_key(key.public_pem())
        .sign_in_url("https://accounts.example.com/sign-in")
        .build()
        .unwrap();
    Router::new()
        .route("/invoices", get(invoices))
        .route("/billing", get(billing))
        .route("/relative", get(relative_url))
        .route("/who", get(who))
        .layer(ClerkLayer::new(ClerkOptions::from_config(&config).unwrap()))
}

async fn status(app: &Router, path: &str, token: Option<&str>, page: bool) -> (StatusCode, String) {
    let builder = if page { document(path) } else { api(path) };
    let builder = match token {
        Some(token) => bearer(builder, token),
        None => builder,
    };
    let response = app
        .clone()
        .oneshot(builder.body(empty()).unwrap())
        .await
        .unwrap();
    let location = header(&response, "location");
    (response.status(), location)
}

#[tokio::test]
async fn protections_answer_requests_decided_at_once_as_clerk_does() {
    let key = SigningKey::from_pem(PRIVATE).unwrap();
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let claims = SessionClaimsBuilder::new("user_1")
        .org("org_1", Some("acme"), "admin")
        .permission("org:invoices:read")
        .build(now)
        .unwrap();
    let token = key.mint(&claims).unwrap();
    let app = app(&key);

    // Twice: the first request verifies the token, the second is a cache hit.
    for round in 0..2 {
        let sent = Some(token.as_str());
        assert_eq!(
            status(&app, "/invoices", sent, false).await.0,
            StatusCode::OK,
            "{round}"
        );
        // A signed-in user without the role: Clerk's 404, for pages too.
        assert_eq!(
            status(&app, "/billing", sent, true).await.0,
            StatusCode::NOT_FOUND
        );
        // Allowed, but the protection is misconfigured: 500, never a pass.
        assert_eq!(
            status(&app, "/relative", sent, false).await.0,
            StatusCode::INTERNAL_SERVER_ERROR
        );
        let response = app
            .clone()
            .oneshot(bearer(api("/who"), &token).body(empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(body_text(response).await, "user_1");
    }

    // Without credentials: a page goes to sign-in with its URL, anything else is a 404.
    let (page, location) = status(&app, "/invoices", None, true).await;
    assert_eq!(page, StatusCode::TEMPORARY_REDIRECT);
    assert!(
        location.starts_with("https://accounts.example.com/sign-in?redirect_url=")
            && location.contains("%2Finvoices"),
        "{location}"
    );
    assert_eq!(
        status(&app, "/invoices", None, false).await.0,
        StatusCode::NOT_FOUND
    );
    let response = app
        .clone()
        .oneshot(api("/who").body(empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(header(&response, "x-clerk-auth-status"), "signed-out");
    assert_eq!(body_text(response).await, "nobody");
}

#[tokio::test]
async fn the_layer_closest_to_the_handler_decides_what_it_sees() {
    let (a, b) = (
        SigningKey::from_pem(PRIVATE).unwrap(),
        SigningKey::generate().unwrap(),
    );
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let token = a
        .mint(&SessionClaimsBuilder::new("user_a").build(now).unwrap())
        .unwrap();
    let options = |key: &SigningKey| {
        let config = ClerkConfig::builder()
            .jwt_key(key.public_pem())
            .sign_in_url("https://accounts.example.com/sign-in")
            .build()
            .unwrap();
        ClerkOptions::from_config(&config).unwrap()
    };
    // The outer layer (key B, with a middleware closure) is decided the usual way and signs the
    // token out; the inner one (key A) is decided at once and signs it in.
    let outer = ClerkLayer::new(options(&b))
        .handler(|_auth: Auth, _request: clerk_runtime::MiddlewareRequest| async { Ok(()) });
    let inner = ClerkLayer::new(options(&a));
    let app = Router::new()
        .route("/who", get(who))
        .layer(inner)
        .layer(outer);
    for _ in 0..2 {
        let response = app
            .clone()
            .oneshot(bearer(api("/who"), &token).body(empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(body_text(response).await, "user_a");
    }
    // And the other way round: the inner layer (key B) signs it out.
    let app = Router::new()
        .route("/who", get(who))
        .layer(ClerkLayer::new(options(&b)))
        .layer(ClerkLayer::new(options(&a)));
    let response = app
        .oneshot(bearer(api("/who"), &token).body(empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(body_text(response).await, "nobody");
}
