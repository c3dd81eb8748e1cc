//! `debug(true)` logs the protection map once, when the layer is applied to the router; a
//! `GuardedRouter` logs the whole map (the layer's table and every route with its handler's
//! guard) once, when it becomes an axum `Router`.

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::routing::{MethodFilter, get};
use clerk_runtime::ClerkLayer;
use clerk_runtime::clerk_routes;
use clerk_runtime::config::ClerkConfig;
use clerk_runtime::guarded::{self, GuardedRouter};
use clerk_runtime::middleware::ClerkOptions;
use clerk_runtime::requirement::RouteTable;
use clerk_runtime::{protect, public};

static ROUTES: RouteTable = clerk_routes! {
    "/dashboard(.*)" => signed_in;
    "/admin(.*)" => role = "org:admin";
};

#[derive(Clone, Default)]
struct Logs(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Logs {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn layer() -> ClerkLayer {
    let config = ClerkConfig::builder()
        .secret_key("sk_test_0123456789abcdefghij")
        .sign_in_url("/sign-in")
        .build()
        .unwrap();
    ClerkLayer::new(ClerkOptions::from_config(&config).unwrap())
        .routes(&ROUTES)
        .unwrap()
}

/// What `build` logs.
fn logged(build: impl FnOnce()) -> String {
    let logs = Logs::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    tracing::subscriber::with_default(subscriber, build);
    String::from_utf8(logs.0.lock().unwrap().clone()).unwrap()
}

/// What applying `layer` to a router of three routes logs.
fn logged_at_start_up(layer: ClerkLayer) -> String {
    logged(|| {
        let _app: Router = Router::new()
            .route("/", get(|| async { "home" }))
            .route("/dashboard", get(|| async { "dashboard" }))
            .route("/admin", get(|| async { "admin" }))
            .layer(layer);
    })
}

/// Whether `map` has a line that reads `words`, whatever the column widths.
fn has_line(map: &str, words: &str) -> bool {
    map.lines()
        .any(|line| line.split_whitespace().collect::<Vec<_>>().join(" ") == words)
}

#[public]
async fn home() -> &'static str {
    "home"
}

#[protect]
async fn dashboard() -> &'static str {
    "dashboard"
}

#[protect(role = "org:admin")]
async fn admin() -> &'static str {
    "admin"
}

#[protect(permission = "org:settings:manage" | "org:settings:write")]
async fn save_settings() -> &'static str {
    "saved"
}

#[protect(feature = "user:export")]
async fn export() -> &'static str {
    "export"
}

/// The quickstart's shape: guarded routes, a nested guarded router, a fallback, the layer,
/// and one route added after the layer.
fn guarded_app(layer: ClerkLayer) -> GuardedRouter {
    let api = GuardedRouter::new()
        .route("/me", guarded::get(dashboard))
        .route("/", guarded::get(home));
    GuardedRouter::new()
        .route("/", guarded::get(home))
        .route("/dashboard", guarded::get(dashboard))
        .route("/admin", guarded::get(admin).post(save_settings))
        .route(
            "/export",
            guarded::on(MethodFilter::PUT.or(MethodFilter::PATCH), export),
        )
        .nest("/api", api)
        .merge_public(Router::new().route("/health", get(|| async { "ok" })))
        .fallback(home)
        .layer(layer)
        .route("/late", guarded::get(dashboard))
}

/// Every route of [`guarded_app`] and its guard, as the map words them.
const GUARDED_ROUTES: [&str; 10] = [
    "GET / public",
    "GET /dashboard signed in",
    r#"GET /admin signed in with role "org:admin""#,
    r#"POST /admin signed in with any of [permission "org:settings:manage", permission "org:settings:write"]"#,
    r#"PUT, PATCH /export signed in with feature "user:export""#,
    "GET /api/me signed in",
    "GET /api public",
    "* (merged router) public on purpose (handlers not checked)",
    "ANY (fallback) public",
    "GET /late signed in (added after the ClerkLayer, so not behind it)",
];

#[test]
fn debug_prints_the_protection_map_once_at_start_up() {
    let logged = logged_at_start_up(layer().debug(true));
    assert_eq!(
        logged.matches("clerk route protection").count(),
        1,
        "{logged}"
    );
    assert!(
        logged.contains("  /dashboard(.*)      signed in\n"),
        "{logged}"
    );
    assert!(
        logged.contains(r#"  /admin(.*)          signed in with role "org:admin""#),
        "{logged}"
    );
    assert!(logged.contains("(every other path)  public"), "{logged}");
}

#[test]
fn without_debug_nothing_is_printed() {
    assert_eq!(logged_at_start_up(layer()), "");
}

#[test]
fn a_guarded_router_prints_the_table_and_every_route_with_its_guard_once() {
    let logged = logged(|| {
        let app = guarded_app(layer().debug(true));
        let _copy: Router = app.clone().into_router();
        let _app: Router = app.into_router();
    });
    assert_eq!(
        logged.matches("clerk route protection").count(),
        1,
        "{logged}"
    );
    assert_eq!(
        logged.matches("guarded router routes").count(),
        1,
        "{logged}"
    );
    assert!(
        has_line(&logged, r#"/admin(.*) signed in with role "org:admin""#),
        "{logged}"
    );
    assert!(has_line(&logged, "(every other path) public"), "{logged}");
    for route in GUARDED_ROUTES {
        assert!(has_line(&logged, route), "missing {route:?} in\n{logged}");
    }
}

#[test]
fn a_guarded_router_without_debug_prints_nothing_but_still_has_its_map() {
    let app = guarded_app(layer());
    let map = app.protection_map();
    for route in GUARDED_ROUTES {
        assert!(has_line(&map, route), "missing {route:?} in\n{map}");
    }
    assert_eq!(logged(|| drop(app.into_router())), "");
}

#[test]
fn without_a_layer_the_map_says_protect_needs_one() {
    let map = GuardedRouter::<()>::new()
        .route("/admin", guarded::get(admin))
        .protection_map();
    assert!(map.contains("no ClerkLayer"), "{map}");
    assert!(
        has_line(&map, r#"GET /admin signed in with role "org:admin""#),
        "{map}"
    );
    assert!(!map.contains("not behind it"), "{map}");
}

static COVERING: RouteTable = clerk_routes! {
    default => signed_in;
    public "/";
    "/admin(.*)" => role = "org:admin";
};

#[test]
fn a_covered_router_prints_the_table_and_its_routes_once() {
    let logged = logged(|| {
        let _app: Router = GuardedRouter::covered_by(layer().debug(true), &COVERING)
            .unwrap()
            .route("/", get(|| async { "home" }))
            .route("/admin", guarded::get(admin))
            .nest(
                "/files",
                Router::new().route("/{name}", get(|| async { "file" })),
            )
            .into_router();
    });
    assert_eq!(
        logged.matches("clerk route protection").count(),
        1,
        "{logged}"
    );
    for line in [
        "/ public",
        "(every other path) signed in",
        "* / covered by the route table",
        r#"GET /admin signed in with role "org:admin""#,
        "* /files (and below) covered by the route table",
    ] {
        assert!(has_line(&logged, line), "missing {line:?} in\n{logged}");
    }
    assert!(!logged.contains("not behind it"), "{logged}");
}
