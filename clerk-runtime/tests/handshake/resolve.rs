//! Coming back from the Frontend API: a nonce exchanged with the Backend API, or a handshake
//! JWT, whose cookie directives become `Set-Cookie`s.

use http::StatusCode;
use serde_json::json;

use crate::common::*;

fn directives(token: &str) -> Vec<String> {
    vec![
        format!("__session={token}; Path=/; Secure; SameSite=Lax"),
        "__client_uat=1700000000; Path=/; Domain=example.com; Max-Age=315360000".to_owned(),
    ]
}

#[tokio::test]
async fn production_nonce_is_exchanged_and_the_request_continues_signed_in() {
    let token = fresh(PROD_FAPI);
    let bapi = Bapi::start(Answers {
        payload: (StatusCode::OK, json!({"directives": directives(&token)})),
        ..Answers::default()
    })
    .await;
    let app = app(prod(&bapi));
    // A stale cookie pair: the handshake's cookies win.
    let answer = send(
        &app,
        cookies(
            document("/dashboard?__clerk_handshake_nonce=n%201"),
            &[("__client_uat", "1")],
        ),
    )
    .await;
    assert_signed_in(&answer);
    assert_eq!(answer.set_cookies(), directives(&token));
    assert_eq!(answer.header("access-control-allow-origin"), Some("null"));
    assert_eq!(
        answer.header("access-control-allow-credentials"),
        Some("true")
    );
    assert!(
        answer.header("location").is_none(),
        "production does not clean the URL"
    );
    let calls = bapi.calls();
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].path, "/v1/clients/handshake_payload");
    assert_eq!(calls[0].query["nonce"], "n 1");
    assert_eq!(calls[0].authorization, format!("Bearer {PROD_SECRET}"));
    assert_eq!(calls[0].api_version, "2026-05-12");
}

#[tokio::test]
async fn nonce_from_a_cookie_and_on_api_requests_too() {
    let token = fresh(PROD_FAPI);
    let bapi = Bapi::start(Answers {
        payload: (StatusCode::OK, json!({"directives": directives(&token)})),
        ..Answers::default()
    })
    .await;
    let app = app(prod(&bapi));
    let answer = send(
        &app,
        cookies(api("/"), &[("__clerk_handshake_nonce", "n2")]),
    )
    .await;
    assert_signed_in(&answer);
    assert_eq!(bapi.calls()[0].query["nonce"], "n2");
}

#[tokio::test]
async fn failed_nonce_exchange_is_signed_out_session_token_missing() {
    let bapi = Bapi::start(Answers {
        payload: (StatusCode::INTERNAL_SERVER_ERROR, json!({"errors": []})),
        ..Answers::default()
    })
    .await;
    let app = app(prod(&bapi));
    let token = fresh(PROD_FAPI);
    // Even valid session cookies lose to a lingering handshake.
    let answer = send(
        &app,
        cookies(
            document("/?__clerk_handshake_nonce=n3"),
            &[("__session", &token), ("__client_uat", "1")],
        ),
    )
    .await;
    assert_signed_out(&answer, "session-token-missing");
    assert_eq!(bapi.calls().len(), 1);
}

#[tokio::test]
async fn production_handshake_jwt_sets_its_directives() {
    let bapi = Bapi::start(Answers::default()).await;
    let app = app(prod(&bapi));
    let token = fresh(PROD_FAPI);
    // No claim checks: a handshake JWT that expired long ago is still accepted.
    let handshake = sign_with(
        PRIVATE_PEM,
        json!({"cat": "cl_B7d4PD111AAA"}),
        &json!({"handshake": directives(&token), "exp": now_s() - 100_000}),
    );
    let answer = send(&app, document(&format!("/?__clerk_handshake={handshake}"))).await;
    assert_signed_in(&answer);
    assert_eq!(answer.set_cookies(), directives(&token));
    assert!(bapi.calls().is_empty());
}

#[tokio::test]
async fn production_handshake_jwt_that_fails_verification_is_never_trusted() {
    let bapi = Bapi::start(Answers::default()).await;
    let app = app(prod(&bapi));
    let token = fresh(PROD_FAPI);
    let forged = sign_with(
        OTHER_PRIVATE_PEM,
        json!({}),
        &json!({"handshake": directives(&token)}),
    );
    let answer = send(
        &app,
        cookies(document("/"), &[("__clerk_handshake", &forged)]),
    )
    .await;
    // Falls through to the request's own cookies: none.
    assert_signed_out(&answer, "session-token-and-uat-missing");
    assert!(
        answer.set_cookies().is_empty(),
        "the forged directives are dropped"
    );

    for cat in ["cl_B7d4PD222AAA", "cl_B7d4PD333AAA", "other"] {
        let templated = sign_with(
            PRIVATE_PEM,
            json!({"cat": cat}),
            &json!({"handshake": directives(&token)}),
        );
        let answer = send(
            &app,
            cookies(document("/"), &[("__clerk_handshake", &templated)]),
        )
        .await;
        assert_signed_out(&answer, "session-token-and-uat-missing");
        assert!(answer.set_cookies().is_empty(), "{cat}");
    }
}

#[tokio::test]
async fn handshake_without_a_session_directive_is_session_token_missing() {
    let bapi = Bapi::start(Answers::default()).await;
    let app = app(prod(&bapi));
    let handshake = sign_with(
        PRIVATE_PEM,
        json!({}),
        &json!({"handshake": ["__client_uat=0; Path=/"]}),
    );
    let answer = send(&app, document(&format!("/?__clerk_handshake={handshake}"))).await;
    assert_signed_out(&answer, "session-token-missing");
    assert_eq!(answer.set_cookies(), ["__client_uat=0; Path=/"]);
}

#[tokio::test]
async fn a_handshake_carrying_an_expired_session_falls_through_to_a_new_handshake() {
    let bapi = Bapi::start(Answers::default()).await;
    let app = app(prod(&bapi));
    let stale = expired(PROD_FAPI);
    let handshake = sign_with(
        PRIVATE_PEM,
        json!({}),
        &json!({"handshake": directives(&stale)}),
    );
    let answer = send(
        &app,
        cookies(
            document(&format!("/?__clerk_handshake={handshake}")),
            &[("__session", &stale), ("__client_uat", "1")],
        ),
    )
    .await;
    assert_handshake(
        &answer,
        PROD_FAPI,
        "session-token-expired-refresh-non-eligible-no-refresh-cookie",
    );
}

#[tokio::test]
async fn a_bearer_token_skips_the_resolution() {
    let bapi = Bapi::start(Answers::default()).await;
    let app = app(prod(&bapi));
    let token = fresh(PROD_FAPI);
    let answer = send(
        &app,
        api("/?__clerk_handshake_nonce=n4").header("authorization", format!("Bearer {token}")),
    )
    .await;
    assert_signed_in(&answer);
    assert!(bapi.calls().is_empty());
}
