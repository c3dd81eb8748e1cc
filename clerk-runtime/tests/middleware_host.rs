//! The `Host` header where the layer needs the request's origin (the sign-in redirect): a
//! missing, empty, invalid or repeated `Host` is the client's error, answered with 400 as
//! RFC 9112 §3.2 requires, with no error-level log line per request.

mod middleware_common;

use axum::Router;
use axum::routing::get;
use clerk_runtime::{Auth, ClerkLayer, MiddlewareRequest, MiddlewareResult};
use http::{Request, StatusCode};
use middleware_common::*;
use tower::ServiceExt;

async fn protect_everything(auth: Auth, _req: MiddlewareRequest) -> MiddlewareResult {
    auth.protect()?;
    Ok(())
}

fn app(layer: ClerkLayer) -> Router {
    Router::new()
        .route("/{*rest}", get(|| async { "ok" }))
        .layer(layer.handler(protect_everything))
}

async fn send(app: Router, request: http::request::Builder) -> axum::response::Response {
    app.oneshot(request.body(empty()).unwrap()).await.unwrap()
}

/// A page load of `/dashboard` with these `Host` values (none when empty).
fn page_with_hosts(hosts: &[&str]) -> http::request::Builder {
    let mut builder = Request::builder()
        .uri("/dashboard")
        .header("sec-fetch-dest", "document");
    for host in hosts {
        builder = builder.header("host", *host);
    }
    builder
}

#[tokio::test]
async fn missing_empty_invalid_or_repeated_host_is_a_400_without_error_logs() {
    let logs = LogBuffer::default();
    let _guard = logs.capture();
    for hosts in [
        &[][..],
        &[""],
        &["a b"],
        &["evil.example/x"],
        &["user@evil.example"],
        &["app.example.com:99999"],
        &["app.example.com:port"],
        &["app.example.com", "evil.example"],
        &["app.example.com", "app.example.com"],
    ] {
        let response = send(app(ClerkLayer::new(options())), page_with_hosts(hosts)).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "Host {hosts:?}");
        assert_eq!(header(&response, "location"), "", "Host {hosts:?}");
    }
    let logged = logs.contents();
    assert!(!logged.contains("ERROR"), "{logged}");
    assert!(!logged.contains("WARN"), "{logged}");
}

#[tokio::test]
async fn behind_a_proxy_a_bad_forwarded_host_is_a_400() {
    for (forwarded_host, forwarded_proto) in [("a b", "https"), ("app.example.com", "javascript")] {
        let request = page_with_hosts(&["internal:8080"])
            .header("x-forwarded-host", forwarded_host)
            .header("x-forwarded-proto", forwarded_proto);
        let response = send(app(ClerkLayer::new(options()).behind_proxy(true)), request).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    }
}

#[tokio::test]
async fn a_fixed_public_origin_needs_no_host() {
    let layer = ClerkLayer::new(options())
        .public_origin(url::Url::parse("https://app.example.com").unwrap());
    for hosts in [&[][..], &["evil.example", "other.example"]] {
        let response = send(app(layer.clone()), page_with_hosts(hosts)).await;
        assert_eq!(response.status(), StatusCode::TEMPORARY_REDIRECT);
        assert_eq!(
            header(&response, "location"),
            "https://accounts.example.com/sign-in?redirect_url=https%3A%2F%2Fapp.example.com%2Fdashboard"
        );
    }
}

#[tokio::test]
async fn decisions_that_need_no_origin_are_unchanged() {
    // Signed in: allowed, no origin needed.
    let response = send(
        app(ClerkLayer::new(options())),
        bearer(page_with_hosts(&[]), "user"),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    // Signed-out API request: Clerk's 404, no origin needed.
    let response = send(
        app(ClerkLayer::new(options())),
        Request::builder()
            .uri("/dashboard")
            .header("accept", "application/json"),
    )
    .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}
