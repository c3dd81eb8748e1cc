//! The testing kit (`--features testing`): its tokens decode to what was asked for, through a
//! real layer, as bearer tokens and as Clerk's cookies.
#![cfg(feature = "testing")]

use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::routing::get;
use clerk_runtime::testing::{self, AttachToken as _};
use clerk_runtime::{Auth, Check};
use tower::ServiceExt as _;

/// Answers with what `has()` says about each of a few checks.
async fn checks(auth: Auth) -> String {
    let checks = [
        Check::role("org:admin"),
        Check::permission("org:reports:read"),
        Check::feature("reports"),
        Check::plan("business"),
    ];
    let answers: Vec<String> = checks.iter().map(|c| auth.has(c).to_string()).collect();
    format!(
        "{} {} {}",
        auth.user_id().unwrap_or("-"),
        auth.org_id().unwrap_or("-"),
        answers.join(",")
    )
}

async fn body(app: Router, request: Request<Body>) -> (StatusCode, String) {
    let response = app.oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = axum::body::to_bytes(response.into_body(), 4096)
        .await
        .unwrap();
    (status, String::from_utf8(bytes.to_vec()).unwrap())
}

#[tokio::test]
async fn tokens_carry_org_role_permissions_features_and_plans() {
    let app = Router::new()
        .route("/", get(checks))
        .layer(testing::layer());
    for v1 in [false, true] {
        let mut token = testing::token("user_1")
            .org("org_1", "org:admin")
            .permission("org:reports:read")
            .feature("o:reports")
            .plan("o:business")
            .lifetime(Duration::from_mins(10));
        if v1 {
            token = token.v1();
        }
        let token = token.mint();
        let request = Request::get("/")
            .bearer(&token)
            .body(Body::empty())
            .unwrap();
        let (status, text) = body(app.clone(), request).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(text, "user_1 org_1 true,true,true,true", "v1: {v1}");
    }
    let plain = testing::token("user_2").mint();
    let request = Request::get("/")
        .body(Body::empty())
        .unwrap()
        .session_cookies(&plain);
    let (_, text) = body(app, request).await;
    assert_eq!(text, "user_2 - false,false,false,false");
}

#[tokio::test]
async fn an_expired_token_or_another_key_is_signed_out() {
    let app = Router::new()
        .route("/", get(checks))
        .layer(testing::layer());
    let expired = testing::token("user_1").issued_at(1_700_000_000).mint();
    let (_, text) = body(
        app.clone(),
        Request::get("/")
            .bearer(&expired)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert!(text.starts_with("- "), "{text}");
    // A layer with another key rejects the kit's tokens.
    let other = clerk_runtime::dev::SigningKey::generate().unwrap();
    let config = clerk_runtime::config::ClerkConfig::builder()
        .jwt_key(other.public_pem())
        .sign_in_url(testing::SIGN_IN_URL)
        .build()
        .unwrap();
    let layer = clerk_runtime::ClerkLayer::new(
        clerk_runtime::middleware::ClerkOptions::from_config(&config).unwrap(),
    );
    let app = Router::new().route("/", get(checks)).layer(layer);
    let token = testing::token("user_1").mint();
    let (_, text) = body(
        app,
        Request::get("/")
            .bearer(&token)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert!(text.starts_with("- "), "{text}");
}

#[test]
fn malformed_requests_are_errors_and_debug_hides_the_token() {
    let error = testing::token("user_1")
        .permission("org:reports:read")
        .try_mint()
        .unwrap_err();
    assert!(error.to_string().contains("organization"), "{error}");
    assert!(
        testing::token("user_1")
            .org("org_1", "admin")
            .permission("bad key")
            .try_mint()
            .is_err()
    );
    let token = testing::token("user_1").mint();
    assert!(!format!("{token:?}").contains(token.as_str()));
    assert_eq!(token.authorization(), format!("Bearer {token}"));
}
