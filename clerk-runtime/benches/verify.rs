//! Session-token verification speed, to compare with Clerk's `verifyToken` (the oracle's
//! `bench.mjs`, which verifies one RS256 token with `{ jwtKey, authorizedParties }`).
//!
//! The token has the same header and claims as the one in `bench.mjs`; the verifier is built once
//! from the PEM (Clerk rebuilds and re-imports its key on every call; we never do).
//!
//! - `cold/no_cache`: the cache is off (capacity 0): split, decode, JSON, RSA check, claims.
//! - `cold/miss_and_insert`: the cache is on (capacity 64) but 512 distinct tokens are cycled,
//!   so every call misses: the above plus the cache lookup and the insertion (with eviction).
//! - `cached/hit`: the same token again: the key read off the token's tail, the lookup, the
//!   whole token compared, the time checks.
//! - `reference/rsa_only`: `jsonwebtoken::crypto::verify` alone on the same token (it imports the
//!   key into aws-lc on every call).
//! - `reference/rs256_preparsed`: the bare aws-lc RS256 check on a key parsed once and a signature
//!   decoded once: the floor of a cold verification, the anchor of its ratio.
//! - `cold/above_rs256`: how much longer `cold/no_cache` takes than the anchor, timed in pairs
//!   within one loop (so that the machine's drift between two benches does not enter it).
//!
//! Run: `cargo bench -p clerk-runtime --bench verify -- --warm-up-time 1 --measurement-time 3`.

#![allow(missing_docs)]

use std::future::Future;
use std::hint::black_box;
use std::pin::pin;
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use clerk_runtime::verify::{Verifier, VerifyOptions};
use criterion::{Criterion, criterion_group, criterion_main};

const PRIVATE: &str = include_str!("../../tests/conformance/keys/rsa2048-a.private.pem");
const PUBLIC: &str = include_str!("../../tests/conformance/keys/rsa2048-a.public.pem");

/// Runs a future that never waits (verification with a local key does not).
fn ready<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    match future
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
    {
        Poll::Ready(output) => output,
        Poll::Pending => panic!("a local-key verification does not wait"),
    }
}

fn now_s() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        .as_secs()
}

/// A session token shaped like `bench.mjs`'s, with an extra `jti` to make it unique.
fn token(key: &jsonwebtoken::EncodingKey, jti: usize) -> String {
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let now = now_s();
    let header =
        b64.encode(r#"{"alg":"RS256","cat":"cl_B7d4PD111AAA","kid":"ins_bench","typ":"JWT"}"#);
    let payload = b64.encode(
        serde_json::json!({
            "azp": "https://app.example.test", "exp": now + 86_400, "iat": now - 5,
            "nbf": now - 5, "iss": "https://clerk.example.test", "sid": "sess_bench",
            "sub": "user_bench", "v": 2, "fva": [1, -1], "sts": "active", "jti": format!("{jti:08}"),
        })
        .to_string(),
    );
    let input = format!("{header}.{payload}");
    let signature =
        jsonwebtoken::crypto::sign(input.as_bytes(), key, jsonwebtoken::Algorithm::RS256)
            .expect("signing");
    format!("{input}.{signature}")
}

fn options() -> VerifyOptions {
    VerifyOptions {
        authorized_parties: vec!["https://app.example.test".into()],
        ..VerifyOptions::default()
    }
}

fn bench(c: &mut Criterion) {
    let key = jsonwebtoken::EncodingKey::from_rsa_pem(PRIVATE.as_bytes()).expect("test key");
    let one = token(&key, 0);
    let pool: Vec<String> = (0..512).map(|n| token(&key, n)).collect();
    println!("token length: {} bytes", one.len());

    let mut group = c.benchmark_group("verify");

    let uncached = Verifier::from_pem(PUBLIC, options())
        .expect("test key")
        .with_cache_capacity(0);
    assert!(ready(uncached.verify(&one)).is_ok());
    group.bench_function("cold/no_cache", |b| {
        b.iter(|| ready(uncached.verify(black_box(&one))).expect("valid"));
    });

    let small_cache = Verifier::from_pem(PUBLIC, options())
        .expect("test key")
        .with_cache_capacity(64);
    let mut next = 0;
    group.bench_function("cold/miss_and_insert", |b| {
        b.iter(|| {
            next = (next + 1) % pool.len();
            ready(small_cache.verify(black_box(&pool[next]))).expect("valid")
        });
    });

    let cached = Verifier::from_pem(PUBLIC, options()).expect("test key");
    assert!(ready(cached.verify(&one)).is_ok());
    group.bench_function("cached/hit", |b| {
        b.iter(|| ready(cached.verify(black_box(&one))).expect("valid"));
    });

    let decoding = jsonwebtoken::DecodingKey::from_rsa_pem(PUBLIC.as_bytes()).expect("test key");
    let (input, signature) = one.rsplit_once('.').expect("three parts");
    group.bench_function("reference/rsa_only", |b| {
        b.iter(|| {
            jsonwebtoken::crypto::verify(
                black_box(signature),
                input.as_bytes(),
                &decoding,
                jsonwebtoken::Algorithm::RS256,
            )
            .expect("verifies")
        });
    });
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let pem_body: String = PUBLIC
        .lines()
        .filter(|line| !line.starts_with("-----"))
        .collect();
    let der = base64::engine::general_purpose::STANDARD
        .decode(pem_body)
        .expect("PEM body");
    let parsed = aws_lc_rs::signature::ParsedPublicKey::new(
        &aws_lc_rs::signature::RSA_PKCS1_2048_8192_SHA256,
        der,
    )
    .expect("SPKI key");
    let raw_signature = b64.decode(signature).expect("base64url signature");
    group.bench_function("reference/rs256_preparsed", |b| {
        b.iter(|| {
            parsed
                .verify_sig(black_box(input.as_bytes()), black_box(&raw_signature))
                .expect("verifies");
        });
    });

    // The two above, measured in one loop: each iteration times a cold verification and then
    // the bare check, and the bench reports how much longer the first took. The machine's
    // speed drifts between benches (the anchor alone moved by 8 % within an hour here), which
    // makes a ratio of two separate benches swing; the difference of interleaved pairs does
    // not.
    group.bench_function("cold/above_rs256", |b| {
        b.iter_custom(|iterations| {
            let mut above = Duration::ZERO;
            for _ in 0..iterations {
                let start = Instant::now();
                ready(uncached.verify(black_box(&one))).expect("valid");
                let verified = Instant::now();
                parsed
                    .verify_sig(black_box(input.as_bytes()), black_box(&raw_signature))
                    .expect("verifies");
                let checked = Instant::now();
                above += (verified - start).saturating_sub(checked - verified);
            }
            above
        });
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
