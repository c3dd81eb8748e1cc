//! One decision for every protection: route rules, middleware closures and `#[protect]`
//! handlers go through the same core, the same response policy and the same debug event.

mod middleware_common;

use std::borrow::Cow;

use axum::Router;
use axum::extract::FromRequestParts;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use clerk_runtime::__private::{ProtectSpec, Protected};
use clerk_runtime::middleware::{Denial, Outcome, Unmet};
use clerk_runtime::requirement::{Protection, Requirement};
use clerk_runtime::{Auth, ClerkLayer, MiddlewareRequest, MiddlewareResult};
use http::StatusCode;
use middleware_common::*;
use tower::ServiceExt;

async fn send(app: Router, request: http::request::Builder) -> Response {
    app.oneshot(request.body(empty()).unwrap()).await.unwrap()
}

/// What `#[protect(role = "org:admin", permission = "org:reports:read")]` expands to.
struct AdminWithReports;

impl ProtectSpec for AdminWithReports {
    const PROTECTION: Protection = Protection {
        requirement: Some(Requirement::All(Cow::Borrowed(&[
            Requirement::role("org:admin"),
            Requirement::permission("org:reports:read"),
        ]))),
        unauthenticated_url: None,
        unauthorized_url: None,
    };
}

async fn reports(_: Protected<AdminWithReports>) -> &'static str {
    "reports"
}

fn app(layer: ClerkLayer) -> Router {
    Router::new()
        .route("/reports", get(reports))
        .route("/open", get(|| async { "open" }))
        .route("/{*rest}", get(|| async { "ok" }))
        .layer(layer)
}

/// The `clerk debug end` events logged while `run` ran.
async fn decision_events(
    layer: ClerkLayer,
    request: http::request::Builder,
) -> (StatusCode, Vec<String>) {
    let logs = LogBuffer::default();
    let _guard = logs.capture();
    let response = send(app(layer.debug(true)), request).await;
    let events = logs
        .contents()
        .lines()
        .filter(|line| line.contains("decision="))
        .map(str::to_owned)
        .collect();
    (response.status(), events)
}

#[tokio::test]
async fn a_protect_handler_denial_is_the_one_decision_event() {
    let (status, events) = decision_events(
        ClerkLayer::new(options()),
        bearer(api("/reports"), "member"),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(events.len(), 1, "{events:#?}");
    assert!(
        events[0].contains(
            r#"decision="denied" outcome="unauthorized" requirement=role "org:admin" by="handler" rule=none status=404"#
        ),
        "{events:#?}"
    );
    assert!(events[0].contains("clerk debug end"), "{events:#?}");

    let (status, events) = decision_events(ClerkLayer::new(options()), document("/reports")).await;
    assert_eq!(status, StatusCode::TEMPORARY_REDIRECT);
    assert_eq!(events.len(), 1, "{events:#?}");
    assert!(
        events[0].contains(
            r#"decision="denied" outcome="unauthenticated" reason=session-token-and-uat-missing by="handler""#
        ),
        "{events:#?}"
    );
    assert!(events[0].contains("status=307"), "{events:#?}");
}

#[tokio::test]
async fn allowed_and_unprotected_requests_say_so() {
    let (status, events) =
        decision_events(ClerkLayer::new(options()), bearer(api("/reports"), "admin")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(events.len(), 1, "{events:#?}");
    assert!(
        events[0].contains(r#"decision="allowed" status=200"#),
        "{events:#?}"
    );

    let (status, events) = decision_events(ClerkLayer::new(options()), api("/open")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(events.len(), 1, "{events:#?}");
    assert!(
        events[0].contains(r#"decision="continue" status=200"#),
        "{events:#?}"
    );
}

#[tokio::test]
async fn a_rule_that_passes_then_a_handler_that_denies_reports_the_denial() {
    let routes = table(vec![(&["/reports"], Protection::default())], None);
    let layer = ClerkLayer::new(options()).routes(routes).unwrap();
    let (status, events) = decision_events(layer, bearer(api("/reports"), "user")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(events.len(), 1, "{events:#?}");
    assert!(
        events[0].contains(r#"decision="denied" outcome="unauthorized""#)
            && events[0].contains(r#"by="handler""#),
        "{events:#?}"
    );
}

/// A custom policy: 401/403 with a JSON body naming the outcome, Clerk's redirects kept.
fn json_policy(denial: &Denial<'_>) -> Response {
    if denial.is_page_request() {
        return denial.clerk_response();
    }
    let (status, detail) = match denial.outcome() {
        Outcome::Unauthenticated(denied) => (
            StatusCode::UNAUTHORIZED,
            denied.reason().map(ToString::to_string).unwrap_or_default(),
        ),
        Outcome::Unauthorized(denied) => (StatusCode::FORBIDDEN, denied.unmet().to_string()),
        _ => (StatusCode::INTERNAL_SERVER_ERROR, String::new()),
    };
    (status, format!("denied: {detail}")).into_response()
}

#[tokio::test]
async fn a_custom_policy_answers_every_kind_of_protection() {
    async fn closure(auth: Auth, req: MiddlewareRequest) -> MiddlewareResult {
        if req.path() == "/closure" {
            auth.protect_with(&Requirement::permission("org:billing:manage"))?;
        }
        Ok(())
    }
    let routes = table(
        vec![(
            &["/rule"],
            Protection {
                requirement: Some(Requirement::role("org:owner")),
                ..Protection::default()
            },
        )],
        None,
    );
    let layer = || {
        ClerkLayer::new(options())
            .routes(routes)
            .unwrap()
            .handler(closure)
            .response_policy(json_policy)
    };
    for (path, detail) in [
        ("/rule", r#"role "org:owner""#),
        ("/closure", r#"permission "org:billing:manage""#),
        ("/reports", r#"role "org:admin""#),
    ] {
        let response = send(app(layer()), bearer(api(path), "member")).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{path}");
        assert_eq!(
            body_text(response).await,
            format!("denied: {detail}"),
            "{path}"
        );

        let response = send(app(layer()), api(path)).await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{path}");
        // The request state's headers are still added, as Clerk does.
        assert_eq!(
            header(&response, "x-clerk-auth-status"),
            "signed-out",
            "{path}"
        );
        assert_eq!(
            body_text(response).await,
            "denied: session-token-and-uat-missing",
            "{path}"
        );

        // Page requests keep Clerk's sign-in redirect.
        let response = send(app(layer()), document(path)).await;
        assert_eq!(response.status(), StatusCode::TEMPORARY_REDIRECT, "{path}");
    }
}

#[tokio::test]
async fn the_protect_extractor_rejects_with_the_outcome() {
    // Run the layer, then the extractor by hand on what reached the router.
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let app = Router::new()
        .route(
            "/x",
            get(move |request: axum::extract::Request| {
                let tx = tx.clone();
                async move {
                    let (mut parts, _) = request.into_parts();
                    let result =
                        Protected::<AdminWithReports>::from_request_parts(&mut parts, &()).await;
                    tx.send(result.err()).unwrap();
                    "done"
                }
            }),
        )
        .layer(ClerkLayer::new(options()));
    let _ = send(app.clone(), bearer(api("/x"), "member")).await;
    let rejection = rx.recv().await.unwrap().expect("member is denied");
    let Some(Outcome::Unauthorized(denied)) = rejection.outcome() else {
        panic!("{rejection:?}");
    };
    assert_eq!(
        denied.unmet(),
        &Unmet::Requirement(Requirement::role("org:admin"))
    );
    assert_eq!(rejection.status(), StatusCode::NOT_FOUND);
    assert!(rejection.to_string().contains("org:admin"), "{rejection}");

    let _ = send(app, bearer(api("/x"), "admin")).await;
    assert!(rx.recv().await.unwrap().is_none(), "admin passes");
}
