//! The layer with real verification: options from a `ClerkConfig`, both token sources (header
//! and cookies), and two tenants with their own keys whose tokens never cross.

mod middleware_common;

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::routing::get;
use clerk_runtime::config::ClerkConfig;
use clerk_runtime::dev::{SessionClaimsBuilder, SigningKey};
use clerk_runtime::middleware::{ClerkOptions, OptionsCache, Respond};
use clerk_runtime::{Auth, ClerkLayer, MiddlewareRequest, MiddlewareResult};
use http::StatusCode;
use middleware_common::*;
use tower::ServiceExt;

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

fn config(key: &SigningKey) -> ClerkConfig {
    ClerkConfig::builder()
        .jwt_key(key.public_pem())
        .sign_in_url("/sign-in")
        .build()
        .unwrap()
}

fn token(key: &SigningKey, user: &str) -> String {
    let claims = SessionClaimsBuilder::new(user)
        .org("org_1", Some("acme"), "admin")
        .permission("org:reports:read")
        .build(now())
        .unwrap();
    key.mint(&claims).unwrap()
}

async fn protect_everything(auth: Auth, _req: MiddlewareRequest) -> MiddlewareResult {
    auth.protect()?;
    Ok(())
}

fn app(layer: ClerkLayer) -> Router {
    Router::new()
        .route(
            "/me",
            get(|auth: Auth| async move {
                format!(
                    "{} {} {:?}",
                    auth.user_id().unwrap_or_default(),
                    auth.org_role().unwrap_or_default(),
                    auth.org_permissions().unwrap_or_default()
                )
            }),
        )
        .layer(layer.handler(protect_everything))
}

async fn send(app: Router, request: http::request::Builder) -> axum::response::Response {
    app.oneshot(request.body(empty()).unwrap()).await.unwrap()
}

#[tokio::test]
async fn header_and_cookie_tokens_are_verified() {
    let key = SigningKey::generate().unwrap();
    let options = ClerkOptions::from_config(&config(&key)).unwrap();
    let app = app(ClerkLayer::new(options));
    let token = token(&key, "user_1");

    let response = send(app.clone(), bearer(api("/me"), &token)).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        body_text(response).await,
        r#"user_1 org:admin ["org:reports:read"]"#
    );

    let cookie = format!("__session={token}; __client_uat={}", now() - 5);
    let response = send(app.clone(), api("/me").header("cookie", cookie)).await;
    assert_eq!(response.status(), StatusCode::OK);

    // A session cookie without __client_uat is signed out, with Clerk's reason.
    let response = send(
        app.clone(),
        api("/me").header("cookie", format!("__session={token}")),
    )
    .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        header(&response, "x-clerk-auth-reason"),
        "protect-rewrite, session-token-but-no-client-uat"
    );

    // If a header token exists, only the header counts, even when it is invalid.
    let response = send(
        app.clone(),
        bearer(api("/me"), "x.y.z").header("cookie", format!("__session={token}; __client_uat=1")),
    )
    .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);

    // A token signed by another key.
    let stranger = SigningKey::generate().unwrap();
    let response = send(
        app,
        bearer(document("/me"), &self::token(&stranger, "user_x")),
    )
    .await;
    assert_eq!(response.status(), StatusCode::TEMPORARY_REDIRECT);
    assert!(
        header(&response, "location").starts_with("http://app.example.com/sign-in?redirect_url=")
    );
}

#[tokio::test]
async fn tenants_tokens_never_cross() {
    let keys = Arc::new([
        ("a", SigningKey::generate().unwrap()),
        ("b", SigningKey::generate().unwrap()),
    ]);
    let configs: Arc<Vec<(String, ClerkConfig)>> = Arc::new(
        keys.iter()
            .map(|(name, key)| ((*name).to_owned(), config(key)))
            .collect(),
    );
    let cache = Arc::new(OptionsCache::default());
    let resolver_cache = cache.clone();
    let layer = ClerkLayer::per_request(move |req: MiddlewareRequest| {
        let (configs, cache) = (configs.clone(), resolver_cache.clone());
        async move {
            let host = req
                .headers()
                .get("host")
                .and_then(|h| h.to_str().ok())
                .unwrap_or_default()
                .to_owned();
            let (tenant, config) = configs
                .iter()
                .find(|(name, _)| host.starts_with(&format!("{name}.")))
                .ok_or(Respond::from(StatusCode::NOT_FOUND))?;
            cache
                .get(tenant, config)
                .map_err(|_| Respond::from(StatusCode::INTERNAL_SERVER_ERROR))
        }
    });
    let app = app(layer);
    let on = |host: &str, token: &str| {
        http::Request::builder()
            .uri("/me")
            .header("host", host)
            .header("authorization", format!("Bearer {token}"))
    };
    let token_a = token(&keys[0].1, "alice");
    let token_b = token(&keys[1].1, "bob");
    for _ in 0..2 {
        let response = send(app.clone(), on("a.example.com", &token_a)).await;
        assert!(body_text(response).await.starts_with("alice "));
        let response = send(app.clone(), on("b.example.com", &token_b)).await;
        assert!(body_text(response).await.starts_with("bob "));
        let response = send(app.clone(), on("b.example.com", &token_a)).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        assert_eq!(
            header(&response, "x-clerk-auth-reason"),
            "protect-rewrite, token-invalid-signature"
        );
        let response = send(app.clone(), on("a.example.com", &token_b)).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
    }
    // One verifier per tenant, built once.
    assert_eq!(cache.len(), 2);
}

#[test]
fn options_need_a_key() {
    let config = ClerkConfig::builder().sign_in_url("/sign-in").build();
    // Either the configuration or the options refuse a setup that can verify nothing.
    if let Ok(config) = config {
        assert!(ClerkOptions::from_config(&config).is_err());
    }
}

#[tokio::test]
async fn a_layer_from_a_config_verifies_with_its_keys_in_one_call() {
    let key = SigningKey::generate().unwrap();
    let app = app(ClerkLayer::from_config(&config(&key)).unwrap());
    let response = send(app.clone(), bearer(api("/me"), &token(&key, "user_1"))).await;
    assert_eq!(response.status(), StatusCode::OK);
    let stranger = SigningKey::generate().unwrap();
    let response = send(app.clone(), bearer(api("/me"), &token(&stranger, "user_x"))).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    // Signed out on a page: sent to the config's sign-in URL.
    let response = send(app, document("/me")).await;
    assert_eq!(response.status(), StatusCode::TEMPORARY_REDIRECT);
    let location = header(&response, "location");
    assert!(location.contains("/sign-in?redirect_url="), "{location}");
}
