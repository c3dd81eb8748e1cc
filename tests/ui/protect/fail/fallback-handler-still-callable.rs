// On an error the handler is still emitted unchanged: the router and direct calls that use
// it show no follow-on error, only the macro's own.
use axum::Router;
use axum::routing::get;
use clerk_runtime::protect;

#[protect(permission = "org:sys_domains_manage")]
async fn admin() -> &'static str {
    "admin"
}

fn main() {
    let _app: Router = Router::new().route("/admin", get(admin));
    let _future = admin();
}
