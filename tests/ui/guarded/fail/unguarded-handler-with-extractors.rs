// Extractors don't make a handler guarded, not even `Auth`: only `#[protect]` or `#[public]`.
use axum::extract::Path;
use clerk_runtime::guarded::{self, GuardedRouter};
use clerk_runtime::Auth;

async fn invoice(_auth: Auth, Path(id): Path<u32>, body: String) -> String {
    format!("{id}: {body}")
}

fn main() {
    let _app: axum::Router = GuardedRouter::new()
        .route("/invoices/{id}", guarded::put(invoice))
        .into_router();
}
