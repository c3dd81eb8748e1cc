// axum's own `get` takes any handler, so a `GuardedRouter` refuses what it builds.
use clerk_runtime::guarded::GuardedRouter;
use clerk_runtime::public;

#[public]
async fn home() -> &'static str {
    "home"
}

fn main() {
    let _app: axum::Router = GuardedRouter::new()
        .route("/", axum::routing::get(home))
        .into_router();
}
