//! Provable coverage: a router in which no route is left unguarded by mistake.
//!
//! Clerk protects routes from a middleware that matches paths, and a route nobody listed is
//! public. Here an app can opt in to a stricter shape, checked by the compiler: a
//! [`GuardedRouter`] takes only handlers that say who may call them, with `#[protect]` (a
//! requirement) or `#[public]` (anyone, on purpose). A handler with neither does not compile:
//!
//! ```text
//! error[E0277]: `fn() -> impl Future<Output = &'static str> {settings}` is neither `#[protect]`ed nor `#[public]`
//!   --> src/main.rs
//!    |
//!    |         .route("/settings", guarded::get(settings))
//!    |                             ------------ ^^^^^^^^ this handler is not guarded
//!    = note: add `#[protect]` (or `#[protect(role = ...)]`, ...) to guard it, or `#[public]` to mark it public
//! ```
//!
//! Alternatively, a `clerk_routes!` table whose `default` protects every path covers a whole
//! router ([`GuardedRouter::covered_by`]); a table without a protecting default is refused.
//!
//! ```
//! use axum::Router;
//! use clerk_runtime::guarded::{self, GuardedRouter};
//! use clerk_runtime::ClerkLayer;
//! use clerk_runtime::{protect, public};
//!
//! #[public]
//! async fn home() -> &'static str {
//!     "welcome"
//! }
//!
//! #[protect(permission = "org:invoices:read")]
//! async fn invoices() -> &'static str {
//!     "invoices"
//! }
//!
//! fn app(clerk: ClerkLayer) -> Router {
//!     GuardedRouter::new()
//!         .route("/", guarded::get(home))
//!         .route("/invoices", guarded::get(invoices))
//!         .layer(clerk)
//!         .into_router()
//! }
//! ```
//!
//! Nothing here costs anything per request: `#[public]` adds a zero-sized extractor that always
//! succeeds, and the checks are trait bounds.
//!
//! Because every handler declares its guard, the router can list them:
//! [`GuardedRouter::protection_map`] shows the `ClerkLayer`'s route table and each path and
//! method with its guard, and a layer with `debug(true)` logs that map once at start-up.

mod coverage;
mod handler;
mod method_routing;
mod protection_map;
mod public;
mod router;

pub use coverage::{ByHandlers, ByTable, Coverage, CoverageError};
pub use handler::GuardedHandler;
pub use method_routing::{
    GuardedMethodRouter, any, connect, delete, get, head, on, options, patch, post, put, trace,
};
pub use public::Public;
pub use router::{GuardedRouter, IntoGuardedRoute, IntoGuardedRouter};
