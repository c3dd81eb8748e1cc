//! The layer's own cost per request, without sockets: one `oneshot` request through a router,
//! bare and behind a `ClerkLayer` (options from a PEM key), on a current-thread runtime.
//!
//! - `bare`: the router alone;
//! - `cached_token`: `ClerkLayer` without rules, a valid Bearer token already in the cache;
//! - `role_rule`: the same through a `clerk_routes!` role rule;
//! - `signed_out`: no token on the protected route (404).
//!
//! `layer_cold` sends the first three to `/admin/x` after writing over 2 MiB of other memory
//! before each request (not timed), so the core's private caches hold none of the router's or
//! the layer's code and data: what a request costs when, under load, the network stack and the
//! other connections have pushed them out.
//!
//! Run: `cargo bench -p clerk-runtime --bench layer -- --warm-up-time 1 --measurement-time 3`.

#![allow(missing_docs)]

use std::hint::black_box;
use std::time::{SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::body::Body;
use axum::routing::get;
use clerk_runtime::ClerkLayer;
use clerk_runtime::clerk_routes;
use clerk_runtime::config::ClerkConfig;
use clerk_runtime::dev::{SessionClaimsBuilder, SigningKey};
use clerk_runtime::middleware::ClerkOptions;
use clerk_runtime::requirement::RouteTable;
use criterion::{Criterion, criterion_group, criterion_main};
use http::Request;
use tower::ServiceExt;

const PRIVATE: &str = include_str!("../../tests/conformance/keys/rsa2048-a.private.pem");

static ROUTES: RouteTable = clerk_routes! {
    "/admin(.*)" => role = "org:admin";
};

fn routes() -> Router {
    Router::new()
        .route("/open", get(|| async { "ok" }))
        .route("/admin/x", get(|| async { "ok" }))
}

fn request(path: &str, token: Option<&str>) -> Request<Body> {
    let mut builder = Request::builder()
        .uri(path)
        .header("host", "app.example.com");
    if let Some(token) = token {
        builder = builder.header("authorization", format!("Bearer {token}"));
    }
    builder.body(Body::empty()).expect("request")
}

fn bench(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    let key = SigningKey::from_pem(PRIVATE).expect("test key");
    let config = ClerkConfig::builder()
        .jwt_key(key.public_pem())
        .sign_in_url("/sign-in")
        .build()
        .expect("config");
    let options = ClerkOptions::from_config(&config).expect("options");
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock")
        .as_secs();
    let claims = SessionClaimsBuilder::new("user_1")
        .org("org_1", Some("acme"), "admin")
        .build(now)
        .expect("claims");
    let token = key.mint(&claims).expect("token");
    // `with_state(())` is what `axum::serve` does first (`into_make_service`): it turns each
    // handler into its service once, instead of on every request of a bare `oneshot`.
    let bare = routes().with_state(());
    let layered = routes()
        .layer(ClerkLayer::new(options.clone()))
        .with_state(());
    let ruled = routes()
        .layer(ClerkLayer::new(options).routes(&ROUTES).expect("table"))
        .with_state(());

    let mut group = c.benchmark_group("layer");
    for (name, app, path, token) in [
        ("bare", &bare, "/open", Some(token.as_str())),
        ("cached_token", &layered, "/open", Some(token.as_str())),
        ("role_rule", &ruled, "/admin/x", Some(token.as_str())),
        ("signed_out", &ruled, "/admin/x", None),
    ] {
        group.bench_function(name, |b| {
            b.iter_batched(
                || request(path, token),
                |request| {
                    runtime.block_on(async {
                        black_box(app.clone().oneshot(request).await.expect("infallible"))
                    })
                },
                criterion::BatchSize::SmallInput,
            );
        });
    }
    group.finish();

    // The same requests after the core's private caches are filled with other data, as a
    // server's network stack and other connections leave them between two requests under load.
    let mut other_data = vec![0u8; 2 << 20];
    let mut group = c.benchmark_group("layer_cold");
    for (name, app, path, token) in [
        ("bare", &bare, "/admin/x", Some(token.as_str())),
        ("cached_token", &layered, "/admin/x", Some(token.as_str())),
        ("role_rule", &ruled, "/admin/x", Some(token.as_str())),
    ] {
        group.bench_function(name, |b| {
            b.iter_batched(
                || {
                    for line in other_data.chunks_mut(64) {
                        line[0] = line[0].wrapping_add(1);
                    }
                    black_box(&other_data);
                    request(path, token)
                },
                |request| {
                    runtime.block_on(async {
                        black_box(app.clone().oneshot(request).await.expect("infallible"))
                    })
                },
                criterion::BatchSize::PerIteration,
            );
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
