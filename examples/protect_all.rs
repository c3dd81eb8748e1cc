//! Seed section "Protect all routes" (everything but the public routes).
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

use std::process::ExitCode;
use std::sync::LazyLock;

use axum::Router;
use axum::routing::get;
use clerk_examples::run;
use clerk_runtime::matcher::RouteMatcher;
use clerk_runtime::middleware::{Auth, ClerkLayer, MiddlewareRequest, MiddlewareResult};

static IS_PUBLIC_ROUTE: LazyLock<RouteMatcher> = LazyLock::new(|| {
    RouteMatcher::new(["/sign-in(.*)", "/sign-up(.*)", "/sign-out"]).expect("valid patterns")
});

async fn middleware(auth: Auth, req: MiddlewareRequest) -> MiddlewareResult {
    if !IS_PUBLIC_ROUTE.matches(req.path())? {
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
            "/",
            get(|auth: Auth| async move { format!("hello {:?}", auth.user_id()) }),
        )
        .route("/{*rest}", get(|| async { "members only" }))
        .merge(setup.sign_in_routes())
        // Static assets are not skipped here: `skip_static_assets(false)` keeps `/logo.png`
        // behind sign-in too.
        .layer(
            ClerkLayer::new(setup.options.clone())
                .handler(middleware)
                .skip_static_assets(false),
        );
    run::serve(app, Some(&setup.mode), &["/", "/anything"]).await
}
