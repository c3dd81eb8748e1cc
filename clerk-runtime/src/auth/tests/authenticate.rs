use std::cell::RefCell;
use std::future::Future;
use std::pin::pin;
use std::sync::Arc;
use std::task::{Context, Poll, Waker};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use http::{HeaderMap, HeaderValue, Method};
use serde_json::{Value, json};

use super::payload;
use crate::auth::{AuthState, AuthenticateOptions, authenticate_request};
use crate::{TokenVerificationError, TokenVerificationErrorReason};

/// Runs a future that never waits (the test verifiers answer at once).
pub(super) fn run<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    match future.as_mut().poll(&mut cx) {
        Poll::Ready(output) => output,
        Poll::Pending => panic!("the test future waited"),
    }
}

/// An unsigned JWT with these header and payload objects.
pub(super) fn jwt(header: &Value, claims: &Value) -> String {
    let part = |v: &Value| URL_SAFE_NO_PAD.encode(serde_json::to_vec(v).unwrap());
    format!("{}.{}.c2ln", part(header), part(claims))
}

fn session_jwt(iat: i64) -> String {
    jwt(
        &json!({"alg": "RS256", "typ": "JWT", "kid": "ins_1"}),
        &json!({"sub": "user_1", "sid": "sess_1", "iat": iat, "exp": iat + 60}),
    )
}

/// What the test verifier answers.
#[derive(Clone, Copy)]
enum Verdict {
    /// The token's own payload, as a verifier that accepts it would return.
    Accept,
    Reject(TokenVerificationErrorReason),
}

struct Outcome {
    state: AuthState,
    verified: Vec<String>,
}

fn authenticate(method: &Method, headers: &[(&str, &str)], verdict: Verdict) -> Outcome {
    authenticate_with(
        method,
        "/",
        headers,
        verdict,
        &AuthenticateOptions::default(),
    )
}

fn authenticate_with(
    method: &Method,
    uri: &str,
    headers: &[(&str, &str)],
    verdict: Verdict,
    options: &AuthenticateOptions,
) -> Outcome {
    let uri: http::Uri = uri.parse().unwrap();
    let mut map = HeaderMap::new();
    for (name, value) in headers {
        map.append(
            http::HeaderName::from_bytes(name.as_bytes()).unwrap(),
            HeaderValue::from_str(value).unwrap(),
        );
    }
    let verified = RefCell::new(Vec::new());
    let state = run(authenticate_request(
        method,
        &uri,
        &map,
        options,
        |token: &str| {
            verified.borrow_mut().push(token.to_owned());
            let token = token.to_owned();
            async move {
                match verdict {
                    Verdict::Accept => {
                        let body = token.split('.').nth(1).unwrap();
                        let claims: Value =
                            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(body).unwrap()).unwrap();
                        Ok(Arc::new(payload(claims)))
                    }
                    Verdict::Reject(reason) => {
                        Err(TokenVerificationError::new(reason, "rejected by the test"))
                    }
                }
            }
        },
    ));
    Outcome {
        state,
        verified: verified.into_inner(),
    }
}

fn reason(outcome: &Outcome) -> String {
    match &outcome.state {
        AuthState::SignedIn(s) => panic!("signed in as {}", s.user_id),
        AuthState::SignedOut { reason, .. } => reason.as_str().into_owned(),
    }
}

fn message(outcome: &Outcome) -> &str {
    match &outcome.state {
        AuthState::SignedIn(_) => panic!("signed in"),
        AuthState::SignedOut { message, .. } => message,
    }
}

const DOCUMENT: (&str, &str) = ("sec-fetch-dest", "document");
const API: (&str, &str) = ("sec-fetch-dest", "empty");

// --- the cookie decision table, row by row, for an API request and a document GET -------------

#[test]
fn row_no_cookies() {
    for kind in [API, DOCUMENT] {
        let o = authenticate(&Method::GET, &[kind], Verdict::Accept);
        assert_eq!(reason(&o), "session-token-and-uat-missing");
        assert!(o.verified.is_empty());
    }
}

#[test]
fn row_client_uat_zero_only() {
    for kind in [API, DOCUMENT] {
        let o = authenticate(
            &Method::GET,
            &[kind, ("cookie", "__client_uat=0")],
            Verdict::Accept,
        );
        assert_eq!(reason(&o), "session-token-and-uat-missing");
    }
}

#[test]
fn row_client_uat_without_session() {
    let o = authenticate(
        &Method::GET,
        &[API, ("cookie", "__client_uat=1700000000")],
        Verdict::Accept,
    );
    assert_eq!(reason(&o), "client-uat-but-no-session-token");
    assert!(!message(&o).contains("handshake"));
    let o = authenticate(
        &Method::GET,
        &[DOCUMENT, ("cookie", "__client_uat=1700000000; __session=")],
        Verdict::Accept,
    );
    assert_eq!(reason(&o), "client-uat-but-no-session-token");
    // Without a publishable key there is no Frontend API to hand shake with: Clerk's reason
    // and message, signed out.
    assert_eq!(message(&o), "");
}

#[test]
fn row_session_without_client_uat() {
    let cookie = format!("__session={}", session_jwt(1_700_000_000));
    for kind in [API, DOCUMENT] {
        let o = authenticate(&Method::GET, &[kind, ("cookie", &cookie)], Verdict::Accept);
        assert_eq!(reason(&o), "session-token-but-no-client-uat");
        assert!(o.verified.is_empty());
    }
    let cookie = format!("__session={}; __client_uat=0", session_jwt(1_700_000_000));
    let o = authenticate(&Method::GET, &[API, ("cookie", &cookie)], Verdict::Accept);
    assert_eq!(reason(&o), "session-token-but-no-client-uat");
}

#[test]
fn row_iat_before_client_uat() {
    let cookie = format!(
        "__session={}; __client_uat=1700000001",
        session_jwt(1_700_000_000)
    );
    for kind in [API, DOCUMENT] {
        let o = authenticate(&Method::GET, &[kind, ("cookie", &cookie)], Verdict::Accept);
        assert_eq!(reason(&o), "session-token-iat-before-client-uat");
        assert!(o.verified.is_empty(), "checked before verification");
    }
    // Decided before verification: an expired token still reports the iat reason.
    let o = authenticate(
        &Method::GET,
        &[API, ("cookie", &cookie)],
        Verdict::Reject(TokenVerificationErrorReason::TokenExpired),
    );
    assert_eq!(reason(&o), "session-token-iat-before-client-uat");
}

#[test]
fn row_valid_session_with_uat_at_or_before_iat() {
    for uat in ["1700000000", "1699999999", "-5"] {
        let token = session_jwt(1_700_000_000);
        let cookie = format!("__session={token}; __client_uat={uat}");
        for kind in [API, DOCUMENT] {
            let o = authenticate(&Method::GET, &[kind, ("cookie", &cookie)], Verdict::Accept);
            let AuthState::SignedIn(session) = &o.state else {
                panic!("signed out: {}", reason(&o));
            };
            assert_eq!(session.user_id, "user_1");
            assert_eq!(&*session.token, token);
            assert_eq!(o.verified, std::slice::from_ref(&token));
        }
    }
}

#[test]
fn row_expired_session() {
    let cookie = format!(
        "__session={}; __client_uat=1700000000",
        session_jwt(1_700_000_000)
    );
    let expired = Verdict::Reject(TokenVerificationErrorReason::TokenExpired);
    for kind in [API, DOCUMENT] {
        let o = authenticate(&Method::GET, &[kind, ("cookie", &cookie)], expired);
        assert_eq!(
            reason(&o),
            "session-token-expired-refresh-non-eligible-no-refresh-cookie"
        );
    }
    let o = authenticate(&Method::POST, &[DOCUMENT, ("cookie", &cookie)], expired);
    assert_eq!(
        reason(&o),
        "session-token-expired-refresh-non-eligible-non-get"
    );
    let o = authenticate(&Method::POST, &[API, ("cookie", &cookie)], expired);
    assert_eq!(
        reason(&o),
        "session-token-expired-refresh-non-eligible-non-get"
    );
}

#[test]
fn row_azp_not_authorized() {
    let cookie = format!(
        "__session={}; __client_uat=1700000000",
        session_jwt(1_700_000_000)
    );
    for kind in [API, DOCUMENT] {
        let o = authenticate(
            &Method::GET,
            &[kind, ("cookie", &cookie)],
            Verdict::Reject(TokenVerificationErrorReason::TokenInvalidAuthorizedParties),
        );
        assert_eq!(reason(&o), "token-invalid-authorized-parties");
        assert!(message(&o).contains("token-carrier=cookie"));
    }
}

#[test]
fn nbf_and_iat_in_the_future_get_session_reasons() {
    let cookie = format!("__session={}; __client_uat=1", session_jwt(1_700_000_000));
    let o = authenticate(
        &Method::GET,
        &[API, ("cookie", &cookie)],
        Verdict::Reject(TokenVerificationErrorReason::TokenNotActiveYet),
    );
    assert_eq!(reason(&o), "session-token-nbf");
    let o = authenticate(
        &Method::GET,
        &[API, ("cookie", &cookie)],
        Verdict::Reject(TokenVerificationErrorReason::TokenIatInTheFuture),
    );
    assert_eq!(reason(&o), "session-token-iat-in-the-future");
}

#[test]
fn undecodable_session_cookie_is_token_invalid_without_verification() {
    let o = authenticate(
        &Method::GET,
        &[("cookie", "__session=x.y.z; __client_uat=1")],
        Verdict::Accept,
    );
    assert_eq!(reason(&o), "token-invalid");
    assert!(o.verified.is_empty());
}

// --- cookie parsing cannot be tricked ----------------------------------------------------------

#[test]
fn encoded_delimiters_do_not_forge_a_client_uat() {
    let cookie = format!(
        "__session={}%3B__client_uat%3D1",
        session_jwt(1_700_000_000)
    );
    let o = authenticate(&Method::GET, &[("cookie", &cookie)], Verdict::Accept);
    assert_eq!(reason(&o), "session-token-but-no-client-uat");
}

#[test]
fn the_first_duplicate_cookie_wins() {
    let cookie = format!(
        "__client_uat=0; __session={}; __client_uat=1",
        session_jwt(1_700_000_000)
    );
    let o = authenticate(&Method::GET, &[("cookie", &cookie)], Verdict::Accept);
    assert_eq!(reason(&o), "session-token-but-no-client-uat");
}

#[test]
fn several_cookie_headers_are_read_together() {
    let session = format!("__session={}", session_jwt(1_700_000_000));
    let o = authenticate(
        &Method::GET,
        &[("cookie", &session), ("cookie", "__client_uat=1")],
        Verdict::Accept,
    );
    assert!(matches!(o.state, AuthState::SignedIn(_)));
}

#[test]
fn a_quoted_session_cookie_keeps_its_quotes_and_is_token_invalid() {
    // Clerk's cookie parser keeps the quotes, so the token does not decode.
    let cookie = format!(
        "__session=\"{}\"; __client_uat=1",
        session_jwt(1_700_000_000)
    );
    let o = authenticate(&Method::GET, &[("cookie", &cookie)], Verdict::Accept);
    assert_eq!(reason(&o), "token-invalid");
    assert!(o.verified.is_empty());
}

#[test]
fn a_cookie_flood_is_signed_out_without_reading_the_session() {
    let flood = (0..=crate::auth::RequestCookies::MAX_PAIRS)
        .map(|i| format!("c{i}=1"))
        .collect::<Vec<_>>()
        .join("; ");
    let cookie = format!("{}; {flood}", valid_cookies());
    let o = authenticate(&Method::GET, &[("cookie", &cookie)], Verdict::Accept);
    assert_eq!(reason(&o), "session-token-and-uat-missing");
    assert!(o.verified.is_empty());
}

// --- the Authorization header ------------------------------------------------------------------

fn valid_cookies() -> String {
    format!("__session={}; __client_uat=1", session_jwt(1_700_000_000))
}

#[test]
fn a_header_token_is_used_exclusively() {
    let cookie = valid_cookies();
    let o = authenticate(
        &Method::GET,
        &[("authorization", "Bearer x.y.z"), ("cookie", &cookie)],
        Verdict::Reject(TokenVerificationErrorReason::TokenInvalid),
    );
    assert_eq!(reason(&o), "token-invalid");
    assert_eq!(o.verified, ["x.y.z"]);
    assert!(message(&o).contains("token-carrier=header"));
}

#[test]
fn bearer_and_bare_header_tokens_sign_in() {
    let token = session_jwt(1_700_000_000);
    for header in [format!("Bearer {token}"), token.clone()] {
        let o = authenticate(&Method::GET, &[("authorization", &header)], Verdict::Accept);
        assert!(matches!(o.state, AuthState::SignedIn(_)));
        assert_eq!(o.verified, std::slice::from_ref(&token));
    }
}

#[test]
fn other_schemes_fall_back_to_cookies() {
    let cookie = valid_cookies();
    for header in ["Basic dXNlcjpwYXNz", "bearer x.y.z", "Token abc"] {
        let o = authenticate(
            &Method::GET,
            &[("authorization", header), ("cookie", &cookie)],
            Verdict::Accept,
        );
        assert!(matches!(o.state, AuthState::SignedIn(_)), "{header}");
        assert_ne!(o.verified, ["x.y.z"]);
    }
}

#[test]
fn machine_tokens_in_the_header_are_a_type_mismatch() {
    let header = json!({"alg": "RS256", "typ": "JWT"});
    let claims = json!({"sub": "user_1", "iat": 1});
    let machine = [
        jwt(&json!({"alg": "RS256", "typ": "at+jwt"}), &claims),
        jwt(
            &json!({"alg": "RS256", "typ": "application/at+jwt"}),
            &claims,
        ),
        jwt(&header, &json!({"sub": "mch_123"})),
        jwt(&json!({"alg": "RS256", "cat": "cl_B7d4PD333AAA"}), &claims),
        jwt(&json!({"alg": "RS256", "cat": null}), &claims),
    ];
    for token in machine {
        let o = authenticate(
            &Method::GET,
            &[("authorization", &format!("Bearer {token}"))],
            Verdict::Accept,
        );
        assert_eq!(reason(&o), "token-type-mismatch", "{token}");
        assert!(o.verified.is_empty());
    }
    // Opaque machine tokens are not JWTs: on a session-token route Clerk verifies them as
    // session tokens, which fails with `token-invalid`.
    for token in ["ak_123", "mt_123", "oat_123"] {
        let o = authenticate(
            &Method::GET,
            &[("authorization", &format!("Bearer {token}"))],
            Verdict::Reject(TokenVerificationErrorReason::TokenInvalid),
        );
        assert_eq!(reason(&o), "token-invalid", "{token}");
        assert_eq!(o.verified, [token]);
    }
    for cat in ["cl_B7d4PD111AAA", "cl_I7d4PD111III"] {
        let token = jwt(&json!({"alg": "RS256", "cat": cat}), &claims);
        let o = authenticate(&Method::GET, &[("authorization", &token)], Verdict::Accept);
        assert!(matches!(o.state, AuthState::SignedIn(_)), "{cat}");
    }
}

#[test]
fn expired_header_tokens_get_the_refresh_reason() {
    let o = authenticate(
        &Method::DELETE,
        &[("authorization", "Bearer a.b.c")],
        Verdict::Reject(TokenVerificationErrorReason::TokenExpired),
    );
    assert_eq!(
        reason(&o),
        "session-token-expired-refresh-non-eligible-non-get"
    );
}

#[test]
fn claims_without_a_subject_are_signed_out() {
    let token = jwt(&json!({"alg": "RS256"}), &json!({"sub": "", "iat": 1}));
    let o = authenticate(&Method::GET, &[("authorization", &token)], Verdict::Accept);
    assert_eq!(reason(&o), "token-verification-failed");
    let token = jwt(
        &json!({"alg": "RS256"}),
        &json!({"sub": "u", "v": 2, "fea": "broken", "o": {"id": "o"}}),
    );
    let o = authenticate(&Method::GET, &[("authorization", &token)], Verdict::Accept);
    assert_eq!(reason(&o), "unexpected-error");
}

#[test]
fn messages_never_contain_the_token() {
    let token = session_jwt(1_700_000_000);
    let cookie = format!("__session={token}; __client_uat=1");
    for reason in [
        TokenVerificationErrorReason::TokenExpired,
        TokenVerificationErrorReason::TokenInvalidSignature,
    ] {
        let o = authenticate(
            &Method::GET,
            &[DOCUMENT, ("cookie", &cookie)],
            Verdict::Reject(reason),
        );
        assert!(!message(&o).contains(&token));
        assert!(!format!("{:?}", o.state).contains(&token));
    }
}

// --- one token classification for every source (header and cookies) ---------------------------

fn machine_jwts() -> Vec<String> {
    let claims = json!({"sub": "user_1", "sid": "sess_1", "iat": 1});
    vec![
        jwt(
            &json!({"alg": "RS256", "typ": "JWT"}),
            &json!({"sub": "mch_m2m", "iat": 1}),
        ),
        jwt(&json!({"alg": "RS256", "cat": "cl_B7d4PD333AAA"}), &claims),
        jwt(&json!({"alg": "RS256", "cat": "cl_B7d4PD222AAA"}), &claims),
        jwt(&json!({"alg": "RS256", "cat": "cl_unknown"}), &claims),
        jwt(&json!({"alg": "RS256", "typ": "at+jwt"}), &claims),
    ]
}

#[test]
fn machine_tokens_in_the_session_cookie_are_a_type_mismatch() {
    for token in machine_jwts() {
        let cookie = format!("__session={token}; __client_uat=1");
        for headers in [
            vec![API, ("cookie", &cookie)],
            vec![DOCUMENT, ("cookie", &cookie)],
        ] {
            let o = authenticate(&Method::GET, &headers, Verdict::Accept);
            assert_eq!(reason(&o), "token-type-mismatch", "{token}");
            assert!(o.verified.is_empty(), "a machine token is never verified");
        }
    }
}

#[test]
fn opaque_machine_tokens_in_the_session_cookie_are_invalid() {
    for token in ["ak_123", "mt_123", "oat_123"] {
        let cookie = format!("__session={token}; __client_uat=1");
        let o = authenticate(&Method::GET, &[API, ("cookie", &cookie)], Verdict::Accept);
        assert_eq!(reason(&o), "token-invalid", "{token}");
        assert!(o.verified.is_empty());
    }
}

#[test]
fn bearer_takes_the_text_up_to_the_next_space() {
    let token = session_jwt(1_700_000_000);
    let header = format!("Bearer {token} trailing words");
    let o = authenticate(&Method::GET, &[("authorization", &header)], Verdict::Accept);
    assert!(matches!(o.state, AuthState::SignedIn(_)));
    assert_eq!(o.verified, [token]);
    // Two spaces: the second part is empty, so the scheme itself is the token (as in Clerk).
    let o = authenticate(
        &Method::GET,
        &[("authorization", "Bearer  x.y.z")],
        Verdict::Reject(TokenVerificationErrorReason::TokenInvalid),
    );
    assert_eq!(reason(&o), "token-invalid");
    assert_eq!(o.verified, ["Bearer"]);
}

#[test]
fn a_string_iat_is_compared_as_a_number() {
    let token = jwt(
        &json!({"alg": "RS256", "typ": "JWT"}),
        &json!({"sub": "user_1", "sid": "sess_1", "iat": "100", "exp": 1000}),
    );
    let cookie = format!("__session={token}; __client_uat=200");
    let o = authenticate(&Method::GET, &[API, ("cookie", &cookie)], Verdict::Accept);
    assert_eq!(reason(&o), "session-token-iat-before-client-uat");
    assert!(o.verified.is_empty());
    // Not a number at all: never before the client, so it goes to verification.
    let token = jwt(
        &json!({"alg": "RS256", "typ": "JWT"}),
        &json!({"sub": "user_1", "iat": "soon"}),
    );
    let cookie = format!("__session={token}; __client_uat=200");
    let o = authenticate(
        &Method::GET,
        &[API, ("cookie", &cookie)],
        Verdict::Reject(TokenVerificationErrorReason::TokenVerificationFailed),
    );
    assert_eq!(reason(&o), "token-verification-failed");
}

// --- suffixed cookies and development instances ------------------------------------------------

use crate::auth::CookieInstance;
use crate::config::PublishableKey;

/// `pk_live_` / `pk_test_` keys for `clerk.example.com` / `happy-hippo-1.clerk.accounts.dev`.
fn instance(live: bool) -> CookieInstance {
    let key = if live {
        "pk_live_Y2xlcmsuZXhhbXBsZS5jb20k"
    } else {
        "pk_test_aGFwcHktaGlwcG8tMS5jbGVyay5hY2NvdW50cy5kZXYk"
    };
    CookieInstance::new(&PublishableKey::parse(key).unwrap())
}

fn issued(sub: &str, iss: &str, iat: i64) -> String {
    jwt(
        &json!({"alg": "RS256", "typ": "JWT"}),
        &json!({"sub": sub, "sid": "sess_1", "iss": iss, "iat": iat, "exp": iat + 60}),
    )
}

fn user(outcome: &Outcome) -> String {
    match &outcome.state {
        AuthState::SignedIn(s) => s.user_id.clone(),
        AuthState::SignedOut { reason, .. } => panic!("signed out: {}", reason.as_str()),
    }
}

#[test]
fn the_cookie_suffix_is_clerks() {
    // Vectors from Clerk's `getCookieSuffix`.
    for (key, suffix) in [
        ("pk_live_Y2xlcmsuY2xlcmsuZGV2JA", "1Z8AzTQD"),
        ("pk_test_Y2xlcmsuY2xlcmsuZGV2JA", "QvfNY2dr"),
        (
            "pk_live_Y2xlcmsuaW5zcGlyZWQucHVtYS03NC5sY2wuZGV2JA",
            "MqCvchyS",
        ),
        (
            "pk_test_ZW5vdWdoLWFscGFjYS04Mi5jbGVyay5hY2NvdW50cy5sY2xjbGVyay5jb20k",
            "jtYvyt_H",
        ),
    ] {
        let instance = CookieInstance::new(&PublishableKey::parse(key).unwrap());
        assert_eq!(instance.suffix(), suffix, "{key}");
    }
}

#[test]
fn suffixed_cookies_are_read_and_chosen_as_clerk_chooses() {
    let prod = instance(true);
    let sfx = prod.suffix().to_owned();
    let options = AuthenticateOptions::default().with_instance(prod);
    let iss = "https://clerk.example.com";
    let run_cookie = |cookie: String| {
        authenticate_with(
            &Method::GET,
            "/",
            &[API, ("cookie", &cookie)],
            Verdict::Accept,
            &options,
        )
    };
    // Only the suffixed pair.
    let o = run_cookie(format!(
        "__session_{sfx}={}; __client_uat_{sfx}=1",
        issued("user_sfx", iss, 100)
    ));
    assert_eq!(user(&o), "user_sfx");
    // Both pairs of the same age: suffixed wins.
    let o = run_cookie(format!(
        "__session={}; __client_uat=1; __session_{sfx}={}; __client_uat_{sfx}=1",
        issued("user_plain", iss, 100),
        issued("user_sfx", iss, 100)
    ));
    assert_eq!(user(&o), "user_sfx");
    // The plain session is newer (a ClerkJS downgrade): plain wins.
    let o = run_cookie(format!(
        "__session={}; __client_uat=1; __session_{sfx}={}; __client_uat_{sfx}=1",
        issued("user_plain", iss, 200),
        issued("user_sfx", iss, 100)
    ));
    assert_eq!(user(&o), "user_plain");
    // A plain session issued by another instance forces the suffixed cookies, even absent.
    let o = run_cookie(format!(
        "__session={}; __client_uat=1",
        issued("user_other", "https://clerk.other.example", 100)
    ));
    assert_eq!(reason(&o), "session-token-and-uat-missing");
    // A plain session without an issuer keeps the plain cookies.
    let o = run_cookie(format!(
        "__session={}; __client_uat=1; __session_{sfx}={}; __client_uat_{sfx}=1",
        jwt(
            &json!({"alg": "RS256"}),
            &json!({"sub": "user_noiss", "iat": 100})
        ),
        issued("user_sfx", iss, 100)
    ));
    assert_eq!(user(&o), "user_noiss");
    // Suffixed client signed out, plain client active: plain.
    let o = run_cookie(format!(
        "__session={}; __client_uat=1; __session_{sfx}={}; __client_uat_{sfx}=0",
        issued("user_plain", iss, 100),
        issued("user_sfx", iss, 100)
    ));
    assert_eq!(user(&o), "user_plain");
    // A suffixed client without a suffixed session: the plain session is "newer" (rule 4).
    let o = run_cookie(format!(
        "__session={}; __client_uat=1; __client_uat_{sfx}=1",
        issued("user_plain", iss, 100)
    ));
    assert_eq!(user(&o), "user_plain");
    // Only a suffixed client: the suffixed (missing) session is read.
    let o = run_cookie(format!("__client_uat_{sfx}=1"));
    assert_eq!(reason(&o), "client-uat-but-no-session-token");
    // A suffixed session without a suffixed client: the Frontend API has the feature off.
    let o = run_cookie(format!(
        "__session={}; __client_uat=1; __session_{sfx}={}",
        issued("user_plain", iss, 100),
        issued("user_sfx", iss, 100)
    ));
    assert_eq!(user(&o), "user_plain");
}

#[test]
fn development_instances_need_a_dev_browser() {
    let dev = instance(false);
    let sfx = dev.suffix().to_owned();
    let options = AuthenticateOptions::default().with_instance(dev);
    let iss = "https://happy-hippo-1.clerk.accounts.dev";
    let session = issued("user_dev", iss, 100);
    let run_dev = |uri: &str, cookie: String| {
        authenticate_with(
            &Method::GET,
            uri,
            &[API, ("cookie", &cookie)],
            Verdict::Accept,
            &options,
        )
    };
    let o = run_dev("/", String::new());
    assert_eq!(reason(&o), "dev-browser-missing");
    let o = run_dev("/", format!("__session={session}; __client_uat=1"));
    assert_eq!(reason(&o), "dev-browser-missing");
    let o = run_dev(
        "/",
        format!("__session={session}; __client_uat=1; __clerk_db_jwt=dvb_1"),
    );
    assert_eq!(user(&o), "user_dev");
    // The dev browser follows the suffixed/plain choice.
    let o = run_dev(
        "/",
        format!("__session_{sfx}={session}; __client_uat_{sfx}=1; __clerk_db_jwt=dvb_1"),
    );
    assert_eq!(reason(&o), "dev-browser-missing");
    let o = run_dev(
        "/",
        format!("__session_{sfx}={session}; __client_uat_{sfx}=1; __clerk_db_jwt_{sfx}=dvb_1"),
    );
    assert_eq!(user(&o), "user_dev");
    let o = run_dev("/", "__clerk_db_jwt=dvb_1".to_owned());
    assert_eq!(reason(&o), "session-token-and-uat-missing");
    // A dev browser in the query (even empty) is synced first.
    let o = run_dev(
        "/?__clerk_db_jwt=",
        format!("__session={session}; __client_uat=1; __clerk_db_jwt=dvb_1"),
    );
    assert_eq!(reason(&o), "dev-browser-sync");
    let o = run_dev(
        "/?__clerk_redirect_url=https%3A%2F%2Fsat.example.org",
        "__clerk_db_jwt=dvb_1".to_owned(),
    );
    assert_eq!(reason(&o), "primary-responds-to-syncing");
    // Production instances have no dev browser.
    let prod = AuthenticateOptions::default().with_instance(instance(true));
    let o = authenticate_with(
        &Method::GET,
        "/?__clerk_db_jwt=x",
        &[API],
        Verdict::Accept,
        &prod,
    );
    assert_eq!(reason(&o), "session-token-and-uat-missing");
}
