//! Unit tests of [`Verifier`]: each check and boundary, the order of checks, and the cache.

use std::sync::Arc;

use base64::Engine as _;
use jsonwebtoken::{Algorithm, EncodingKey};
use proptest::prelude::*;
use serde_json::{Value, json};

use super::*;
use crate::TokenVerificationErrorReason as R;

const KEYS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/conformance/keys/");

fn key_file(name: &str) -> String {
    std::fs::read_to_string(format!("{KEYS}{name}")).unwrap()
}

/// 2026-01-01T00:00:00Z
const NOW_S: i64 = 1_767_225_600;
const NOW: i64 = NOW_S * 1000;

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// A token over exactly these header and payload texts, signed with a key file.
fn sign_raw(header: &str, payload: &str, private: &str, alg: Algorithm) -> String {
    let key = EncodingKey::from_rsa_pem(key_file(private).as_bytes()).unwrap();
    let input = format!("{}.{}", b64(header.as_bytes()), b64(payload.as_bytes()));
    let signature = jsonwebtoken::crypto::sign(input.as_bytes(), &key, alg).unwrap();
    format!("{input}.{signature}")
}

fn sign(header: &Value, payload: &Value) -> String {
    sign_raw(
        &header.to_string(),
        &payload.to_string(),
        "rsa2048-a.private.pem",
        Algorithm::RS256,
    )
}

fn header() -> Value {
    json!({"alg": "RS256", "kid": "ins_1", "typ": "JWT", "cat": "cl_B7d4PD111AAA"})
}

fn claims() -> Value {
    json!({
        "sub": "user_1", "sid": "sess_1", "azp": "https://app.example.test",
        "iss": "https://clerk.example.test",
        "exp": NOW_S + 60, "iat": NOW_S - 10, "nbf": NOW_S - 20,
    })
}

/// `base` with these fields set (a `null` removes the field, except in headers where `typ: null`
/// is wanted: use [`without`] there).
fn with(mut base: Value, changes: &Value) -> Value {
    for (k, v) in changes.as_object().unwrap() {
        if v.is_null() && k != "typ" {
            base.as_object_mut().unwrap().remove(k);
        } else {
            base[k] = v.clone();
        }
    }
    base
}

fn without(mut base: Value, field: &str) -> Value {
    base.as_object_mut().unwrap().remove(field);
    base
}

fn verifier(options: VerifyOptions) -> Verifier {
    Verifier::from_pem(&key_file("rsa2048-a.public.pem"), options).unwrap()
}

fn run(verifier: &Verifier, token: &str, now_ms: i64) -> Result<Arc<JwtPayload>, R> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    runtime
        .block_on(verifier.verify_at(token, now_ms))
        .map_err(|e| e.reason)
}

fn reason(options: VerifyOptions, token: &str) -> Result<(), R> {
    run(&verifier(options), token, NOW).map(|_| ())
}

fn ok_default(token: &str) -> Result<(), R> {
    reason(VerifyOptions::default(), token)
}

#[test]
fn a_valid_token_gives_its_claims() {
    let payload = claims();
    let got = run(
        &verifier(VerifyOptions::default()),
        &sign(&header(), &payload),
        NOW,
    )
    .unwrap();
    assert_eq!(Value::Object((*got).clone()), payload);
}

#[test]
fn checks_run_in_clerks_order() {
    // M2M category before typ and alg
    let m2m = sign(
        &with(
            header(),
            &json!({"cat": "cl_B7d4PD333AAA", "typ": "at+jwt", "alg": "HS256"}),
        ),
        &claims(),
    );
    assert_eq!(ok_default(&m2m), Err(R::TokenInvalid));
    // typ before alg
    let typ = sign(
        &with(header(), &json!({"typ": "jwt", "alg": "none"})),
        &claims(),
    );
    assert_eq!(ok_default(&typ), Err(R::TokenInvalid));
    // alg before signature
    let ps256 = sign(&with(header(), &json!({"alg": "PS256"})), &claims());
    let alg = format!("{}.c2ln", ps256.rsplit_once('.').unwrap().0);
    assert_eq!(ok_default(&alg), Err(R::TokenInvalidAlgorithm));
    // signature before every claim
    let bad_claims = with(claims(), &json!({"sub": 5, "exp": 1, "azp": "x"}));
    let token = sign(&header(), &bad_claims);
    let (input, _) = token.rsplit_once('.').unwrap();
    let other = sign_raw(
        &header().to_string(),
        &bad_claims.to_string(),
        "rsa2048-b.private.pem",
        Algorithm::RS256,
    );
    let forged = format!("{input}.{}", other.rsplit_once('.').unwrap().1);
    assert_eq!(ok_default(&forged), Err(R::TokenInvalidSignature));
    // then sub, aud, azp, iss, exp, nbf, iat
    let options = VerifyOptions {
        audience: vec!["api://x".into()],
        authorized_parties: vec!["https://app.example.test".into()],
        issuer: Some(vec!["https://clerk.example.test".into()]),
        ..VerifyOptions::default()
    };
    let all_wrong = json!({"sub": 1, "aud": "api://y", "azp": "https://evil.test", "iss": "https://evil.test",
        "exp": NOW_S - 100, "nbf": NOW_S + 100, "iat": NOW_S + 100});
    let steps = [
        ("sub", json!("user_1"), R::TokenVerificationFailed),
        ("aud", json!("api://x"), R::TokenVerificationFailed),
        (
            "azp",
            json!("https://app.example.test"),
            R::TokenInvalidAuthorizedParties,
        ),
        (
            "iss",
            json!("https://clerk.example.test"),
            R::TokenInvalidIssuer,
        ),
        ("exp", json!(NOW_S + 60), R::TokenExpired),
        ("nbf", json!(NOW_S), R::TokenNotActiveYet),
        ("iat", json!(NOW_S), R::TokenIatInTheFuture),
    ];
    let mut payload = all_wrong;
    for (claim, fixed, expected) in steps {
        assert_eq!(
            reason(options.clone(), &sign(&header(), &payload)),
            Err(expected),
            "{claim}"
        );
        payload[claim] = fixed;
    }
    assert_eq!(reason(options, &sign(&header(), &payload)), Ok(()));
}

#[test]
fn typ_variants() {
    let token = |typ: Value| sign(&with(header(), &json!({ "typ": typ })), &claims());
    let no_typ = sign(&without(header(), "typ"), &claims());
    assert_eq!(ok_default(&no_typ), Ok(()));
    assert_eq!(ok_default(&token(json!("JWT"))), Ok(()));
    assert_eq!(ok_default(&token(json!("jwt"))), Err(R::TokenInvalid));
    assert_eq!(ok_default(&token(json!(null))), Err(R::TokenInvalid));
    let at_jwt = VerifyOptions {
        header_types: Some(vec!["JWT".into(), "at+jwt".into()]),
        ..VerifyOptions::default()
    };
    assert_eq!(reason(at_jwt.clone(), &token(json!("at+jwt"))), Ok(()));
    assert_eq!(
        reason(at_jwt, &no_typ),
        Err(R::TokenInvalid),
        "configured types require typ"
    );
}

#[test]
fn rsa_family_only_with_the_hash_from_the_header() {
    let payload = claims().to_string();
    for alg in [Algorithm::RS256, Algorithm::RS384, Algorithm::RS512] {
        let name = format!("{alg:?}");
        let h = with(header(), &json!({ "alg": name })).to_string();
        assert_eq!(
            ok_default(&sign_raw(&h, &payload, "rsa2048-a.private.pem", alg)),
            Ok(()),
            "{name}"
        );
        // the header names another hash than the one signed with
        let other = if alg == Algorithm::RS256 {
            Algorithm::RS512
        } else {
            Algorithm::RS256
        };
        assert_eq!(
            ok_default(&sign_raw(&h, &payload, "rsa2048-a.private.pem", other)),
            Err(R::TokenInvalidSignature)
        );
    }
    // algorithm confusion: HS256 keyed with the public PEM
    let h = with(header(), &json!({"alg": "HS256"})).to_string();
    let input = format!("{}.{}", b64(h.as_bytes()), b64(payload.as_bytes()));
    let hmac = jsonwebtoken::crypto::sign(
        input.as_bytes(),
        &EncodingKey::from_secret(key_file("rsa2048-a.public.pem").as_bytes()),
        Algorithm::HS256,
    )
    .unwrap();
    assert_eq!(
        ok_default(&format!("{input}.{hmac}")),
        Err(R::TokenInvalidAlgorithm)
    );
    // PS256 bytes under a PS256 header
    let h = with(header(), &json!({"alg": "PS256"})).to_string();
    assert_eq!(
        ok_default(&sign_raw(
            &h,
            &payload,
            "rsa2048-a.private.pem",
            Algorithm::PS256
        )),
        Err(R::TokenInvalidAlgorithm)
    );
}

#[test]
fn any_supported_rsa_key_verifies_its_own_tokens_only() {
    let payload = claims().to_string();
    let h = header().to_string();
    for (private, public) in [
        ("rsa2048-e3.private.pem", "rsa2048-e3.public.pem"),
        ("rsa4096.private.pem", "rsa4096.public.pem"),
        ("rsa2048-b.private.pem", "rsa2048-b.public.pem"),
    ] {
        let v = Verifier::from_pem(&key_file(public), VerifyOptions::default()).unwrap();
        let token = sign_raw(&h, &payload, private, Algorithm::RS256);
        assert!(run(&v, &token, NOW).is_ok(), "{public}");
        assert_eq!(
            run(&verifier(VerifyOptions::default()), &token, NOW).map(|_| ()),
            Err(R::TokenInvalidSignature),
            "{public} token under key A"
        );
    }
}

#[test]
fn signature_covers_the_segments_as_sent() {
    let token = sign(&header(), &claims());
    let (input, signature) = token.rsplit_once('.').unwrap();
    assert_eq!(
        ok_default(&format!("{input}.{signature}==")),
        Ok(()),
        "padding on the signature"
    );
    assert_eq!(
        ok_default(&format!("{input}.")),
        Err(R::TokenInvalidSignature),
        "empty signature"
    );
    assert_eq!(
        ok_default(&format!("{input}.{}", &signature[..signature.len() - 4])),
        Err(R::TokenInvalid),
        "truncated: non-canonical"
    );
    // a padded payload segment, signed as sent
    let padded_payload = format!("{}=", b64(claims().to_string().as_bytes()));
    let key = EncodingKey::from_rsa_pem(key_file("rsa2048-a.private.pem").as_bytes()).unwrap();
    let input = format!("{}.{padded_payload}", b64(header().to_string().as_bytes()));
    let sig = jsonwebtoken::crypto::sign(input.as_bytes(), &key, Algorithm::RS256).unwrap();
    assert_eq!(ok_default(&format!("{input}.{sig}")), Ok(()));
    // the same claims with the padding removed is another signing input
    let unpadded = format!(
        "{}.{}.{sig}",
        b64(header().to_string().as_bytes()),
        b64(claims().to_string().as_bytes())
    );
    assert_eq!(ok_default(&unpadded), Err(R::TokenInvalidSignature));
}

#[test]
fn non_object_payloads_fail_on_sub() {
    for payload in ["[]", "\"user_1\"", "123", "null", "true"] {
        let token = sign_raw(
            &header().to_string(),
            payload,
            "rsa2048-a.private.pem",
            Algorithm::RS256,
        );
        assert_eq!(
            ok_default(&token),
            Err(R::TokenVerificationFailed),
            "{payload}"
        );
    }
    for h in ["null", "[]", "123"] {
        let token = sign_raw(
            h,
            &claims().to_string(),
            "rsa2048-a.private.pem",
            Algorithm::RS256,
        );
        assert_eq!(ok_default(&token), Err(R::TokenInvalidAlgorithm), "{h}");
    }
}

#[test]
fn skew_boundaries_to_the_millisecond() {
    let v = verifier(VerifyOptions::default()).with_cache_capacity(0);
    let token = sign(
        &header(),
        &with(claims(), &json!({"exp": NOW_S, "nbf": NOW_S, "iat": NOW_S})),
    );
    // exp: expired iff exp*1000 <= now - 5000
    assert!(run(&v, &token, NOW + 4999).is_ok());
    assert_eq!(
        run(&v, &token, NOW + 5000).map(|_| ()),
        Err(R::TokenExpired)
    );
    // nbf: fails iff nbf*1000 > now + 5000
    assert!(run(&v, &token, NOW - 5000).is_ok());
    assert_eq!(
        run(&v, &token, NOW - 5001).map(|_| ()),
        Err(R::TokenNotActiveYet)
    );
    let iat_only = sign(
        &header(),
        &with(claims(), &json!({"nbf": null, "iat": NOW_S + 10})),
    );
    assert!(run(&v, &iat_only, NOW + 5000).is_ok());
    assert_eq!(
        run(&v, &iat_only, NOW + 4999).map(|_| ()),
        Err(R::TokenIatInTheFuture)
    );
}

#[test]
fn exp_is_truncated_to_whole_seconds() {
    let v = verifier(VerifyOptions {
        clock_skew_ms: 0,
        ..VerifyOptions::default()
    });
    let token = sign(&header(), &with(claims(), &json!({"exp": 1_767_225_600.9})));
    assert_eq!(run(&v, &token, NOW).map(|_| ()), Err(R::TokenExpired));
    assert!(run(&v, &token, NOW - 1).is_ok());
    let before = sign(
        &header(),
        &with(claims(), &json!({"exp": -0.9, "nbf": null, "iat": null})),
    );
    assert_eq!(
        run(&v, &before, 0).map(|_| ()),
        Err(R::TokenExpired),
        "-0.9 truncates to 0"
    );
}

#[test]
fn dates_outside_javascripts_range_are_rejected() {
    for (claim, value) in [
        ("exp", json!(-1e13)),
        ("exp", json!(1e13)),
        ("nbf", json!(-1e13)),
        ("iat", json!(-1e13)),
    ] {
        let token = sign(&header(), &with(claims(), &json!({ claim: value })));
        assert_eq!(
            ok_default(&token),
            Err(R::TokenVerificationFailed),
            "{claim}"
        );
    }
    let edge = sign(&header(), &with(claims(), &json!({"exp": 8.64e12})));
    assert_eq!(ok_default(&edge), Ok(()));
}

#[test]
fn azp_is_required_when_parties_are_set() {
    let parties = VerifyOptions {
        authorized_parties: vec!["https://app.example.test".into()],
        ..VerifyOptions::default()
    };
    let no_azp = sign(&header(), &with(claims(), &json!({"azp": null})));
    assert_eq!(
        reason(parties.clone(), &no_azp),
        Err(R::TokenInvalidAuthorizedParties)
    );
    assert_eq!(
        ok_default(&no_azp),
        Ok(()),
        "no parties configured: azp optional"
    );
    assert_eq!(reason(parties, &sign(&header(), &claims())), Ok(()));
}

#[test]
fn aud_is_checked_only_when_both_sides_have_one() {
    let audience = |list: &[&str]| VerifyOptions {
        audience: list.iter().map(|s| (*s).to_owned()).collect(),
        ..VerifyOptions::default()
    };
    let token = |aud: Value| sign(&header(), &with(claims(), &json!({ "aud": aud })));
    assert_eq!(
        reason(audience(&["api://x"]), &token(json!("api://x"))),
        Ok(())
    );
    assert_eq!(
        reason(audience(&["api://x"]), &token(json!("api://y"))),
        Err(R::TokenVerificationFailed)
    );
    assert_eq!(
        reason(
            audience(&["api://x"]),
            &token(json!(["api://y", "api://x"]))
        ),
        Ok(())
    );
    assert_eq!(
        reason(audience(&["api://x"]), &token(json!(["api://y"]))),
        Err(R::TokenVerificationFailed)
    );
    assert_eq!(reason(audience(&["api://x"]), &token(json!(7))), Ok(()));
    assert_eq!(
        reason(audience(&["", ""]), &token(json!("api://y"))),
        Ok(()),
        "empty strings are dropped"
    );
    let no_aud = sign(&header(), &claims());
    assert_eq!(reason(audience(&["api://x"]), &no_aud), Ok(()));
}

#[test]
fn the_cache_serves_hits_but_still_checks_time() {
    let v = verifier(VerifyOptions::default());
    let token = sign(&header(), &claims());
    let cache = v.inner.cache.as_ref().unwrap();
    let first = run(&v, &token, NOW).unwrap();
    assert_eq!(cache.len(), 1);
    assert!(
        cache
            .get(CacheKey::of(token.as_bytes()), token.as_bytes(), NOW)
            .is_some()
    );
    let second = run(&v, &token, NOW).unwrap();
    assert!(
        Arc::ptr_eq(&first, &second),
        "the second answer is the cached one"
    );
    // nbf = now-20, iat = now-10: checked again on a hit
    assert_eq!(
        run(&v, &token, NOW - 26_000).map(|_| ()),
        Err(R::TokenNotActiveYet)
    );
    assert_eq!(cache.len(), 1, "a time failure does not evict");
    // exp = now+60: at exp the entry is dropped; the full check still passes within the skew
    assert!(run(&v, &token, NOW + 60_000).is_ok());
    assert_eq!(cache.len(), 0, "an entry never outlives exp");
    assert_eq!(
        run(&v, &token, NOW + 65_000).map(|_| ()),
        Err(R::TokenExpired)
    );
}

#[test]
fn failures_and_tampered_tokens_are_not_served_from_the_cache() {
    let v = verifier(VerifyOptions::default());
    let token = sign(&header(), &claims());
    assert!(run(&v, &token, NOW).is_ok());
    let (input, signature) = token.rsplit_once('.').unwrap();
    let mut bytes = signature.as_bytes().to_vec();
    bytes[10] = if bytes[10] == b'A' { b'B' } else { b'A' };
    let tampered = format!("{input}.{}", String::from_utf8(bytes).unwrap());
    assert_eq!(
        run(&v, &tampered, NOW).map(|_| ()),
        Err(R::TokenInvalidSignature)
    );
    // the cached token's signature under another payload: same cache key, other header.payload
    let (h, _) = input.split_once('.').unwrap();
    let other = b64(with(claims(), &json!({"sub": "user_2"}))
        .to_string()
        .as_bytes());
    assert_eq!(
        run(&v, &format!("{h}.{other}.{signature}"), NOW).map(|_| ()),
        Err(R::TokenInvalidSignature)
    );
    assert!(run(&v, &token, NOW).is_ok(), "the genuine token still hits");
    let expired = sign(&header(), &with(claims(), &json!({"exp": NOW_S - 60})));
    assert_eq!(run(&v, &expired, NOW).map(|_| ()), Err(R::TokenExpired));
    assert_eq!(
        v.inner.cache.as_ref().unwrap().len(),
        1,
        "only the valid token is cached"
    );
}

#[test]
fn a_token_cached_by_one_verifier_is_checked_afresh_by_another() {
    let token = sign(&header(), &claims());
    let a = verifier(VerifyOptions::default());
    assert!(run(&a, &token, NOW).is_ok());
    // Every verifier has its own cache: other options or another key decide for themselves.
    let parties = verifier(VerifyOptions {
        authorized_parties: vec!["https://other.example.test".into()],
        ..VerifyOptions::default()
    });
    assert_eq!(
        run(&parties, &token, NOW).map(|_| ()),
        Err(R::TokenInvalidAuthorizedParties)
    );
    let b =
        Verifier::from_pem(&key_file("rsa2048-b.public.pem"), VerifyOptions::default()).unwrap();
    assert_eq!(
        run(&b, &token, NOW).map(|_| ()),
        Err(R::TokenInvalidSignature)
    );
    assert!(run(&a, &token, NOW).is_ok());
    let cache = a.inner.cache.as_ref().unwrap();
    assert_eq!(cache.len(), 1);
    // A padded signature (Clerk's loose base64url accepts it) is another text: its own entry.
    assert!(run(&a, &format!("{token}="), NOW).is_ok());
    assert_eq!(cache.len(), 2);
}

#[test]
fn cache_capacity_is_configurable_and_zero_turns_it_off() {
    let v = verifier(VerifyOptions::default());
    assert_eq!(v.cache_capacity(), Verifier::DEFAULT_CACHE_CAPACITY);
    let off = v.with_cache_capacity(0);
    assert_eq!(off.cache_capacity(), 0);
    let token = sign(&header(), &claims());
    assert!(run(&off, &token, NOW).is_ok());
    assert!(run(&off, &token, NOW).is_ok());
    let small = off.with_cache_capacity(2);
    for n in 0..5 {
        let t = sign(&header(), &with(claims(), &json!({ "n": n })));
        assert!(run(&small, &t, NOW).is_ok());
    }
    assert!(small.inner.cache.as_ref().unwrap().len() <= 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_verifications_agree() {
    let v = verifier(VerifyOptions::default());
    let tokens: Vec<String> = (0..4)
        .map(|n| sign(&header(), &with(claims(), &json!({ "n": n }))))
        .collect();
    let mut tasks = Vec::new();
    for i in 0..64 {
        let v = v.clone();
        let token = tokens[i % tokens.len()].clone();
        tasks.push(tokio::spawn(async move {
            v.verify_at(&token, NOW).await.map(|c| c["n"].clone())
        }));
    }
    for (i, task) in tasks.into_iter().enumerate() {
        assert_eq!(task.await.unwrap().unwrap(), json!(i % 4));
    }
}

#[test]
fn verifier_is_shareable_and_its_debug_hides_the_key() {
    fn assert_send_sync<T: Send + Sync + Clone>() {}
    fn assert_send<T: Send>(_: &T) {}
    assert_send_sync::<Verifier>();
    let v = verifier(VerifyOptions::default());
    assert_send(&v.verify("x"));
    let debug = format!("{v:?}");
    assert!(debug.contains("bits: 2048"), "{debug}");
    let pem = key_file("rsa2048-a.public.pem");
    let body_line = pem.lines().nth(1).unwrap();
    assert!(!debug.contains(&body_line[..20]), "{debug}");
}

#[tokio::test]
async fn the_system_clock_is_used_by_verify() {
    let v = verifier(VerifyOptions::default());
    let now = system_now_ms() / 1000;
    let live = sign(
        &header(),
        &with(claims(), &json!({"exp": now + 60, "iat": now, "nbf": now})),
    );
    assert!(v.verify(&live).await.is_ok());
    let dead = sign(
        &header(),
        &with(
            claims(),
            &json!({"exp": now - 60, "iat": now - 120, "nbf": now - 120}),
        ),
    );
    assert_eq!(v.verify(&dead).await.unwrap_err().reason, R::TokenExpired);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_strings_never_panic(token in ".{0,300}") {
        let v = verifier(VerifyOptions::default());
        prop_assert!(run(&v, &token, NOW).is_err());
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let v = verifier(VerifyOptions::default());
        let token = String::from_utf8_lossy(&bytes);
        prop_assert!(run(&v, &token, NOW).is_err());
    }

    #[test]
    fn arbitrary_three_part_tokens_never_panic(
        h in proptest::collection::vec(any::<u8>(), 0..80),
        p in proptest::collection::vec(any::<u8>(), 0..80),
        s in "[A-Za-z0-9_=-]{0,400}",
        json_header in any::<bool>(),
    ) {
        let v = verifier(VerifyOptions::default());
        let h = if json_header { header().to_string().into_bytes() } else { h };
        let token = format!("{}.{}.{s}", b64(&h), b64(&p));
        prop_assert!(run(&v, &token, NOW).is_err());
    }
}

/// A JWKS endpoint on 127.0.0.1 serving key A as `ins_1`; counts the fetches.
async fn jwks_server() -> (String, Arc<std::sync::atomic::AtomicUsize>) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let pem = key_file("rsa2048-a.public.pem");
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    let der = base64::engine::general_purpose::STANDARD
        .decode(body)
        .unwrap();
    let parts = crate::verify::der::rsa_public_key(&der).unwrap();
    let jwks = json!({"keys": [{"kty": "RSA", "kid": "ins_1", "alg": "RS256", "use": "sig",
        "n": b64(parts.n), "e": b64(parts.e)}]})
    .to_string();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let fetches = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&fetches);
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            counter.fetch_add(1, Ordering::SeqCst);
            let jwks = jwks.clone();
            tokio::spawn(async move {
                let mut request = Vec::new();
                let mut buffer = [0u8; 1024];
                while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                    match socket.read(&mut buffer).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => request.extend_from_slice(&buffer[..n]),
                    }
                }
                let response = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{jwks}",
                    jwks.len()
                );
                let _ = socket.write_all(response.as_bytes()).await;
            });
        }
    });
    (url, fetches)
}

#[tokio::test]
async fn remote_keys_are_looked_up_by_kid_after_the_decode_and_category_checks() {
    use std::sync::atomic::Ordering;

    let (url, fetches) = jwks_server().await;
    let secret = crate::instance::SecretKey::parse("sk_test_verifier").unwrap();
    let keys = RemoteKeys::new(
        &url,
        "v1",
        &secret,
        crate::verify::jwks::JwksOptions::default(),
    )
    .unwrap();
    let v = Verifier::remote(keys, VerifyOptions::default());
    // malformed and M2M tokens fail before any key is fetched
    assert_eq!(
        v.verify_at("a.b", NOW).await.unwrap_err().reason,
        R::TokenInvalid
    );
    let m2m = sign(
        &with(header(), &json!({"cat": "cl_B7d4PD333AAA"})),
        &claims(),
    );
    assert_eq!(
        v.verify_at(&m2m, NOW).await.unwrap_err().reason,
        R::TokenInvalid
    );
    assert_eq!(fetches.load(Ordering::SeqCst), 0);
    // the key named by kid verifies; the hit path looks the key up again (from the JWKS cache)
    let token = sign(&header(), &claims());
    assert_eq!(v.verify_at(&token, NOW).await.unwrap()["sub"], "user_1");
    assert_eq!(v.verify_at(&token, NOW).await.unwrap()["sub"], "user_1");
    assert_eq!(fetches.load(Ordering::SeqCst), 1);
    // a non-string kid is refused without a fetch; the key lookup comes before typ and alg
    let numeric_kid = sign(&with(header(), &json!({"kid": 7})), &claims());
    assert_eq!(
        v.verify_at(&numeric_kid, NOW).await.unwrap_err().reason,
        R::JwkKidMismatch
    );
    let bad_typ_unknown_kid = sign(
        &with(header(), &json!({"kid": "ins_other", "typ": "jwt"})),
        &claims(),
    );
    assert_eq!(
        v.verify_at(&bad_typ_unknown_kid, NOW)
            .await
            .unwrap_err()
            .reason,
        R::JwkKidMismatch
    );
    // a token signed by another key under the known kid
    let forged = sign_raw(
        &header().to_string(),
        &claims().to_string(),
        "rsa2048-b.private.pem",
        Algorithm::RS256,
    );
    assert_eq!(
        v.verify_at(&forged, NOW).await.unwrap_err().reason,
        R::TokenInvalidSignature
    );
}
