//! `#[protect]` handlers and `clerk_routes!` tables behind a real `ClerkLayer`, driven with
//! `oneshot`: the macros' output answers as Clerk's `auth.protect()` does (307 to sign-in for
//! signed-out pages, 404 otherwise, the configured URLs), and fails closed without the layer.

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use axum::response::Response;
use axum::routing::get;
use clerk_runtime::ClerkLayer;
use clerk_runtime::requirement::RouteTable;
use clerk_runtime::testing::{self, AttachToken as _, TestToken};
use clerk_runtime::{clerk_routes, protect};
use tower::ServiceExt;

#[protect]
async fn dashboard() -> &'static str {
    "dashboard"
}

#[protect(role = "org:admin")]
async fn admin() -> &'static str {
    "admin"
}

#[protect(
    permission = "org:reports:read" | "org:reports:manage",
    unauthorized_url = "https://example.com/denied"
)]
async fn reports(body: String) -> String {
    format!("reports {body}")
}

#[protect(unauthenticated_url = "https://example.com/login")]
async fn account() -> &'static str {
    "account"
}

static APP: RouteTable = clerk_routes! {
    default => signed_in;
    public "/sign-in/:path*", "/";
    "/admin(.*)" => role = "org:admin";
};

/// The testing kit, as the tests below use it: a layer that trusts the test key, and tokens
/// for a member of `org_1` with a role and permissions.
struct Harness;

#[allow(
    clippy::unused_self,
    reason = "methods on a value, so every test reads `harness.layer()` / `harness.token(..)`"
)]
impl Harness {
    fn new() -> Self {
        Self
    }

    fn layer(&self) -> ClerkLayer {
        testing::layer()
    }

    fn token(&self, role: &str, permissions: &[&str]) -> String {
        let mut token = testing::token("user_1").org("org_1", role).org_slug("acme");
        for permission in permissions {
            token = token.permission(*permission);
        }
        token.mint().to_string()
    }
}

fn handlers() -> Router {
    Router::new()
        .route("/dashboard", get(dashboard))
        .route("/admin", get(admin))
        .route("/reports", axum::routing::post(reports))
        .route("/account", get(account))
}

fn page(path: &str) -> Request<Body> {
    Request::get(path)
        .header(header::HOST, "app.example.com")
        .header("sec-fetch-dest", "document")
        .body(Body::empty())
        .unwrap()
}

fn api(path: &str, token: Option<&str>) -> Request<Body> {
    let mut request = Request::get(path).header(header::ACCEPT, "application/json");
    if let Some(token) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    request.body(Body::empty()).unwrap()
}

/// A page load from a browser signed in with `token` (Clerk's cookies).
fn signed_in_page(path: &str, token: &TestToken) -> Request<Body> {
    Request::get(path)
        .header(header::HOST, "app.example.com")
        .header("sec-fetch-dest", "document")
        .session_cookies(token)
        .body(Body::empty())
        .unwrap()
}

async fn send(app: Router, request: Request<Body>) -> Response {
    app.oneshot(request).await.unwrap()
}

fn location(response: &Response) -> &str {
    response.headers()[header::LOCATION].to_str().unwrap()
}

#[tokio::test]
async fn protected_handlers_answer_as_clerk_protect() {
    let harness = Harness::new();
    let app = handlers().layer(harness.layer());

    let response = send(app.clone(), page("/dashboard")).await;
    assert_eq!(response.status(), StatusCode::TEMPORARY_REDIRECT);
    assert!(
        location(&response).contains("/sign-in"),
        "{}",
        location(&response)
    );
    let response = send(app.clone(), api("/dashboard", None)).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);

    let member = harness.token("member", &[]);
    let admin = harness.token("admin", &[]);
    let response = send(app.clone(), api("/dashboard", Some(&member))).await;
    assert_eq!(response.status(), StatusCode::OK);
    let response = send(app.clone(), api("/admin", Some(&member))).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let response = send(app.clone(), api("/admin", Some(&admin))).await;
    assert_eq!(response.status(), StatusCode::OK);

    let response = send(app.clone(), page("/account")).await;
    assert_eq!(response.status(), StatusCode::TEMPORARY_REDIRECT);
    assert_eq!(location(&response), "https://example.com/login");
}

#[tokio::test]
async fn browsers_signed_in_with_clerks_cookies_are_judged_as_bearer_clients() {
    let app = handlers().layer(testing::layer());
    let admin = testing::token("user_1").org("org_1", "org:admin").mint();
    let member = testing::token("user_2").org("org_1", "org:member").mint();
    let response = send(app.clone(), signed_in_page("/admin", &admin)).await;
    assert_eq!(response.status(), StatusCode::OK);
    // Signed in but not an admin: Clerk's 404 even for a page load, never a sign-in redirect.
    let response = send(app.clone(), signed_in_page("/admin", &member)).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    // An expired token in the cookie is signed out: the page goes to sign-in.
    let expired = testing::token("user_1")
        .org("org_1", "org:admin")
        .issued_at(1_700_000_000)
        .mint();
    let response = send(app, signed_in_page("/admin", &expired)).await;
    assert_eq!(response.status(), StatusCode::TEMPORARY_REDIRECT);
    assert!(location(&response).starts_with(testing::SIGN_IN_URL));
}

#[tokio::test]
async fn permission_expressions_and_body_extractors() {
    let harness = Harness::new();
    let app = handlers().layer(harness.layer());
    let post = |token: &str| {
        Request::post("/reports")
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .body(Body::from("q3"))
            .unwrap()
    };
    let reader = harness.token("member", &["org:reports:read"]);
    let response = send(app.clone(), post(&reader)).await;
    assert_eq!(response.status(), StatusCode::OK);
    let body = axum::body::to_bytes(response.into_body(), 1024)
        .await
        .unwrap();
    assert_eq!(&body[..], b"reports q3");

    let outsider = harness.token("member", &["org:invoices:read"]);
    let response = send(app, post(&outsider)).await;
    assert_eq!(response.status(), StatusCode::TEMPORARY_REDIRECT);
    assert_eq!(location(&response), "https://example.com/denied");
}

#[tokio::test]
async fn without_the_layer_protected_handlers_fail_closed() {
    let harness = Harness::new();
    let admin = harness.token("admin", &[]);
    let response = send(handlers(), api("/admin", Some(&admin))).await;
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
}

#[tokio::test]
async fn a_route_table_protects_everything_except_public_routes() {
    let harness = Harness::new();
    let app = Router::new()
        .route("/", get(|| async { "home" }))
        .route("/{*rest}", get(|| async { "ok" }))
        .layer(harness.layer().routes(&APP).unwrap());

    for public in ["/", "/sign-in", "/sign-in/factor-one"] {
        let response = send(app.clone(), api(public, None)).await;
        assert_eq!(response.status(), StatusCode::OK, "{public}");
    }
    for private in ["/settings", "/sign-in-admin", "/admin"] {
        let response = send(app.clone(), api(private, None)).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{private}");
    }
    let member = harness.token("member", &[]);
    let response = send(app.clone(), api("/settings", Some(&member))).await;
    assert_eq!(response.status(), StatusCode::OK);
    let response = send(app.clone(), api("/admin/users", Some(&member))).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let admin = harness.token("admin", &[]);
    let response = send(app, api("/admin/users", Some(&admin))).await;
    assert_eq!(response.status(), StatusCode::OK);
}

/// Captures the `tracing` output of the current thread.
#[derive(Clone, Default)]
struct Logs(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Logs {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn a_protect_denial_is_the_layers_one_decision_event() {
    let logs = Logs::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    // An event first reached by a test without a subscriber, on another thread, must not be
    // skipped here.
    tracing::callsite::rebuild_interest_cache();

    let harness = Harness::new();
    let app = handlers().layer(harness.layer().debug(true));
    let member = harness.token("member", &[]);
    let response = send(app, api("/admin", Some(&member))).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);

    let logged = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    let events: Vec<&str> = logged.lines().filter(|l| l.contains("decision=")).collect();
    assert_eq!(events.len(), 1, "{logged}");
    assert!(
        events[0].contains(
            r#"decision="denied" outcome="unauthorized" requirement=role "org:admin" by="handler""#
        ),
        "{logged}"
    );
    assert!(events[0].contains("status=404"), "{logged}");
    assert!(!logged.contains(&member), "the token is never logged");
}
