//! Clerk's `clerkMiddleware()` guide, section "Protect multiple groups of routes".
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
//!
//! Written with the macros: a `clerk_routes!` table for the tenant routes and
//! `#[protect(permission = … | …)]` on the two admin pages (the guide's `has() || has()`). The
//! guide's typo `org:sys_domains_manage` would not compile; `org:sys_domains:manage` is what was
//! meant. `org:sys_*` permissions compile with a warning (Clerk never puts them in session
//! tokens), silenced here with `#[allow(deprecated)]` because the dev sign-in page grants them.

use std::process::ExitCode;

use axum::Router;
use axum::routing::get;
use clerk_examples::run;
use clerk_runtime::ClerkLayer;
use clerk_runtime::requirement::RouteTable;
use clerk_runtime::{clerk_routes, protect};

/// Restrict organization routes to signed-in users.
static ROUTES: RouteTable = clerk_routes! {
    "/organization-selector(.*)", "/orgid/(.*)" => signed_in;
};

/// Restrict admin routes to users with specific permissions.
#[allow(deprecated)]
#[protect(permission = "org:sys_memberships:manage" | "org:sys_domains:manage")]
async fn memberships() -> &'static str {
    "memberships"
}

/// Restrict admin routes to users with specific permissions.
#[allow(deprecated)]
#[protect(permission = "org:sys_memberships:manage" | "org:sys_domains:manage")]
async fn domain() -> &'static str {
    "domain"
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
        .route("/orgId/{org}/memberships", get(memberships))
        .route("/orgId/{org}/domain", get(domain))
        .route("/orgId/{org}", get(|| async { "organization home" }))
        .layer(
            ClerkLayer::new(setup.options.clone())
                .routes(&ROUTES)
                .expect("clerk_routes! tables are checked at compile time"),
        )
        // Dev routes stand in for Clerk's hosts: beside the layer, not behind it.
        .merge(setup.dev_routes());
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
