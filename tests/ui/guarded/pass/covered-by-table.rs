// A table whose default protects every path covers the router: axum's own routes, routers and
// services are accepted.
use axum::Router;
use axum::routing::get;
use clerk_runtime::clerk_routes;
use clerk_runtime::guarded::{self, CoverageError, GuardedRouter};
use clerk_runtime::ClerkLayer;
use clerk_runtime::public;
use clerk_runtime::requirement::RouteTable;

static APP: RouteTable = clerk_routes! {
    default => signed_in;
    public "/", "/sign-in/:path*";
    "/admin(.*)" => role = "org:admin";
};

#[public]
async fn home() -> &'static str {
    "home"
}

#[allow(dead_code)]
fn app(clerk: ClerkLayer) -> Result<Router, CoverageError> {
    Ok(GuardedRouter::covered_by(clerk, &APP)?
        .route("/", guarded::get(home))
        .route("/dashboard", get(|| async { "dashboard" }))
        .nest("/admin", Router::new().route("/users", get(|| async { "users" })))
        .merge(Router::new().route("/forum", get(|| async { "forum" })))
        .nest_service("/files", tower::service_fn(|_| async {
            Ok::<_, std::convert::Infallible>("file")
        }))
        .route_service("/file.txt", tower::service_fn(|_| async {
            Ok::<_, std::convert::Infallible>("file")
        }))
        .fallback(|| async { "not found" })
        .into_router())
}

fn main() {}
