//! Seed section "Debug your Middleware".
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

use std::process::ExitCode;

use axum::Router;
use axum::routing::get;
use clerk_examples::run;
use clerk_runtime::middleware::{Auth, ClerkLayer, MiddlewareRequest, MiddlewareResult};

async fn middleware(auth: Auth, req: MiddlewareRequest) -> MiddlewareResult {
    // Add your middleware checks.
    if req.path().starts_with("/private") {
        auth.protect()?;
    }
    Ok(())
}

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
        .merge(setup.sign_in_routes())
        .layer(
            ClerkLayer::new(setup.options.clone())
                .handler(middleware)
                .debug(cfg!(debug_assertions)),
        );
    run::serve(app, Some(&setup.mode), &["/", "/private"]).await
}
