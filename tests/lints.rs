//! The lints case: user code under `deny(warnings)`, `unused_qualifications` and
//! `clippy::pedantic` that uses every form of `#[protect]` and `clerk_routes!`. rustc lints
//! fail `cargo test`, clippy lints fail `cargo clippy --all-targets -- -D warnings`.
//!
//! It also checks what the expansions carry: each marker's `PROTECTION` and each table's
//! rules are compared with the trees written by hand.

#![deny(warnings, unused_qualifications, missing_docs, clippy::pedantic)]
// The handlers here are stubs without `.await`; that lint is about them, not the expansion.
#![allow(clippy::unused_async)]

use std::borrow::Cow;

use axum::Router;
use axum::routing::{get, post};
use clerk_runtime::__private::ProtectSpec;
use clerk_runtime::guarded::{self, GuardedRouter};
use clerk_runtime::requirement::{
    Protection, Requirement, Reverification, RouteDefault, RouteTable,
};
use clerk_runtime::{clerk_routes, handlers, protect, public};

/// Signed in.
#[protect]
pub async fn bare() -> &'static str {
    "bare"
}

/// Signed in, written out.
#[protect(signed_in, unauthenticated_url = "https://example.com/sign-in")]
pub async fn signed_in() {}

/// Any of two permissions.
#[protect(permission = "org:invoices:create" | "org:invoices:manage")]
pub async fn any_permission(body: String) -> String {
    body
}

/// Grouped permissions.
#[protect(permission = ("org:a:read" & "org:b:read") | "org:admin:manage")]
pub async fn grouped() {}

/// Every key at once.
#[protect(
    role = "org:admin" | "admin",
    permission = "org:members:manage",
    feature = "o:teams",
    plan = "u:business",
    reverification = "strict_mfa",
    unauthenticated_url = "https://example.com/sign-in",
    unauthorized_url = "https://example.com/denied",
    crate = ::clerk_runtime
)]
pub async fn everything() {}

/// A system permission, warning silenced.
#[allow(deprecated)]
#[protect(permission = "org:sys_memberships:manage")]
async fn system() {}

/// Public on purpose.
#[public]
pub async fn home() -> &'static str {
    "home"
}

/// Public on purpose, with a renamed crate path.
#[public(crate = ::clerk_runtime)]
pub async fn echo(body: String) -> String {
    body
}

/// Handlers as associated functions.
#[derive(Debug)]
pub struct Invoices;

#[handlers]
impl Invoices {
    /// Readers only.
    #[protect(permission = "org:invoices:read")]
    pub async fn list() -> &'static str {
        "invoices"
    }

    /// Admins only.
    #[clerk_runtime::protect(role = "org:admin")]
    pub async fn delete(body: String) -> String {
        body
    }

    /// Public on purpose.
    #[public]
    pub async fn count() -> &'static str {
        "3"
    }
}

/// Every route guarded.
pub fn guarded_router() -> Router {
    GuardedRouter::new()
        .route("/", guarded::get(home).post(echo))
        .route("/bare", guarded::get(bare))
        .route(
            "/invoices",
            guarded::get(Invoices::list).delete(Invoices::delete),
        )
        .route("/invoices/count", guarded::get(Invoices::count))
        .into_router()
}

/// Clerk's default table.
pub static ROUTES: RouteTable = clerk_routes! {
    "/dashboard(.*)", "/forum(.*)" => signed_in;
    "/admin(.*)" => permission = "org:admin:read" | ("org:admin:write" & "org:audit:read");
    "/orgs/:id/settings(.*)" => role = "org:admin", unauthorized_url = "https://example.com/denied";
    "/reports(.*)" => feature = "org:reports", plan = "business", reverification = "lax";
};

/// Protect everything except the public routes.
pub static APP: RouteTable = clerk_routes! {
    crate = ::clerk_runtime;
    default => signed_in, unauthenticated_url = "https://example.com/sign-in";
    public "/sign-in/:path*", "/sign-up/:path*";
    "/admin(.*)" => role = "org:admin";
};

/// The router every handler fits in.
pub fn router() -> Router {
    Router::new()
        .route("/bare", get(bare))
        .route("/signed-in", get(signed_in))
        .route("/any", post(any_permission))
        .route("/grouped", get(grouped))
        .route("/everything", get(everything))
        .route("/system", get(system))
}

fn protection_of<M: ProtectSpec>() -> Protection {
    M::PROTECTION
}

#[test]
fn markers_carry_the_requirement_trees() {
    assert_eq!(
        protection_of::<__ClerkProtect_Invoices_list>().requirement,
        Some(Requirement::permission("org:invoices:read"))
    );
    assert_eq!(
        protection_of::<__ClerkProtect_Invoices_delete>().requirement,
        Some(Requirement::role("org:admin"))
    );
    assert_eq!(
        protection_of::<__ClerkProtect_bare>(),
        Protection::default()
    );
    assert_eq!(
        protection_of::<__ClerkProtect_signed_in>(),
        Protection {
            unauthenticated_url: Some(Cow::Borrowed("https://example.com/sign-in")),
            ..Protection::default()
        }
    );
    assert_eq!(
        protection_of::<__ClerkProtect_grouped>().requirement,
        Some(Requirement::Any(Cow::Owned(vec![
            Requirement::All(Cow::Owned(vec![
                Requirement::permission("org:a:read"),
                Requirement::permission("org:b:read"),
            ])),
            Requirement::permission("org:admin:manage"),
        ])))
    );
    assert_eq!(
        protection_of::<__ClerkProtect_everything>(),
        Protection {
            requirement: Some(Requirement::All(Cow::Owned(vec![
                Requirement::Any(Cow::Owned(vec![
                    Requirement::role("org:admin"),
                    Requirement::role("admin"),
                ])),
                Requirement::permission("org:members:manage"),
                Requirement::feature("o:teams"),
                Requirement::plan("u:business"),
                Requirement::Reverification(Reverification::StrictMfa),
            ]))),
            unauthenticated_url: Some(Cow::Borrowed("https://example.com/sign-in")),
            unauthorized_url: Some(Cow::Borrowed("https://example.com/denied")),
        }
    );
}

#[test]
fn tables_carry_patterns_regexes_and_protections() {
    assert_eq!(ROUTES.default, RouteDefault::Public);
    assert_eq!(ROUTES.rules.len(), 4);
    assert_eq!(ROUTES.rules[0].patterns, ["/dashboard(.*)", "/forum(.*)"]);
    for rule in ROUTES.rules {
        assert_eq!(rule.patterns.len(), rule.regexes.len());
        for (pattern, regex) in rule.patterns.iter().zip(rule.regexes) {
            let translated = clerk_syntax_regex(pattern);
            assert_eq!(*regex, translated, "{pattern}");
        }
    }
    assert_eq!(
        ROUTES.rules[3].protection.requirement,
        Some(Requirement::All(Cow::Owned(vec![
            Requirement::feature("org:reports"),
            Requirement::plan("business"),
            Requirement::Reverification(Reverification::Lax),
        ])))
    );
    let RouteDefault::SignedIn { public, protection } = &APP.default else {
        panic!("APP protects everything");
    };
    assert_eq!(public.patterns, ["/sign-in/:path*", "/sign-up/:path*"]);
    assert_eq!(public.protection, Protection::default());
    assert_eq!(
        protection.unauthenticated_url.as_deref(),
        Some("https://example.com/sign-in")
    );
}

/// The regex `clerk-syntax` gives for `pattern`, which the macro must have emitted as is.
fn clerk_syntax_regex(pattern: &str) -> String {
    clerk_syntax::PathPattern::parse(pattern)
        .expect("the macro accepted it")
        .regex()
        .to_owned()
}
