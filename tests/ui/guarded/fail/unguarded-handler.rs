// A handler that is neither `#[protect]`ed nor `#[public]`: the error names it and says what
// to add.
use clerk_runtime::guarded::{self, GuardedRouter};

async fn settings() -> &'static str {
    "who may see this?"
}

fn main() {
    let _app: axum::Router = GuardedRouter::new()
        .route("/settings", guarded::get(settings))
        .into_router();
}
