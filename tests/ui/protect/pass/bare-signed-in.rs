// `#[protect]` and `#[protect(signed_in)]`: authentication only; the handler stays routable.
use axum::Router;
use axum::routing::get;
use clerk_runtime::protect;

#[protect]
async fn dashboard() -> &'static str {
    "dashboard"
}

#[protect(signed_in)]
async fn forum() -> &'static str {
    "forum"
}

fn main() {
    let _app: Router = Router::new()
        .route("/dashboard", get(dashboard))
        .route("/forum", get(forum));
}
