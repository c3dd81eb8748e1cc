// A closure is a handler too; it has no attribute, so it must take `Public` (or a `Protected`
// extractor) first to be accepted.
use clerk_runtime::guarded::{self, GuardedRouter};

fn main() {
    let _app: axum::Router = GuardedRouter::new()
        .route("/health", guarded::get(|| async { "ok" }))
        .into_router();
}
