//! Clerk's `clerkMiddleware()` guide, section "Protect routes based on user authorization status".
//!
//! Run: `cargo run --example authorization`, sign in at <http://127.0.0.1:3000/sign-in> with the
//! permission `org:sys_memberships:manage` (or without it), then open /admin.
//!
//! ```js
//! const isProtectedRoute = createRouteMatcher(['/admin(.*)'])
//! export default clerkMiddleware((auth, req) => {
//!   // Restrict admin routes to users with specific permissions
//!   if (isProtectedRoute(req)) {
//!     auth().protect((has) => {
//!       return (
//!         has({ permission: 'org:sys_memberships:manage' }) ||
//!         has({ permission: 'org:sys_domains_manage' })
//!       )
//!     })
//!   }
//! })
//! ```
//!
//! Two notes on the guide's example. `org:sys_domains_manage` is a typo for `org:sys_domains:manage` (the
//! typo never matches; the Rust macros reject it at compile time). And Clerk never puts
//! `org:sys_*` permissions in session tokens, so in a real app use custom permissions; the dev
//! sign-in page lets you grant these for the demo.
//!
//! The guide's second form (`has()` then `redirectToSignIn()`) is `/settings(.*)` below. The
//! guide's condition `(isProtectedRoute(req) && !has(a)) || !has(b)` redirects *every* route
//! (including sign-in) for users without `b`; the twin writes what was meant.
//!
//! This example keeps the hand-written form (`RouteMatcher`, `protect_if` and `has()`), mirroring
//! the guide's `has()` predicates. With the macros, `/admin(.*)` would be one rule:
//! `"/admin(.*)" => permission = "org:sys_memberships:manage" | "org:sys_domains:manage";`
//! (see `several_groups`).

use std::process::ExitCode;
use std::sync::LazyLock;

use axum::Router;
use axum::routing::get;
use clerk_examples::run;
use clerk_runtime::Check;
use clerk_runtime::matcher::RouteMatcher;
use clerk_runtime::{Auth, ClerkLayer, MiddlewareRequest, MiddlewareResult};

static IS_PROTECTED_ROUTE: LazyLock<RouteMatcher> =
    LazyLock::new(|| RouteMatcher::new(["/admin(.*)"]).expect("valid patterns"));
static IS_SETTINGS_ROUTE: LazyLock<RouteMatcher> =
    LazyLock::new(|| RouteMatcher::new(["/settings(.*)"]).expect("valid patterns"));

async fn middleware(auth: Auth, req: MiddlewareRequest) -> MiddlewareResult {
    // Restrict admin routes to users with specific permissions.
    if IS_PROTECTED_ROUTE.matches(req.path())? {
        auth.protect_if(|auth| {
            auth.has(&Check::permission("org:sys_memberships:manage"))
                || auth.has(&Check::permission("org:sys_domains:manage"))
        })?;
    }
    // The `has()` form: custom handling, then a redirect to sign-in.
    if IS_SETTINGS_ROUTE.matches(req.path())?
        && !auth.has(&Check::permission("org:sys_memberships:manage"))
        && !auth.has(&Check::permission("org:sys_domains:manage"))
    {
        tracing::info!(
            path = req.path(),
            "missing permissions: redirecting to sign-in"
        );
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
        .route("/admin", get(|| async { "admin area" }))
        .route("/settings", get(|| async { "settings" }))
        .layer(ClerkLayer::new(setup.options.clone()).handler(middleware))
        // Dev routes stand in for Clerk's hosts: beside the layer, not behind it.
        .merge(setup.dev_routes());
    run::serve(app, Some(&setup.mode), &["/admin", "/settings"]).await
}
