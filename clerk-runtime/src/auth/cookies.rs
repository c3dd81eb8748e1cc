//! The `Cookie` request header, read as Clerk reads it (the `cookie` package's `parse`).
//!
//! Pairs are split on `;` *before* any percent-decoding, so an encoded delimiter (`%3B`, `%3D`)
//! stays inside its value and cannot forge another cookie. The first occurrence of a name
//! wins. Values wrapped in double quotes lose the quotes; values containing `%` are
//! percent-decoded as `decodeURIComponent` does, and kept raw when that would fail.

use http::HeaderMap;
use http::header::COOKIE;

/// The cookies of one request.
///
/// ```
/// use clerk_runtime::auth::RequestCookies;
/// let cookies = RequestCookies::parse("__session=a%3Bb; __client_uat=1; __session=second");
/// assert_eq!(cookies.get("__session"), Some("a;b"));
/// assert_eq!(cookies.get("__client_uat"), Some("1"));
/// assert_eq!(cookies.get("b"), None);
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
pub struct RequestCookies {
    pairs: Vec<(String, String)>,
}

impl std::fmt::Debug for RequestCookies {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Cookie values are credentials: show the names only.
        f.debug_set()
            .entries(self.pairs.iter().map(|(name, _)| name))
            .finish()
    }
}

/// Header bytes as Node reads them (Latin-1): every byte is one character.
pub(crate) fn latin1(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| char::from(b)).collect()
}

/// `decodeURIComponent`, or `None` where it would throw (a malformed escape, invalid UTF-8).
fn decode_uri_component(value: &str) -> Option<String> {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

impl RequestCookies {
    /// Parses one `Cookie` header value. Never fails: malformed pairs are skipped.
    #[must_use]
    pub fn parse(header: &str) -> Self {
        let bytes = header.as_bytes();
        let mut pairs: Vec<(String, String)> = Vec::new();
        let mut index = 0;
        while index < bytes.len() {
            let end = header[index..]
                .find(';')
                .map_or(bytes.len(), |offset| index + offset);
            let pair = &header[index..end];
            index = end + 1;
            let Some(eq) = pair.find('=') else {
                continue;
            };
            let name = pair[..eq].trim_matches(|c: char| c == ' ' || c == '\t');
            if pairs.iter().any(|(existing, _)| existing == name) {
                continue;
            }
            let raw = pair[eq + 1..].trim_matches(|c: char| c == ' ' || c == '\t');
            let raw = match raw.as_bytes() {
                [b'"', .., b'"'] => &raw[1..raw.len() - 1],
                [b'"'] => "",
                _ => raw,
            };
            let value = if raw.contains('%') {
                decode_uri_component(raw).unwrap_or_else(|| raw.to_owned())
            } else {
                raw.to_owned()
            };
            pairs.push((name.to_owned(), value));
        }
        Self { pairs }
    }

    /// The cookies of a request: every `Cookie` header, joined with `; ` as Node joins them.
    #[must_use]
    pub fn from_headers(headers: &HeaderMap) -> Self {
        let joined = headers
            .get_all(COOKIE)
            .iter()
            .map(|v| latin1(v.as_bytes()))
            .collect::<Vec<_>>()
            .join("; ");
        Self::parse(&joined)
    }

    /// The value of the first cookie called `name`.
    #[must_use]
    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}
