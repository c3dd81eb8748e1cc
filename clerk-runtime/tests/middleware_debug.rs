//! `debug(true)` with real verification: whatever a client puts in its cookies, its
//! `authorization` header, its query or other headers, none of those values reaches the log,
//! not even 8 bytes of them (the formatter's own property test covers more shapes; this one
//! covers every event the layer emits, the verifier's messages included).

mod middleware_common;

use std::sync::LazyLock;
use std::time::{SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::routing::get;
use clerk_runtime::config::ClerkConfig;
use clerk_runtime::dev::{SessionClaimsBuilder, SigningKey};
use clerk_runtime::middleware::ClerkOptions;
use clerk_runtime::{Auth, ClerkLayer, MiddlewareRequest, MiddlewareResult};
use http::Request;
use middleware_common::*;
use proptest::prelude::*;
use tower::ServiceExt;

/// One instance key for every case.
static KEY: LazyLock<SigningKey> = LazyLock::new(|| SigningKey::generate().unwrap());

async fn protect_everything(auth: Auth, _req: MiddlewareRequest) -> MiddlewareResult {
    auth.protect()?;
    Ok(())
}

fn app(key: &SigningKey) -> Router {
    let config = ClerkConfig::builder()
        .jwt_key(key.public_pem())
        .sign_in_url("/sign-in")
        .build()
        .unwrap();
    Router::new()
        .route("/{*rest}", get(|| async { "ok" }))
        .layer(
            ClerkLayer::new(ClerkOptions::from_config(&config).unwrap())
                .handler(protect_everything)
                .debug(true),
        )
}

/// Every 8-character window of `secret`.
fn windows(secret: &str) -> impl Iterator<Item = &str> {
    (0..=secret.len().saturating_sub(8)).map(move |i| &secret[i..i + 8])
}

/// The log lines one request through the layer produces.
fn logged(app: Router, request: http::request::Builder) -> String {
    let logs = LogBuffer::default();
    let _guard = logs.capture();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    runtime.block_on(async {
        app.oneshot(request.body(empty()).unwrap()).await.unwrap();
    });
    logs.contents()
}

fn placements(secret: &str) -> Vec<http::request::Builder> {
    let page = || {
        Request::builder()
            .uri("/p")
            .header("host", "app.example.com")
            .header("sec-fetch-dest", "document")
    };
    let with_query = |query: &str| {
        Request::builder()
            .uri(format!("/p?{query}"))
            .header("host", "app.example.com")
    };
    vec![
        page().header("cookie", secret),
        page().header("cookie", format!("a=1; {secret}")),
        page().header("cookie", format!("__session={secret}; __client_uat=1")),
        page().header("cookie", format!("__session=\"{secret}\"; __client_uat=1")),
        page().header("authorization", secret),
        page().header("authorization", format!("Bearer {secret}")),
        page().header("authorization", format!("{secret} Bearer x")),
        page().header("x-api-key", secret),
        with_query(secret),
        with_query(&format!("a=1&{secret}")),
        with_query(&format!("__clerk_db_jwt={secret}")),
        with_query(&format!("__clerk_handshake={secret}")),
    ]
}

#[test]
fn a_valid_token_never_reaches_the_log() {
    let key = &*KEY;
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let token = key
        .mint(&SessionClaimsBuilder::new("user_1").build(now).unwrap())
        .unwrap();
    let signature = token.rsplit('.').next().unwrap();
    for request in placements(&token) {
        let shown = logged(app(key), request);
        assert!(shown.contains("clerk debug"), "{shown}");
        assert!(!shown.contains(&token), "{shown}");
        for window in windows(signature) {
            assert!(!shown.contains(window), "{shown} leaks {window}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn client_values_never_reach_the_log(
        body in "[A-Za-z0-9_-]{8,40}",
        jwt_like in any::<bool>(),
    ) {
        let key = &*KEY;
        let secret = if jwt_like {
            format!("eyJhbGciOiJSUzI1NiJ9.S3cr{body}.c2ln{body}")
        } else {
            format!("S3cr{body}")
        };
        for request in placements(&secret) {
            let shown = logged(app(key), request);
            prop_assert!(shown.contains("clerk debug"), "{}", shown);
            let distinctive = if jwt_like { &secret[20..] } else { secret.as_str() };
            for window in windows(distinctive) {
                prop_assert!(!shown.contains(window), "{} leaks {}", shown, window);
            }
        }
    }
}
