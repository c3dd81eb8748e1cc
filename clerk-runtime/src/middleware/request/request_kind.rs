//! Which requests count as page requests: Clerk's `isPageRequest` (`protect.ts`).

use http::HeaderMap;
use http::header::ACCEPT;

/// `sec-fetch-dest`, the Fetch Metadata header browsers send with every request.
const SEC_FETCH_DEST: &str = "sec-fetch-dest";

/// Whether a request is a page load (a browser navigation), as Clerk's `protect()` decides it:
/// `sec-fetch-dest` is `document` or `iframe`, or `accept` contains `text/html`.
///
/// Page requests that are signed out are redirected to sign-in; every other kind of request
/// gets a 404 (or the JSON API policy's 401).
///
/// ```
/// use clerk_runtime::middleware::is_page_request;
/// use http::HeaderMap;
///
/// let mut headers = HeaderMap::new();
/// assert!(!is_page_request(&headers));
/// headers.insert("accept", "text/html,application/xhtml+xml".parse().unwrap());
/// assert!(is_page_request(&headers));
/// ```
#[must_use]
pub fn is_page_request(headers: &HeaderMap) -> bool {
    let fetch_dest = headers
        .get_all(SEC_FETCH_DEST)
        .iter()
        .any(|value| matches!(value.as_bytes(), b"document" | b"iframe"));
    fetch_dest
        || headers
            .get_all(ACCEPT)
            .iter()
            .any(|value| contains(value.as_bytes(), b"text/html"))
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, value.parse().unwrap());
        }
        map
    }

    #[test]
    fn classifies_like_clerk() {
        assert!(is_page_request(&headers(&[("sec-fetch-dest", "document")])));
        assert!(is_page_request(&headers(&[("sec-fetch-dest", "iframe")])));
        assert!(!is_page_request(&headers(&[("sec-fetch-dest", "empty")])));
        assert!(!is_page_request(&headers(&[(
            "sec-fetch-dest",
            "Document"
        )])));
        assert!(is_page_request(&headers(&[(
            "accept",
            "application/json, text/html;q=0.1"
        )])));
        assert!(!is_page_request(&headers(&[(
            "accept",
            "application/json"
        )])));
        assert!(!is_page_request(&headers(&[("accept", "*/*")])));
        // `accept` is checked even when `sec-fetch-dest` says something else.
        assert!(is_page_request(&headers(&[
            ("sec-fetch-dest", "empty"),
            ("accept", "text/html")
        ])));
    }
}
