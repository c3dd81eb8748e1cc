//! Running an example: tracing, the environment, the listener and what to print.

use std::net::{Ipv4Addr, SocketAddr};
use std::process::ExitCode;

use axum::Router;

use crate::quickstart::{self, Mode, Setup};

/// Logs to the terminal (`RUST_LOG` filters; default `info`, which shows `debug(true)` output).
pub fn init_tracing() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .init();
}

/// [`quickstart::setup`] from the process environment and the current directory; prints why
/// when it fails.
pub fn setup_from_env() -> Result<Setup, ExitCode> {
    let dir = std::env::current_dir().unwrap_or_else(|_| ".".into());
    quickstart::setup(std::env::vars(), &dir).map_err(|error| {
        eprintln!("cannot start: {error}");
        ExitCode::FAILURE
    })
}

/// Serves `router` on 127.0.0.1:`PORT` (default 3000), after printing how to try it (and,
/// given the mode, how to sign in).
pub async fn serve(router: Router, mode: Option<&Mode>, try_paths: &[&str]) -> ExitCode {
    let port = match std::env::var("PORT").map(|port| port.parse::<u16>()) {
        Ok(Ok(port)) => port,
        Err(_) => 3000,
        Ok(Err(error)) => {
            eprintln!("PORT must be a port number: {error}");
            return ExitCode::FAILURE;
        }
    };
    let address = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let listener = match tokio::net::TcpListener::bind(address).await {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("cannot listen on {address}: {error}");
            return ExitCode::FAILURE;
        }
    };
    let base = format!("http://{address}");
    match mode {
        None => println!("Listening on {base}"),
        Some(Mode::Clerk) => println!("Clerk app (keys from the environment) on {base}"),
        Some(Mode::Dev {
            path,
            created,
            session_ttl,
        }) => {
            let verb = if *created { "created" } else { "using" };
            println!(
                "Local dev mode on {base}: {verb} dev key {}",
                path.display()
            );
            println!("  sign in:  {base}/sign-in  (pick a user id, an org role, permissions)");
            println!(
                "  sessions: {}-second tokens (CLERK_DEV_SESSION_TTL), refreshed through the \
                 handshake at {base}/__clerk",
                session_ttl.as_secs()
            );
            println!(
                "  or mint:  TOKEN=$(cargo run -q -p clerk-cli -- mint --key {} --sub user_1)",
                path.display()
            );
            println!("  then:     curl -H \"Authorization: Bearer $TOKEN\" {base}/api/me");
        }
    }
    for path in try_paths {
        println!("  open:     {base}{path}");
    }
    println!("  curl -i {base}/api/me   # 404 when signed out, as Clerk");
    match axum::serve(listener, router).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("server error: {error}");
            ExitCode::FAILURE
        }
    }
}
