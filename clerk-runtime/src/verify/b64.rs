//! Clerk's loose base64url (`base64url.parse(s, { loose: true })` in `@clerk/backend`).
//!
//! Any number of trailing `=` is dropped; what remains must use the URL-safe alphabet only (no
//! `+`, `/`, whitespace or inner `=`), must not be one character past a multiple of four, and
//! its unused trailing bits must be zero.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// `segment` without its trailing `=` padding.
pub(crate) fn unpadded(segment: &str) -> &str {
    segment.trim_end_matches('=')
}

/// Decodes one segment, or `None` when Clerk's decoder would throw.
pub(crate) fn decode(segment: &str) -> Option<Vec<u8>> {
    URL_SAFE_NO_PAD.decode(unpadded(segment)).ok()
}

/// Whether [`decode`] would succeed, without allocating for short inputs.
pub(crate) fn is_valid(segment: &str) -> bool {
    let unpadded = unpadded(segment);
    let mut buffer = [0u8; 1024];
    if unpadded.len() / 4 * 3 + 3 <= buffer.len() {
        URL_SAFE_NO_PAD.decode_slice(unpadded, &mut buffer).is_ok()
    } else {
        URL_SAFE_NO_PAD.decode(unpadded).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follows_clerks_loose_rules() {
        assert_eq!(decode("eyJ9").as_deref(), Some(&b"{\"}"[..]));
        assert_eq!(decode("YQ").as_deref(), Some(&b"a"[..]));
        assert_eq!(decode("YQ==").as_deref(), Some(&b"a"[..]));
        assert_eq!(decode("YQ=====").as_deref(), Some(&b"a"[..]), "any padding");
        assert_eq!(decode("").as_deref(), Some(&b""[..]));
        assert_eq!(decode("==").as_deref(), Some(&b""[..]));
        assert_eq!(decode("-_-_").as_deref(), Some(&[0xfb, 0xff, 0xbf][..]));
        assert_eq!(decode("YR"), None, "non-canonical trailing bits");
        assert_eq!(decode("Y"), None, "1 mod 4");
        assert_eq!(decode("YQ=a"), None, "inner padding");
        assert_eq!(decode("+/+/"), None, "standard alphabet");
        assert_eq!(decode("YQ "), None, "whitespace");
        assert_eq!(decode(" YQ"), None, "whitespace");
        assert_eq!(decode("YQ\n"), None, "newline");
        assert_eq!(decode("Y*"), None);
        for s in ["eyJ9", "YQ==", "YR", "Y", "", "+/+/", "YQ=a"] {
            assert_eq!(is_valid(s), decode(s).is_some(), "{s}");
        }
        let long = "QUFB".repeat(1000);
        assert!(is_valid(&long));
        assert!(!is_valid(&format!("{long}*")));
    }
}
