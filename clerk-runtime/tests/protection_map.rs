//! `debug(true)` logs the protection map once, when the layer is applied to the router.

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::routing::get;
use clerk_runtime::ClerkLayer;
use clerk_runtime::clerk_routes;
use clerk_runtime::config::ClerkConfig;
use clerk_runtime::middleware::ClerkOptions;
use clerk_runtime::requirement::RouteTable;

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

/// What applying `layer` to a router of three routes logs.
fn logged_at_start_up(layer: ClerkLayer) -> String {
    let logs = Logs::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    tracing::subscriber::with_default(subscriber, || {
        let _app: Router = Router::new()
            .route("/", get(|| async { "home" }))
            .route("/dashboard", get(|| async { "dashboard" }))
            .route("/admin", get(|| async { "admin" }))
            .layer(layer);
    });
    String::from_utf8(logs.0.lock().unwrap().clone()).unwrap()
}

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
