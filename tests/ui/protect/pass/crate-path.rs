// `crate = path` for a renamed clerk-runtime.
extern crate clerk_runtime as my_clerk;

use axum::Router;
use axum::routing::get;

#[my_clerk::protect(role = "org:admin", crate = ::my_clerk)]
async fn admin() {}

fn main() {
    let _app: Router = Router::new().route("/admin", get(admin));
}
