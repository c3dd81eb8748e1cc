//! `debug(true)`: one `tracing` event per step of a request (target `clerk`), redacted.
//!
//! Stricter than Clerk, whose debug output prints the raw `cookie` header (the session token
//! included): here no token, cookie value, `authorization` value, query value, secret key or
//! key is ever formatted. Only shapes known to be safe are shown, from an allow-list:
//!
//! - header names (never values);
//! - query keys and cookie names that Clerk uses (`__clerk_db_jwt`, `__session`,
//!   `__session_<suffix>`…), with `[redacted]` for their values; every other query item or
//!   cookie, named or not, is `[other]` (an item without `=` may be a bare credential);
//! - the `authorization` scheme when it is one of `Basic`, `Bearer`, `Digest`, `Negotiate`,
//!   `Token` followed by a credential; any other value is `[redacted]` whole.
//!
//! At most 32 query items and 32 cookies are listed per request; the rest are counted.

use std::fmt::{self, Write as _};

use http::request::Parts;
use http::{HeaderMap, Uri};

use crate::auth::AuthState;

/// The request as debug output shows it: method, path, header names, and of the query, the
/// cookies and `authorization` only the parts known to be safe (see the module docs).
pub(crate) struct RedactedRequest<'a> {
    pub(crate) parts: &'a Parts,
    pub(crate) uri: &'a Uri,
}

/// Shown for a query item or cookie that is not one of Clerk's.
const OTHER: &str = "[other]";

/// Query keys Clerk reads or writes: shown by name, values never.
const CLERK_QUERY_KEYS: &[&str] = &[
    "__clerk_db_jwt",
    "__clerk_handshake",
    "__clerk_handshake_nonce",
    "__clerk_help",
    "__clerk_hs_reason",
    "__clerk_redirect_url",
    "__clerk_satellite_url",
    "__clerk_synced",
    "__dev_session",
    "redirect_url",
];

/// Cookie names Clerk reads: shown by name, values never.
const CLERK_COOKIES: &[&str] = &[
    "__clerk_db_jwt",
    "__clerk_handshake",
    "__clerk_handshake_nonce",
    "__clerk_redirect_count",
    "__client_uat",
    "__refresh",
    "__session",
];

/// Clerk cookies that also come with an instance suffix, and how they are shown then.
const SUFFIXED_COOKIES: &[(&str, &str)] = &[
    ("__clerk_db_jwt", "__clerk_db_jwt_<suffix>"),
    ("__client_uat", "__client_uat_<suffix>"),
    ("__refresh", "__refresh_<suffix>"),
    ("__session", "__session_<suffix>"),
];

/// `authorization` schemes shown by name (in this spelling, whatever the request's case).
const AUTH_SCHEMES: &[&str] = &["Basic", "Bearer", "Digest", "Negotiate", "Token"];

impl fmt::Display for RedactedRequest<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.parts.method, self.uri.path())?;
        if let Some(query) = self.uri.query() {
            f.write_char('?')?;
            let items = query.split('&');
            let total = items.clone().count();
            for (i, item) in items.take(MAX_ITEMS_SHOWN).enumerate() {
                if i > 0 {
                    f.write_char('&')?;
                }
                match item.split_once('=') {
                    Some((key, _)) if CLERK_QUERY_KEYS.contains(&key) => {
                        write!(f, "{key}=[redacted]")?;
                    }
                    None if CLERK_QUERY_KEYS.contains(&item) => f.write_str(item)?,
                    _ => f.write_str(OTHER)?,
                }
            }
            write_more(f, total)?;
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
            f.write_str("(names:")?;
            let cookies = || {
                headers
                    .get_all(http::header::COOKIE)
                    .into_iter()
                    .flat_map(|value| value.as_bytes().split(|&b| b == b';'))
            };
            for cookie in cookies().take(MAX_ITEMS_SHOWN) {
                f.write_char(' ')?;
                f.write_str(cookie_name(cookie))?;
            }
            let total = cookies().count();
            write_more(f, total)?;
            f.write_char(')')?;
        } else if name == http::header::AUTHORIZATION {
            let scheme = headers
                .get(name)
                .and_then(|value| auth_scheme(value.as_bytes()));
            match scheme {
                Some(scheme) => write!(f, "({scheme} [redacted])")?,
                None => f.write_str("([redacted])")?,
            }
        }
    }
    Ok(())
}

/// After this many query items or cookies, the rest are only counted, so that one request
/// cannot make a debug line as long as its headers.
const MAX_ITEMS_SHOWN: usize = 32;

/// ` (+N more)` when `total` items exceed what is shown.
fn write_more(f: &mut fmt::Formatter<'_>, total: usize) -> fmt::Result {
    if total > MAX_ITEMS_SHOWN {
        write!(f, " (+{} more)", total - MAX_ITEMS_SHOWN)?;
    }
    Ok(())
}

/// The name of one `;`-separated cookie item when it is one of Clerk's, else [`OTHER`]
/// (a nameless item's text may be anything, a credential included).
fn cookie_name(item: &[u8]) -> &'static str {
    let Some(eq) = item.iter().position(|&b| b == b'=') else {
        return OTHER;
    };
    // Trimmed of spaces and tabs, as Clerk's cookie parser trims names.
    let blank = |b: &u8| *b == b' ' || *b == b'\t';
    let name = &item[..eq];
    let start = name.iter().position(|b| !blank(b)).unwrap_or(name.len());
    let end = name
        .iter()
        .rposition(|b| !blank(b))
        .map_or(start, |last| last + 1);
    let name = &name[start..end];
    if let Some(known) = CLERK_COOKIES.iter().find(|known| known.as_bytes() == name) {
        return known;
    }
    SUFFIXED_COOKIES
        .iter()
        .find(|(base, _)| {
            name.strip_prefix(base.as_bytes())
                .and_then(|rest| rest.strip_prefix(b"_"))
                .is_some_and(is_cookie_suffix)
        })
        .map_or(OTHER, |(_, shown)| shown)
}

/// An instance suffix: a short run of URL-safe base64 characters.
fn is_cookie_suffix(suffix: &[u8]) -> bool {
    (1..=16).contains(&suffix.len())
        && suffix
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// The scheme of an `authorization` value when its first word is a known scheme followed by
/// whitespace and more; a value without a known scheme may be a bare credential.
fn auth_scheme(value: &[u8]) -> Option<&'static str> {
    let end = value.iter().position(|&b| b == b' ' || b == b'\t')?;
    let word = &value[..end];
    AUTH_SCHEMES
        .iter()
        .find(|scheme| scheme.as_bytes().eq_ignore_ascii_case(word))
        .copied()
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

    fn render_with(uri: &str, headers: &[(&str, &str)]) -> String {
        let mut request = http::Request::builder().uri(uri);
        for (name, value) in headers {
            if let Ok(value) = http::HeaderValue::from_str(value) {
                request = request.header(*name, value);
            }
        }
        let (parts, ()) = request.body(()).unwrap().into_parts();
        RedactedRequest {
            parts: &parts,
            uri: &parts.uri,
        }
        .to_string()
    }

    fn render(uri: &str, cookie: &str, authorization: &str) -> String {
        render_with(uri, &[("cookie", cookie), ("authorization", authorization)])
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
            "GET /a?__clerk_db_jwt=[redacted]&[other] headers=[cookie(names: __session [other]), \
             authorization(Bearer [redacted])]"
        );
    }

    #[test]
    fn items_without_a_name_are_never_shown() {
        let shown = render("/a?SECRETQUERY&k=v", "SECRETCOOKIE", "SECRETAUTH");
        assert_eq!(
            shown,
            "GET /a?[other]&[other] headers=[cookie(names: [other]), authorization([redacted])]"
        );
        let shown = render("/a?x=1", "a=1; SECRETCOOKIE", "SECRETSCHEME credentials");
        assert_eq!(
            shown,
            "GET /a?[other] headers=[cookie(names: [other] [other]), authorization([redacted])]"
        );
    }

    #[test]
    fn odd_names_are_redacted_and_known_schemes_are_canonical() {
        let shown = render(
            "/a?a%20b=1&eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyXzEifQ.c2ln=2&__clerk_synced",
            "weird name=1; __session_AbCd1234=x; é=2;\t__client_uat =1",
            "bearer token",
        );
        assert_eq!(
            shown,
            "GET /a?[other]&[other]&__clerk_synced headers=[cookie(names: [other] \
             __session_<suffix> [other] __client_uat), authorization(Bearer [redacted])]"
        );
    }

    #[test]
    fn long_lists_are_counted_not_shown() {
        let cookies = (0..48_000)
            .map(|i| format!("c{i}=v"))
            .collect::<Vec<_>>()
            .join("; ");
        let query = (0..100)
            .map(|i| format!("q{i}=v"))
            .collect::<Vec<_>>()
            .join("&");
        let shown = render(&format!("/a?{query}"), &cookies, "");
        assert!(shown.len() < 1_000, "{} bytes: {shown}", shown.len());
        assert!(shown.contains("&[other] (+68 more) headers"), "{shown}");
        assert!(shown.contains(" [other] (+47968 more))"), "{shown}");
    }

    /// A secret: distinctive, at least 8 characters.
    fn secret() -> impl Strategy<Value = String> {
        "[A-Za-z0-9+/=~!*'()-]{8,40}".prop_map(|body| format!("S3cr{body}"))
    }

    /// Every 8-character window of `secret`.
    fn windows(secret: &str) -> Vec<&str> {
        (0..=secret.len() - 8).map(|i| &secret[i..i + 8]).collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// Secrets placed wherever a client can put a value (cookie values and nameless
        /// cookies, any authorization value, query values and nameless query items, any other
        /// header) never reach the output, not even 8 bytes of them.
        #[test]
        fn secret_values_never_appear(
            secret in secret(),
            name in "[a-z_]{1,12}",
            layout in 0usize..6,
            scheme in prop::sample::select(vec!["Bearer", "bearer", "Basic", "", "Token", "X"]),
            separator in prop::sample::select(vec![" ", "  ", "\t", ",", ""]),
        ) {
            let cookie = match layout {
                0 => format!("{name}={secret}"),
                1 => secret.clone(),
                2 => format!("a=1; {secret}"),
                3 => format!("{secret}; {name}=1"),
                4 => format!("={secret}"),
                _ => format!("{name}=\"{secret}\"; {name}"),
            };
            let authorization = match layout {
                0 => format!("{scheme}{separator}{secret}"),
                1 => secret.clone(),
                2 => format!("{secret} {scheme}"),
                3 => format!("{secret}{separator}more"),
                _ => format!("{scheme}{separator}{secret} more"),
            };
            let query = match layout {
                0 => format!("{name}={secret}"),
                1 => secret.clone(),
                2 => format!("a=1&{secret}"),
                3 => format!("{secret}&{name}=1"),
                4 => format!("={secret}"),
                _ => format!("{name}={secret}={secret}"),
            };
            let shown = render_with(
                &format!("/p?{query}"),
                &[
                    ("cookie", &cookie),
                    ("cookie", &format!("second={secret}")),
                    ("authorization", &authorization),
                    ("x-api-key", &secret),
                    ("host", &secret),
                ],
            );
            for window in windows(&secret) {
                prop_assert!(!shown.contains(window), "{:?} leaks {:?}", shown, window);
            }
        }

        #[test]
        fn arbitrary_headers_never_panic(cookie in ".{0,64}", authorization in ".{0,64}", query in ".{0,32}") {
            let uri = format!("/?{query}");
            if uri.parse::<Uri>().is_ok() {
                let _ = render(&uri, &cookie, &authorization);
            }
        }
    }
}
