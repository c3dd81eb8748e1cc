//! Router tests for `ClerkLayer` and `Auth`: every row of Clerk's `auth.protect()` outcome
//! table (reference §3), driven through a real axum `Router` with `oneshot`.

mod middleware_common;

use std::borrow::Cow;

use axum::Router;
use axum::routing::get;
use clerk_runtime::middleware::{DenyPolicy, RedirectOptions};
use clerk_runtime::requirement::{Protection, Requirement};
use clerk_runtime::{Auth, ClerkLayer, MiddlewareRequest, MiddlewareResult};
use http::StatusCode;
use middleware_common::*;
use tower::ServiceExt;

const REPORTS: Requirement = Requirement::Any(Cow::Borrowed(&[
    Requirement::permission("org:reports:read"),
    Requirement::permission("org:reports:manage"),
]));

/// The middleware closure: one protection per path, as the examples of Clerk's guide write them.
async fn rules(auth: Auth, req: MiddlewareRequest) -> MiddlewareResult {
    match req.path() {
        "/dashboard" => auth.protect()?,
        "/admin" => auth.protect_with(&Requirement::role("org:admin"))?,
        "/reports" => auth.protect_with(&REPORTS)?,
        "/never" => auth.protect_if(|_| false)?,
        "/admin-or-denied" => auth.protect_using(&Protection {
            requirement: Some(Requirement::role("org:admin")),
            unauthorized_url: Some("https://x.example/denied".into()),
            ..Protection::default()
        })?,
        "/login-elsewhere" => auth.protect_using(&Protection {
            unauthenticated_url: Some("https://other.com/login".into()),
            ..Protection::default()
        })?,
        "/relative-login" => auth.protect_using(&Protection {
            unauthenticated_url: Some("/login".into()),
            ..Protection::default()
        })?,
        "/custom" if auth.user_id().is_none() => return Err(auth.redirect_to_sign_in().into()),
        "/join" if auth.user_id().is_none() => return Err(auth.redirect_to_sign_up().into()),
        _ => {}
    }
    Ok(())
}

fn app(layer: ClerkLayer) -> Router {
    Router::new()
        .route("/", get(|| async { "home" }))
        .route("/{*rest}", get(|| async { "ok" }))
        .layer(layer.handler(rules))
}

fn default_app() -> Router {
    app(ClerkLayer::new(options()))
}

async fn send(app: Router, request: http::request::Builder) -> axum::response::Response {
    app.oneshot(request.body(empty()).unwrap()).await.unwrap()
}

const SIGN_IN_DASHBOARD: &str = "https://accounts.example.com/sign-in?redirect_url=http%3A%2F%2Fapp.example.com%2Fdashboard%3Fx%3D1";

// ---- signed out --------------------------------------------------------------------------

#[tokio::test]
async fn signed_out_document_is_redirected_to_sign_in_with_the_full_url() {
    let response = send(default_app(), document("/dashboard?x=1")).await;
    assert_eq!(response.status(), StatusCode::TEMPORARY_REDIRECT);
    assert_eq!(header(&response, "location"), SIGN_IN_DASHBOARD);
    assert_eq!(header(&response, "x-clerk-redirect-to"), "true");
    assert_eq!(header(&response, "x-clerk-auth-status"), "signed-out");
    assert_eq!(
        header(&response, "x-clerk-auth-reason"),
        "session-token-and-uat-missing"
    );
}

#[tokio::test]
async fn every_page_request_kind_is_redirected() {
    for builder in [
        request("/dashboard?x=1").header("accept", "text/html,application/xhtml+xml"),
        request("/dashboard?x=1").header("sec-fetch-dest", "iframe"),
    ] {
        let response = send(default_app(), builder).await;
        assert_eq!(response.status(), StatusCode::TEMPORARY_REDIRECT);
        assert_eq!(header(&response, "location"), SIGN_IN_DASHBOARD);
    }
}

#[tokio::test]
async fn signed_out_api_request_gets_clerks_404() {
    for builder in [api("/dashboard?x=1"), request("/dashboard")] {
        let response = send(default_app(), builder).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        assert_eq!(
            header(&response, "x-clerk-auth-reason"),
            "protect-rewrite, session-token-and-uat-missing"
        );
        assert_eq!(header(&response, "x-clerk-auth-status"), "signed-out");
        assert!(response.headers().get("location").is_none());
    }
}

#[tokio::test]
async fn relative_sign_in_url_resolves_against_the_request_origin() {
    let layer = ClerkLayer::new(options_with(
        RedirectOptions::default().sign_in_url("/sign-in"),
    ));
    let response = send(app(layer), document("/dashboard?x=1")).await;
    assert_eq!(
        header(&response, "location"),
        "http://app.example.com/sign-in?redirect_url=http%3A%2F%2Fapp.example.com%2Fdashboard%3Fx%3D1"
    );
}

#[tokio::test]
async fn https_origin_from_forwarded_headers_only_behind_a_proxy() {
    let forwarded = || {
        document("/dashboard?x=1")
            .header("x-forwarded-proto", "https")
            .header("x-forwarded-host", "app.example.com")
    };
    let trusting = ClerkLayer::new(options()).behind_proxy(true);
    let response = send(app(trusting), forwarded()).await;
    assert_eq!(
        header(&response, "location"),
        "https://accounts.example.com/sign-in?redirect_url=https%3A%2F%2Fapp.example.com%2Fdashboard%3Fx%3D1"
    );

    // Not behind a proxy: a forged x-forwarded-host cannot choose the return host.
    let forged = document("/dashboard?x=1").header("x-forwarded-host", "evil.example");
    let response = send(default_app(), forged).await;
    assert_eq!(header(&response, "location"), SIGN_IN_DASHBOARD);
}

#[tokio::test]
async fn public_origin_pins_the_return_url() {
    let layer = ClerkLayer::new(options())
        .public_origin(url::Url::parse("https://app.example.com").unwrap());
    let response = send(
        app(layer),
        document("/dashboard?x=1").header("host", "evil.example"),
    )
    .await;
    assert_eq!(
        header(&response, "location"),
        "https://accounts.example.com/sign-in?redirect_url=https%3A%2F%2Fapp.example.com%2Fdashboard%3Fx%3D1"
    );
}

#[tokio::test]
async fn unauthenticated_url_is_used_verbatim() {
    for builder in [document("/login-elsewhere"), api("/login-elsewhere")] {
        let response = send(default_app(), builder).await;
        assert_eq!(response.status(), StatusCode::TEMPORARY_REDIRECT);
        assert_eq!(header(&response, "location"), "https://other.com/login");
        assert_eq!(header(&response, "x-clerk-redirect-to"), "true");
    }
}

#[tokio::test]
async fn relative_unauthenticated_url_is_a_configuration_error_not_a_pass() {
    let response = send(default_app(), document("/relative-login")).await;
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    // Signed in, it is still refused: the protection is broken, not the user.
    let response = send(default_app(), bearer(document("/relative-login"), "user")).await;
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
}

#[tokio::test]
async fn invalid_token_is_signed_out_with_its_reason() {
    let response = send(default_app(), bearer(api("/dashboard"), "forged")).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        header(&response, "x-clerk-auth-reason"),
        "protect-rewrite, token-invalid-signature"
    );
}

// ---- pending -------------------------------------------------------------------------------

#[tokio::test]
async fn pending_document_goes_to_sign_in_tasks() {
    let response = send(default_app(), bearer(document("/dashboard?x=1"), "pending")).await;
    assert_eq!(response.status(), StatusCode::TEMPORARY_REDIRECT);
    assert_eq!(
        header(&response, "location"),
        "https://accounts.example.com/sign-in/tasks?redirect_url=http%3A%2F%2Fapp.example.com%2Fdashboard%3Fx%3D1"
    );
    // A pending session is signed in as far as the request state goes: no signed-out headers.
    assert!(response.headers().get("x-clerk-auth-status").is_none());
}

#[tokio::test]
async fn pending_api_request_gets_404() {
    let response = send(default_app(), bearer(api("/dashboard"), "pending")).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(header(&response, "x-clerk-auth-reason"), "protect-rewrite");
}

// ---- signed in -----------------------------------------------------------------------------

#[tokio::test]
async fn signed_in_passes_protect() {
    let response = send(default_app(), bearer(document("/dashboard"), "user")).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(body_text(response).await, "ok");
}

#[tokio::test]
async fn unauthorized_is_404_never_a_redirect_even_for_documents() {
    for builder in [
        bearer(document("/admin"), "user"),
        bearer(api("/admin"), "user"),
        bearer(document("/never"), "admin"),
        bearer(api("/never"), "admin"),
    ] {
        let response = send(default_app(), builder).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        assert_eq!(header(&response, "x-clerk-auth-reason"), "protect-rewrite");
        assert!(response.headers().get("location").is_none());
        assert!(response.headers().get("x-clerk-auth-status").is_none());
    }
}

#[tokio::test]
async fn unauthorized_url_is_used_when_given() {
    let response = send(default_app(), bearer(document("/admin-or-denied"), "user")).await;
    assert_eq!(response.status(), StatusCode::TEMPORARY_REDIRECT);
    assert_eq!(header(&response, "location"), "https://x.example/denied");
    assert_eq!(header(&response, "x-clerk-redirect-to"), "true");
    // Signed out, the same route still sends people to sign-in.
    let response = send(default_app(), document("/admin-or-denied")).await;
    assert!(header(&response, "location").starts_with("https://accounts.example.com/sign-in?"));
}

#[tokio::test]
async fn role_and_permission_checks_pass_for_the_right_user() {
    let response = send(default_app(), bearer(api("/admin"), "admin")).await;
    assert_eq!(response.status(), StatusCode::OK);
    let response = send(default_app(), bearer(api("/reports"), "admin")).await;
    assert_eq!(response.status(), StatusCode::OK);
    let response = send(default_app(), bearer(api("/reports"), "member")).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn public_routes_pass_for_everyone() {
    for token in [None, Some("user"), Some("pending"), Some("forged")] {
        let mut builder = document("/");
        if let Some(token) = token {
            builder = bearer(builder, token);
        }
        let response = send(default_app(), builder).await;
        assert_eq!(response.status(), StatusCode::OK, "{token:?}");
    }
}

#[tokio::test]
async fn signed_out_responses_carry_the_request_state_headers() {
    let response = send(default_app(), document("/")).await;
    assert_eq!(header(&response, "x-clerk-auth-status"), "signed-out");
    assert_eq!(
        header(&response, "x-clerk-auth-reason"),
        "session-token-and-uat-missing"
    );
    let response = send(default_app(), bearer(document("/"), "user")).await;
    assert!(response.headers().get("x-clerk-auth-status").is_none());
}

// ---- redirect helpers ----------------------------------------------------------------------

#[tokio::test]
async fn redirect_to_sign_in_and_sign_up_from_the_closure() {
    let response = send(default_app(), api("/custom")).await;
    assert_eq!(response.status(), StatusCode::TEMPORARY_REDIRECT);
    assert_eq!(
        header(&response, "location"),
        "https://accounts.example.com/sign-in?redirect_url=http%3A%2F%2Fapp.example.com%2Fcustom"
    );
    let layer = ClerkLayer::new(options_with(
        RedirectOptions::default().sign_in_url("/hello"),
    ));
    let response = send(app(layer), api("/join")).await;
    assert_eq!(
        header(&response, "location"),
        "http://app.example.com/hello/create?redirect_url=http%3A%2F%2Fapp.example.com%2Fjoin"
    );
}

// ---- the JSON API policy -------------------------------------------------------------------

#[tokio::test]
async fn json_api_policy_answers_401_and_403() {
    let json = || app(ClerkLayer::new(options()).deny_policy(DenyPolicy::JsonApi));
    // No credentials at all: a bare challenge (RFC 6750 section 3.1).
    let response = send(json(), api("/dashboard")).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(header(&response, "www-authenticate"), "Bearer");
    assert_eq!(header(&response, "x-clerk-auth-status"), "signed-out");
    // A token that does not verify: `invalid_token`.
    let response = send(json(), bearer(api("/dashboard"), "forged")).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        header(&response, "www-authenticate"),
        r#"Bearer error="invalid_token""#
    );
    assert_eq!(
        header(&response, "x-clerk-auth-reason"),
        "token-invalid-signature"
    );

    let response = send(json(), bearer(api("/admin"), "user")).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        header(&response, "www-authenticate"),
        r#"Bearer error="insufficient_scope""#
    );

    // Page requests are still redirected.
    let response = send(json(), document("/dashboard?x=1")).await;
    assert_eq!(response.status(), StatusCode::TEMPORARY_REDIRECT);
}

// ---- the extractor -------------------------------------------------------------------------

#[tokio::test]
async fn auth_extractor_exposes_the_session() {
    let app = Router::new()
        .route(
            "/whoami",
            get(|auth: Auth| async move {
                format!(
                    "{:?} {:?} {:?} {:?} {:?} {} {:?}",
                    auth.user_id(),
                    auth.session_id(),
                    auth.org_id(),
                    auth.org_role(),
                    auth.org_permissions(),
                    auth.is_signed_in(),
                    auth.signed_out_reason().map(ToString::to_string),
                )
            }),
        )
        .layer(ClerkLayer::new(options()));
    let response = send(app.clone(), bearer(api("/whoami"), "admin")).await;
    assert_eq!(
        body_text(response).await,
        r#"Some("user_2") Some("sess_user_2") Some("org_1") Some("org:admin") Some(["org:reports:read"]) true None"#
    );
    let response = send(app.clone(), bearer(api("/whoami"), "pending")).await;
    assert_eq!(
        body_text(response).await,
        "None None None None None false None"
    );
    let response = send(app, api("/whoami")).await;
    assert_eq!(
        body_text(response).await,
        r#"None None None None None false Some("session-token-and-uat-missing")"#
    );
}

#[tokio::test]
async fn protect_in_a_handler_with_question_mark() {
    async fn handler(auth: Auth) -> Result<&'static str, clerk_runtime::AuthRejection> {
        auth.protect_with(&Requirement::role("org:admin"))?;
        Ok("admin area")
    }
    let app = Router::new()
        .route("/h", get(handler))
        .layer(ClerkLayer::new(options()));
    let response = send(app.clone(), bearer(api("/h"), "admin")).await;
    assert_eq!(body_text(response).await, "admin area");
    let response = send(app.clone(), bearer(api("/h"), "user")).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let response = send(app, document("/h")).await;
    assert_eq!(response.status(), StatusCode::TEMPORARY_REDIRECT);
}

#[tokio::test]
async fn enforce_applies_a_protection_like_protect() {
    async fn handler(req: axum::extract::Request) -> axum::response::Response {
        let (parts, _) = req.into_parts();
        let protection = Protection {
            requirement: Some(Requirement::role("org:admin")),
            ..Protection::default()
        };
        match clerk_runtime::middleware::enforce(&parts, &protection) {
            Ok(()) => "allowed".into_response(),
            Err(rejection) => rejection.into_response(),
        }
    }
    use axum::response::IntoResponse;
    let app = Router::new()
        .route("/e", get(handler))
        .layer(ClerkLayer::new(options()));
    let response = send(app.clone(), bearer(api("/e"), "admin")).await;
    assert_eq!(body_text(response).await, "allowed");
    let response = send(app.clone(), bearer(api("/e"), "user")).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let response = send(app, document("/e?x=1")).await;
    assert_eq!(response.status(), StatusCode::TEMPORARY_REDIRECT);
}

#[tokio::test]
async fn auth_state_is_an_extractor() {
    let app = Router::new()
        .route(
            "/state",
            get(|state: clerk_runtime::auth::AuthState| async move {
                match state {
                    clerk_runtime::auth::AuthState::SignedIn(_) => "signed in".to_owned(),
                    clerk_runtime::auth::AuthState::SignedOut { reason, .. } => reason.to_string(),
                }
            }),
        )
        .layer(ClerkLayer::new(options()));
    let response = send(app.clone(), bearer(api("/state"), "user")).await;
    assert_eq!(body_text(response).await, "signed in");
    let response = send(app, api("/state")).await;
    assert_eq!(body_text(response).await, "session-token-and-uat-missing");
}
