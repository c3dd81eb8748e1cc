//! Clerk's `clerkMiddleware()` guide, section "Combine Middleware": Clerk, then a locale middleware.
//!
//! Run: `cargo run --example combine`, then open <http://127.0.0.1:3000/dashboard> (redirected
//! to /en/dashboard by the locale middleware, then to sign-in by Clerk).
//!
//! ```js
//! const intlMiddleware = createMiddleware({ locales, localePrefix, defaultLocale })
//! const isProtectedRoute = createRouteMatcher(['dashboard/(.*)'])
//! export default clerkMiddleware((auth, req) => {
//!   if (isProtectedRoute(req)) auth().protect()
//!   return intlMiddleware(req)
//! })
//! ```
//!
//! In axum the second middleware is a layer of its own, run after Clerk's: returning
//! a request that passes Clerk's route table is handed on to it. (The guide's pattern
//! `dashboard/(.*)` has no leading `/`, so it never matches a path; the twin writes
//! `/:locale/dashboard(.*)`, what was meant.)

use std::process::ExitCode;

use axum::Router;
use axum::extract::Request;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use clerk_examples::run;
use clerk_runtime::ClerkLayer;
use clerk_runtime::clerk_routes;
use clerk_runtime::requirement::RouteTable;

const LOCALES: [&str; 2] = ["en", "fr"];
const DEFAULT_LOCALE: &str = "en";

/// `if (isProtectedRoute(req)) auth().protect()`
static ROUTES: RouteTable = clerk_routes! {
    "/:locale/dashboard(.*)" => signed_in;
};

/// The locale middleware (`next-intl`'s `localePrefix: 'always'`): paths without a locale
/// are redirected to the default locale.
async fn intl(req: Request, next: Next) -> Response {
    let path = req.uri().path();
    let first = path
        .trim_start_matches('/')
        .split('/')
        .next()
        .unwrap_or_default();
    let exempt = ["sign-in", "sign-out"].contains(&first);
    if LOCALES.contains(&first) || exempt {
        return next.run(req).await;
    }
    let query = req
        .uri()
        .query()
        .map(|q| format!("?{q}"))
        .unwrap_or_default();
    Redirect::temporary(&format!("/{DEFAULT_LOCALE}{path}{query}")).into_response()
}

#[tokio::main]
async fn main() -> ExitCode {
    run::init_tracing();
    let setup = match run::setup_from_env() {
        Ok(setup) => setup,
        Err(code) => return code,
    };
    let app = Router::new()
        .route("/{locale}", get(|| async { "home" }))
        .route("/{locale}/dashboard", get(|| async { "dashboard" }))
        // Layers run outside in: Clerk first, then the locale middleware.
        .layer(middleware::from_fn(intl))
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
        &["/", "/dashboard", "/fr/dashboard"],
    )
    .await
}
