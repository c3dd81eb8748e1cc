//! The `Cookie` request header, read exactly as Clerk reads it (`cookie` 1.1.1's `parse`, the
//! parser `@clerk/backend` bundles), in linear time and with a cap on the pairs read.
//!
//! - The header is split on `;` *before* any percent-decoding, so an encoded delimiter (`%3B`,
//!   `%3D`) stays inside its value and cannot forge another cookie.
//! - A segment without `=` is no cookie and is skipped. Name and value are trimmed of spaces and
//!   tabs (only those); the name is everything before the first `=`, so it may be empty.
//! - The *first* occurrence of a name wins; later duplicates are ignored.
//! - A value is percent-decoded as `decodeURIComponent` does only when it contains `%`, and
//!   kept raw when decoding would fail. Double quotes are *not* stripped: `__session="<jwt>"`
//!   yields a token that starts with `"` and fails verification, as it does in Clerk.
//! - Stricter than Clerk: a header with more than [`RequestCookies::MAX_PAIRS`] pairs is not read
//!   at all (see there).

use std::cmp::Ordering;
use std::collections::BTreeSet;

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
/// // Quotes are part of the value, as in Clerk.
/// assert_eq!(RequestCookies::parse(r#"a="x""#).get("a"), Some(r#""x""#));
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
pub struct RequestCookies {
    /// Unique names, in header order, with their decoded values.
    pairs: Vec<(String, String)>,
    /// The header had more than [`Self::MAX_PAIRS`] pairs, so none was kept.
    exceeded_limit: bool,
}

impl std::fmt::Debug for RequestCookies {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Cookie values are credentials: show the names only.
        if self.exceeded_limit {
            return f.write_str("{<more than RequestCookies::MAX_PAIRS pairs: none read>}");
        }
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
            let high = hex_digit(*bytes.get(i + 1)?)?;
            let low = hex_digit(*bytes.get(i + 2)?)?;
            out.push(high << 4 | low);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// One hexadecimal digit (no sign, no whitespace: `%+1` is malformed, as in JavaScript).
fn hex_digit(byte: u8) -> Option<u8> {
    char::from(byte)
        .to_digit(16)
        .and_then(|digit| u8::try_from(digit).ok())
}

/// `cookie`'s `valueSlice` trim: spaces and tabs only.
fn trim_spaces_and_tabs(text: &str) -> &str {
    text.trim_matches([' ', '\t'])
}

/// `cookie`'s `decode`: percent-decoded only when there is a `%`, raw when that fails.
fn decode_value(raw: &str) -> String {
    if raw.contains('%') {
        decode_uri_component(raw).unwrap_or_else(|| raw.to_owned())
    } else {
        raw.to_owned()
    }
}

impl RequestCookies {
    /// The most `name=value` pairs one request's cookies are read from (duplicates count;
    /// segments without `=` do not).
    ///
    /// Browsers keep at most 180 cookies per domain, so a real request stays far below. A
    /// header with more pairs is not read at all: every lookup finds nothing and the request
    /// carries no session, which fails closed (it is signed out). Reading only the first pairs
    /// instead would decide on part of the header, for example choosing a plain `__session`
    /// when a suffixed one came later, which Clerk would have chosen.
    ///
    /// ```
    /// use clerk_runtime::auth::RequestCookies;
    /// let flood = (0..=RequestCookies::MAX_PAIRS).map(|i| format!("c{i}=1; ")).collect::<String>();
    /// let cookies = RequestCookies::parse(&format!("__session=token; {flood}"));
    /// assert!(cookies.exceeded_limit());
    /// assert_eq!(cookies.get("__session"), None);
    /// ```
    pub const MAX_PAIRS: usize = 1024;

    /// Parses one `Cookie` header value. Never fails: segments without `=` are skipped.
    /// Linear in the header's length; stops reading past [`Self::MAX_PAIRS`] pairs.
    #[must_use]
    pub fn parse(header: &str) -> Self {
        // `cookie` returns nothing for a header shorter than two characters (`=`).
        if header.len() < 2 {
            return Self::default();
        }
        let mut seen: BTreeSet<Name<'_>> = BTreeSet::new();
        let mut pairs = Vec::new();
        let mut pairs_read = 0;
        for segment in header.split(';') {
            let Some((name, value)) = segment.split_once('=') else {
                continue;
            };
            pairs_read += 1;
            if pairs_read > Self::MAX_PAIRS {
                return Self {
                    pairs: Vec::new(),
                    exceeded_limit: true,
                };
            }
            let name = trim_spaces_and_tabs(name);
            if seen.insert(Name(name)) {
                let value = decode_value(trim_spaces_and_tabs(value));
                pairs.push((name.to_owned(), value));
            }
        }
        Self {
            pairs,
            exceeded_limit: false,
        }
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

    /// Whether the header had more than [`Self::MAX_PAIRS`] pairs, so that none was read.
    #[must_use]
    pub fn exceeded_limit(&self) -> bool {
        self.exceeded_limit
    }

    /// Every cookie, `(name, value)`, in header order, the first of each name only.
    #[cfg(test)]
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.pairs
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_str()))
    }
}

/// A cookie name in the set of names already read. Ordered as `str`; tests count the
/// comparisons to bound the work a header can cost.
#[derive(PartialEq, Eq)]
struct Name<'a>(&'a str);

impl Ord for Name<'_> {
    fn cmp(&self, other: &Self) -> Ordering {
        #[cfg(test)]
        counting::count();
        self.0.cmp(other.0)
    }
}

impl PartialOrd for Name<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

#[cfg(test)]
pub(crate) use counting::name_comparisons;

#[cfg(test)]
mod counting {
    use std::cell::Cell;

    thread_local! {
        static COMPARISONS: Cell<usize> = const { Cell::new(0) };
    }

    pub(super) fn count() {
        COMPARISONS.with(|count| count.set(count.get() + 1));
    }

    /// The name comparisons `work` made on this thread.
    pub(crate) fn name_comparisons(work: impl FnOnce()) -> usize {
        COMPARISONS.with(|count| count.set(0));
        work();
        COMPARISONS.with(Cell::get)
    }
}
