//! Clerk's loose base64url (`base64url.parse(s, { loose: true })` in `@clerk/backend`).
//!
//! Any number of trailing `=` is dropped; what remains must use the URL-safe alphabet only (no
//! `+`, `/`, whitespace or inner `=`), must not be one character past a multiple of four, and
//! its unused trailing bits must be zero.

use std::sync::LazyLock;

use base64::Engine as _;
use base64::engine::{DecodePaddingMode, GeneralPurposeConfig, Simd};

/// Unpadded base64url that rejects non-zero trailing bits, with the widest vector instructions
/// the CPU has (AVX2, NEON; otherwise the scalar engine): a session token's ~750 characters are
/// decoded on every first verification.
static URL_SAFE_NO_PAD: LazyLock<Simd> = LazyLock::new(|| {
    Simd::url_safe(
        GeneralPurposeConfig::new()
            .with_encode_padding(false)
            .with_decode_padding_mode(DecodePaddingMode::RequireNone),
    )
});

/// `segment` without its trailing `=` padding.
pub(crate) fn unpadded(segment: &str) -> &str {
    segment.trim_end_matches('=')
}

/// Decodes one segment, or `None` when Clerk's decoder would throw.
pub(crate) fn decode(segment: &str) -> Option<Vec<u8>> {
    URL_SAFE_NO_PAD.decode(unpadded(segment)).ok()
}

/// The longest signature a key accepted here makes (RSA-8192: 1,024 bytes); a longer one cannot
/// verify.
pub(crate) const MAX_SIGNATURE_LEN: usize = 1024;

/// Room [`decode_onto`] needs for `segment` (at least its decoded length).
pub(crate) fn room(segment: &str) -> usize {
    base64::decoded_len_estimate(unpadded(segment).len())
}

/// Decodes one segment onto the end of `out` and returns where its bytes start, or `None` when
/// Clerk's decoder would throw (as [`decode`]). With [`room`] reserved beforehand, `out` does not
/// reallocate.
pub(crate) fn decode_onto(segment: &str, out: &mut Vec<u8>) -> Option<usize> {
    let start = out.len();
    if URL_SAFE_NO_PAD.decode_vec(unpadded(segment), out).is_ok() {
        Some(start)
    } else {
        out.truncate(start);
        None
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
        for s in [
            "eyJ9", "YQ==", "YR", "Y", "", "+/+/", "YQ=a", "YQ=====", "Y*",
        ] {
            let mut out = b"kept".to_vec();
            out.reserve(room(s));
            let capacity = out.capacity();
            let start = decode_onto(s, &mut out);
            assert_eq!(start.is_some(), decode(s).is_some(), "{s}");
            assert_eq!(out.capacity(), capacity, "{s}: no reallocation");
            match start {
                Some(start) => {
                    assert_eq!(start, 4);
                    assert_eq!(Some(out[start..].to_vec()), decode(s), "{s}");
                }
                None => assert_eq!(out, b"kept", "{s}: nothing left behind"),
            }
        }
    }

    proptest::proptest! {
        /// The vector engine accepts and decodes exactly what the scalar one does.
        #[test]
        fn vector_and_scalar_engines_agree(segment in "[A-Za-z0-9_=+/*. -]{0,200}") {
            let scalar = base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(unpadded(&segment))
                .ok();
            proptest::prop_assert_eq!(decode(&segment), scalar);
        }

        /// Every encoding of random bytes (any length, so every tail shape) decodes back.
        #[test]
        fn decodes_what_was_encoded(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..600)) {
            let encoded = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&bytes);
            proptest::prop_assert_eq!(decode(&encoded), Some(bytes));
        }

        /// One character of a long valid segment changed (inside a vector block or in the
        /// tail): both engines still agree on whether, and to what, it decodes.
        #[test]
        fn one_changed_character_is_judged_alike(
            bytes in proptest::collection::vec(proptest::num::u8::ANY, 1..400),
            at in proptest::num::usize::ANY,
            to in proptest::sample::select(b"A_-=+/ .\n*\x80".to_vec()),
        ) {
            let mut encoded = base64::engine::general_purpose::URL_SAFE_NO_PAD
                .encode(&bytes)
                .into_bytes();
            let at = at % encoded.len();
            encoded[at] = to;
            let segment = String::from_utf8_lossy(&encoded).into_owned();
            let scalar = base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(unpadded(&segment))
                .ok();
            proptest::prop_assert_eq!(decode(&segment), scalar);
        }
    }
}
