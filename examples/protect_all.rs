//! Clerk's `clerkMiddleware()` guide, section "Protect all routes" (everything but the public routes).
//!
//! Run: `cargo run --example protect_all`, then open any page on <http://127.0.0.1:3000>.
//!
//! ```js
//! const isPublicRoute = createRouteMatcher(['/sign-in(.*)', '/sign-up(.*)'])
//! export default clerkMiddleware((auth, request) => {
//!   if (!isPublicRoute(request)) {
//!     auth().protect()
//!   }
//! })
//! ```
//!
//! Written with a `clerk_routes!` table in "protect everything" mode. The public patterns use
//! the segment-safe form `/sign-in/:path*` (`/sign-in` and everything below it): the guide's
//! `/sign-in(.*)` would also open sibling paths such as `/sign-in-admin`, and the macro warns
//! about it.

use std::process::ExitCode;

use axum::Router;
use axum::routing::get;
use clerk_examples::run;
use clerk_runtime::clerk_routes;
use clerk_runtime::requirement::RouteTable;
use clerk_runtime::{Auth, ClerkLayer};

static ROUTES: RouteTable = clerk_routes! {
    default => signed_in;
    public "/sign-in/:path*", "/sign-up/:path*", "/sign-out";
};

#[tokio::main]
async fn main() -> ExitCode {
    run::init_tracing();
    let setup = match run::setup_from_env() {
        Ok(setup) => setup,
        Err(code) => return code,
    };
    let app = Router::new()
        .route(
            "/",
            get(|auth: Auth| async move { format!("hello {:?}", auth.user_id()) }),
        )
        .route("/{*rest}", get(|| async { "members only" }))
        // Static assets are not skipped here: `skip_static_assets(false)` keeps `/logo.png`
        // behind sign-in too.
        .layer(
            ClerkLayer::new(setup.options.clone())
                .routes(&ROUTES)
                .expect("clerk_routes! tables are checked at compile time")
                .skip_static_assets(false),
        )
        // Dev routes stand in for Clerk's hosts: beside the layer, not behind it.
        .merge(setup.dev_routes());
    run::serve(app, Some(&setup.mode), &["/", "/anything"]).await
}
