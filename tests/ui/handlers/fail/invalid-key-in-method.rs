// Key errors point at the literal, as for free functions; the block is still emitted, so the
// router shows no follow-on error.
use axum::Router;
use axum::routing::get;
use clerk_runtime::{handlers, protect};

struct Admin;

#[handlers]
impl Admin {
    #[protect(role = "admin_role")]
    async fn show() {}

    #[protect(permission = "org:invoices:read")]
    async fn list() {}
}

fn main() {
    let _app: Router = Router::new()
        .route("/admin", get(Admin::show))
        .route("/list", get(Admin::list));
}
