// A system permission warns (deny(deprecated) would fail the build); `#[allow(deprecated)]`
// on the handler silences it.
#![deny(deprecated)]

use axum::Router;
use axum::routing::get;
use clerk_runtime::protect;

#[allow(deprecated)]
#[protect(permission = "org:sys_memberships:manage")]
async fn members() {}

fn main() {
    let _app: Router = Router::new().route("/members", get(members));
}
