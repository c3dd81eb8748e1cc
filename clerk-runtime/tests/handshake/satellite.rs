//! Satellite apps: syncing with the primary domain through the handshake.

use http::StatusCode;

use crate::common::*;

fn satellite(bapi: &Bapi) -> axum::Router {
    app(prod(bapi).is_satellite(true).domain("satellite.dev"))
}

#[tokio::test]
async fn production_satellite_without_cookies_is_signed_out_until_asked_to_sync() {
    let bapi = Bapi::start(Answers::default()).await;
    let app = satellite(&bapi);
    assert_signed_out(
        &send(&app, document("/")).await,
        "session-token-and-uat-missing",
    );
    let answer = send(&app, document("/?__clerk_synced=false")).await;
    assert_handshake(&answer, "clerk.satellite.dev", "satellite-needs-syncing");
    assert_eq!(
        answer.location_query()["redirect_url"],
        "https://app.example.com/?__clerk_synced=false"
    );
    // After sync, or for API requests, no sync.
    assert_signed_out(
        &send(&app, document("/?__clerk_synced=true")).await,
        "session-token-and-uat-missing",
    );
    assert_signed_out(
        &send(&app, api("/?__clerk_synced=false")).await,
        "session-token-and-uat-missing",
    );
}

#[tokio::test]
async fn satellite_auto_sync_syncs_on_the_first_page_load() {
    let bapi = Bapi::start(Answers::default()).await;
    let app = app(prod(&bapi)
        .is_satellite(true)
        .domain("satellite.dev")
        .satellite_auto_sync(true));
    let answer = send(&app, document("/")).await;
    assert_handshake(&answer, "clerk.satellite.dev", "satellite-needs-syncing");
}

#[tokio::test]
async fn satellite_with_cookies_handshakes_towards_its_own_frontend_api() {
    let bapi = Bapi::start(Answers::default()).await;
    let app = satellite(&bapi);
    let answer = send(&app, cookies(document("/"), &[("__client_uat", "1")])).await;
    assert_handshake(
        &answer,
        "clerk.satellite.dev",
        "client-uat-but-no-session-token",
    );
    let token = fresh("clerk.satellite.dev");
    let answer = send(
        &app,
        cookies(
            document("/"),
            &[("__session", &token), ("__client_uat", "1")],
        ),
    )
    .await;
    assert_signed_in(&answer);
    assert_eq!(answer.status, StatusCode::OK);
}
