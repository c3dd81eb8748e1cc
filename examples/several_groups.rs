//! Seed section "Protect multiple groups of routes".
//!
//! Run: `cargo run --example several_groups`, then open /organization-selector and
//! /orgId/acme/memberships on <http://127.0.0.1:3000>.
//!
//! ```js
//! const isTenantRoute = createRouteMatcher(['/organization-selector(.*)', '/orgid/(.*)'])
//! const isTenantAdminRoute = createRouteMatcher(['/orgId/(.*)/memberships', '/orgId/(.*)/domain'])
//! export default clerkMiddleware((auth, req) => {
//!   // Restrict admin routes to users with specific permissions
//!   if (isTenantAdminRoute(req)) {
//!     auth().protect((has) => {
//!       return (
//!         has({ permission: 'org:sys_memberships:manage' }) ||
//!         has({ permission: 'org:sys_domains_manage' })
//!       )
//!     })
//!   }
//!   // Restrict organization routes to signed in users
//!   if (isTenantRoute(req)) auth().protect()
//! })
//! ```
//!
//! Clerk's patterns are case-insensitive, so `/orgid/(.*)` also covers `/orgId/…`.

use std::process::ExitCode;
use std::sync::LazyLock;

use axum::Router;
use axum::routing::get;
use clerk_examples::run;
use clerk_runtime::auth::Check;
use clerk_runtime::matcher::RouteMatcher;
use clerk_runtime::middleware::{Auth, ClerkLayer, MiddlewareRequest, MiddlewareResult};

static IS_TENANT_ROUTE: LazyLock<RouteMatcher> = LazyLock::new(|| {
    RouteMatcher::new(["/organization-selector(.*)", "/orgid/(.*)"]).expect("valid patterns")
});
static IS_TENANT_ADMIN_ROUTE: LazyLock<RouteMatcher> = LazyLock::new(|| {
    RouteMatcher::new(["/orgId/(.*)/memberships", "/orgId/(.*)/domain"]).expect("valid patterns")
});

async fn middleware(auth: Auth, req: MiddlewareRequest) -> MiddlewareResult {
    // Restrict admin routes to users with specific permissions.
    if IS_TENANT_ADMIN_ROUTE.matches(req.path())? {
        auth.protect_if(|auth| {
            auth.has(&Check::permission("org:sys_memberships:manage"))
                || auth.has(&Check::permission("org:sys_domains:manage"))
        })?;
    }
    // Restrict organization routes to signed-in users.
    if IS_TENANT_ROUTE.matches(req.path())? {
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
        .route(
            "/organization-selector",
            get(|| async { "pick an organization" }),
        )
        .route("/orgId/{org}/memberships", get(|| async { "memberships" }))
        .route("/orgId/{org}/domain", get(|| async { "domain" }))
        .route("/orgId/{org}", get(|| async { "organization home" }))
        .merge(setup.sign_in_routes())
        .layer(ClerkLayer::new(setup.options.clone()).handler(middleware));
    run::serve(
        app,
        Some(&setup.mode),
        &[
            "/organization-selector",
            "/orgId/acme",
            "/orgId/acme/memberships",
        ],
    )
    .await
}
