//! The dev sign-in page: pick a user id, an org role and permissions; get a session token
//! signed with the dev key, the dev client cookie, and go back to `redirect_url`.

use std::fmt::Write as _;
use std::time::{SystemTime, UNIX_EPOCH};

use axum::extract::{Form, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{AppendHeaders, Html, IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::layout::{escape, page};
use crate::auth::RequestCookies;
use crate::dev::ClaimsError;
use crate::dev::DevMode;
use crate::dev::mode::client::{DevClient, SignInError};
use crate::dev::mode::cookies::{self, Names};
use crate::dev::mode::redirect_target::same_origin_path;

#[derive(Debug, Deserialize)]
pub(super) struct RedirectQuery {
    redirect_url: Option<String>,
}

/// `GET`: the form.
pub(super) async fn form(Query(query): Query<RedirectQuery>) -> Html<String> {
    let blank = SignIn {
        user_id: "user_1".to_owned(),
        role: String::new(),
        permissions: String::new(),
        redirect_url: query.redirect_url.unwrap_or_else(|| "/".to_owned()),
    };
    render(&blank, None)
}

/// The org roles the form offers; a role posted from elsewhere is offered too.
const ROLES: [(&str, &str); 3] = [
    ("", "no organization"),
    ("org:member", "org:member"),
    ("org:admin", "org:admin"),
];

/// The form, filled with `values`, with `error` above it.
fn render(values: &SignIn, error: Option<&str>) -> Html<String> {
    let error = error.map_or_else(String::new, |error| {
        format!("<p class=error>{}</p>", escape(error))
    });
    let role = values.role.trim();
    let mut roles: Vec<(&str, &str)> = ROLES.to_vec();
    if !roles.iter().any(|(value, _)| *value == role) {
        roles.push((role, role));
    }
    let mut options = String::new();
    for (value, label) in roles {
        let selected = if value == role { " selected" } else { "" };
        let _ = write!(
            options,
            "<option value=\"{}\"{selected}>{}</option>",
            escape(value),
            escape(label)
        );
    }
    page(
        "Local dev sign-in",
        &format!(
            "<p class=note>No Clerk account needed: this page signs a session token with the \
             dev key (<code>.clerk/dev-key.pem</code>).</p>{error}\
             <form method=post action=\"{action}\">\
             <input type=hidden name=redirect_url value=\"{redirect_url}\">\
             <label for=user_id>User id</label>\
             <input id=user_id name=user_id value=\"{user_id}\" required>\
             <label for=role>Org role</label><select id=role name=role>{options}</select>\
             <label for=permissions>Permissions (comma-separated)</label>\
             <input id=permissions name=permissions value=\"{permissions}\" \
             placeholder=\"org:reports:read, org:reports:manage\">\
             <p class=note>Roles and permissions belong to an organization: pick a role to \
             join the dev organization (<code>org_dev</code>). Permissions with \u{201c}no \
             organization\u{201d} are refused, as Clerk never puts them in a token without \
             one.</p>\
             <button type=submit>Sign in</button></form>",
            action = DevMode::SIGN_IN_PATH,
            redirect_url = escape(&values.redirect_url),
            user_id = escape(&values.user_id),
            permissions = escape(&values.permissions),
        ),
    )
}

/// What the form says about `error`: in the form's words where the library's message speaks
/// of the claims builder.
fn form_message(error: &SignInError) -> String {
    match error {
        SignInError::Claims(ClaimsError::PermissionsWithoutOrg) => {
            "Permissions need an organization: pick an org role (it joins the dev organization \
             org_dev), or leave the permissions empty."
                .to_owned()
        }
        other => other.to_string(),
    }
}

/// The sign-in form's fields.
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

/// `POST`: sign in, set the cookies, go back (to `/` when `redirect_url` is not this app).
pub(super) async fn submit(
    State(dev): State<DevMode>,
    headers: HeaderMap,
    Form(form): Form<SignIn>,
) -> Response {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs());
    let signed = DevClient::sign_in(
        &form.user_id,
        &form.role,
        &form.permissions,
        cookies::new_session_id(),
        now,
    )
    .and_then(|client| {
        let token = client.mint_session(dev.signing_key(), now, dev.session_ttl())?;
        let sealed = client.seal(dev.signing_key())?;
        Ok((client, token, sealed))
    });
    let (client, token, sealed) = match signed {
        Ok(signed) => signed,
        Err(error) => {
            return (
                StatusCode::BAD_REQUEST,
                render(&form, Some(&form_message(&error))),
            )
                .into_response();
        }
    };
    let dev_browser = RequestCookies::from_headers(&headers)
        .get(cookies::DEV_BROWSER)
        .map_or_else(cookies::new_dev_browser_id, str::to_owned);
    let mut set_cookies = cookies::signed_in(&token, &client, Names::Plain);
    set_cookies.push(cookies::client(&sealed));
    set_cookies.push(cookies::dev_browser(&dev_browser));
    let back = same_origin_path(&form.redirect_url, &headers).unwrap_or_else(|| "/".to_owned());
    (
        AppendHeaders(
            set_cookies
                .into_iter()
                .map(|cookie| (header::SET_COOKIE, cookie)),
        ),
        Redirect::to(&back),
    )
        .into_response()
}
