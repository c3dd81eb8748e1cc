//! Heap allocations per request through a real `ClerkLayer` (options from a PEM key, a router,
//! `oneshot`), counted by a counting global allocator, after a warm-up that fills the
//! verified-token cache. Each variant is compared with the same router without the layer, so
//! the figure is what the layer itself adds. BENCHMARKS.md records the numbers.
//!
//! The counter sees every thread; this binary has this one test and runs it on a current-thread
//! runtime, so nothing else allocates while a request is measured.

use std::alloc::System;
use std::time::{SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::body::Body;
use axum::routing::get;
use clerk_runtime::ClerkLayer;
use clerk_runtime::config::ClerkConfig;
use clerk_runtime::dev::{SessionClaimsBuilder, SigningKey};
use clerk_runtime::middleware::ClerkOptions;
use clerk_runtime::requirement::RouteTable;
use clerk_runtime::{clerk_routes, protect};
use http::{Request, StatusCode};
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};
use tower::ServiceExt;

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// Most allocations the layer may add to a request with a cached valid token (no rules): the
/// auth state stored in the extensions (its box, and the extension map's growth to hold it:
/// 2, measured by leaving the insertion out), and 2 that axum adds to any layer installed with
/// `Router::layer` (the wrapped route's boxed service is cloned and its future boxed per call).
/// The fast path boxes no future of its own, clones no service, and builds no request context
/// (an `Auth` is built when a handler takes one).
const MAX_ADDED_CACHED: usize = 4;
/// Most allocations the layer may add to a cached request through a `clerk_routes!` role rule:
/// the same; the matched rules are kept as bits, not lists.
const MAX_ADDED_ROLE_RULE: usize = 4;
/// Most allocations a cached request to a `#[protect(permission = …)]` handler may take over
/// the bare router's plain handler (`/open`): as many as a cached request to a plain handler.
/// An allowed protection is checked against the stored state, without building an `Auth` and
/// its request context (which took 2 more), and the permission is found in the session's list
/// without building its `org:` form (which took 1).
const MAX_ADDED_PERMISSION: usize = 4;
/// Most allocations the layer may add to a signed-out request on a protected route (404),
/// decided without awaiting (no cookies), over the bare router serving the route's handler:
/// none. Clerk's request state for a request without credentials is computed once; the
/// denial is answered from a request context on the stack, with an empty body and static
/// header values.
const MAX_ADDED_SIGNED_OUT: usize = 0;

static ROUTES: RouteTable = clerk_routes! {
    "/admin(.*)" => role = "org:admin";
};

const PRIVATE: &str = include_str!("../../tests/conformance/keys/rsa2048-a.private.pem");

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

#[protect(permission = "org:invoices:read")]
async fn invoices() -> &'static str {
    "ok"
}

fn routes() -> Router {
    Router::new()
        .route("/open", get(|| async { "ok" }))
        .route("/admin/x", get(|| async { "ok" }))
        .route("/invoices", get(invoices))
}

fn request(path: &str, token: Option<&str>) -> Request<Body> {
    let mut builder = Request::builder()
        .uri(path)
        .header("host", "app.example.com");
    if let Some(token) = token {
        builder = builder.header("authorization", format!("Bearer {token}"));
    }
    builder.body(Body::empty()).unwrap()
}

/// Allocations of one request (the request is built before counting starts), after warm-up.
async fn allocations(app: &Router, path: &str, token: Option<&str>, status: StatusCode) -> usize {
    for _ in 0..3 {
        let response = app.clone().oneshot(request(path, token)).await.unwrap();
        assert_eq!(response.status(), status, "{path}");
    }
    let mut counts = Vec::new();
    for _ in 0..5 {
        let request = request(path, token);
        let app = app.clone();
        let region = Region::new(GLOBAL);
        let response = app.oneshot(request).await.unwrap();
        let count = region.change().allocations;
        assert_eq!(response.status(), status, "{path}");
        drop(response);
        counts.push(count);
    }
    counts.into_iter().min().unwrap()
}

#[test]
fn the_cached_path_allocates_a_small_fixed_amount() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    runtime.block_on(async {
        let key = SigningKey::from_pem(PRIVATE).unwrap();
        let config = ClerkConfig::builder()
            .jwt_key(key.public_pem())
            .sign_in_url("/sign-in")
            .build()
            .unwrap();
        let options = ClerkOptions::from_config(&config).unwrap();
        let claims = SessionClaimsBuilder::new("user_1")
            .org("org_1", Some("acme"), "admin")
            .permission("org:invoices:read")
            .build(now())
            .unwrap();
        let token = key.mint(&claims).unwrap();

        // `with_state(())` is what `axum::serve` does first (`into_make_service`): it turns
        // each handler into its service once, instead of on every request of a bare `oneshot`.
        let bare = routes().with_state(());
        let layered = routes()
            .layer(ClerkLayer::new(options.clone()))
            .with_state(());
        let ruled = routes()
            .layer(ClerkLayer::new(options).routes(&ROUTES).unwrap())
            .with_state(());

        let ok = StatusCode::OK;
        let bare_open = allocations(&bare, "/open", Some(&token), ok).await;
        let bare_admin = allocations(&bare, "/admin/x", Some(&token), ok).await;
        let cached = allocations(&layered, "/open", Some(&token), ok).await;
        let role_rule = allocations(&ruled, "/admin/x", Some(&token), ok).await;
        let permission = allocations(&layered, "/invoices", Some(&token), ok).await;
        let signed_out = allocations(&ruled, "/admin/x", None, StatusCode::NOT_FOUND).await;
        println!(
            "allocations per request: bare axum {bare_open}; cached token, no rules {cached} \
             (+{}); role rule {role_rule} (+{}); #[protect] permission {permission} (+{}); signed \
             out on a protected route {signed_out} (+{})",
            cached - bare_open,
            role_rule - bare_admin,
            permission - bare_open,
            signed_out.saturating_sub(bare_admin),
        );
        assert!(
            cached - bare_open <= MAX_ADDED_CACHED,
            "{cached} vs {bare_open}"
        );
        assert!(
            role_rule - bare_admin <= MAX_ADDED_ROLE_RULE,
            "{role_rule} vs {bare_admin}"
        );
        assert!(
            permission <= bare_open + MAX_ADDED_PERMISSION,
            "{permission} vs {bare_open}"
        );
        assert!(
            signed_out <= bare_admin + MAX_ADDED_SIGNED_OUT,
            "{signed_out} vs {bare_admin}"
        );
    });
}
