//! Clerk's `clerkMiddleware()` guide, section "Protect routes based on user authentication status".
//!
//! Run: `cargo run --example protect_routes` (offline dev mode without keys; see the
//! quickstart), then open <http://127.0.0.1:3000/dashboard> and <http://127.0.0.1:3000/forum>.
//!
//! ```js
//! const isProtectedRoute = createRouteMatcher(['/dashboard(.*)', '/forum(.*)'])
//! export default clerkMiddleware((auth, req) => {
//!   if (isProtectedRoute(req)) auth().protect()
//! })
//! ```
//!
//! and the `userId` form, with custom logic before redirecting:
//!
//! ```js
//! export default clerkMiddleware((auth, req) => {
//!   if (!auth().userId && isProtectedRoute(req)) {
//!     // Add custom logic to run before redirecting
//!     return auth().redirectToSignIn()
//!   }
//! })
//! ```
//!
//! Here `/dashboard(.*)` uses the first form and `/forum(.*)` the second.
//!
//! This example keeps the hand-written form (`RouteMatcher` and a middleware handler, as
//! `createRouteMatcher` and the `clerkMiddleware` callback) because of the custom logic before
//! redirecting; `clerk_routes!` covers the plain `protect()` form (see `protect_all`).

use std::process::ExitCode;
use std::sync::LazyLock;

use axum::Router;
use axum::routing::get;
use clerk_examples::run;
use clerk_runtime::matcher::RouteMatcher;
use clerk_runtime::{Auth, ClerkLayer, MiddlewareRequest, MiddlewareResult};

static IS_PROTECTED_ROUTE: LazyLock<RouteMatcher> =
    LazyLock::new(|| RouteMatcher::new(["/dashboard(.*)"]).expect("valid patterns"));
static IS_FORUM_ROUTE: LazyLock<RouteMatcher> =
    LazyLock::new(|| RouteMatcher::new(["/forum(.*)"]).expect("valid patterns"));

async fn middleware(auth: Auth, req: MiddlewareRequest) -> MiddlewareResult {
    // `auth().protect()`: redirect page loads to sign-in, 404 for everything else.
    if IS_PROTECTED_ROUTE.matches(req.path())? {
        auth.protect()?;
    }
    // `auth().userId`: more control.
    if auth.user_id().is_none() && IS_FORUM_ROUTE.matches(req.path())? {
        tracing::info!(path = req.path(), "custom logic before redirecting");
        return Err(auth.redirect_to_sign_in().into());
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
        .route(
            "/dashboard",
            get(|auth: Auth| async move { format!("dashboard for {:?}", auth.user_id()) }),
        )
        .route("/forum", get(|| async { "forum" }))
        .layer(ClerkLayer::new(setup.options.clone()).handler(middleware))
        // Dev routes stand in for Clerk's hosts: beside the layer, not behind it.
        .merge(setup.dev_routes());
    run::serve(app, Some(&setup.mode), &["/dashboard", "/forum"]).await
}
