// `#[handlers]` leaves the method's attribute in place once expanded, so a `use` of `protect`
// needed only inside the block is not reported as unused.
#![deny(warnings)]

use clerk_runtime::{handlers, protect};

struct Admin;

#[handlers]
impl Admin {
    #[protect(role = "org:admin")]
    async fn show() -> &'static str {
        "admin"
    }
}

fn main() {
    let _app: axum::Router = axum::Router::new().route("/admin", axum::routing::get(Admin::show));
}
