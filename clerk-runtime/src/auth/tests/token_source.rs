use http::{HeaderMap, HeaderValue};

use crate::auth::{RequestCookies, is_document_request, token_from_authorization_header};

fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (name, value) in pairs {
        map.append(*name, HeaderValue::from_static(value));
    }
    map
}

#[test]
fn authorization_header_forms() {
    let token =
        |v: &'static str| token_from_authorization_header(&headers(&[("authorization", v)]));
    assert_eq!(token("Bearer a.b.c").as_deref(), Some("a.b.c"));
    assert_eq!(token("a.b.c").as_deref(), Some("a.b.c"));
    // JavaScript's `split(" ", 2)`: an empty second part makes the first one the token, and
    // anything after a second space is dropped.
    assert_eq!(token("Bearer  a.b.c").as_deref(), Some("Bearer"));
    assert_eq!(token("Bearer a.b.c more").as_deref(), Some("a.b.c"));
    assert_eq!(token("Basic  abc").as_deref(), Some("Basic"));
    assert_eq!(token("bearer a.b.c"), None);
    assert_eq!(token("BEARER a.b.c"), None);
    assert_eq!(token("Basic abc"), None);
    assert_eq!(token("Bearer ").as_deref(), Some("Bearer"));
    assert_eq!(token(""), None);
    assert_eq!(token_from_authorization_header(&HeaderMap::new()), None);
    // Several headers are joined as Fetch's `Headers.get` joins them.
    let two = headers(&[("authorization", "Bearer a"), ("authorization", "Bearer b")]);
    assert_eq!(token_from_authorization_header(&two).as_deref(), Some("a,"));
}

#[test]
fn document_requests() {
    assert!(is_document_request(&headers(&[(
        "sec-fetch-dest",
        "document"
    )])));
    assert!(is_document_request(&headers(&[(
        "sec-fetch-dest",
        "iframe"
    )])));
    assert!(!is_document_request(&headers(&[
        ("sec-fetch-dest", "empty"),
        ("accept", "text/html")
    ])));
    assert!(!is_document_request(&headers(&[(
        "sec-fetch-dest",
        "Document"
    )])));
    assert!(is_document_request(&headers(&[(
        "accept",
        "text/html, */*"
    )])));
    assert!(!is_document_request(&headers(&[(
        "accept",
        "application/json, text/html"
    )])));
    // An empty Sec-Fetch-Dest counts as absent (`headers.get(name) || undefined`).
    assert!(is_document_request(&headers(&[
        ("sec-fetch-dest", ""),
        ("accept", "text/html")
    ])));
}

#[test]
fn cookie_parsing_details() {
    let c = RequestCookies::parse(
        r#" a = 1 ; b="quoted" ; c=" ; d=%E2%82%AC; e=%ZZ; f=%C3; noeq; g==x"#,
    );
    assert_eq!(c.get("a"), Some("1"));
    // Quotes are kept, as Clerk's parser keeps them.
    assert_eq!(c.get("b"), Some("\"quoted\""));
    assert_eq!(c.get("c"), Some("\""));
    assert_eq!(c.get("d"), Some("€"));
    assert_eq!(c.get("e"), Some("%ZZ"));
    assert_eq!(c.get("f"), Some("%C3"));
    assert_eq!(c.get("noeq"), None);
    assert_eq!(c.get("g"), Some("=x"));
    // Encoded names are not decoded, so `%5F_session` is not `__session`.
    assert_eq!(
        RequestCookies::parse("%5F_session=x").get("__session"),
        None
    );
    let shown = format!("{:?}", RequestCookies::parse("__session=secret"));
    assert!(!shown.contains("secret"), "{shown}");
}
