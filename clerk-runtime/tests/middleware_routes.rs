//! Router tests for route tables (`ClerkLayer::routes`), the form `clerk_routes!` takes.

mod middleware_common;

use std::borrow::Cow;

use axum::Router;
use axum::routing::get;
use clerk_runtime::ClerkLayer;
use clerk_runtime::middleware::RouteTableError;
use clerk_runtime::requirement::{Protection, Requirement};
use http::StatusCode;
use middleware_common::*;
use tower::ServiceExt;

async fn send(app: Router, request: http::request::Builder) -> axum::response::Response {
    app.oneshot(request.body(empty()).unwrap()).await.unwrap()
}

const REPORTS: Requirement = Requirement::Any(Cow::Borrowed(&[
    Requirement::permission("org:reports:read"),
    Requirement::permission("org:reports:manage"),
]));

fn requires(requirement: Requirement) -> Protection {
    Protection {
        requirement: Some(requirement),
        ..Protection::default()
    }
}

fn guide_routes() -> Router {
    let routes = table(
        vec![
            (&["/dashboard(.*)", "/forum(.*)"], Protection::default()),
            (&["/admin(.*)"], requires(Requirement::role("org:admin"))),
            (&["/admin/reports(.*)", "/reports"], requires(REPORTS)),
        ],
        None,
    );
    Router::new()
        .route("/", get(|| async { "home" }))
        .route("/{*rest}", get(|| async { "ok" }))
        .layer(ClerkLayer::new(options()).routes(routes).unwrap())
}

#[tokio::test]
async fn rules_protect_what_they_match() {
    let response = send(guide_routes(), document("/dashboard/settings")).await;
    assert_eq!(response.status(), StatusCode::TEMPORARY_REDIRECT);
    let response = send(guide_routes(), api("/forum")).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let response = send(guide_routes(), bearer(api("/forum/t/1"), "user")).await;
    assert_eq!(response.status(), StatusCode::OK);
    // Unlisted paths are public (Clerk's default).
    let response = send(guide_routes(), api("/pricing")).await;
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn every_matching_rule_must_pass() {
    // org:admin with reports:read passes both /admin(.*) and /admin/reports(.*).
    let response = send(guide_routes(), bearer(api("/admin/reports/q3"), "admin")).await;
    assert_eq!(response.status(), StatusCode::OK);
    // org:member passes neither; a signed-in user without org neither.
    for token in ["member", "user"] {
        let response = send(guide_routes(), bearer(document("/admin/reports/q3"), token)).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{token}");
    }
    let response = send(guide_routes(), bearer(api("/reports"), "member")).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let response = send(guide_routes(), bearer(api("/reports"), "admin")).await;
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn encoded_and_doubled_slashes_are_normalised_before_matching() {
    for path in ["/%64ashboard", "//dashboard", "/dashboard//x", "/Dashboard"] {
        let response = send(guide_routes(), api(path)).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
    }
}

#[tokio::test]
async fn malformed_paths_are_400() {
    let response = send(guide_routes(), bearer(api("/dashboard/%zz"), "admin")).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(body_text(response).await, "");
}

#[tokio::test]
async fn a_protected_path_is_never_skipped_as_a_static_asset() {
    let response = send(guide_routes(), api("/dashboard/export.csv")).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let response = send(guide_routes(), bearer(api("/dashboard/export.csv"), "user")).await;
    assert_eq!(response.status(), StatusCode::OK);
    // An unprotected asset is still skipped.
    let response = send(guide_routes(), api("/logo.png")).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers().get("x-clerk-auth-status").is_none());
}

#[tokio::test]
async fn protect_everything_but_public_routes() {
    let routes = table(vec![], Some(&["/sign-in(.*)", "/sign-up(.*)", "/"]));
    let app = Router::new()
        .route("/", get(|| async { "home" }))
        .route("/{*rest}", get(|| async { "ok" }))
        .layer(ClerkLayer::new(options()).routes(routes).unwrap());
    for public in ["/", "/sign-in", "/sign-up/verify"] {
        let response = send(app.clone(), api(public)).await;
        assert_eq!(response.status(), StatusCode::OK, "{public}");
    }
    for private in ["/anything", "/logo.png", "/api/x"] {
        let response = send(app.clone(), api(private)).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{private}");
    }
    let response = send(app, bearer(api("/anything"), "user")).await;
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn public_routes_are_public_only_when_every_reading_is() {
    // Clerk's "protect all routes" shape, with its `(.*)` public patterns.
    let routes = table(vec![], Some(&["/sign-in(.*)", "/sign-up(.*)"]));
    let app = Router::new()
        .route("/{*rest}", get(|| async { "members only" }))
        .layer(ClerkLayer::new(options()).routes(routes).unwrap());
    for public in [
        "/sign-in",
        "/sign-in/factor-one",
        "/sign-in/./x",
        "/sign-up/a/../b",
    ] {
        let response = send(app.clone(), api(public)).await;
        assert_eq!(response.status(), StatusCode::OK, "{public}");
    }
    for private in [
        "/sign-in/../secret",
        "/sign-in/%2e%2e/secret",
        "/sign-up/./../admin",
        "/sign-in/.%2E/.%2e/x",
        "/sign-in/..%2fx",
        "/sign-in%2F..%2Fx",
        "/sign-in/..%5Cx",
        "/sign-in/..;/x",
    ] {
        let response = send(app.clone(), api(private)).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{private}");
    }
    let response = send(app, api("/sign-in/%zz/../x")).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn every_rule_any_reading_matches_must_pass() {
    let routes = table(
        vec![
            (&["/admin(.*)"], requires(Requirement::role("org:admin"))),
            (&["/docs/:page"], Protection::default()),
        ],
        None,
    );
    let app = Router::new()
        .route("/{*rest}", get(|| async { "ok" }))
        .layer(ClerkLayer::new(options()).routes(routes).unwrap());
    // The rules any reading matches all apply: a member passes `/docs/:page` (Clerk's reading
    // of `..%2F..%2Fadmin` is one segment) but not `/admin(.*)` (the other readings).
    for path in [
        "/docs/x/../../admin",
        "/docs/%2e%2e/admin",
        "/docs/..%2F..%2Fadmin",
    ] {
        let response = send(app.clone(), bearer(api(path), "member")).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
        let response = send(app.clone(), bearer(api(path), "admin")).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
    }
    // `%252e` is decoded once: the text `%2e`, no dot segment.
    let response = send(app, api("/%252e%252e/admin")).await;
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn rule_urls_must_be_absolute_at_build_time() {
    let routes = table(
        vec![(
            &["/x"],
            Protection {
                unauthenticated_url: Some("/login".into()),
                ..Protection::default()
            },
        )],
        None,
    );
    let error = ClerkLayer::new(options()).routes(routes).unwrap_err();
    assert!(matches!(error, RouteTableError::Url { .. }), "{error}");
    assert!(error.to_string().contains("absolute"), "{error}");
}

#[tokio::test]
async fn rule_urls_are_used() {
    let routes = table(
        vec![(
            &["/billing(.*)"],
            Protection {
                requirement: Some(Requirement::role("org:admin")),
                unauthenticated_url: Some("https://example.com/login".into()),
                unauthorized_url: Some("https://example.com/denied".into()),
            },
        )],
        None,
    );
    let app = Router::new()
        .route("/{*rest}", get(|| async { "ok" }))
        .layer(ClerkLayer::new(options()).routes(routes).unwrap());
    let response = send(app.clone(), api("/billing")).await;
    assert_eq!(header(&response, "location"), "https://example.com/login");
    let response = send(app.clone(), bearer(api("/billing"), "user")).await;
    assert_eq!(header(&response, "location"), "https://example.com/denied");
    let response = send(app, bearer(api("/billing"), "admin")).await;
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_nested_layer_matches_the_original_uri() {
    let routes = table(vec![(&["/admin(.*)"], Protection::default())], None);
    let inner = Router::new()
        .route("/users", get(|| async { "users" }))
        .layer(ClerkLayer::new(options()).routes(routes).unwrap());
    let app = Router::new().nest("/admin", inner);
    let response = send(app.clone(), api("/admin/users")).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let response = send(app, bearer(api("/admin/users"), "user")).await;
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn debug_names_the_rules_that_matched() {
    let logs = LogBuffer::default();
    let _guard = logs.capture();
    let routes = table(
        vec![
            (&["/admin(.*)"], requires(Requirement::role("org:admin"))),
            (&["/pricing"], Protection::default()),
        ],
        None,
    );
    let app = Router::new()
        .route("/{*rest}", get(|| async { "ok" }))
        .layer(
            ClerkLayer::new(options())
                .routes(routes)
                .unwrap()
                .debug(true),
        );
    let response = send(app, bearer(api("/admin/users"), "user")).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let logged = logs.contents();
    assert!(logged.contains(r#"["/admin(.*)"]"#), "{logged}");
    assert!(!logged.contains(r#"rules=[["/pricing"]"#), "{logged}");
    assert!(
        logged.contains(
            r#"decision="denied" outcome="unauthorized" requirement=role "org:admin" by="route rule" rule=["/admin(.*)"] status=404"#
        ),
        "{logged}"
    );
    assert_eq!(logged.matches("clerk debug end").count(), 1, "{logged}");
    assert!(!logged.contains("token-of-user_1"), "{logged}");
}

#[tokio::test]
async fn a_nested_layer_also_matches_the_router_local_path() {
    // The table is written for the router it is attached to: `/admin` there is `/inner/admin`
    // outside. A rule that matches either path protects.
    let routes = table(
        vec![(&["/admin(.*)"], requires(Requirement::role("org:admin")))],
        None,
    );
    let inner = Router::new()
        .route("/admin", get(|| async { "admin" }))
        .route("/admin/{*rest}", get(|| async { "admin" }))
        .route("/open", get(|| async { "open" }))
        .layer(ClerkLayer::new(options()).routes(routes).unwrap());
    let app = Router::new().nest("/inner", inner);
    for path in ["/inner/admin", "/inner/admin/users"] {
        let response = send(app.clone(), api(path)).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
        let response = send(app.clone(), bearer(api(path), "member")).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
        let response = send(app.clone(), bearer(document(path), "user")).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
        let response = send(app.clone(), document(path)).await;
        assert_eq!(response.status(), StatusCode::TEMPORARY_REDIRECT, "{path}");
        // The sign-in redirect returns to the URL the client asked for, prefix included.
        assert!(
            header(&response, "location").contains("app.example.com%2Finner%2Fadmin"),
            "{}",
            header(&response, "location")
        );
        let response = send(app.clone(), bearer(api(path), "admin")).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
    }
    let response = send(app, api("/inner/open")).await;
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_nested_protect_all_table_protects_under_either_path() {
    // Public routes exempt a path only when every reading of it is public: `/sign-in` is
    // public inside, but `/inner/sign-in` is not listed, so it stays protected (fail closed).
    let routes = table(
        vec![],
        Some(&["/sign-in(.*)", "/inner/sign-in(.*)", "/pricing"]),
    );
    let inner = Router::new()
        .route("/{*rest}", get(|| async { "ok" }))
        .layer(ClerkLayer::new(options()).routes(routes).unwrap());
    let app = Router::new().nest("/inner", inner);
    let response = send(app.clone(), api("/inner/sign-in")).await;
    assert_eq!(response.status(), StatusCode::OK);
    for private in ["/inner/pricing", "/inner/dashboard"] {
        let response = send(app.clone(), api(private)).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{private}");
    }
}
