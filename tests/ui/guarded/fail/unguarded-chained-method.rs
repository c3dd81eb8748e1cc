// Every handler of a route is checked, also the ones chained after the first.
use clerk_runtime::guarded::{self, GuardedRouter};
use clerk_runtime::public;

#[public]
async fn list() -> &'static str {
    "invoices"
}

async fn create(body: String) -> String {
    body
}

fn main() {
    let _app: axum::Router = GuardedRouter::new()
        .route("/invoices", guarded::get(list).post(create))
        .into_router();
}
