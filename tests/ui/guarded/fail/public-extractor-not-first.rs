// `Public` must come first, where `#[public]` puts it: written after another extractor it
// marks nothing.
use clerk_runtime::guarded::{self, GuardedRouter, Public};

async fn search(_query: axum::extract::RawQuery, _public: Public) -> &'static str {
    "results"
}

fn main() {
    let _app: axum::Router = GuardedRouter::new()
        .route("/search", guarded::get(search))
        .into_router();
}
