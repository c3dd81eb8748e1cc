//! Local dev mode's sign-in page: pick a user id, an org role and permissions; get `__session`
//! and `__client_uat` cookies signed with the dev key; go back to `redirect_url`.

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::extract::{Form, Query};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{AppendHeaders, Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use clerk_runtime::dev::{SessionClaimsBuilder, SigningKey};
use clerk_runtime::middleware::same_origin_location;
use serde::Deserialize;

use super::pages::escape;

/// How long a dev session lasts.
const DEV_SESSION_TTL: Duration = Duration::from_hours(8);

/// `GET /sign-in` (the form), `POST /sign-in` (mint and set cookies), `GET /sign-out`.
pub(super) fn routes(key: Arc<SigningKey>) -> Router {
    Router::new()
        .route(
            "/sign-in",
            get(form).post(move |headers: HeaderMap, Form(form): Form<SignIn>| {
                let key = key.clone();
                async move { sign_in(&key, &headers, &form) }
            }),
        )
        .route("/sign-out", get(sign_out))
}

#[derive(Debug, Deserialize)]
struct RedirectQuery {
    redirect_url: Option<String>,
}

async fn form(Query(query): Query<RedirectQuery>) -> Html<String> {
    let redirect_url = escape(query.redirect_url.as_deref().unwrap_or("/"));
    Html(format!(
        "<!doctype html><meta charset=utf-8><title>Dev sign-in</title>\
         <h1>Local dev sign-in</h1>\
         <p>No Clerk account needed: this page signs a session token with <code>.clerk/dev-key.pem</code>.</p>\
         <form method=post action=/sign-in>\
         <input type=hidden name=redirect_url value=\"{redirect_url}\">\
         <p><label>User id <input name=user_id value=user_1 required></label></p>\
         <p><label>Org role <select name=role>\
           <option value=\"\">no organization</option>\
           <option value=org:member>org:member</option>\
           <option value=org:admin>org:admin</option></select></label></p>\
         <p><label>Permissions (comma-separated) <input name=permissions \
           placeholder=\"org:reports:read, org:reports:manage\"></label></p>\
         <p><small>Roles and permissions belong to an organization: pick a role to join the \
           dev organization (<code>org_dev</code>). Permissions with \u{201c}no organization\u{201d} \
           are refused, as Clerk never puts them in a token without one.</small></p>\
         <p><button>Sign in</button></p></form>"
    ))
}

/// The sign-in form.
#[derive(Debug, Deserialize)]
pub(super) struct SignIn {
    user_id: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    permissions: String,
    #[serde(default)]
    redirect_url: String,
}

fn sign_in(key: &SigningKey, headers: &HeaderMap, form: &SignIn) -> Response {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs());
    let mut claims = SessionClaimsBuilder::new(form.user_id.trim())
        .session_id(format!("sess_dev_{now}"))
        .ttl(DEV_SESSION_TTL);
    let role = form.role.trim();
    if !role.is_empty() {
        claims = claims.org("org_dev", Some("dev-org"), role);
    }
    // Without an organization the builder refuses permissions, and the form says so.
    for permission in form
        .permissions
        .split([',', ' '])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        claims = claims.permission(permission);
    }
    let token = match claims
        .build(now)
        .map_err(|e| e.to_string())
        .and_then(|claims| key.mint(&claims).map_err(|e| e.to_string()))
    {
        Ok(token) => token,
        Err(error) => return (StatusCode::BAD_REQUEST, error).into_response(),
    };
    let back = same_origin_path(&form.redirect_url, headers);
    (
        AppendHeaders([
            (
                header::SET_COOKIE,
                format!("__session={token}; Path=/; HttpOnly; SameSite=Lax"),
            ),
            (
                header::SET_COOKIE,
                format!("__client_uat={now}; Path=/; SameSite=Lax"),
            ),
        ]),
        Redirect::to(&back),
    )
        .into_response()
}

async fn sign_out() -> Response {
    (
        AppendHeaders([
            (header::SET_COOKIE, "__session=; Path=/; Max-Age=0"),
            (header::SET_COOKIE, "__client_uat=0; Path=/"),
        ]),
        Redirect::to("/"),
    )
        .into_response()
}

/// Where to go after signing in: `redirect_url` when a browser would read it as a page of this
/// app (the request's `Host`, over http), else `/`. Never an open redirect.
fn same_origin_path(redirect_url: &str, headers: &HeaderMap) -> String {
    let app_origin = headers
        .get(header::HOST)
        .and_then(|host| host.to_str().ok())
        .and_then(|host| url::Url::parse(&format!("http://{host}")).ok())
        .filter(|url| url.path() == "/" && url.query().is_none() && url.username().is_empty());
    match app_origin {
        Some(origin) => same_origin_location(redirect_url, &origin),
        // Without a usable Host only paths can be judged: any origin stands in for ours.
        None => same_origin_location(
            redirect_url,
            &url::Url::parse("http://host.invalid").expect("static URL parses"),
        ),
    }
}
