// Clerk's legacy role keys (organizations created before December 2023) are accepted.
use axum::Router;
use axum::routing::get;
use clerk_runtime::protect;

#[protect(role = "admin" | "basic_member")]
async fn members() {}

fn main() {
    let _app: Router = Router::new().route("/members", get(members));
}
