//! The production decision table: which requests handshake, the redirect, the loop guard.

use http::StatusCode;
use serde_json::json;

use crate::common::*;

#[tokio::test]
async fn no_cookies_is_signed_out_never_a_handshake() {
    let bapi = Bapi::start(Answers::default()).await;
    let app = app(prod(&bapi));
    let answer = send(&app, document("/dashboard")).await;
    assert_signed_out(&answer, "session-token-and-uat-missing");
    let answer = send(
        &app,
        cookies(document("/dashboard"), &[("__client_uat", "0")]),
    )
    .await;
    assert_signed_out(&answer, "session-token-and-uat-missing");
}

#[tokio::test]
async fn client_uat_without_session_handshakes_with_clerks_parameters_in_order() {
    let bapi = Bapi::start(Answers::default()).await;
    let app = app(prod(&bapi));
    let answer = send(
        &app,
        cookies(
            document("/dashboard?x=1&q=a%20b"),
            &[("__client_uat", "1700000000")],
        ),
    )
    .await;
    assert_handshake(&answer, PROD_FAPI, "client-uat-but-no-session-token");
    assert_eq!(answer.location().scheme(), "https");
    assert_eq!(
        answer.location_params(),
        [
            "redirect_url",
            "__clerk_api_version",
            "suffixed_cookies",
            "__clerk_hs_reason",
            "format"
        ]
    );
    let query = answer.location_query();
    assert_eq!(
        query["redirect_url"],
        "https://app.example.com/dashboard?x=1&q=a+b"
    );
    assert_eq!(query["suffixed_cookies"], "false");
    assert_eq!(
        answer.set_cookies(),
        ["__clerk_redirect_count=1; SameSite=Lax; HttpOnly; Max-Age=2"]
    );
    // The handler never ran.
    assert_eq!(answer.body, "");
}

#[tokio::test]
async fn api_and_non_get_requests_are_signed_out_with_the_same_reason() {
    let bapi = Bapi::start(Answers::default()).await;
    let app = app(prod(&bapi));
    let uat = [("__client_uat", "1700000000")];
    let answer = send(&app, cookies(api("/dashboard"), &uat)).await;
    assert_signed_out(&answer, "client-uat-but-no-session-token");
    let post = cookies(document("/dashboard"), &uat).method("POST");
    assert_signed_out(&send(&app, post).await, "client-uat-but-no-session-token");
    // `accept: text/html` without sec-fetch-dest counts as a document; `Document` does not.
    let accept_only = http::Request::builder()
        .uri("https://app.example.com/dashboard")
        .header("host", "app.example.com")
        .header("accept", "text/html,application/xhtml+xml");
    let answer = send(&app, cookies(accept_only, &uat)).await;
    assert_handshake(&answer, PROD_FAPI, "client-uat-but-no-session-token");
    let capitalised = cookies(api("/dashboard"), &uat).header("sec-fetch-dest", "Document");
    let answer = send(&app, capitalised).await;
    assert_eq!(answer.status, StatusCode::OK);
}

#[tokio::test]
async fn session_without_client_uat_and_iat_before_uat_handshake() {
    let bapi = Bapi::start(Answers::default()).await;
    let app = app(prod(&bapi));
    let token = fresh(PROD_FAPI);
    let answer = send(&app, cookies(document("/"), &[("__session", &token)])).await;
    assert_handshake(&answer, PROD_FAPI, "session-token-but-no-client-uat");
    assert_eq!(answer.location_query()["__session"], token);

    let later = (now_s() + 30).to_string();
    let both = [
        ("__session", token.as_str()),
        ("__client_uat", later.as_str()),
    ];
    let answer = send(&app, cookies(document("/"), &both)).await;
    assert_handshake(&answer, PROD_FAPI, "session-token-iat-before-client-uat");
    let answer = send(&app, cookies(api("/"), &both)).await;
    assert_signed_out(&answer, "session-token-iat-before-client-uat");
}

#[tokio::test]
async fn valid_session_is_signed_in_and_iat_equal_to_uat_passes() {
    let bapi = Bapi::start(Answers::default()).await;
    let app = app(prod(&bapi));
    let now = now_s();
    let token = session_token(PROD_FAPI, now - 5, now + 60, json!({}));
    let uat = (now - 5).to_string();
    let answer = send(
        &app,
        cookies(
            document("/"),
            &[("__session", &token), ("__client_uat", &uat)],
        ),
    )
    .await;
    assert_signed_in(&answer);
    assert!(answer.set_cookies().is_empty());
}

#[tokio::test]
async fn expired_session_handshakes_on_documents_only() {
    let bapi = Bapi::start(Answers::default()).await;
    let app = app(prod(&bapi));
    let token = expired(PROD_FAPI);
    let pair = [("__session", token.as_str()), ("__client_uat", "1")];
    let answer = send(&app, cookies(document("/dashboard"), &pair)).await;
    let reason = "session-token-expired-refresh-non-eligible-no-refresh-cookie";
    assert_handshake(&answer, PROD_FAPI, reason);
    assert_eq!(answer.location_query()["__session"], token);
    let message = answer.header("x-clerk-auth-message").unwrap();
    assert!(
        message.ends_with("(reason=token-expired, token-carrier=cookie)"),
        "{message}"
    );

    assert_signed_out(&send(&app, cookies(api("/dashboard"), &pair)).await, reason);
    let post = cookies(document("/dashboard"), &pair).method("POST");
    assert_signed_out(
        &send(&app, post).await,
        "session-token-expired-refresh-non-eligible-non-get",
    );
    assert!(
        bapi.calls().is_empty(),
        "no refresh without a refresh cookie"
    );
}

#[tokio::test]
async fn not_yet_valid_and_future_iat_handshake() {
    let bapi = Bapi::start(Answers::default()).await;
    let app = app(prod(&bapi));
    let now = now_s();
    let nbf = session_token(PROD_FAPI, now - 5, now + 600, json!({"nbf": now + 300}));
    let answer = send(
        &app,
        cookies(document("/"), &[("__session", &nbf), ("__client_uat", "1")]),
    )
    .await;
    assert_handshake(&answer, PROD_FAPI, "session-token-nbf");
    let iat = session_token(PROD_FAPI, now + 300, now + 600, json!({"nbf": now - 5}));
    let answer = send(
        &app,
        cookies(document("/"), &[("__session", &iat), ("__client_uat", "1")]),
    )
    .await;
    assert_handshake(&answer, PROD_FAPI, "session-token-iat-in-the-future");
}

#[tokio::test]
async fn failures_other_than_time_are_signed_out_without_a_handshake() {
    let bapi = Bapi::start(Answers::default()).await;
    let app = app(prod(&bapi));
    let answer = send(
        &app,
        cookies(
            document("/"),
            &[("__session", "garbage"), ("__client_uat", "1")],
        ),
    )
    .await;
    assert_signed_out(&answer, "token-invalid");
    let now = now_s();
    let forged = sign_with(
        OTHER_PRIVATE_PEM,
        json!({}),
        &json!({"sub": "user_1", "iat": now, "exp": now + 60}),
    );
    let answer = send(
        &app,
        cookies(
            document("/"),
            &[("__session", &forged), ("__client_uat", "1")],
        ),
    )
    .await;
    assert_signed_out(&answer, "token-invalid-signature");
}

#[tokio::test]
async fn loop_guard_stops_at_exactly_three() {
    let bapi = Bapi::start(Answers::default()).await;
    let app = app(prod(&bapi));
    let with_count = |count: &'static str| {
        cookies(
            document("/"),
            &[("__client_uat", "1"), ("__clerk_redirect_count", count)],
        )
    };
    let answer = send(&app, with_count("2")).await;
    assert_handshake(&answer, PROD_FAPI, "client-uat-but-no-session-token");
    assert_eq!(
        answer.set_cookies(),
        ["__clerk_redirect_count=3; SameSite=Lax; HttpOnly; Max-Age=2"]
    );
    for three in ["3", " 3 ", "0x3", "3.0"] {
        let answer = send(&app, with_count(three)).await;
        assert_signed_out(&answer, "client-uat-but-no-session-token");
        assert!(answer.set_cookies().is_empty(), "{three}");
        assert!(answer.header("cache-control").is_none());
    }
    let answer = send(&app, with_count("5")).await;
    assert_eq!(answer.status, StatusCode::TEMPORARY_REDIRECT);
    assert_eq!(
        answer.set_cookies(),
        ["__clerk_redirect_count=6; SameSite=Lax; HttpOnly; Max-Age=2"]
    );
}

#[tokio::test]
async fn expired_bearer_token_handshakes_documents_and_denies_api_requests() {
    let bapi = Bapi::start(Answers::default()).await;
    let app = app(prod(&bapi));
    let token = expired(PROD_FAPI);
    let bearer = format!("Bearer {token}");
    let answer = send(&app, document("/").header("authorization", &bearer)).await;
    let reason = "session-token-expired-refresh-non-eligible-no-refresh-cookie";
    assert_handshake(&answer, PROD_FAPI, reason);
    assert!(
        answer
            .header("x-clerk-auth-message")
            .unwrap()
            .ends_with("token-carrier=header)")
    );
    let answer = send(&app, api("/").header("authorization", &bearer)).await;
    assert_signed_out(&answer, reason);
}

#[tokio::test]
async fn cross_origin_referer_handshakes_unless_it_is_clerk() {
    let bapi = Bapi::start(Answers::default()).await;
    let app = app(prod(&bapi));
    let token = fresh(PROD_FAPI);
    let pair = [("__session", token.as_str()), ("__client_uat", "1")];
    let from = |referer: &str| cookies(document("/"), &pair).header("referer", referer);
    let answer = send(&app, from("https://google.com/search")).await;
    assert_handshake(&answer, PROD_FAPI, "primary-domain-cross-origin-sync");
    assert_eq!(
        answer.header("x-clerk-auth-message"),
        Some("Cross-origin request from satellite domain requires handshake")
    );
    for known in [
        "https://app.example.com/other",
        "https://clerk.example.com/v1/x",
        "https://accounts.example.com/sign-in",
        "not a url",
    ] {
        assert_signed_in(&send(&app, from(known)).await);
    }
    // Only with a counter of 0, and only for `sec-fetch-dest: document`.
    let counted = cookies(
        document("/"),
        &[
            ("__session", &token),
            ("__client_uat", "1"),
            ("__clerk_redirect_count", "1"),
        ],
    )
    .header("referer", "https://google.com/");
    assert_signed_in(&send(&app, counted).await);
}

#[tokio::test]
async fn proxy_url_and_redirect_url_cleaning() {
    let bapi = Bapi::start(Answers::default()).await;
    let app = app(prod(&bapi).proxy_url("/__clerk/"));
    let answer = send(
        &app,
        cookies(
            document("/p?__clerk_db_jwt=D&__dev_session=s&keep=1"),
            &[("__client_uat", "1")],
        ),
    )
    .await;
    assert_eq!(answer.status, StatusCode::TEMPORARY_REDIRECT);
    let location = answer.location();
    assert_eq!(location.host_str(), Some("app.example.com"));
    assert_eq!(location.path(), "/__clerk/v1/client/handshake");
    assert_eq!(
        answer.location_query()["redirect_url"],
        "https://app.example.com/p?keep=1"
    );
    // Production instances never send the dev browser.
    assert!(!answer.location_query().contains_key("__clerk_db_jwt"));

    let absolute =
        crate::common::app(prod(&bapi).proxy_url("https://proxy.example.com/clerk-proxy//"));
    let answer = send(&absolute, cookies(document("/"), &[("__client_uat", "1")])).await;
    assert_eq!(
        answer.header("location").unwrap().split('?').next(),
        Some("https://proxy.example.com/clerk-proxy/v1/client/handshake")
    );
}

#[tokio::test]
async fn suffixed_cookies_are_read_when_clerk_reads_them() {
    let bapi = Bapi::start(Answers::default()).await;
    let app = app(prod(&bapi));
    let sfx = suffix(&publishable_key(true, PROD_FAPI));
    let token = fresh(PROD_FAPI);
    let session_name = format!("__session_{sfx}");
    let uat_name = format!("__client_uat_{sfx}");
    let answer = send(
        &app,
        cookies(document("/"), &[(&session_name, &token), (&uat_name, "1")]),
    )
    .await;
    assert_signed_in(&answer);
    // Suffixed uat, no suffixed session: a handshake that says suffixed_cookies=true.
    let answer = send(&app, cookies(document("/"), &[(&uat_name, "1")])).await;
    assert_handshake(&answer, PROD_FAPI, "client-uat-but-no-session-token");
    assert_eq!(answer.location_query()["suffixed_cookies"], "true");
}

#[tokio::test]
async fn forwarded_headers_name_the_origin_only_behind_a_proxy() {
    let bapi = Bapi::start(Answers::default()).await;
    let forwarded = || {
        cookies(
            http::Request::builder()
                .uri("/p")
                .header("host", "internal:3000")
                .header("x-forwarded-host", "app.example.com")
                .header("x-forwarded-proto", "https")
                .header("sec-fetch-dest", "document"),
            &[("__client_uat", "1")],
        )
    };
    let direct = app(prod(&bapi));
    let answer = send(&direct, forwarded()).await;
    assert_eq!(
        answer.location_query()["redirect_url"],
        "http://internal:3000/p"
    );
    let options =
        clerk_runtime::middleware::ClerkOptions::from_config(&prod(&bapi).build().unwrap())
            .unwrap();
    let behind = axum::Router::new()
        .route("/p", axum::routing::get(|| async { "page" }))
        .layer(clerk_runtime::ClerkLayer::new(options).behind_proxy(true));
    let answer = send(&behind, forwarded()).await;
    assert_eq!(
        answer.location_query()["redirect_url"],
        "https://app.example.com/p"
    );
}
