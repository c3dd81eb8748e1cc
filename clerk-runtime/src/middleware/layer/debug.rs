//! `debug(true)`: one `tracing` event per step of a request (target `clerk`), redacted.
//!
//! Stricter than Clerk, whose debug output prints the raw `cookie` header (the session token
//! included): here no token, cookie value, `authorization` value, query value, secret key or
//! key is ever formatted. Header and cookie *names* are logged, values are not.

use std::fmt::{self, Write as _};

use http::request::Parts;
use http::{HeaderMap, Uri};

use crate::auth::AuthState;

/// The request as debug output shows it: method, path, query names, header names, cookie names.
pub(crate) struct RedactedRequest<'a> {
    pub(crate) parts: &'a Parts,
    pub(crate) uri: &'a Uri,
}

impl fmt::Display for RedactedRequest<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.parts.method, self.uri.path())?;
        if let Some(query) = self.uri.query() {
            f.write_char('?')?;
            for (i, pair) in query.split('&').enumerate() {
                let name = pair.split('=').next().unwrap_or_default();
                if i > 0 {
                    f.write_char('&')?;
                }
                write!(f, "{}=[redacted]", printable(name))?;
            }
        }
        f.write_str(" headers=[")?;
        write_header_names(f, &self.parts.headers)?;
        f.write_char(']')
    }
}

fn write_header_names(f: &mut fmt::Formatter<'_>, headers: &HeaderMap) -> fmt::Result {
    for (i, name) in headers.keys().enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        f.write_str(name.as_str())?;
        if name == http::header::COOKIE {
            f.write_str("(names: ")?;
            let mut first = true;
            for value in headers.get_all(http::header::COOKIE) {
                for cookie in String::from_utf8_lossy(value.as_bytes()).split(';') {
                    let cookie_name = cookie.split('=').next().unwrap_or_default().trim();
                    if !first {
                        f.write_char(' ')?;
                    }
                    first = false;
                    f.write_str(&printable(cookie_name))?;
                }
            }
            f.write_char(')')?;
        } else if name == http::header::AUTHORIZATION {
            let scheme = headers
                .get(name)
                .and_then(|value| value.to_str().ok())
                .and_then(|value| value.split_once(' '))
                .map_or("", |(scheme, _)| scheme);
            write!(f, "({} [redacted])", printable(scheme))?;
        }
    }
    Ok(())
}

/// Names are attacker-chosen: keep them short and free of control characters.
fn printable(name: &str) -> String {
    name.chars().filter(|c| !c.is_control()).take(64).collect()
}

/// The auth state as debug output shows it: never the token.
pub(crate) struct AuthSummary<'a>(pub(crate) &'a AuthState);

impl fmt::Display for AuthSummary<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            AuthState::SignedIn(session) => write!(
                f,
                "signed-in user_id={} session_id={:?} session_status={:?} org_id={:?} org_role={:?} \
                 org_slug={:?} org_permissions={:?} token=[redacted]",
                session.user_id,
                session.session_id,
                session.session_status,
                session.org_id,
                session.org_role,
                session.org_slug,
                session.org_permissions,
            ),
            AuthState::SignedOut { reason, message } => {
                write!(f, "signed-out reason={reason} message={message:?}")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn render(uri: &str, cookie: &str, authorization: &str) -> String {
        let mut request = http::Request::builder().uri(uri);
        if let Ok(value) = http::HeaderValue::from_str(cookie) {
            request = request.header("cookie", value);
        }
        if let Ok(value) = http::HeaderValue::from_str(authorization) {
            request = request.header("authorization", value);
        }
        let (parts, ()) = request.body(()).unwrap().into_parts();
        RedactedRequest {
            parts: &parts,
            uri: &parts.uri,
        }
        .to_string()
    }

    #[test]
    fn names_only() {
        let shown = render(
            "/a?__clerk_db_jwt=secretjwt&x=1",
            "__session=secretcookie; theme=dark",
            "Bearer secrettoken",
        );
        assert_eq!(
            shown,
            "GET /a?__clerk_db_jwt=[redacted]&x=[redacted] headers=[cookie(names: __session theme), \
             authorization(Bearer [redacted])]"
        );
    }

    proptest! {
        #[test]
        fn values_never_appear(
            value in "[A-Za-z0-9._-]{8,40}",
            name in "[a-z_]{1,12}",
        ) {
            let shown = render(
                &format!("/p?{name}={value}"),
                &format!("{name}={value}; other={value}"),
                &format!("Bearer {value}"),
            );
            prop_assert!(!shown.contains(&value), "{}", shown);
        }

        #[test]
        fn arbitrary_headers_never_panic(cookie in ".{0,64}", authorization in ".{0,64}") {
            let _ = render("/", &cookie, &authorization);
        }
    }
}
