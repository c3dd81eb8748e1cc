//! The server `scripts/bench-http.sh` loads: one variant of the layer per run, on a
//! current-thread runtime (one core), so that each variant can be compared with bare axum.
//!
//! ```sh
//! CLERK_JWT_KEY="$(cat public.pem)" cargo run --release --example bench_server -- VARIANT PORT
//! cargo run --release --example bench_server -- mint-many N PRIVATE.pem > tokens.txt
//! ```
//!
//! Every variant serves `GET /bare`, `/open`, `/admin/x` and `/invoices` with a two-byte body:
//! - `bare`: axum alone;
//! - `layer`: `ClerkLayer` without rules (verification with the default cache);
//! - `role`: a `clerk_routes!` table, `/admin(.*)` needs role `org:admin`;
//! - `permission`: `/invoices` is a `#[protect(permission = "org:invoices:read")]` handler;
//! - `nocache`: as `layer`, with the verified-token cache off.
//!
//! `mint-many` prints N distinct session tokens (the claims `clerk mint` writes, with org role
//! `admin` and permission `org:invoices:read`), one a line, for the rotating-token rounds.

use std::net::{Ipv4Addr, SocketAddr};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::routing::get;
use clerk_runtime::ClerkLayer;
use clerk_runtime::auth::AuthenticateOptions;
use clerk_runtime::config::ClerkConfig;
use clerk_runtime::dev::{SessionClaimsBuilder, SigningKey};
use clerk_runtime::middleware::authenticate::{self, BoxedVerification};
use clerk_runtime::middleware::{ClerkOptions, RedirectOptions};
use clerk_runtime::requirement::RouteTable;
use clerk_runtime::verify::Verifier;
use clerk_runtime::{clerk_routes, protect};

static ROUTES: RouteTable = clerk_routes! {
    "/admin(.*)" => role = "org:admin";
};

#[protect(permission = "org:invoices:read")]
async fn invoices() -> &'static str {
    "ok"
}

fn router(protected_invoices: bool) -> Router {
    let router = Router::new()
        .route("/bare", get(|| async { "ok" }))
        .route("/open", get(|| async { "ok" }))
        .route("/admin/x", get(|| async { "ok" }));
    if protected_invoices {
        router.route("/invoices", get(invoices))
    } else {
        router.route("/invoices", get(|| async { "ok" }))
    }
}

fn options(pem: &str) -> Result<ClerkOptions, String> {
    let config = ClerkConfig::builder()
        .jwt_key(pem)
        .sign_in_url("/sign-in")
        .build()
        .map_err(|e| e.to_string())?;
    ClerkOptions::from_config(&config).map_err(|e| e.to_string())
}

fn options_without_cache(pem: &str) -> Result<ClerkOptions, String> {
    let verifier = Verifier::from_pem(pem, clerk_runtime::verify::VerifyOptions::default())
        .map_err(|e| e.to_string())?
        .with_cache_capacity(0);
    let verify = Arc::new(move |token: String| -> BoxedVerification {
        let verifier = verifier.clone();
        Box::pin(async move { verifier.verify(&token).await })
    });
    ClerkOptions::new(
        authenticate::verifying(AuthenticateOptions::default(), "no cache", verify),
        RedirectOptions::default().sign_in_url("/sign-in"),
    )
    .map_err(|e| e.to_string())
}

fn app(variant: &str, pem: &str) -> Result<Router, String> {
    Ok(match variant {
        "bare" => router(false),
        "layer" => router(false).layer(ClerkLayer::new(options(pem)?)),
        "role" => router(false).layer(
            ClerkLayer::new(options(pem)?)
                .routes(&ROUTES)
                .map_err(|e| e.to_string())?,
        ),
        "permission" => router(true).layer(ClerkLayer::new(options(pem)?)),
        "nocache" => router(false).layer(ClerkLayer::new(options_without_cache(pem)?)),
        other => return Err(format!("unknown variant {other:?}")),
    })
}

fn mint_many(count: &str, key_path: &str) -> Result<(), String> {
    let count: usize = count.parse().map_err(|e| format!("N: {e}"))?;
    let pem = std::fs::read_to_string(key_path).map_err(|e| format!("{key_path}: {e}"))?;
    let key = SigningKey::from_pem(&pem).map_err(|e| e.to_string())?;
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_err(|e| e.to_string())?
        .as_secs();
    for n in 0..count {
        let claims = SessionClaimsBuilder::new(format!("user_{n}"))
            .session_id(format!("sess_{n}"))
            .org("org_1", Some("acme"), "admin")
            .permission("org:invoices:read")
            .ttl(Duration::from_hours(4))
            .build(now)
            .map_err(|e| e.to_string())?;
        println!("{}", key.mint(&claims).map_err(|e| e.to_string())?);
    }
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["mint-many", count, key] => mint_many(count, key),
        [variant, port] => serve(variant, port),
        _ => Err("usage: bench_server VARIANT PORT | bench_server mint-many N PRIVATE.pem".into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("bench_server: {message}");
            ExitCode::FAILURE
        }
    }
}

fn serve(variant: &str, port: &str) -> Result<(), String> {
    let port: u16 = port.parse().map_err(|e| format!("PORT: {e}"))?;
    let pem = std::env::var("CLERK_JWT_KEY").unwrap_or_default();
    let app = app(variant, &pem)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async move {
        let address = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
        let listener = tokio::net::TcpListener::bind(address)
            .await
            .map_err(|e| format!("{address}: {e}"))?;
        axum::serve(listener, app).await.map_err(|e| e.to_string())
    })
}
