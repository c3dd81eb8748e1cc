//! Quickstart: Clerk's `clerkMiddleware()` route protection on axum, offline.
//!
//! Run it (no Clerk account needed):
//!
//! ```sh
//! cargo run --example quickstart          # <http://127.0.0.1:3000> (PORT overrides)
//! ```
//!
//! Without keys it runs in local dev mode: a dev RSA key is created once at
//! `.clerk/dev-key.pem` and `/sign-in` lets you pick a user, an org role and permissions.
//! Session tokens live 60 seconds as Clerk's (`CLERK_DEV_SESSION_TTL` overrides); a local
//! stand-in for the Frontend API refreshes them through Clerk's handshake.
//! Tokens minted with `clerk mint --key .clerk/dev-key.pem …` are accepted too. With
//! `CLERK_PUBLISHABLE_KEY` and `CLERK_SECRET_KEY` (or `CLERK_JWT_KEY`) set, it is a real Clerk
//! app. Routes: `/` public; `/dashboard(.*)` and `/forum(.*)` signed in; `/admin(.*)` role
//! `org:admin`; `/reports` `org:reports:read` or `org:reports:manage`; `GET /api/me` JSON.
//! The app itself is `clerk_examples::quickstart::router`: each handler is `#[protect]`ed or
//! `#[public]`, a `GuardedRouter` refuses one that is neither, and a `clerk_routes!` table in
//! `ClerkLayer` protects the same paths from the middleware.

use std::process::ExitCode;

use clerk_examples::{quickstart, run};

#[tokio::main]
async fn main() -> ExitCode {
    run::init_tracing();
    let setup = match run::setup_from_env() {
        Ok(setup) => setup,
        Err(code) => return code,
    };
    let router = quickstart::router(setup.options, setup.dev);
    run::serve(
        router,
        Some(&setup.mode),
        &["/", "/dashboard", "/forum", "/admin", "/reports"],
    )
    .await
}
