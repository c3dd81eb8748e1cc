//! `RemoteKeys` against a real HTTP server on 127.0.0.1 that serves a JWKS we control and counts
//! requests: rotation, outages, timeouts, floods of unknown `kid`s, unusable keys.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use clerk_runtime::TokenVerificationErrorReason as Reason;
use clerk_runtime::config::{ClerkConfig, SecretKey};
use clerk_runtime::verify::jwks::{JwkSet, JwksOptions, RemoteKeys};
use proptest::prelude::*;
use serde_json::{Value, json};
use tokio::task::JoinHandle;

const SECRET: &str = "sk_test_jwkstestsecret0123456789";

// ---------------------------------------------------------------------------------------------
// Key material: the conformance public keys as JWKs.

fn public_pem(name: &str) -> String {
    let path = format!(
        "{}/../tests/conformance/keys/{name}.public.pem",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(path).unwrap()
}

/// An RSA JWK (`n`, `e` in base64url) for a conformance key.
fn rsa_jwk(kid: &str, key_name: &str) -> Value {
    let body: String = public_pem(key_name)
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect();
    let spki = STANDARD.decode(body).unwrap();
    let public = aws_lc_rs::rsa::PublicKey::from_der(&spki).unwrap();
    let parts = aws_lc_rs::rsa::PublicKeyComponents::<Vec<u8>>::from(&public);
    json!({
        "kty": "RSA", "use": "sig", "alg": "RS256", "kid": kid,
        "n": URL_SAFE_NO_PAD.encode(&parts.n), "e": URL_SAFE_NO_PAD.encode(&parts.e),
    })
}

fn jwks(keys: &[Value]) -> Value {
    json!({ "keys": keys })
}

// ---------------------------------------------------------------------------------------------
// The test server.

#[derive(Clone)]
enum Reply {
    Keys(Value),
    Status(u16, String),
    Slow(Duration, Value),
}

#[derive(Default)]
struct Seen {
    authorization: Vec<String>,
    user_agent: Vec<String>,
}

struct Shared {
    reply: Mutex<Reply>,
    hits: AtomicUsize,
    seen: Mutex<Seen>,
}

struct TestServer {
    url: String,
    shared: Arc<Shared>,
    task: JoinHandle<()>,
}

async fn serve_jwks(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Response {
    shared.hits.fetch_add(1, Ordering::SeqCst);
    {
        let mut seen = shared.seen.lock().unwrap();
        let header = |name| {
            headers
                .get(name)
                .and_then(|v: &header::HeaderValue| v.to_str().ok())
                .unwrap_or("")
                .to_owned()
        };
        seen.authorization.push(header(header::AUTHORIZATION));
        seen.user_agent.push(header(header::USER_AGENT));
    }
    let reply = shared.reply.lock().unwrap().clone();
    // `connection: close` so no pooled connection outlives a stopped server.
    let close = [(header::CONNECTION, "close")];
    match reply {
        Reply::Keys(body) => (close, axum::Json(body)).into_response(),
        Reply::Status(code, body) => {
            (StatusCode::from_u16(code).unwrap(), close, body).into_response()
        }
        Reply::Slow(delay, body) => {
            tokio::time::sleep(delay).await;
            (close, axum::Json(body)).into_response()
        }
    }
}

impl TestServer {
    async fn start(reply: Reply) -> Self {
        let shared = Arc::new(Shared {
            reply: Mutex::new(reply),
            hits: AtomicUsize::new(0),
            seen: Mutex::new(Seen::default()),
        });
        let app = Router::new()
            .route("/v1/jwks", get(serve_jwks))
            .with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let task = tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        Self { url, shared, task }
    }

    fn hits(&self) -> usize {
        self.shared.hits.load(Ordering::SeqCst)
    }

    fn reply(&self, reply: Reply) {
        *self.shared.reply.lock().unwrap() = reply;
    }

    /// Stops accepting connections: later fetches get "connection refused".
    async fn stop(self) {
        self.task.abort();
        let _ = self.task.await;
    }

    fn keys(&self, options: JwksOptions) -> RemoteKeys {
        let secret = SecretKey::parse(SECRET).unwrap();
        RemoteKeys::new(&self.url, "v1", &secret, options).unwrap()
    }
}

fn options(configure: impl FnOnce(&mut JwksOptions)) -> JwksOptions {
    let mut options = JwksOptions::default();
    configure(&mut options);
    options
}

fn reason(
    result: Result<clerk_runtime::verify::VerifyingKey, clerk_runtime::TokenVerificationError>,
) -> Reason {
    result.expect_err("the lookup must fail").reason
}

// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn fetches_with_the_secret_key_and_caches() {
    let server = TestServer::start(Reply::Keys(jwks(&[rsa_jwk("kid-a", "rsa2048-a")]))).await;
    let keys = server.keys(JwksOptions::default());
    assert_eq!(keys.url(), format!("{}/v1/jwks", server.url));
    for _ in 0..5 {
        let key = keys.key_for(Some("kid-a")).await.unwrap();
        assert_eq!(key.kid(), Some("kid-a"));
    }
    assert_eq!(
        server.hits(),
        1,
        "later lookups are answered from the cache"
    );
    let clone = keys.clone();
    clone.key_for(Some("kid-a")).await.unwrap();
    assert_eq!(server.hits(), 1, "clones share the cache");
    let seen = server.shared.seen.lock().unwrap();
    assert_eq!(seen.authorization, [format!("Bearer {SECRET}")]);
    assert!(
        seen.user_agent[0].starts_with("clerk-axum/"),
        "{:?}",
        seen.user_agent
    );
    let debug = format!("{keys:?}");
    assert!(!debug.contains("jwkstestsecret"), "{debug}");
}

#[tokio::test]
async fn separate_instances_have_separate_caches() {
    let server = TestServer::start(Reply::Keys(jwks(&[rsa_jwk("kid-a", "rsa2048-a")]))).await;
    let one = server.keys(JwksOptions::default());
    let two = server.keys(JwksOptions::default());
    one.key_for(Some("kid-a")).await.unwrap();
    two.key_for(Some("kid-a")).await.unwrap();
    assert_eq!(server.hits(), 2);
}

#[tokio::test]
async fn config_builds_remote_keys_for_its_api_url() {
    let server = TestServer::start(Reply::Keys(jwks(&[rsa_jwk("kid-a", "rsa2048-a")]))).await;
    let config = ClerkConfig::from_vars([
        ("CLERK_SECRET_KEY".to_owned(), SECRET.to_owned()),
        ("CLERK_API_URL".to_owned(), server.url.clone()),
    ])
    .unwrap();
    let keys = config.remote_keys().unwrap();
    assert_eq!(
        keys.key_for(Some("kid-a")).await.unwrap().kid(),
        Some("kid-a")
    );
    assert_eq!(server.hits(), 1);
}

#[tokio::test]
async fn configs_for_one_instance_share_one_cache() {
    let server = TestServer::start(Reply::Keys(jwks(&[rsa_jwk("kid-a", "rsa2048-a")]))).await;
    let config = |secret: &str| {
        ClerkConfig::builder()
            .secret_key(secret)
            .api_url(server.url.clone())
            .build()
            .unwrap()
    };
    let (first, second) = (config(SECRET), config(SECRET));
    first
        .remote_keys()
        .unwrap()
        .key_for(Some("kid-a"))
        .await
        .unwrap();
    second
        .remote_keys()
        .unwrap()
        .key_for(Some("kid-a"))
        .await
        .unwrap();
    assert_eq!(
        server.hits(),
        1,
        "same api url, version and secret: one cache"
    );
    let other_tenant = config("sk_test_anothertenantsecret");
    other_tenant
        .remote_keys()
        .unwrap()
        .key_for(Some("kid-a"))
        .await
        .unwrap();
    assert_eq!(server.hits(), 2, "another secret key: another cache");
    let shared = RemoteKeys::shared(
        &server.url,
        "v1",
        &SecretKey::parse(SECRET).unwrap(),
        JwksOptions::default(),
    )
    .unwrap();
    shared.key_for(Some("kid-a")).await.unwrap();
    assert_eq!(
        server.hits(),
        2,
        "RemoteKeys::shared finds the config's cache"
    );
}

#[tokio::test]
async fn key_rotation_is_picked_up() {
    let server = TestServer::start(Reply::Keys(jwks(&[rsa_jwk("kid-a", "rsa2048-a")]))).await;
    let keys = server.keys(options(|o| o.refetch_interval = Duration::from_millis(500)));
    keys.key_for(Some("kid-a")).await.unwrap();

    // The new key appears next to the old one.
    server.reply(Reply::Keys(jwks(&[
        rsa_jwk("kid-a", "rsa2048-a"),
        rsa_jwk("kid-b", "rsa2048-b"),
    ])));
    // Right after a fetch, an unknown kid does not refetch: the rate limit.
    assert_eq!(
        reason(keys.key_for(Some("kid-b")).await),
        Reason::JwkKidMismatch
    );
    assert_eq!(server.hits(), 1);
    tokio::time::sleep(Duration::from_millis(550)).await;
    assert_eq!(
        keys.key_for(Some("kid-b")).await.unwrap().kid(),
        Some("kid-b")
    );
    assert_eq!(server.hits(), 2);
    keys.key_for(Some("kid-a")).await.unwrap();
    assert_eq!(server.hits(), 2, "both keys are cached now");

    // The old key is retired: once a fetch shows it gone, it no longer answers.
    server.reply(Reply::Keys(jwks(&[rsa_jwk("kid-b", "rsa2048-b")])));
    tokio::time::sleep(Duration::from_millis(550)).await;
    assert_eq!(
        reason(keys.key_for(Some("kid-x")).await),
        Reason::JwkKidMismatch
    );
    assert_eq!(server.hits(), 3);
    assert_eq!(
        reason(keys.key_for(Some("kid-a")).await),
        Reason::JwkKidMismatch
    );
    assert_eq!(
        server.hits(),
        3,
        "rate-limited: answered from the fresh set"
    );
}

#[tokio::test]
async fn the_ttl_refreshes_the_set() {
    let server = TestServer::start(Reply::Keys(jwks(&[rsa_jwk("kid-a", "rsa2048-a")]))).await;
    let keys = server.keys(options(|o| {
        o.ttl = Duration::from_millis(400);
        o.refetch_interval = Duration::from_millis(400);
    }));
    keys.key_for(Some("kid-a")).await.unwrap();
    keys.key_for(Some("kid-a")).await.unwrap();
    assert_eq!(server.hits(), 1);
    tokio::time::sleep(Duration::from_millis(450)).await;
    keys.key_for(Some("kid-a")).await.unwrap();
    assert_eq!(server.hits(), 2, "a stale set is refreshed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_known_key_does_not_wait_for_a_slow_refresh() {
    let server = TestServer::start(Reply::Slow(
        Duration::from_secs(1),
        jwks(&[rsa_jwk("kid-a", "rsa2048-a")]),
    ))
    .await;
    let keys = server.keys(options(|o| {
        o.ttl = Duration::from_millis(100);
        o.refetch_interval = Duration::from_millis(100);
    }));
    keys.key_for(Some("kid-a")).await.unwrap();
    tokio::time::sleep(Duration::from_millis(150)).await;
    // This lookup refreshes the stale set and waits for the slow answer...
    let refreshing = {
        let keys = keys.clone();
        tokio::spawn(async move { keys.key_for(Some("kid-a")).await })
    };
    tokio::time::sleep(Duration::from_millis(100)).await;
    // ...while this one answers at once from the stale set.
    let started = Instant::now();
    assert_eq!(
        keys.key_for(Some("kid-a")).await.unwrap().kid(),
        Some("kid-a")
    );
    assert!(
        started.elapsed() < Duration::from_millis(600),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(refreshing.await.unwrap().unwrap().kid(), Some("kid-a"));
    assert_eq!(server.hits(), 2);
}

#[tokio::test]
async fn server_down_before_any_load_fails_to_load() {
    // A port that was just free: nothing listens there.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let secret = SecretKey::parse(SECRET).unwrap();
    let keys = RemoteKeys::new(&url, "v1", &secret, JwksOptions::default()).unwrap();
    let err = keys.key_for(Some("kid-a")).await.unwrap_err();
    assert_eq!(err.reason, Reason::RemoteJwkFailedToLoad);
    assert!(!err.message.contains("jwkstestsecret"), "{}", err.message);
    assert_eq!(
        reason(keys.key_for(None).await),
        Reason::RemoteJwkFailedToLoad
    );
    assert_eq!(
        keys.refresh().await.unwrap_err().reason,
        Reason::RemoteJwkFailedToLoad
    );
}

#[tokio::test]
async fn known_keys_survive_an_outage() {
    let server = TestServer::start(Reply::Keys(jwks(&[rsa_jwk("kid-a", "rsa2048-a")]))).await;
    let keys = server.keys(options(|o| {
        o.ttl = Duration::from_millis(400);
        o.refetch_interval = Duration::from_millis(400);
    }));
    keys.key_for(Some("kid-a")).await.unwrap();
    assert_eq!(server.hits(), 1);

    // First the API answers 503, then it is gone altogether.
    server.reply(Reply::Status(503, "unavailable".to_owned()));
    tokio::time::sleep(Duration::from_millis(450)).await;
    assert_eq!(
        keys.key_for(Some("kid-a")).await.unwrap().kid(),
        Some("kid-a")
    );
    assert_eq!(
        server.hits(),
        2,
        "the stale set was refreshed, and the refresh failed"
    );
    let err = keys.key_for(Some("kid-new")).await.unwrap_err();
    assert_eq!(err.reason, Reason::RemoteJwkFailedToLoad);
    assert!(err.message.contains("code=503"), "{}", err.message);
    assert_eq!(server.hits(), 2, "rate-limited after the failure");

    server.stop().await;
    tokio::time::sleep(Duration::from_millis(450)).await;
    assert_eq!(
        keys.key_for(Some("kid-a")).await.unwrap().kid(),
        Some("kid-a")
    );
    assert_eq!(
        keys.refresh().await.unwrap_err().reason,
        Reason::RemoteJwkFailedToLoad
    );
    assert_eq!(
        keys.key_for(Some("kid-a")).await.unwrap().kid(),
        Some("kid-a")
    );
}

#[tokio::test]
async fn a_slow_server_times_out() {
    let server = TestServer::start(Reply::Slow(
        Duration::from_secs(30),
        jwks(&[rsa_jwk("kid-a", "rsa2048-a")]),
    ))
    .await;
    let keys = server.keys(options(|o| o.timeout = Duration::from_millis(300)));
    let started = Instant::now();
    let err = keys.key_for(Some("kid-a")).await.unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(err.reason, Reason::RemoteJwkFailedToLoad);
    assert!(err.message.contains("300 ms"), "{}", err.message);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_of_random_kids_costs_one_fetch() {
    // A slow answer keeps the first fetch in flight while the flood arrives.
    let server = TestServer::start(Reply::Slow(
        Duration::from_millis(200),
        jwks(&[rsa_jwk("kid-a", "rsa2048-a")]),
    ))
    .await;
    let keys = server.keys(JwksOptions::default());
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut tasks = Vec::new();
    for i in 0..1000 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let kid = if i % 100 == 0 {
            "kid-a".to_owned()
        } else {
            format!("random-{seed:016x}")
        };
        let keys = keys.clone();
        tasks.push(tokio::spawn(async move {
            (kid.clone(), keys.key_for(Some(&kid)).await)
        }));
    }
    let mut mismatches = 0;
    for task in tasks {
        let (kid, result) = task.await.unwrap();
        if kid == "kid-a" {
            assert_eq!(result.unwrap().kid(), Some("kid-a"));
        } else {
            assert_eq!(reason(result), Reason::JwkKidMismatch, "{kid}");
            mismatches += 1;
        }
    }
    assert_eq!(mismatches, 990);
    assert_eq!(server.hits(), 1, "1,000 concurrent lookups share one fetch");

    // A second wave after the set is loaded: the unknown kids are rate-limited.
    let wave: Vec<_> = (0..1000)
        .map(|i| {
            let keys = keys.clone();
            tokio::spawn(async move { keys.key_for(Some(&format!("again-{i}"))).await })
        })
        .collect();
    for task in wave {
        assert_eq!(reason(task.await.unwrap()), Reason::JwkKidMismatch);
    }
    assert_eq!(server.hits(), 1);
}

#[tokio::test]
async fn unusable_keys_are_skipped() {
    let server = TestServer::start(Reply::Keys(jwks(&[
        json!({"kty": "EC", "kid": "ec", "crv": "P-256", "x": "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU", "y": "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}),
        json!({"kty": "oct", "kid": "hmac", "k": "c2VjcmV0"}),
        json!({"kty": "RSA", "kid": "no-e", "n": rsa_jwk("x", "rsa2048-a")["n"]}),
        json!({"kty": "RSA", "kid": "bad-b64", "n": "%%%", "e": "AQAB"}),
        rsa_jwk("kid-good", "rsa2048-b"),
    ])))
    .await;
    let keys = server.keys(JwksOptions::default());
    assert_eq!(
        keys.key_for(Some("kid-good")).await.unwrap().kid(),
        Some("kid-good")
    );
    for skipped in ["ec", "hmac", "no-e", "bad-b64"] {
        assert_eq!(
            reason(keys.key_for(Some(skipped)).await),
            Reason::JwkKidMismatch,
            "{skipped}"
        );
    }
    assert_eq!(server.hits(), 1);
}

#[tokio::test]
async fn empty_or_unusable_sets_fail_to_load() {
    for body in [
        jwks(&[]),
        jwks(&[json!({"kty": "oct", "kid": "hmac", "k": "c2VjcmV0"})]),
        json!({"nope": []}),
    ] {
        let server = TestServer::start(Reply::Keys(body.clone())).await;
        let keys = server.keys(JwksOptions::default());
        assert_eq!(
            reason(keys.key_for(Some("kid-a")).await),
            Reason::RemoteJwkFailedToLoad,
            "{body}"
        );
    }
    let garbage = TestServer::start(Reply::Status(200, "<html>not json".to_owned())).await;
    let keys = garbage.keys(JwksOptions::default());
    assert_eq!(
        reason(keys.key_for(Some("kid-a")).await),
        Reason::RemoteJwkFailedToLoad
    );
}

#[tokio::test]
async fn http_errors_follow_clerk() {
    let invalid = TestServer::start(Reply::Status(
        401,
        json!({"errors": [{"code": "clerk_key_invalid", "message": "Secret key is invalid"}]})
            .to_string(),
    ))
    .await;
    let keys = invalid.keys(JwksOptions::default());
    assert_eq!(
        reason(keys.key_for(Some("kid-a")).await),
        Reason::SecretKeyInvalid
    );

    let not_found = TestServer::start(Reply::Status(404, "{}".to_owned())).await;
    let keys = not_found.keys(JwksOptions::default());
    let err = keys.key_for(Some("kid-a")).await.unwrap_err();
    assert_eq!(err.reason, Reason::RemoteJwkFailedToLoad);
    assert!(err.message.contains("code=404"), "{}", err.message);
}

#[tokio::test]
async fn skip_cache_always_fetches() {
    let server = TestServer::start(Reply::Keys(jwks(&[rsa_jwk("kid-a", "rsa2048-a")]))).await;
    let keys = server.keys(options(|o| o.skip_cache = true));
    for _ in 0..3 {
        keys.key_for(Some("kid-a")).await.unwrap();
    }
    assert_eq!(server.hits(), 3);
    assert_eq!(
        reason(keys.key_for(Some("other")).await),
        Reason::JwkKidMismatch
    );
    assert_eq!(server.hits(), 4);
}

#[tokio::test]
async fn a_token_without_kid_is_a_kid_mismatch() {
    let server = TestServer::start(Reply::Keys(jwks(&[rsa_jwk("kid-a", "rsa2048-a")]))).await;
    let keys = server.keys(JwksOptions::default());
    assert_eq!(reason(keys.key_for(None).await), Reason::JwkKidMismatch);
    assert_eq!(server.hits(), 1, "the set was loaded to answer");
    assert_eq!(keys.refresh().await.unwrap(), 1);
    assert_eq!(server.hits(), 2, "refresh ignores the rate limit");
}

#[test]
fn remote_keys_refuse_plain_http_to_other_hosts() {
    let secret = SecretKey::parse(SECRET).unwrap();
    let err = RemoteKeys::new(
        "http://api.example.com",
        "v1",
        &secret,
        JwksOptions::default(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("api_url"), "{err}");
    assert!(
        RemoteKeys::new(
            "https://api.example.com",
            "v1/../x",
            &secret,
            JwksOptions::default()
        )
        .is_err()
    );
}

// ---------------------------------------------------------------------------------------------
// Garbage never panics.

fn jwk_field() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        "[A-Za-z0-9_=+/-]{0,40}".prop_map(Value::from),
        Just(json!("RSA")),
        Just(json!("AQAB")),
        Just(json!([])),
    ]
}

fn jwk_like() -> impl Strategy<Value = Value> {
    (jwk_field(), jwk_field(), jwk_field(), jwk_field(), jwk_field(), jwk_field()).prop_map(
        |(kty, kid, n, e, alg, usage)| json!({"kty": kty, "kid": kid, "n": n, "e": e, "alg": alg, "use": usage}),
    )
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic(body in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = JwkSet::parse(&body);
    }

    #[test]
    fn arbitrary_jwk_shapes_never_panic(keys in proptest::collection::vec(jwk_like(), 0..8)) {
        let body = serde_json::to_vec(&json!({ "keys": keys })).unwrap();
        let set = JwkSet::parse(&body).unwrap();
        prop_assert_eq!(set.len() + set.skipped().len() <= keys.len(), true);
    }
}
