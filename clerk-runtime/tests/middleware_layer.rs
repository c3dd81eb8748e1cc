//! Router tests for what the layer does around `protect()`: static-asset skipping, forged
//! `x-clerk-*` headers, nested routers, the missing-layer 500, debug redaction and per-request
//! (multi-tenant) options.

mod middleware_common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::Router;
use axum::response::IntoResponse;
use axum::routing::get;
use clerk_runtime::AuthErrorReason;
use clerk_runtime::auth::{AuthState, SignedOutReason};
use clerk_runtime::middleware::{ClerkOptions, RedirectOptions, authenticate};
use clerk_runtime::{Auth, ClerkLayer, MiddlewareRequest, MiddlewareResult};
use http::StatusCode;
use middleware_common::*;
use tower::ServiceExt;

async fn send(app: Router, request: http::request::Builder) -> axum::response::Response {
    app.oneshot(request.body(empty()).unwrap()).await.unwrap()
}

async fn protect_everything(auth: Auth, _req: MiddlewareRequest) -> MiddlewareResult {
    auth.protect()?;
    Ok(())
}

// ---- static assets -------------------------------------------------------------------------

fn counting_options(calls: &Arc<AtomicUsize>) -> ClerkOptions {
    let calls = calls.clone();
    ClerkOptions::new(
        authenticate::from_fn(move |parts| {
            calls.fetch_add(1, Ordering::SeqCst);
            test_state(parts)
        }),
        RedirectOptions::default().sign_in_url("/sign-in"),
    )
    .unwrap()
}

fn counting_layer(calls: &Arc<AtomicUsize>) -> ClerkLayer {
    ClerkLayer::new(counting_options(calls)).handler(protect_everything)
}

#[tokio::test]
async fn static_assets_are_skipped_on_the_path_only() {
    // No closure and no route table: skipping only saves authenticating.
    let calls = Arc::new(AtomicUsize::new(0));
    let app = Router::new()
        .route("/{*rest}", get(|| async { "file" }))
        .layer(ClerkLayer::new(counting_options(&calls)));

    let response = send(app.clone(), api("/logo.png")).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        calls.load(Ordering::SeqCst),
        0,
        "skipped: not authenticated"
    );

    // An extension in the query string does not skip.
    let _ = send(app.clone(), api("/export?file=a.png")).await;
    assert_eq!(calls.load(Ordering::SeqCst), 1);

    // Always run for /api and /trpc; `.json` is not `.js`.
    for path in ["/api/logo.png", "/trpc/x.js", "/data.json"] {
        let _ = send(app.clone(), api(path)).await;
    }
    assert_eq!(calls.load(Ordering::SeqCst), 4);
}

#[tokio::test]
async fn skipping_can_be_turned_off() {
    let calls = Arc::new(AtomicUsize::new(0));
    let app = Router::new()
        .route("/{*rest}", get(|| async { "file" }))
        .layer(counting_layer(&calls).skip_static_assets(false));
    let response = send(app, api("/report.csv")).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(calls.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_skipped_path_never_hands_out_auth() {
    let logs = LogBuffer::default();
    let _guard = logs.capture();
    let app = Router::new()
        .route(
            "/{*rest}",
            get(|auth: Auth| async move { format!("{:?}", auth.user_id()) }),
        )
        .layer(ClerkLayer::new(options()));
    let response = send(app, bearer(api("/secret.csv"), "user")).await;
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert!(
        logs.contents().contains("skip_static_assets(false)"),
        "{}",
        logs.contents()
    );
}

#[tokio::test]
async fn a_middleware_handler_is_never_skipped() {
    // A closure protecting `/closure(.*)` must see every such path, asset-looking or not.
    async fn protect_closure(auth: Auth, req: MiddlewareRequest) -> MiddlewareResult {
        if req.path().starts_with("/closure") {
            auth.protect()?;
        }
        Ok(())
    }
    let app = Router::new()
        .route("/{*rest}", get(|| async { "secret" }))
        .layer(ClerkLayer::new(options()).handler(protect_closure));
    for path in [
        "/closure/x.css",
        "/closure/a.png/b",
        "/closure/x.htmlx",
        "/closure/app.js",
    ] {
        let response = send(app.clone(), api(path)).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
        let response = send(app.clone(), bearer(api(path), "user")).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
    }
}

#[tokio::test]
async fn only_the_last_segments_extension_makes_an_asset() {
    let calls = Arc::new(AtomicUsize::new(0));
    let app = Router::new()
        .route("/{*rest}", get(|| async { "file" }))
        .layer(ClerkLayer::new(counting_options(&calls)));
    for (path, authenticated) in [
        ("/a.png/b", true),
        ("/x.htmlx", true),
        ("/a.css/", true),
        ("/a.jsx", true),
        ("/logo.png", false),
        ("/dir.v2/app.min.js", false),
    ] {
        let before = calls.load(Ordering::SeqCst);
        let response = send(app.clone(), api(path)).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert_eq!(
            calls.load(Ordering::SeqCst) - before,
            usize::from(authenticated),
            "{path}"
        );
    }
}

// ---- forged headers ------------------------------------------------------------------------

#[tokio::test]
async fn forged_clerk_headers_are_removed_and_change_nothing() {
    let app = Router::new()
        .route(
            "/dashboard",
            get(|headers: http::HeaderMap| async move {
                let names: Vec<_> = headers
                    .keys()
                    .filter(|name| name.as_str().starts_with("x-clerk"))
                    .map(ToString::to_string)
                    .collect();
                format!("{names:?}")
            }),
        )
        .layer(ClerkLayer::new(options()).handler(protect_everything));
    let forged = || {
        api("/dashboard")
            .header("x-clerk-auth-status", "signed-in")
            .header("x-clerk-auth-token", "forged")
            .header("x-clerk-request-data", "forged")
            .header("x-middleware-subrequest", "middleware")
    };
    let response = send(app.clone(), forged()).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let response = send(app, bearer(forged(), "user")).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(body_text(response).await, "[]");
}

// ---- nested routers ------------------------------------------------------------------------

#[tokio::test]
async fn a_layer_inside_a_nested_router_matches_the_full_path() {
    async fn admin_only(auth: Auth, req: MiddlewareRequest) -> MiddlewareResult {
        if req.path().starts_with("/admin") {
            auth.protect()?;
        }
        Ok(())
    }
    let inner = Router::new()
        .route("/users", get(|| async { "users" }))
        .layer(ClerkLayer::new(options()).handler(admin_only));
    let app = Router::new().nest("/admin", inner);
    let response = send(app.clone(), api("/admin/users")).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        header(&response, "x-clerk-auth-reason"),
        "protect-rewrite, session-token-and-uat-missing"
    );
    let response = send(app, bearer(api("/admin/users"), "user")).await;
    assert_eq!(body_text(response).await, "users");
}

// ---- missing layer -------------------------------------------------------------------------

#[tokio::test]
async fn auth_without_the_layer_is_a_500_naming_clerk_layer() {
    let logs = LogBuffer::default();
    let _guard = logs.capture();
    let app = Router::new().route(
        "/me",
        get(|auth: Auth| async move { auth.user_id().map(str::to_owned).unwrap_or_default() }),
    );
    let response = send(app, bearer(api("/me"), "user")).await;
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let logged = logs.contents();
    assert!(logged.contains("ERROR"), "{logged}");
    assert!(logged.contains("clerk"), "{logged}");
    assert!(logged.contains("ClerkLayer"), "{logged}");
    assert!(body_text(response).await.contains("ClerkLayer"));
}

#[tokio::test]
async fn auth_state_without_the_layer_is_a_500_naming_clerk_layer() {
    let app =
        Router::new().route(
            "/state",
            get(|state: clerk_runtime::auth::AuthState| async move {
                format!("{}", state.is_signed_in())
            }),
        );
    let response = send(app, bearer(api("/state"), "user")).await;
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert!(body_text(response).await.contains("ClerkLayer"));
}

#[tokio::test]
async fn enforce_without_the_layer_fails_closed() {
    async fn handler(req: axum::extract::Request) -> axum::response::Response {
        let (parts, _) = req.into_parts();
        let protection = clerk_runtime::requirement::Protection::default();
        match clerk_runtime::middleware::enforce(&parts, &protection) {
            Ok(()) => "allowed".into_response(),
            Err(rejection) => rejection.into_response(),
        }
    }
    let app = Router::new().route("/e", get(handler));
    let response = send(app, bearer(api("/e"), "user")).await;
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
}

// ---- debug ---------------------------------------------------------------------------------

#[tokio::test]
async fn debug_logs_every_step_without_secrets() {
    let logs = LogBuffer::default();
    let _guard = logs.capture();
    let app = Router::new()
        .route("/{*rest}", get(|| async { "ok" }))
        .layer(
            ClerkLayer::new(options())
                .handler(protect_everything)
                .debug(true),
        );

    let token = "admin";
    let response = send(
        app.clone(),
        document("/dashboard?__clerk_db_jwt=dbjwtsecretvalue&x=1")
            .header(
                "cookie",
                "__session=cookiesecretvalue; __client_uat=1700000000",
            )
            .header("authorization", format!("Bearer {token}")),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    let response = send(
        app,
        api("/dashboard").header("cookie", "__session=othercookievalue; theme=dark"),
    )
    .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);

    let logged = logs.contents();
    for step in ["options", "url", "auth", "decision"] {
        assert!(logged.contains(step), "missing {step}: {logged}");
    }
    assert!(
        logged.contains("user_2"),
        "the auth state is logged: {logged}"
    );
    assert!(logged.contains("/dashboard"), "{logged}");
    assert!(
        logged.contains("__session"),
        "cookie names are logged: {logged}"
    );
    assert!(logged.contains(r#"decision="allowed""#), "{logged}");
    assert!(
        logged.contains(
            r#"decision="denied" outcome="unauthenticated" reason=token-invalid-signature by="middleware closure" rule=none status=404"#
        ),
        "{logged}"
    );
    for secret in [
        "cookiesecretvalue",
        "othercookievalue",
        "dbjwtsecretvalue",
        "1700000000",
        "token-of-user_2",
        "Bearer admin",
        "dark",
    ] {
        assert!(!logged.contains(secret), "{secret} leaked: {logged}");
    }
}

#[tokio::test]
async fn debug_off_logs_nothing() {
    let logs = LogBuffer::default();
    let _guard = logs.capture();
    let app = Router::new()
        .route("/{*rest}", get(|| async { "ok" }))
        .layer(ClerkLayer::new(options()));
    let _ = send(app, bearer(document("/x"), "user")).await;
    assert_eq!(logs.contents(), "");
}

// ---- per-request options -------------------------------------------------------------------

/// Tenant `a` accepts only tokens `a:<user>`; tenant `b` only `b:<user>`.
fn tenant_options(tenant: &'static str) -> ClerkOptions {
    ClerkOptions::new(
        authenticate::from_fn(move |parts| match token_of(parts) {
            Some(token) if token.split_once(':').is_some_and(|(t, _)| t == tenant) => {
                let user = token.split_once(':').unwrap().1.to_owned();
                AuthState::SignedIn(session(&user, "active", None, &[]))
            }
            Some(_) => AuthState::SignedOut {
                reason: SignedOutReason::Token(
                    clerk_runtime::TokenVerificationErrorReason::TokenInvalidSignature,
                ),
                message: "not this tenant's key".into(),
            },
            None => AuthState::SignedOut {
                reason: SignedOutReason::Auth(AuthErrorReason::SessionTokenAndUatMissing),
                message: String::new(),
            },
        }),
        RedirectOptions::default().sign_in_url(format!("https://{tenant}.example.com/sign-in")),
    )
    .unwrap()
}

#[tokio::test]
async fn per_request_options_keep_tenants_apart() {
    let tenants = Arc::new([("a", tenant_options("a")), ("b", tenant_options("b"))]);
    let layer = ClerkLayer::per_request(move |req: MiddlewareRequest| {
        let tenants = tenants.clone();
        async move {
            let host = req
                .headers()
                .get("host")
                .and_then(|h| h.to_str().ok())
                .unwrap_or_default()
                .to_owned();
            tenants
                .iter()
                .find(|(name, _)| host.starts_with(&format!("{name}.")))
                .map(|(_, options)| options.clone())
                .ok_or_else(|| StatusCode::NOT_FOUND.into())
        }
    })
    .handler(protect_everything);
    let app = Router::new()
        .route(
            "/me",
            get(|auth: Auth| async move { auth.user_id().unwrap_or_default().to_owned() }),
        )
        .layer(layer);
    let on = |host: &str, token: Option<&str>| {
        let mut builder = http::Request::builder()
            .uri("/me")
            .header("host", host)
            .header("sec-fetch-dest", "document");
        if let Some(token) = token {
            builder = builder.header("authorization", format!("Bearer {token}"));
        }
        builder
    };

    let response = send(app.clone(), on("a.example.com", Some("a:alice"))).await;
    assert_eq!(body_text(response).await, "alice");
    let response = send(app.clone(), on("b.example.com", Some("b:bob"))).await;
    assert_eq!(body_text(response).await, "bob");

    // Tenant a's token on tenant b: signed out there, sent to b's sign-in.
    let response = send(app.clone(), on("b.example.com", Some("a:alice"))).await;
    assert_eq!(response.status(), StatusCode::TEMPORARY_REDIRECT);
    assert!(
        header(&response, "location").starts_with("https://b.example.com/sign-in?redirect_url="),
        "{}",
        header(&response, "location")
    );
    assert_eq!(
        header(&response, "x-clerk-auth-reason"),
        "token-invalid-signature"
    );

    // The resolver's own answer is sent as is.
    let response = send(app, on("c.example.com", Some("a:alice"))).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}
