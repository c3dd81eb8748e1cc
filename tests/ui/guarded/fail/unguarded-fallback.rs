// The fallback answers every unmatched path: it must be guarded too.
use clerk_runtime::guarded::GuardedRouter;

async fn not_found() -> &'static str {
    "nothing here"
}

fn main() {
    let _app: axum::Router = GuardedRouter::new().fallback(not_found).into_router();
}
