//! The quickstart's pages: plain HTML and one JSON endpoint. Each handler says who may call
//! it, with `#[protect]` or `#[public]`; the `GuardedRouter` in `mod.rs` refuses one that
//! says neither.

use axum::Json;
use axum::response::Html;
use clerk_runtime::Auth;
use clerk_runtime::{protect, public};
use serde_json::{Value, json};

fn page(title: &str, auth: &Auth, body: &str) -> Html<String> {
    let who = auth.user_id().map_or_else(
        || r#"<span>signed out</span><a href="/sign-in">sign in</a>"#.to_owned(),
        |user| {
            let permissions = match auth.org_permissions() {
                Some(permissions) if !permissions.is_empty() => permissions.join(", "),
                _ => "none".to_owned(),
            };
            format!(
                "<span>signed in as <b>{}</b> (role {}, permissions {})</span>\
                 <a href=\"/sign-out\">sign out</a>",
                escape(user),
                escape(auth.org_role().unwrap_or("none")),
                escape(&permissions)
            )
        },
    );
    Html(format!(
        "<!doctype html><meta charset=utf-8><title>{title}</title><style>{STYLE}</style>\
         <p class=who>{who}</p><h1>{title}</h1>{body}\
         <ul><li><a href=/>/</a> public<li><a href=/dashboard>/dashboard</a> signed in\
         <li><a href=/forum>/forum</a> signed in<li><a href=/admin>/admin</a> role org:admin\
         <li><a href=/reports>/reports</a> org:reports:read or org:reports:manage\
         <li><a href=/api/me>/api/me</a> JSON</ul>"
    ))
}

/// A small inline stylesheet for every page.
const STYLE: &str = "body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:0 auto;\
padding:0 1rem 2rem;color:#1d2433}.who{display:flex;justify-content:space-between;gap:1rem;\
align-items:center;margin:0 -1rem;padding:.6rem 1rem;background:#1d2433;color:#fff}\
.who a{color:#c9d4ff;white-space:nowrap}h1{font-size:1.6rem}li{margin:.2rem 0}a{color:#5b3cf5}\
code{background:#eef0f4;padding:0 .25rem;border-radius:4px}";

pub(super) fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

#[public]
pub(super) async fn home(auth: Auth) -> Html<String> {
    page("Home (public)", &auth, "<p>Anyone can see this page.</p>")
}

#[protect]
pub(super) async fn dashboard(auth: Auth) -> Html<String> {
    page("Dashboard", &auth, "<p>Only signed-in users see this.</p>")
}

#[protect]
pub(super) async fn forum(auth: Auth) -> Html<String> {
    page("Forum", &auth, "<p>Only signed-in users see this.</p>")
}

#[protect(role = "org:admin")]
pub(super) async fn admin(auth: Auth) -> Html<String> {
    page(
        "Admin",
        &auth,
        "<p>Only <code>org:admin</code> sees this.</p>",
    )
}

#[protect(permission = "org:reports:read" | "org:reports:manage")]
pub(super) async fn reports(auth: Auth) -> Html<String> {
    page(
        "Reports",
        &auth,
        "<p>Needs <code>org:reports:read</code> or <code>org:reports:manage</code>.</p>",
    )
}

/// `GET /api/me`: the auth state as JSON, for signed-in users.
#[protect]
pub(super) async fn me(auth: Auth) -> Json<Value> {
    Json(json!({
        "userId": auth.user_id(),
        "sessionId": auth.session_id(),
        "orgId": auth.org_id(),
        "orgRole": auth.org_role(),
        "orgSlug": auth.org_slug(),
        "orgPermissions": auth.org_permissions(),
        "actor": auth.actor(),
    }))
}
