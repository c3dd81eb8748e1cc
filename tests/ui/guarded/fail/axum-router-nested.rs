// An axum `Router` may hold anything: nesting or merging one needs `nest_public` /
// `merge_public`, which say it is public on purpose.
use clerk_runtime::guarded::GuardedRouter;

fn main() {
    let api = axum::Router::new().route("/users", axum::routing::get(|| async { "users" }));
    let _app: axum::Router = GuardedRouter::new()
        .nest("/api", api.clone())
        .merge(api)
        .into_router();
}
