//! Development instances: the dev browser, the development resolution (a 307 to the clean
//! URL), the 500 on a bad handshake JWT, and the primary's answer to a satellite.

use http::StatusCode;
use serde_json::json;

use crate::common::*;

#[tokio::test]
async fn dev_browser_missing_and_dev_browser_sync() {
    let bapi = Bapi::start(Answers::default()).await;
    let app = app(dev(&bapi));
    let answer = send(&app, document("/")).await;
    assert_handshake(&answer, DEV_FAPI, "dev-browser-missing");
    assert_signed_out(&send(&app, api("/")).await, "dev-browser-missing");

    let answer = send(&app, document("/p?__clerk_db_jwt=dvb_1&x=1")).await;
    assert_handshake(&answer, DEV_FAPI, "dev-browser-sync");
    let query = answer.location_query();
    assert_eq!(query["__clerk_db_jwt"], "dvb_1");
    assert_eq!(query["redirect_url"], "https://app.example.com/p?x=1");
}

#[tokio::test]
async fn dev_browser_cookie_passes_to_the_cookie_rules() {
    let bapi = Bapi::start(Answers::default()).await;
    let app = app(dev(&bapi));
    let answer = send(&app, cookies(document("/"), &[("__clerk_db_jwt", "dvb_2")])).await;
    assert_signed_out(&answer, "session-token-and-uat-missing");
    let token = fresh(DEV_FAPI);
    let answer = send(
        &app,
        cookies(
            document("/"),
            &[("__clerk_db_jwt", "dvb_2"), ("__session", &token)],
        ),
    )
    .await;
    assert_handshake(&answer, DEV_FAPI, "session-token-but-no-client-uat");
    assert_eq!(answer.location_query()["__clerk_db_jwt"], "dvb_2");
    let answer = send(
        &app,
        cookies(
            document("/"),
            &[
                ("__clerk_db_jwt", "dvb_2"),
                ("__session", &token),
                ("__client_uat", "1"),
            ],
        ),
    )
    .await;
    assert_signed_in(&answer);
}

#[tokio::test]
async fn dev_resolution_redirects_to_the_clean_url_with_the_cookies() {
    let bapi = Bapi::start(Answers::default()).await;
    let app = app(dev(&bapi));
    let token = fresh(DEV_FAPI);
    let directives = vec![
        format!("__session={token}; Path=/"),
        "__client_uat=1; Path=/".to_owned(),
    ];
    let handshake = sign_with(PRIVATE_PEM, json!({}), &json!({"handshake": directives}));
    let answer = send(
        &app,
        document(&format!(
            "/dashboard?__clerk_handshake={handshake}&__clerk_db_jwt=D&__clerk_help=1&q=a%20b"
        )),
    )
    .await;
    assert_eq!(answer.status, StatusCode::TEMPORARY_REDIRECT);
    assert_eq!(
        answer.header("location"),
        Some("https://app.example.com/dashboard?q=a+b")
    );
    assert_eq!(answer.header("cache-control"), Some("no-store"));
    assert_eq!(answer.set_cookies(), directives);
    assert!(
        answer.status_header().is_none(),
        "signed in: no x-clerk-auth-status"
    );
}

#[tokio::test]
async fn dev_handshake_jwt_with_a_bad_signature_is_a_500() {
    let bapi = Bapi::start(Answers::default()).await;
    let app = app(dev(&bapi));
    let forged = sign_with(OTHER_PRIVATE_PEM, json!({}), &json!({"handshake": []}));
    let answer = send(&app, document(&format!("/?__clerk_handshake={forged}"))).await;
    assert_eq!(answer.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(answer.body.contains("invalid signature"), "{}", answer.body);
    assert!(answer.set_cookies().is_empty());
}

#[tokio::test]
async fn dev_clock_skew_retry_accepts_a_recently_expired_handshake_session() {
    let bapi = Bapi::start(Answers::default()).await;
    let app = app(dev(&bapi));
    let stale = expired(DEV_FAPI);
    let handshake = sign_with(
        PRIVATE_PEM,
        json!({}),
        &json!({"handshake": [format!("__session={stale}")]}),
    );
    let answer = send(&app, document(&format!("/?__clerk_handshake={handshake}"))).await;
    assert_eq!(answer.status, StatusCode::TEMPORARY_REDIRECT);
    assert_eq!(answer.header("location"), Some("https://app.example.com/"));
    assert_eq!(answer.set_cookies(), [format!("__session={stale}")]);
}

#[tokio::test]
async fn primary_responds_to_a_dev_satellite() {
    let bapi = Bapi::start(Answers::default()).await;
    let app = app(dev(&bapi));
    let answer = send(
        &app,
        cookies(
            document("/?__clerk_redirect_url=http%3A%2F%2Flocalhost%3A3001%2Fp%3F__clerk_synced%3Dfalse%26a%3D1"),
            &[("__clerk_db_jwt", "dvb_3")],
        ),
    )
    .await;
    assert_eq!(answer.status, StatusCode::TEMPORARY_REDIRECT);
    assert_eq!(
        answer.header("location"),
        Some("http://localhost:3001/p?__clerk_synced=true&a=1&__clerk_db_jwt=dvb_3")
    );
    assert_eq!(answer.reason(), Some("primary-responds-to-syncing"));
    assert_eq!(answer.status_header(), Some("handshake"));
}

#[tokio::test]
async fn dev_satellite_syncs_through_the_sign_in_url() {
    let bapi = Bapi::start(Answers::default()).await;
    let app = app(dev(&bapi)
        .is_satellite(true)
        .domain("localhost:3001")
        .sign_in_url("http://localhost:3000/sign-in"));
    let answer = send(&app, document("/p?__clerk_synced=false")).await;
    assert_eq!(answer.status, StatusCode::TEMPORARY_REDIRECT);
    assert_eq!(
        answer.header("location"),
        Some(
            "http://localhost:3000/sign-in?__clerk_redirect_url=https%3A%2F%2Fapp.example.com%2Fp%3F__clerk_synced%3Dfalse"
        )
    );
    assert_eq!(answer.reason(), Some("satellite-needs-syncing"));
}
