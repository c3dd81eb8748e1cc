//! `GuardedRouter` behind a real `ClerkLayer`, driven with `oneshot`: `#[public]` handlers serve
//! everyone, `#[protect]`ed ones (free functions and `#[handlers]` methods) answer as Clerk's
//! `auth.protect()`, a router covered by a protecting table guards every route and the
//! fallback, and a table with a public default is refused.

// The handlers are stubs without `.await`; clippy flags associated ones (not the free ones,
// which are used as values) whatever the macros do.
#![allow(clippy::unused_async)]

use std::time::{SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use axum::response::Response;
use axum::routing::get;
use clerk_runtime::ClerkLayer;
use clerk_runtime::config::ClerkConfig;
use clerk_runtime::dev::{SessionClaimsBuilder, SigningKey};
use clerk_runtime::guarded::{self, CoverageError, GuardedRouter};
use clerk_runtime::middleware::ClerkOptions;
use clerk_runtime::requirement::RouteTable;
use clerk_runtime::{clerk_routes, handlers, protect, public};
use tower::ServiceExt;

#[public]
async fn home() -> &'static str {
    "home"
}

#[protect]
async fn dashboard() -> &'static str {
    "dashboard"
}

#[protect(role = "org:admin")]
async fn admin(body: String) -> String {
    format!("admin {body}")
}

struct Invoices;

#[handlers]
impl Invoices {
    #[protect(permission = "org:invoices:read")]
    async fn list() -> &'static str {
        "invoices"
    }

    #[public]
    async fn count() -> &'static str {
        "3"
    }
}

/// Protect everything except `/` and sign-in; `/admin(.*)` needs `org:admin`.
static COVER: RouteTable = clerk_routes! {
    default => signed_in;
    public "/", "/sign-in/:path*";
    "/admin(.*)" => role = "org:admin";
};

/// Clerk's default: public unless a rule names the path.
static SOME_ROUTES: RouteTable = clerk_routes! {
    "/dashboard(.*)" => signed_in;
};

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

struct Harness {
    key: SigningKey,
}

impl Harness {
    fn new() -> Self {
        Self {
            key: SigningKey::generate().unwrap(),
        }
    }

    fn layer(&self) -> ClerkLayer {
        let config = ClerkConfig::builder()
            .jwt_key(self.key.public_pem())
            .sign_in_url("/sign-in")
            .build()
            .unwrap();
        ClerkLayer::new(ClerkOptions::from_config(&config).unwrap())
    }

    fn token(&self, role: &str, permissions: &[&str]) -> String {
        let mut claims = SessionClaimsBuilder::new("user_1").org("org_1", Some("acme"), role);
        for permission in permissions {
            claims = claims.permission(*permission);
        }
        self.key.mint(&claims.build(now()).unwrap()).unwrap()
    }
}

fn guarded_handlers() -> GuardedRouter {
    GuardedRouter::new()
        .route("/", guarded::get(home))
        .route("/dashboard", guarded::get(dashboard))
        .route("/admin", guarded::post(admin))
        .route("/invoices", guarded::get(Invoices::list))
        .route("/invoices/count", guarded::get(Invoices::count))
}

fn page(path: &str) -> Request<Body> {
    Request::get(path)
        .header(header::HOST, "app.example.com")
        .header("sec-fetch-dest", "document")
        .body(Body::empty())
        .unwrap()
}

fn api(method: &str, path: &str, token: Option<&str>) -> Request<Body> {
    let mut request = Request::builder()
        .method(method)
        .uri(path)
        .header(header::ACCEPT, "application/json");
    if let Some(token) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    request.body(Body::from("x")).unwrap()
}

async fn send(app: Router, request: Request<Body>) -> Response {
    app.oneshot(request).await.unwrap()
}

async fn status(app: &Router, request: Request<Body>) -> StatusCode {
    send(app.clone(), request).await.status()
}

fn location(response: &Response) -> &str {
    response.headers()[header::LOCATION].to_str().unwrap()
}

#[tokio::test]
async fn public_handlers_serve_everyone_and_protected_ones_answer_as_clerk_protect() {
    let harness = Harness::new();
    let app = guarded_handlers().layer(harness.layer()).into_router();

    // Signed out: the public handlers serve, the protected ones deny as `auth.protect()`.
    assert_eq!(status(&app, api("GET", "/", None)).await, StatusCode::OK);
    assert_eq!(
        status(&app, api("GET", "/invoices/count", None)).await,
        StatusCode::OK
    );
    let response = send(app.clone(), page("/dashboard")).await;
    assert_eq!(response.status(), StatusCode::TEMPORARY_REDIRECT);
    assert!(
        location(&response).contains("/sign-in"),
        "{}",
        location(&response)
    );
    for (method, path) in [
        ("GET", "/dashboard"),
        ("POST", "/admin"),
        ("GET", "/invoices"),
    ] {
        assert_eq!(
            status(&app, api(method, path, None)).await,
            StatusCode::NOT_FOUND,
            "{method} {path}"
        );
    }

    // Signed in: each handler's own requirement.
    let member = harness.token("member", &[]);
    let reader = harness.token("member", &["org:invoices:read"]);
    let admin = harness.token("admin", &[]);
    assert_eq!(
        status(&app, api("GET", "/dashboard", Some(&member))).await,
        StatusCode::OK
    );
    assert_eq!(
        status(&app, api("POST", "/admin", Some(&member))).await,
        StatusCode::NOT_FOUND
    );
    let response = send(app.clone(), api("POST", "/admin", Some(&admin))).await;
    assert_eq!(response.status(), StatusCode::OK);
    let body = axum::body::to_bytes(response.into_body(), 64)
        .await
        .unwrap();
    assert_eq!(&body[..], b"admin x");
    assert_eq!(
        status(&app, api("GET", "/invoices", Some(&member))).await,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        status(&app, api("GET", "/invoices", Some(&reader))).await,
        StatusCode::OK
    );
}

#[tokio::test]
async fn without_the_layer_public_handlers_serve_and_protected_ones_fail_closed() {
    let app = guarded_handlers().into_router();
    assert_eq!(status(&app, api("GET", "/", None)).await, StatusCode::OK);
    assert_eq!(
        status(&app, api("GET", "/invoices/count", None)).await,
        StatusCode::OK
    );
    for path in ["/dashboard", "/invoices"] {
        assert_eq!(
            status(&app, api("GET", path, None)).await,
            StatusCode::INTERNAL_SERVER_ERROR,
            "{path}"
        );
    }
}

#[tokio::test]
async fn a_covered_router_guards_every_route_nested_router_and_the_fallback() {
    let harness = Harness::new();
    let app = GuardedRouter::covered_by(harness.layer(), &COVER)
        .unwrap()
        .route("/", get(|| async { "home" }))
        .route("/settings", get(|| async { "settings" }))
        .nest(
            "/admin",
            Router::new().route("/users", get(|| async { "users" })),
        )
        .fallback(|| async { "fallback" })
        .into_router();

    assert_eq!(status(&app, api("GET", "/", None)).await, StatusCode::OK);
    for path in ["/settings", "/admin/users", "/no-such-page"] {
        assert_eq!(
            status(&app, api("GET", path, None)).await,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    let response = send(app.clone(), page("/no-such-page")).await;
    assert_eq!(response.status(), StatusCode::TEMPORARY_REDIRECT);

    let member = harness.token("member", &[]);
    let admin = harness.token("admin", &[]);
    assert_eq!(
        status(&app, api("GET", "/settings", Some(&member))).await,
        StatusCode::OK
    );
    let response = send(app.clone(), api("GET", "/no-such-page", Some(&member))).await;
    let body = axum::body::to_bytes(response.into_body(), 64)
        .await
        .unwrap();
    assert_eq!(&body[..], b"fallback");
    assert_eq!(
        status(&app, api("GET", "/admin/users", Some(&member))).await,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        status(&app, api("GET", "/admin/users", Some(&admin))).await,
        StatusCode::OK
    );
}

#[tokio::test]
async fn routes_added_after_a_layer_are_still_covered_by_the_table() {
    let harness = Harness::new();
    let app = GuardedRouter::covered_by(harness.layer(), &COVER)
        .unwrap()
        .layer(tower::layer::util::Identity::new())
        .route("/late", get(|| async { "late" }))
        .into_router();
    assert_eq!(
        status(&app, api("GET", "/late", None)).await,
        StatusCode::NOT_FOUND
    );
}

#[test]
fn a_table_with_a_public_default_covers_nothing() {
    let harness = Harness::new();
    let error = GuardedRouter::<(), _>::covered_by(harness.layer(), &SOME_ROUTES).unwrap_err();
    assert!(
        matches!(&error, CoverageError::PublicDefault { rules } if rules == &[&["/dashboard(.*)"][..]]),
        "{error:?}"
    );
    let message = error.to_string();
    assert!(message.contains("default => signed_in;"), "{message}");
    assert!(message.contains("#[protect]"), "{message}");
}
