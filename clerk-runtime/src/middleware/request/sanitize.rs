//! Removes request headers a client could use to impersonate the middleware.
//!
//! Next.js CVE-2025-29927 let a client skip middleware with an internal header. Clerk's Next
//! integration passes auth to the app server in `x-clerk-*` request headers; this library never
//! reads them, but code downstream might, so the layer deletes every incoming `x-clerk-*`
//! header before anything else sees the request.

use http::HeaderMap;

/// The prefix of the headers Clerk's integrations use internally.
const CLERK_HEADER_PREFIX: &str = "x-clerk-";

/// Deletes every `x-clerk-*` header; returns how many names were removed.
pub(crate) fn strip_clerk_headers(headers: &mut HeaderMap) -> usize {
    let forged: Vec<_> = headers
        .keys()
        .filter(|name| name.as_str().starts_with(CLERK_HEADER_PREFIX))
        .cloned()
        .collect();
    for name in &forged {
        headers.remove(name);
    }
    forged.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_only_clerk_headers() {
        let mut headers = HeaderMap::new();
        headers.append("x-clerk-auth-status", "signed-in".parse().unwrap());
        headers.append("x-clerk-auth-status", "signed-in".parse().unwrap());
        headers.append("X-Clerk-Auth-Token", "forged".parse().unwrap());
        headers.append("x-clerkish", "kept".parse().unwrap());
        headers.append("authorization", "Bearer t".parse().unwrap());
        assert_eq!(strip_clerk_headers(&mut headers), 2);
        assert_eq!(headers.len(), 2);
        assert!(headers.contains_key("x-clerkish"));
        assert!(headers.contains_key("authorization"));
    }
}
