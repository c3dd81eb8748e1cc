//! Clerk's `clerkMiddleware()` guide, section "Dynamic keys": options resolved per request, for multi-tenant apps.
//!
//! Run: set `TENANT1_PUBLISHABLE_KEY`/`TENANT1_SECRET_KEY` and `TENANT2_…` (or nothing, for
//! two offline dev tenants with their own keys), `cargo run --example dynamic_keys`, then open
//! <http://tenant1.localhost:3000/dashboard> and <http://tenant2.localhost:3000/dashboard>.
//!
//! ```js
//! const tenantKeys = {
//!   tenant1: { publishableKey: 'pk_tenant1...', secretKey: 'sk_tenant1...' },
//!   tenant2: { publishableKey: 'pk_tenant2...', secretKey: 'sk_tenant2...' },
//! }
//! export default clerkMiddleware(
//!   (auth, req) => { /* Add your middleware checks */ },
//!   (req) => {
//!     const tenant = getTenant(req)
//!     return tenantKeys[tenant]
//!   },
//! )
//! ```
//!
//! Keys stay in this process's memory and never travel in headers, so unlike Next.js nothing
//! is sealed with `CLERK_ENCRYPTION_KEY`. `OptionsCache` keeps one verifier (and JWKS cache)
//! per tenant and key set, so one tenant's keys never verify another tenant's tokens.
//!
//! The middleware's check ("`/dashboard` needs a signed-in user") is `#[protect]` on the
//! dashboard handler: it uses whatever options the per-request resolver picked.

use std::collections::HashMap;
use std::process::ExitCode;
use std::sync::Arc;

use axum::Router;
use axum::http::StatusCode;
use axum::routing::get;
use clerk_examples::run;
use clerk_runtime::config::ClerkConfig;
use clerk_runtime::dev::DevKeys;
use clerk_runtime::middleware::{OptionsCache, Respond};
use clerk_runtime::protect;
use clerk_runtime::{Auth, ClerkLayer, MiddlewareRequest};

/// Each tenant's configuration (keys from `TENANTn_*`, else a dev key of its own).
fn tenant_configs() -> Result<HashMap<String, ClerkConfig>, String> {
    let mut tenants = HashMap::new();
    for tenant in ["tenant1", "tenant2"] {
        let prefix = tenant.to_uppercase();
        let var = |name: &str| std::env::var(format!("{prefix}_{name}")).ok();
        let config = if let (Some(pk), Some(sk)) = (var("PUBLISHABLE_KEY"), var("SECRET_KEY")) {
            ClerkConfig::builder()
                .publishable_key(pk)
                .secret_key(sk)
                .build()
        } else {
            let keys =
                DevKeys::load_or_create(format!(".clerk/{tenant}")).map_err(|e| e.to_string())?;
            ClerkConfig::builder()
                .jwt_key(keys.signing_key().public_pem())
                .sign_in_url("/sign-in")
                .build()
        };
        tenants.insert(tenant.to_owned(), config.map_err(|e| e.to_string())?);
    }
    Ok(tenants)
}

/// `getTenant(req)`: the first label of the host.
fn tenant_of(req: &MiddlewareRequest) -> Option<String> {
    let host = req.headers().get("host")?.to_str().ok()?;
    host.split('.').next().map(str::to_owned)
}

/// Add your middleware checks: here, the dashboard needs a signed-in user.
#[protect]
async fn dashboard(auth: Auth) -> String {
    format!("dashboard for {:?}", auth.user_id())
}

#[tokio::main]
async fn main() -> ExitCode {
    run::init_tracing();
    let tenants = match tenant_configs() {
        Ok(tenants) => Arc::new(tenants),
        Err(error) => {
            eprintln!("cannot start: {error}");
            return ExitCode::FAILURE;
        }
    };
    let cache = Arc::new(OptionsCache::default());
    let layer = ClerkLayer::per_request(move |req: MiddlewareRequest| {
        let (tenants, cache) = (tenants.clone(), cache.clone());
        async move {
            let tenant = tenant_of(&req).ok_or(Respond::from(StatusCode::NOT_FOUND))?;
            let config = tenants
                .get(&tenant)
                .ok_or(Respond::from(StatusCode::NOT_FOUND))?;
            cache.get(&tenant, config).map_err(|error| {
                tracing::error!(%error, tenant, "tenant misconfigured");
                Respond::from(StatusCode::INTERNAL_SERVER_ERROR)
            })
        }
    });
    let app = Router::new()
        .route("/dashboard", get(dashboard))
        .layer(layer);
    println!(
        "Tenants are told apart by the host's first label (tenant1.localhost, tenant2.localhost)."
    );
    println!("Offline, mint a token per tenant:");
    for tenant in ["tenant1", "tenant2"] {
        println!(
            "  TOKEN=$(cargo run -q -p clerk-cli -- mint --key .clerk/{tenant}/{} --sub user_1); \\\n  \
             curl -H \"Authorization: Bearer $TOKEN\" http://{tenant}.localhost:3000/dashboard",
            DevKeys::RELATIVE_PATH
        );
    }
    run::serve(app, None, &["/dashboard"]).await
}
