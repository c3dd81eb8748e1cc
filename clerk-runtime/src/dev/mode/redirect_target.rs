//! Where dev mode may send a browser back to: this app only, never another origin.

use axum::http::{HeaderMap, header};

/// The path and query of `redirect_url` when it points at this app: a path starting with one
/// `/`, or an absolute `http(s)` URL on the request's `Host`. `None` for anything else, so a
/// crafted link can never make the dev pages an open redirect.
pub(super) fn same_origin_path(redirect_url: &str, headers: &HeaderMap) -> Option<String> {
    if redirect_url
        .chars()
        .any(|c| c.is_control() || c.is_whitespace() || c == '\\')
    {
        return None;
    }
    if redirect_url.starts_with('/') {
        return (!redirect_url.starts_with("//")).then(|| redirect_url.to_owned());
    }
    let host = headers.get(header::HOST)?.to_str().ok()?;
    let url = url::Url::parse(redirect_url).ok()?;
    let same_host = matches!(url.scheme(), "http" | "https")
        && url.username().is_empty()
        && url.password().is_none()
        && !host.is_empty()
        && url[url::Position::BeforeHost..url::Position::BeforePath].eq_ignore_ascii_case(host);
    same_host.then(|| url[url::Position::BeforePath..url::Position::AfterQuery].to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

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
            ("http://127.0.0.1:3000/a?b=c#frag", Some("/a?b=c")),
            ("http://127.0.0.1:3000", Some("/")),
            ("https://evil.example/", None),
            ("http://127.0.0.1:3001/", None),
            ("http://user@127.0.0.1:3000/", None),
            ("//evil.example/", None),
            ("/\\evil.example/", None),
            ("/\tevil", None),
            ("javascript:alert(1)", None),
            ("", None),
        ] {
            assert_eq!(same_origin_path(given, &h).as_deref(), expected, "{given}");
        }
        assert_eq!(same_origin_path("http://x/", &HeaderMap::new()), None);
    }
}
