//! Where dev mode may send a browser back to: this app only, never another origin.

use axum::http::{HeaderMap, header};
use url::Url;

use crate::middleware::same_origin_location;

/// `redirect_url` when a browser would read it as a page of this app, as a path (with query and
/// fragment) that starts with exactly one `/`; `None` for anything else, so a crafted link can
/// never make the dev pages an open redirect.
///
/// The target is read as a browser reads it (the WHATWG URL parser: tabs and newlines removed,
/// `\` as `/`, dot segments resolved) against the request's `Host`. It must stay on that host
/// and port, over `http` or `https` (dev mode may sit behind a TLS proxy); the path comes from
/// the layer's own [`same_origin_location`], so it can never be read as a protocol-relative
/// `//host`.
pub(super) fn same_origin_path(redirect_url: &str, headers: &HeaderMap) -> Option<String> {
    // Without a `Host` (HTTP/2 sends `:authority`) only paths can be judged: a placeholder
    // origin stands in for ours, so an absolute URL never matches it.
    let host = match headers.get(header::HOST) {
        Some(host) => host.to_str().ok()?,
        None => "host.invalid",
    };
    let app = Url::parse(&format!("http://{host}")).ok().filter(|app| {
        app.path() == "/"
            && app.query().is_none()
            && app.username().is_empty()
            && app.password().is_none()
    })?;
    let target = app.join(redirect_url).ok()?;
    let same_app = matches!(target.scheme(), "http" | "https")
        && target.host() == app.host()
        && target.port() == app.port()
        && target.username().is_empty()
        && target.password().is_none();
    if !same_app {
        return None;
    }
    // The origin the target names (its scheme, our host and port) is the app's.
    let origin = Url::parse(&target.origin().ascii_serialization()).ok()?;
    Some(same_origin_location(redirect_url, &origin))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;
    use proptest::prelude::*;

    fn host(value: &'static str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, HeaderValue::from_static(value));
        headers
    }

    #[test]
    fn only_this_app() {
        let h = host("127.0.0.1:3000");
        for (given, expected) in [
            ("/dashboard?tab=1", Some("/dashboard?tab=1")),
            ("/dashboard?tab=1#top", Some("/dashboard?tab=1#top")),
            ("/a/../b", Some("/b")),
            ("http://127.0.0.1:3000/a?b=c", Some("/a?b=c")),
            ("https://127.0.0.1:3000/a", Some("/a")),
            ("http://127.0.0.1:3000", Some("/")),
            ("http://127.0.0.1:3000//evil.example", Some("/evil.example")),
            ("/.//evil.example", Some("/evil.example")),
            ("https://evil.example/", None),
            ("http://127.0.0.1:3001/", None),
            ("http://127.0.0.1/", None),
            ("http://user@127.0.0.1:3000/", None),
            ("//evil.example/", None),
            ("/\\evil.example/", None),
            ("\\/evil.example", None),
            ("/\t/evil.example", None),
            (" //evil.example", None),
            ("javascript:alert(1)", None),
        ] {
            assert_eq!(
                same_origin_path(given, &h).as_deref(),
                expected,
                "{given:?}"
            );
        }
        assert_eq!(same_origin_path("", &h).as_deref(), Some("/"));
        assert_eq!(
            same_origin_path("/x", &HeaderMap::new()).as_deref(),
            Some("/x")
        );
        assert_eq!(same_origin_path("http://x/", &HeaderMap::new()), None);
        assert_eq!(same_origin_path("/x", &host("evil.example/path")), None);
    }

    proptest! {
        /// Whatever the target, the answer is a path that a browser resolves, from any page of
        /// the app, to the app's own origin.
        #[test]
        fn never_leaves_the_app(target in "\\PC{0,40}", page in "(/[a-z]{1,5}){0,3}/?") {
            let h = host("app.test:8080");
            if let Some(path) = same_origin_path(&target, &h) {
                prop_assert!(path.starts_with('/') && !path.starts_with("//"), "{path:?}");
                let from = Url::parse("http://app.test:8080").unwrap().join(&page).unwrap();
                let landed = from.join(&path).unwrap();
                prop_assert_eq!(landed.host_str(), Some("app.test"));
                prop_assert_eq!(landed.port(), Some(8080));
            }
        }
    }
}
