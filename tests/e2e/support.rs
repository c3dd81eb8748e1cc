//! The quickstart on a loopback port, with a log of every request it served, and cookie
//! helpers.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::extract::Request;
use axum::middleware::Next;
use base64::Engine as _;
use clerk_examples::quickstart;
use reqwest::Url;
use reqwest::cookie::{CookieStore as _, Jar};

/// How long to wait for a dev session token to go stale: its lifetime, Clerk's default clock
/// skew (5 s, which the verifier allows past `exp`) and one second.
pub(crate) fn past_expiry(ttl_secs: u64) -> Duration {
    Duration::from_secs(ttl_secs + 5 + 1)
}

/// A running quickstart in local dev mode.
pub(crate) struct App {
    /// `http://127.0.0.1:<port>`.
    pub(crate) base: String,
    log: Arc<Mutex<Vec<String>>>,
    dir: PathBuf,
}

impl App {
    /// Starts the quickstart in dev mode with sessions of `ttl_secs`, a fresh dev key and a
    /// request log.
    pub(crate) async fn start(name: &str, ttl_secs: u64) -> Self {
        let dir = std::env::temp_dir().join(format!(
            "clerk-e2e-{name}-{}-{}",
            std::process::id(),
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .unwrap()
                .as_nanos()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let app =
            quickstart::from_vars([("CLERK_DEV_SESSION_TTL", ttl_secs.to_string())], &dir).unwrap();
        let log = Arc::new(Mutex::new(Vec::new()));
        let recorder = log.clone();
        let router = app.router.layer(axum::middleware::from_fn(
            move |request: Request, next: Next| {
                let recorder = recorder.clone();
                async move {
                    let target = request
                        .uri()
                        .path_and_query()
                        .map_or_else(String::new, ToString::to_string);
                    recorder
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .push(target);
                    next.run(request).await
                }
            },
        ));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
        Self { base, log, dir }
    }

    /// How many requests were served so far.
    pub(crate) fn served(&self) -> usize {
        self.log
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }

    /// The paths and queries of the requests served since `from` (a [`served`](Self::served)
    /// count).
    pub(crate) fn served_since(&self, from: usize) -> Vec<String> {
        self.log.lock().unwrap_or_else(PoisonError::into_inner)[from..].to_vec()
    }
}

impl Drop for App {
    fn drop(&mut self) {
        std::fs::remove_dir_all(&self.dir).ok();
    }
}

/// The value of cookie `name` that `jar` would send to `url`.
pub(crate) fn jar_cookie(jar: &Jar, url: &str, name: &str) -> Option<String> {
    let header = jar.cookies(&Url::parse(url).unwrap())?;
    header.to_str().ok()?.split("; ").find_map(|pair| {
        let (n, v) = pair.split_once('=')?;
        (n == name).then(|| v.to_owned())
    })
}

/// The claims of a JWT, unverified (the server verified it; the test only reads it).
pub(crate) fn jwt_claims(token: &str) -> serde_json::Value {
    let payload = token.split('.').nth(1).expect("a JWT");
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

/// Unix seconds now.
pub(crate) fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}
