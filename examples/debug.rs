//! Clerk's `clerkMiddleware()` guide, section "Debug your Middleware".
//!
//! Run: `cargo run --example debug`, then request any page on <http://127.0.0.1:3000> and read
//! the `clerk` log lines in the terminal (tokens, cookie values and keys are redacted).
//!
//! ```js
//! export default clerkMiddleware(
//!   (auth, req) => {
//!     // Add your middleware checks
//!   },
//!   { debug: process.env.NODE_ENV === 'development' },
//! )
//! ```
//!
//! `cfg!(debug_assertions)` plays `NODE_ENV === 'development'`: on in `cargo run`, off in
//! `cargo run --release`.
//!
//! The middleware's check is a `clerk_routes!` table (`/private(.*)` signed in); the debug log
//! names the rules that matched each request.

use std::process::ExitCode;

use axum::Router;
use axum::routing::get;
use clerk_examples::run;
use clerk_runtime::ClerkLayer;
use clerk_runtime::clerk_routes;
use clerk_runtime::requirement::RouteTable;

/// Add your middleware checks.
static ROUTES: RouteTable = clerk_routes! {
    "/private(.*)" => signed_in;
};

#[tokio::main]
async fn main() -> ExitCode {
    run::init_tracing();
    let setup = match run::setup_from_env() {
        Ok(setup) => setup,
        Err(code) => return code,
    };
    let app = Router::new()
        .route("/", get(|| async { "public" }))
        .route("/private", get(|| async { "private" }))
        .layer(
            ClerkLayer::new(setup.options.clone())
                .routes(&ROUTES)
                .expect("clerk_routes! tables are checked at compile time")
                .debug(cfg!(debug_assertions)),
        )
        // Dev routes stand in for Clerk's hosts: beside the layer, not behind it.
        .merge(setup.dev_routes());
    run::serve(app, Some(&setup.mode), &["/", "/private"]).await
}
