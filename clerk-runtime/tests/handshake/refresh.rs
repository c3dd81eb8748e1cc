//! The `__refresh` cookie: an expired session refreshed through the Backend API before any
//! handshake.

use http::StatusCode;
use serde_json::json;

use crate::common::*;

fn refresh_cookie() -> String {
    format!("__refresh_{}", suffix(&publishable_key(true, PROD_FAPI)))
}

#[tokio::test]
async fn expired_session_is_refreshed_on_get_requests() {
    let new_token = fresh(PROD_FAPI);
    let new_cookies = vec![
        format!("__session={new_token}; Path=/"),
        "__client_uat=1700000001; Path=/".to_owned(),
    ];
    let bapi = Bapi::start(Answers {
        refresh: (
            StatusCode::OK,
            json!({"object": "cookies", "cookies": new_cookies}),
        ),
        ..Answers::default()
    })
    .await;
    let app = app(prod(&bapi));
    let stale = expired(PROD_FAPI);
    let refresh = refresh_cookie();
    let pairs = [
        ("__session", stale.as_str()),
        ("__client_uat", "1"),
        (refresh.as_str(), "rt_1"),
    ];
    for request in [document("/dashboard"), api("/dashboard")] {
        let answer = send(&app, cookies(request, &pairs)).await;
        assert_signed_in(&answer);
        assert_eq!(answer.set_cookies(), new_cookies);
    }
    let calls = bapi.calls();
    assert_eq!(calls.len(), 2);
    let call = &calls[0];
    assert_eq!(call.path, "/v1/sessions/sess_1/refresh");
    assert_eq!(call.authorization, format!("Bearer {PROD_SECRET}"));
    assert!(
        call.query.is_empty(),
        "suffixed_cookies=false is never sent"
    );
    assert_eq!(call.body["format"], "cookie");
    assert_eq!(call.body["expired_token"], stale);
    assert_eq!(call.body["refresh_token"], "rt_1");
    assert_eq!(call.body["request_origin"], "https://app.example.com");
    assert_eq!(
        call.body["request_headers"]["host"],
        json!(["app.example.com"])
    );
}

#[tokio::test]
async fn no_refresh_for_non_get_or_an_unsuffixed_refresh_cookie() {
    let bapi = Bapi::start(Answers::default()).await;
    let app = app(prod(&bapi));
    let stale = expired(PROD_FAPI);
    let refresh = refresh_cookie();
    let post = cookies(
        document("/dashboard"),
        &[
            ("__session", &stale),
            ("__client_uat", "1"),
            (&refresh, "rt"),
        ],
    )
    .method("POST");
    assert_signed_out(
        &send(&app, post).await,
        "session-token-expired-refresh-non-eligible-non-get",
    );
    let unsuffixed = cookies(
        api("/dashboard"),
        &[
            ("__session", &stale),
            ("__client_uat", "1"),
            ("__refresh", "rt"),
        ],
    );
    assert_signed_out(
        &send(&app, unsuffixed).await,
        "session-token-expired-refresh-non-eligible-no-refresh-cookie",
    );
    assert!(bapi.calls().is_empty());
}

async fn refresh_failure(status: StatusCode, body: serde_json::Value) -> Answer {
    let bapi = Bapi::start(Answers {
        refresh: (status, body),
        ..Answers::default()
    })
    .await;
    let app = app(prod(&bapi));
    let stale = expired(PROD_FAPI);
    let refresh = refresh_cookie();
    send(
        &app,
        cookies(
            document("/dashboard"),
            &[
                ("__session", &stale),
                ("__client_uat", "1"),
                (&refresh, "rt"),
            ],
        ),
    )
    .await
}

#[tokio::test]
async fn refresh_failures_handshake_with_clerks_reasons() {
    let answer = refresh_failure(
        StatusCode::UNPROCESSABLE_ENTITY,
        json!({"errors": [{"code": "session_expired"}]}),
    )
    .await;
    assert_handshake(
        &answer,
        PROD_FAPI,
        "session-token-expired-refresh-session_expired",
    );
    let answer = refresh_failure(
        StatusCode::INTERNAL_SERVER_ERROR,
        json!({"errors": [{"code": "unexpected_error"}]}),
    )
    .await;
    assert_handshake(
        &answer,
        PROD_FAPI,
        "session-token-expired-refresh-fetch-error",
    );
    let answer = refresh_failure(StatusCode::BAD_GATEWAY, json!({"nope": 1})).await;
    assert_handshake(
        &answer,
        PROD_FAPI,
        "session-token-expired-refresh-unexpected-bapi-error",
    );
    let answer = refresh_failure(StatusCode::OK, json!({"cookies": []})).await;
    assert_handshake(
        &answer,
        PROD_FAPI,
        "session-token-expired-refresh-unexpected-sdk-error",
    );
    let still_expired = expired(PROD_FAPI);
    let answer = refresh_failure(
        StatusCode::OK,
        json!({"cookies": [format!("__session={still_expired}")]}),
    )
    .await;
    assert_handshake(
        &answer,
        PROD_FAPI,
        "session-token-expired-refresh-invalid-session-token",
    );
}

#[tokio::test]
async fn expired_token_without_sid_cannot_be_refreshed() {
    let bapi = Bapi::start(Answers::default()).await;
    let app = app(prod(&bapi));
    let now = now_s();
    let no_sid = sign_with(
        PRIVATE_PEM,
        serde_json::json!({}),
        &json!({"sub": "user_1", "iat": now - 600, "exp": now - 300}),
    );
    let refresh = refresh_cookie();
    let answer = send(
        &app,
        cookies(
            document("/"),
            &[
                ("__session", &no_sid),
                ("__client_uat", "1"),
                (&refresh, "rt"),
            ],
        ),
    )
    .await;
    assert_handshake(
        &answer,
        PROD_FAPI,
        "session-token-expired-refresh-expired-session-token-missing-sid-claim",
    );
    assert!(bapi.calls().is_empty());
}
