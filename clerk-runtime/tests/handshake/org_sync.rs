//! `organizationSyncOptions`: a URL naming another organization than the active one
//! activates it through the handshake.

use clerk_runtime::handshake::OrganizationSyncOptions;
use http::StatusCode;
use serde_json::json;

use crate::common::*;

fn org_app(bapi: &Bapi) -> axum::Router {
    app(
        prod(bapi).organization_sync_options(OrganizationSyncOptions {
            organization_patterns: vec!["/orgs/:id".into()],
            personal_account_patterns: vec!["/me".into()],
        }),
    )
}

fn in_org(org: Option<&str>) -> String {
    let now = now_s();
    let extra = org.map_or_else(
        || json!({}),
        |org| json!({"org_id": org, "org_slug": "acme"}),
    );
    session_token(PROD_FAPI, now - 5, now + 60, extra)
}

#[tokio::test]
async fn another_organization_in_the_url_handshakes_with_organization_id() {
    let bapi = Bapi::start(Answers::default()).await;
    let app = org_app(&bapi);
    let token = in_org(Some("org_1"));
    let pair = [("__session", token.as_str()), ("__client_uat", "1")];
    let answer = send(&app, cookies(document("/orgs/org_2"), &pair)).await;
    assert_handshake(&answer, PROD_FAPI, "active-organization-mismatch");
    assert_eq!(answer.location_query()["organization_id"], "org_2");
    assert_eq!(answer.location_params().last().unwrap(), "organization_id");

    assert_signed_in(&send(&app, cookies(document("/orgs/org_1"), &pair)).await);
    // Not eligible: stays signed in (never signed out).
    assert_signed_in(&send(&app, cookies(api("/orgs/org_2"), &pair)).await);
    // The loop guard keeps the active organization.
    let looped = cookies(
        document("/orgs/org_2"),
        &[
            ("__session", &token),
            ("__client_uat", "1"),
            ("__clerk_redirect_count", "3"),
        ],
    );
    let answer = send(&app, looped).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert!(answer.set_cookies().is_empty());
}

#[tokio::test]
async fn personal_account_paths_leave_an_organization() {
    let bapi = Bapi::start(Answers::default()).await;
    let app = org_app(&bapi);
    let in_org_token = in_org(Some("org_1"));
    let answer = send(
        &app,
        cookies(
            document("/me"),
            &[("__session", &in_org_token), ("__client_uat", "1")],
        ),
    )
    .await;
    assert_handshake(&answer, PROD_FAPI, "active-organization-mismatch");
    assert_eq!(answer.location_query()["organization_id"], "");
    let personal = in_org(None);
    assert_signed_in(
        &send(
            &app,
            cookies(
                document("/me"),
                &[("__session", &personal), ("__client_uat", "1")],
            ),
        )
        .await,
    );
}

#[tokio::test]
async fn organization_id_rides_on_every_handshake_of_a_matching_path() {
    let bapi = Bapi::start(Answers::default()).await;
    let app = org_app(&bapi);
    let answer = send(
        &app,
        cookies(document("/orgs/org_9"), &[("__client_uat", "1")]),
    )
    .await;
    assert_handshake(&answer, PROD_FAPI, "client-uat-but-no-session-token");
    assert_eq!(answer.location_query()["organization_id"], "org_9");
}

#[test]
fn invalid_patterns_are_a_configuration_error() {
    let err = clerk_runtime::config::ClerkConfig::builder()
        .publishable_key(publishable_key(true, PROD_FAPI))
        .jwt_key(PUBLIC_PEM)
        .organization_sync_options(OrganizationSyncOptions {
            organization_patterns: vec!["/orgs/(".into()],
            personal_account_patterns: vec![],
        })
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("Invalid pattern"), "{err}");
}
