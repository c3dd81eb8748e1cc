//! Clerk's `normalizePath`: JavaScript `decodeURI` once, then runs of `/` collapsed to one.

use std::borrow::Cow;
use std::fmt;

/// The characters `decodeURI` leaves percent-encoded: ECMAScript's `uriReserved` plus `#`.
///
/// An escape such as `%2F` or `%3f` that decodes to one of these is kept exactly as written,
/// including the case of its hex digits.
const DECODE_URI_RESERVED: &[u8] = b";/?:@&=+$,#";

/// A path whose percent-encoding `decodeURI` rejects: Clerk's `MalformedURLError`.
///
/// Clerk's middleware answers it with `400 Bad Request`. [`Display`](fmt::Display) gives
/// Clerk's message, `Malformed encoding in URL path: <path>`.
///
/// ```
/// use clerk_runtime::matcher::normalize_path;
///
/// let err = normalize_path("/admin%zz").unwrap_err();
/// assert_eq!(err.to_string(), "Malformed encoding in URL path: /admin%zz");
/// assert_eq!(err.offset(), 6);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MalformedUrlError {
    path: String,
    offset: usize,
}

impl MalformedUrlError {
    /// The path as it was given (not decoded).
    #[must_use]
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Byte offset in [`path`](Self::path) of the `%` that starts the bad escape.
    #[must_use]
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// Clerk's error name, `MalformedURLError`.
    #[must_use]
    pub fn name(&self) -> &'static str {
        "MalformedURLError"
    }
}

impl fmt::Display for MalformedUrlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Malformed encoding in URL path: {}", self.path)
    }
}

impl std::error::Error for MalformedUrlError {}

/// Normalises a request path the way Clerk does before matching it (`normalizePath` in
/// `@clerk/shared/pathMatcher`).
///
/// 1. JavaScript's `decodeURI`, once: `%XX` escapes are decoded as UTF-8, except those that
///    decode to one of `; / ? : @ & = + $ , #`, which stay encoded as written (so `%2F` never
///    becomes a separator). A `%` not followed by two hex digits, an invalid or truncated UTF-8
///    sequence, an overlong form and an encoded surrogate are errors.
/// 2. Every run of two or more `/` becomes one `/`.
///
/// Dot segments are not resolved, as in Clerk. When nothing changes, the path is returned
/// borrowed, without allocating.
///
/// ```
/// use std::borrow::Cow;
/// use clerk_runtime::matcher::normalize_path;
///
/// assert_eq!(normalize_path("//api/%61dmin").unwrap(), "/api/admin");
/// assert_eq!(normalize_path("/caf%C3%A9").unwrap(), "/café");
/// assert_eq!(normalize_path("/admin%2Fsecret").unwrap(), "/admin%2Fsecret");
/// assert!(matches!(normalize_path("/already/normal").unwrap(), Cow::Borrowed(_)));
/// assert!(normalize_path("/%C3").is_err());
/// ```
pub fn normalize_path(path: &str) -> Result<Cow<'_, str>, MalformedUrlError> {
    let bytes = path.as_bytes();
    // Most paths need nothing: no escape, no `//`. Word-at-a-time scans decide that quickly.
    if !bytes.contains(&b'%') && !has_double_slash(bytes) {
        return Ok(Cow::Borrowed(path));
    }
    // `None` while the output is exactly `path[..i]`; the owned copy starts at the first change.
    let mut owned: Option<String> = None;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'/' => {
                let after_slash = match &owned {
                    Some(out) => out.ends_with('/'),
                    None => i > 0 && bytes[i - 1] == b'/',
                };
                if after_slash {
                    owned.get_or_insert_with(|| path[..i].to_owned());
                } else if let Some(out) = &mut owned {
                    out.push('/');
                }
                i += 1;
            }
            b'%' => {
                let (decoded, len) = decode_escape(bytes, i).ok_or_else(|| MalformedUrlError {
                    path: path.to_owned(),
                    offset: i,
                })?;
                match decoded {
                    Decoded::KeptEncoded => {
                        if let Some(out) = &mut owned {
                            out.push_str(&path[i..i + len]);
                        }
                    }
                    Decoded::Char(c) => owned.get_or_insert_with(|| path[..i].to_owned()).push(c),
                }
                i += len;
            }
            _ => {
                // Copy the whole run up to the next `/` or `%` at once.
                let end = bytes[i..]
                    .iter()
                    .position(|&b| b == b'/' || b == b'%')
                    .map_or(bytes.len(), |n| i + n);
                if let Some(out) = &mut owned {
                    out.push_str(&path[i..end]);
                }
                i = end;
            }
        }
    }
    Ok(owned.map_or(Cow::Borrowed(path), Cow::Owned))
}

/// Whether `bytes` contains `//`.
fn has_double_slash(bytes: &[u8]) -> bool {
    bytes.windows(2).any(|pair| pair == b"//")
}

/// What one escape sequence decodes to.
enum Decoded {
    /// A reserved character: the escape stays as written.
    KeptEncoded,
    /// The decoded character.
    Char(char),
}

/// Decodes the escape sequence (one to four `%XX`) that starts at `bytes[start]`, returning what
/// it decodes to and its length in bytes, or `None` where `decodeURI` throws `URIError`.
fn decode_escape(bytes: &[u8], start: usize) -> Option<(Decoded, usize)> {
    let lead = hex_byte(bytes, start)?;
    if lead < 0x80 {
        if DECODE_URI_RESERVED.contains(&lead) {
            return Some((Decoded::KeptEncoded, 3));
        }
        return Some((Decoded::Char(char::from(lead)), 3));
    }
    let width = match lead.leading_ones() {
        n @ 2..=4 => n as usize,
        // A continuation byte first, or a lead byte no UTF-8 sequence starts with.
        _ => return None,
    };
    let mut octets = [lead, 0, 0, 0];
    for (n, octet) in octets.iter_mut().enumerate().take(width).skip(1) {
        let at = start + 3 * n;
        let byte = hex_byte(bytes, at)?;
        if byte & 0xC0 != 0x80 {
            return None;
        }
        *octet = byte;
    }
    // Rejects overlong forms, surrogates and code points past U+10FFFF, as the spec's
    // "not a valid UTF-8 encoding of a code point" does.
    let text = std::str::from_utf8(&octets[..width]).ok()?;
    let c = text.chars().next()?;
    Some((Decoded::Char(c), 3 * width))
}

/// The byte encoded by `%XX` at `bytes[at..at + 3]`, if that is a `%` and two hex digits.
fn hex_byte(bytes: &[u8], at: usize) -> Option<u8> {
    match bytes.get(at..at + 3)? {
        [b'%', hi, lo] => Some((hex_digit(*hi)? << 4) | hex_digit(*lo)?),
        _ => None,
    }
}

fn hex_digit(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(path: &str) -> Result<String, usize> {
        normalize_path(path)
            .map(Cow::into_owned)
            .map_err(|e| e.offset())
    }

    #[test]
    fn unchanged_paths_are_borrowed() {
        for path in [
            "",
            "/",
            "/admin",
            "/a/b/c",
            "/admin%2Fsecret",
            "/x%3f%23",
            "/café",
        ] {
            let out = normalize_path(path).unwrap();
            assert!(matches!(out, Cow::Borrowed(_)), "{path} was copied");
            assert_eq!(out, path);
        }
    }

    #[test]
    fn decodes_unreserved_escapes_once() {
        assert_eq!(norm("/%61dmin"), Ok("/admin".into()));
        assert_eq!(norm("/%2561"), Ok("/%61".into()));
        assert_eq!(norm("/a%20b"), Ok("/a b".into()));
        assert_eq!(norm("/%2e%2E"), Ok("/..".into()));
        assert_eq!(norm("/%00"), Ok("/\0".into()));
        assert_eq!(norm("/%0A"), Ok("/\n".into()));
        assert_eq!(norm("/caf%C3%A9"), Ok("/café".into()));
        assert_eq!(norm("/%E2%80%A8"), Ok("/\u{2028}".into()));
        assert_eq!(norm("/%F0%9F%98%80"), Ok("/😀".into()));
        assert_eq!(norm("/%F4%8F%BF%BF"), Ok("/\u{10FFFF}".into()));
    }

    #[test]
    fn keeps_every_reserved_escape_as_written() {
        for (i, &b) in DECODE_URI_RESERVED.iter().enumerate() {
            let upper = format!("/x%{b:02X}y");
            let lower = format!("/x%{b:02x}y");
            assert_eq!(norm(&upper), Ok(upper.clone()), "reserved #{i}");
            assert_eq!(norm(&lower), Ok(lower.clone()), "reserved #{i}");
        }
        // After a decoded escape, a reserved escape is still copied verbatim.
        assert_eq!(norm("/%61%2f%62"), Ok("/a%2fb".into()));
    }

    #[test]
    fn every_other_ascii_escape_is_decoded() {
        for b in 0u8..0x80 {
            if DECODE_URI_RESERVED.contains(&b) {
                continue;
            }
            let path = format!("%{b:02X}");
            assert_eq!(norm(&path), Ok(char::from(b).to_string()), "%{b:02X}");
        }
    }

    #[test]
    fn collapses_runs_of_slashes() {
        assert_eq!(norm("//admin"), Ok("/admin".into()));
        assert_eq!(norm("/api//admin///x"), Ok("/api/admin/x".into()));
        assert_eq!(norm("/admin//"), Ok("/admin/".into()));
        assert_eq!(norm("////"), Ok("/".into()));
        // `%2F` is not a slash, so it never joins a run.
        assert_eq!(norm("/%2F/"), Ok("/%2F/".into()));
        assert_eq!(norm("/%61//b"), Ok("/a/b".into()));
    }

    #[test]
    fn malformed_escapes_are_errors_at_their_offset() {
        assert_eq!(norm("/admin%"), Err(6));
        assert_eq!(norm("/admin%2"), Err(6));
        assert_eq!(norm("/admin%zz"), Err(6));
        assert_eq!(norm("/a%g0"), Err(2));
        assert_eq!(norm("/%é0"), Err(1));
        // Truncated or broken UTF-8 sequences.
        assert_eq!(norm("/admin%C3"), Err(6));
        assert_eq!(norm("/%C3%"), Err(1));
        assert_eq!(norm("/%C3x"), Err(1));
        assert_eq!(norm("/%C3%41"), Err(1));
        assert_eq!(norm("/%E2%80"), Err(1));
        // Bytes that never start a sequence.
        assert_eq!(norm("/%FF"), Err(1));
        assert_eq!(norm("/%80"), Err(1));
        assert_eq!(norm("/%F8%80%80%80%80"), Err(1));
        // Overlong forms, surrogates, past U+10FFFF.
        assert_eq!(norm("/%C0%AF"), Err(1));
        assert_eq!(norm("/%E0%80%AF"), Err(1));
        assert_eq!(norm("/users/%ED%A0%80"), Err(7));
        assert_eq!(norm("/%F4%90%80%80"), Err(1));
    }

    #[test]
    fn error_message_is_clerks() {
        let err = normalize_path("/api/%zz/users").unwrap_err();
        assert_eq!(
            err.to_string(),
            "Malformed encoding in URL path: /api/%zz/users"
        );
        assert_eq!(err.path(), "/api/%zz/users");
        assert_eq!(err.name(), "MalformedURLError");
    }
}
