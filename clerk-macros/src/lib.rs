//! `#[protect]` and `clerk_routes!`: Clerk's route protection for axum, checked at compile
//! time. Use them through `clerk-runtime`, which re-exports them (feature `macros`, on by
//! default).
//!
//! Both macros take the same protection grammar, the keys of Clerk's `auth.protect()`:
//!
//! | key | value | Clerk |
//! | --- | --- | --- |
//! | `signed_in` | none | `protect()` |
//! | `role` | `"org:admin"`, `"org:admin" \| "org:billing"` | `has({ role })` |
//! | `permission` | `"org:a:b"`, with `\|` (any of), `&` (all of) and parentheses | `has({ permission })` |
//! | `feature` | `"[scope:]name"`, with `\|`, `&`, parentheses | `has({ feature })` |
//! | `plan` | `"[scope:]name"`, with `\|`, `&`, parentheses | `has({ plan })` |
//! | `reverification` | `"strict_mfa"`, `"strict"`, `"moderate"`, `"lax"` | `has({ reverification })` |
//! | `unauthenticated_url` | absolute `http(s)` URL | `unauthenticatedUrl` |
//! | `unauthorized_url` | absolute `http(s)` URL | `unauthorizedUrl` |
//!
//! Several keys combine with AND, as in `has({ role, permission })`. `|` and `&` can't be
//! mixed without parentheses. Every literal is checked at compile time: a malformed key,
//! pattern or URL is an error at that literal that says what was probably meant.
//! Well-formed system permissions (`org:sys_*`) compile with a warning, because Clerk never
//! puts them in session tokens; silence it with `#[allow(deprecated)]`.
//!
//! Set `CLERK_MACROS_DEBUG=1` while building to print every expansion to stderr.

mod ctxt;
mod fallback;
mod handlers;
mod kw;
mod protect;
mod public;
mod routes;
mod runtime;
mod spec;
mod url;
mod warn;

use proc_macro::TokenStream;

/// Protects an axum handler as Clerk's `auth.protect()` would, checked at compile time.
///
/// ```
/// use axum::{Router, routing::get};
/// use clerk_runtime::protect;
///
/// /// Signed-in users only.
/// #[protect]
/// async fn dashboard() -> &'static str {
///     "dashboard"
/// }
///
/// #[protect(permission = "org:invoices:create" | "org:invoices:manage")]
/// async fn create_invoice(body: String) -> String {
///     body
/// }
///
/// #[protect(
///     role = "org:admin",
///     reverification = "strict",
///     unauthenticated_url = "https://example.com/sign-in",
///     unauthorized_url = "https://example.com/denied",
/// )]
/// pub async fn delete_org() -> &'static str {
///     "deleted"
/// }
///
/// let app: Router = Router::new()
///     .route("/dashboard", get(dashboard))
///     .route("/invoices", axum::routing::post(create_invoice))
///     .route("/org", axum::routing::delete(delete_org));
/// ```
///
/// # Arguments
///
/// Nothing (or `signed_in`) requires a signed-in user. Otherwise any of `role`, `permission`,
/// `feature`, `plan`, `reverification`, joined by AND, and optionally `unauthenticated_url`,
/// `unauthorized_url` (see the [crate docs](crate)). `crate = path` names `clerk-runtime` when it
/// is renamed in `Cargo.toml` (`crate = ::my_clerk`).
///
/// # Behaviour
///
/// Exactly `auth.protect(…)` from `clerk_runtime::middleware::enforce`: a signed-out page
/// request is redirected to sign-in, a failed requirement is a 404, the URLs redirect instead;
/// a handler reached without `ClerkLayer` fails closed with a 500.
///
/// # What it generates
///
/// The handler keeps its name, visibility, docs, attributes, generics, return type and body;
/// one extractor argument is put in front of the others, so that it runs before any other
/// extractor and body extractors stay last:
///
/// ```
/// # use axum::{Router, routing::get};
/// use clerk_runtime::__private::{ProtectSpec, Protected};
/// use clerk_runtime::requirement::{Protection, Requirement};
/// use std::borrow::Cow;
///
/// // #[protect(permission = "org:invoices:create" | "org:invoices:manage")]
/// // async fn create_invoice(body: String) -> String { body }
/// #[doc(hidden)]
/// #[allow(non_camel_case_types)]
/// struct __ClerkProtect_create_invoice;
///
/// impl ProtectSpec for __ClerkProtect_create_invoice {
///     const PROTECTION: Protection = Protection {
///         requirement: Some(Requirement::Any(Cow::Borrowed(&[
///             Requirement::permission("org:invoices:create"),
///             Requirement::permission("org:invoices:manage"),
///         ]))),
///         unauthenticated_url: None,
///         unauthorized_url: None,
///     };
/// }
///
/// async fn create_invoice(
///     __clerk_protect: Protected<__ClerkProtect_create_invoice>,
///     body: String,
/// ) -> String {
///     body
/// }
/// # let app: Router = Router::new().route("/invoices", axum::routing::post(create_invoice));
/// ```
///
/// `Protected<M>` is an extractor whose `from_request_parts` is
/// `clerk_runtime::middleware::enforce(parts, &M::PROTECTION)`, so the same check written by
/// hand is:
///
/// ```
/// use axum::response::{IntoResponse, Response};
/// use clerk_runtime::requirement::{Protection, Requirement};
/// use std::borrow::Cow;
///
/// async fn create_invoice(parts: http::request::Parts) -> Response {
///     const PROTECTION: Protection = Protection {
///         requirement: Some(Requirement::Any(Cow::Borrowed(&[
///             Requirement::permission("org:invoices:create"),
///             Requirement::permission("org:invoices:manage"),
///         ]))),
///         unauthenticated_url: None,
///         unauthorized_url: None,
///     };
///     if let Err(rejection) = clerk_runtime::middleware::enforce(&parts, &PROTECTION) {
///         return rejection.into_response();
///     }
///     "created".into_response()
/// }
/// ```
///
/// # Errors at compile time
///
/// On `async fn` only, without a `self` receiver. Every malformed literal is reported, each at
/// its own literal; the handler is then emitted unchanged next to the errors, so the rest of the
/// crate shows no follow-on errors.
///
/// # In an `impl` block
///
/// Associated functions used as handlers (`get(Api::list)`) are protected the same way, with
/// [`#[handlers]`](macro@handlers) on the `impl` block: the marker type can't be declared
/// inside the block, so that attribute puts it next to the block.
///
/// ```compile_fail
/// # use clerk_runtime::protect;
/// #[protect(permission = "org:sys_memberships:manage" | "org:sys_domains_manage")]
/// async fn admin() {} // error: … did you mean `org:sys_domains:manage`?
/// ```
///
/// # With other attribute macros
///
/// Put `#[protect]` last (closest to the `fn`) when another attribute macro such as
/// `#[axum::debug_handler]` or `#[tracing::instrument]` also rewrites the handler: those then see
/// the protected signature, with the extractor argument.
#[proc_macro_attribute]
pub fn protect(args: TokenStream, item: TokenStream) -> TokenStream {
    let output = protect::expand(args.into(), item.into());
    debug_dump("#[protect]", &output);
    output.into()
}

/// Marks an axum handler as deliberately public: anyone may call it.
///
/// It changes nothing at run time (the handler gets a zero-sized first argument,
/// `clerk_runtime::guarded::Public`, that always succeeds); it records a decision the compiler
/// can check. A `clerk_runtime::guarded::GuardedRouter` only takes handlers that are
/// `#[protect]`ed or `#[public]`, so a handler nobody decided about does not compile.
///
/// ```
/// use clerk_runtime::guarded::{self, GuardedRouter};
/// use clerk_runtime::{protect, public};
///
/// #[public]
/// async fn home() -> &'static str {
///     "welcome"
/// }
///
/// #[protect]
/// async fn dashboard() -> &'static str {
///     "signed-in users only"
/// }
///
/// let app: axum::Router = GuardedRouter::new()
///     .route("/", guarded::get(home))
///     .route("/dashboard", guarded::get(dashboard))
///     .into_router();
/// # let _ = app;
/// ```
///
/// # What it generates
///
/// ```
/// // #[public]
/// // async fn home() -> &'static str { "welcome" }
/// async fn home(__clerk_public: clerk_runtime::guarded::Public) -> &'static str {
///     "welcome"
/// }
/// ```
///
/// # Arguments and errors
///
/// None, or `crate = path` for a renamed `clerk-runtime`; a requirement is an error that points
/// to `#[protect]`. On `async fn` handlers only, without a `self` receiver; it works on
/// associated functions in an `impl` block as is.
#[proc_macro_attribute]
pub fn public(args: TokenStream, item: TokenStream) -> TokenStream {
    let output = public::expand(args.into(), item.into());
    debug_dump("#[public]", &output);
    output.into()
}

/// On an `impl` block: lets its associated functions be [`#[protect]`](macro@protect)ed
/// handlers.
///
/// `#[protect]` declares a hidden marker type next to the handler, and an `impl` block can't
/// hold one; this attribute expands the `#[protect]` attributes of the block's functions and
/// puts their markers next to the block. `#[public]` functions need nothing from it, and other
/// items are left as they are.
///
/// ```
/// use axum::extract::State;
/// use clerk_runtime::guarded::{self, GuardedRouter};
/// use clerk_runtime::{handlers, protect, public};
///
/// #[derive(Clone)]
/// struct Db;
///
/// struct Invoices;
///
/// #[handlers]
/// impl Invoices {
///     #[public]
///     async fn count() -> &'static str {
///         "3"
///     }
///
///     #[protect(permission = "org:invoices:read")]
///     async fn list(State(_db): State<Db>) -> &'static str {
///         "invoices"
///     }
///
///     #[protect(role = "org:admin")]
///     pub async fn delete(State(_db): State<Db>) -> &'static str {
///         "deleted"
///     }
/// }
///
/// let app: axum::Router = GuardedRouter::new()
///     .route("/invoices/count", guarded::get(Invoices::count))
///     .route("/invoices", guarded::get(Invoices::list).delete(Invoices::delete))
///     .with_state(Db)
///     .into_router();
/// # let _ = app;
/// ```
///
/// # Errors at compile time
///
/// On an inherent `impl Type { … }` block only (a trait's methods can't gain an argument);
/// a protected function can't take `self` (axum has no value to call it on). Without
/// `#[handlers]`, `#[protect]` on an associated function fails with rustc's "struct is not
/// supported in `impl`s".
#[proc_macro_attribute]
pub fn handlers(args: TokenStream, item: TokenStream) -> TokenStream {
    let output = handlers::expand(&args.into(), &item.into());
    debug_dump("#[handlers]", &output);
    output.into()
}

/// A route table in Clerk's `createRouteMatcher` pattern syntax, checked at compile time.
///
/// ```
/// use clerk_runtime::clerk_routes;
/// use clerk_runtime::requirement::RouteTable;
///
/// // Clerk's default: every route is public unless a rule protects it.
/// static ROUTES: RouteTable = clerk_routes! {
///     "/dashboard(.*)", "/forum(.*)" => signed_in;
///     "/admin(.*)" => permission = "org:admin:read" | "org:admin:manage";
///     "/orgs/:id/settings(.*)" => role = "org:admin", unauthorized_url = "https://example.com/denied";
///     "/reports(.*)" => feature = "org:reports", plan = "business" | "enterprise";
/// };
///
/// // "Protect all routes": everything requires a signed-in user except the public routes.
/// static APP: RouteTable = clerk_routes! {
///     default => signed_in, unauthenticated_url = "https://example.com/sign-in";
///     public "/sign-in/:path*", "/sign-up/:path*", "/";
///     "/admin(.*)" => role = "org:admin";
/// };
/// # assert_eq!(ROUTES.rules.len(), 4);
/// ```
///
/// # Syntax
///
/// One item per `;`:
///
/// - `"/pattern", … => protection;`: a rule. Every path that one of the patterns matches
///   requires the protection: `signed_in`, or the keys of `#[protect]` (`role`, `permission`,
///   `feature`, `plan`, `reverification`, joined by AND) with optional `unauthenticated_url`
///   and `unauthorized_url`. When several rules match a path, all must pass, whatever their
///   order.
/// - `default => protection;`: protect everything. Every path requires this protection,
///   except the `public` ones (the rules still apply on top). Without `default`, every path
///   no rule names is public, as with Clerk.
/// - `public "/pattern", …;`: the exceptions to `default` (`isPublicRoute` in Clerk's guide).
/// - `crate = path;`: as the first item, names a renamed `clerk-runtime`.
///
/// Patterns are path-to-regexp 6 patterns, as in `createRouteMatcher`: `/dashboard(.*)`,
/// `/orgs/:id`, `/files/:path*`. Each is parsed and translated by `clerk-syntax` at compile
/// time; nothing is parsed at run time.
///
/// # What it generates
///
/// A constant expression of type `clerk_runtime::requirement::RouteTable`, usable in a
/// `static` or `const`; for the first table above:
///
/// ```
/// use clerk_runtime::requirement::{
///     Protection, Requirement, RouteDefault, RouteRule, RouteTable,
/// };
/// use std::borrow::Cow;
///
/// static ROUTES: RouteTable = RouteTable {
///     rules: &[
///         RouteRule {
///             patterns: &["/dashboard(.*)", "/forum(.*)"],
///             regexes: &[/* the translated patterns, from clerk-syntax */],
///             protection: Protection {
///                 requirement: None,
///                 unauthenticated_url: None,
///                 unauthorized_url: None,
///             },
///         },
///         RouteRule {
///             patterns: &["/admin(.*)"],
///             regexes: &[/* … */],
///             protection: Protection {
///                 requirement: Some(Requirement::Any(Cow::Borrowed(&[
///                     Requirement::permission("org:admin:read"),
///                     Requirement::permission("org:admin:manage"),
///                 ]))),
///                 unauthenticated_url: None,
///                 unauthorized_url: None,
///             },
///         },
///         // …
///     ],
///     default: RouteDefault::Public,
/// };
/// ```
///
/// # Without the macro
///
/// The first table above, written by hand as Clerk's `createRouteMatcher` and a middleware
/// callback would be (the same checks, but the patterns are only parsed at run time, when a
/// matcher is first used, and a typo in a key is never reported):
///
/// ```
/// use std::borrow::Cow;
/// use std::sync::LazyLock;
/// use clerk_runtime::matcher::RouteMatcher;
/// use clerk_runtime::{Auth, ClerkLayer, MiddlewareRequest, MiddlewareResult};
/// use clerk_runtime::middleware::ClerkOptions;
/// use clerk_runtime::requirement::{Protection, Requirement};
///
/// fn matcher(patterns: &[&str]) -> RouteMatcher {
///     RouteMatcher::new(patterns.iter().copied()).expect("valid patterns")
/// }
/// static SIGNED_IN: LazyLock<RouteMatcher> =
///     LazyLock::new(|| matcher(&["/dashboard(.*)", "/forum(.*)"]));
/// static ADMIN: LazyLock<RouteMatcher> = LazyLock::new(|| matcher(&["/admin(.*)"]));
/// static ORG_SETTINGS: LazyLock<RouteMatcher> =
///     LazyLock::new(|| matcher(&["/orgs/:id/settings(.*)"]));
/// static REPORTS: LazyLock<RouteMatcher> = LazyLock::new(|| matcher(&["/reports(.*)"]));
///
/// async fn protect_routes(auth: Auth, req: MiddlewareRequest) -> MiddlewareResult {
///     // Every matching rule is applied, so all must pass.
///     if SIGNED_IN.matches(req.path())? {
///         auth.protect()?;
///     }
///     if ADMIN.matches(req.path())? {
///         const ADMIN_READ: Requirement = Requirement::Any(Cow::Borrowed(&[
///             Requirement::permission("org:admin:read"),
///             Requirement::permission("org:admin:manage"),
///         ]));
///         auth.protect_with(&ADMIN_READ)?;
///     }
///     if ORG_SETTINGS.matches(req.path())? {
///         const ORG_ADMIN: Protection = Protection {
///             requirement: Some(Requirement::role("org:admin")),
///             unauthenticated_url: None,
///             unauthorized_url: Some(Cow::Borrowed("https://example.com/denied")),
///         };
///         auth.protect_using(&ORG_ADMIN)?;
///     }
///     if REPORTS.matches(req.path())? {
///         const REPORTING: Requirement = Requirement::All(Cow::Borrowed(&[
///             Requirement::feature("org:reports"),
///             Requirement::Any(Cow::Borrowed(&[
///                 Requirement::plan("business"),
///                 Requirement::plan("enterprise"),
///             ])),
///         ]));
///         auth.protect_with(&REPORTING)?;
///     }
///     Ok(())
/// }
///
/// fn layer(options: ClerkOptions) -> ClerkLayer {
///     // With the macro: `ClerkLayer::new(options).routes(&ROUTES)?`
///     ClerkLayer::new(options).handler(protect_routes)
/// }
/// ```
///
/// The "protect all routes" table is the same with `if !PUBLIC.matches(req.path())? {
/// auth.protect_using(&DEFAULT)?; }` in front.
///
/// # Errors and warnings at compile time
///
/// All errors of a table are reported at once, each at its literal: malformed patterns,
/// keys and URLs, a pattern listed twice (at the second occurrence, naming the first; patterns
/// that differ only in case are the same, as Clerk matches case-insensitively), `public`
/// without `default`, a second `default`. A public pattern whose `(.*)` also opens sibling
/// paths (`/sign-in(.*)` opens `/sign-in-admin`) gets a warning that suggests the
/// segment-safe form (`/sign-in/:path*`).
///
/// ```compile_fail
/// # use clerk_runtime::{clerk_routes, requirement::RouteTable};
/// static ROUTES: RouteTable = clerk_routes! {
///     "/admin(.*)" => role = "admin_role"; // error: missing the `org:` prefix
///     "/admin(.*)" => signed_in;           // error: duplicate pattern
/// };
/// ```
#[proc_macro]
pub fn clerk_routes(input: TokenStream) -> TokenStream {
    let output = routes::expand(input.into());
    debug_dump("clerk_routes!", &output);
    output.into()
}

/// Prints an expansion to stderr when `CLERK_MACROS_DEBUG` is set (and not `0`).
fn debug_dump(name: &str, output: &proc_macro2::TokenStream) {
    if std::env::var_os("CLERK_MACROS_DEBUG").is_some_and(|v| !v.is_empty() && v != "0") {
        eprintln!("// {name} expansion\n{output}");
    }
}
