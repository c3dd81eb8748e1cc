// Absolute http and https URLs, with ports, paths and queries.
use axum::Router;
use axum::routing::get;
use clerk_runtime::protect;

#[protect(unauthenticated_url = "http://localhost:3000/sign-in?from=app")]
async fn local() {}

#[protect(role = "org:admin", unauthorized_url = "https://example.com/denied#why")]
async fn admin() {}

fn main() {
    let _app: Router = Router::new()
        .route("/local", get(local))
        .route("/admin", get(admin));
}
