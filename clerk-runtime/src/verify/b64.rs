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

/// Room for the largest signature a key accepted here can make (RSA-8192: 1,024 bytes), plus the
/// three bytes the decoder asks for beyond its output.
const SIGNATURE_ROOM: usize = 1032;

/// A signature segment decoded once, on the stack.
pub(crate) struct Signature {
    buffer: [u8; SIGNATURE_ROOM],
    /// `None` for a valid segment too long for any accepted key (it cannot verify).
    len: Option<usize>,
}

impl Signature {
    /// The signature's bytes, or `None` when it is longer than any accepted key's.
    pub(crate) fn bytes(&self) -> Option<&[u8]> {
        self.len.map(|len| &self.buffer[..len])
    }
}

impl std::fmt::Debug for Signature {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signature")
            .field("len", &self.len)
            .finish_non_exhaustive()
    }
}

/// Decodes a signature segment, or `None` when Clerk's decoder would throw (as [`decode`]).
pub(crate) fn decode_signature(segment: &str) -> Option<Signature> {
    let unpadded = unpadded(segment);
    let mut signature = Signature {
        buffer: [0; SIGNATURE_ROOM],
        len: None,
    };
    match URL_SAFE_NO_PAD.decode_slice(unpadded, &mut signature.buffer) {
        Ok(len) => signature.len = Some(len),
        // Valid or not, the decoder's answer for the whole segment decides.
        Err(base64::DecodeSliceError::OutputSliceTooSmall) => {
            URL_SAFE_NO_PAD.decode(unpadded).ok()?;
        }
        Err(base64::DecodeSliceError::DecodeError(_)) => return None,
    }
    Some(signature)
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
            let signature = decode_signature(s);
            assert_eq!(signature.is_some(), decode(s).is_some(), "{s}");
            if let Some(signature) = signature {
                assert_eq!(signature.bytes().map(<[u8]>::to_vec), decode(s), "{s}");
            }
        }
        // An RSA-8192 signature fits; a longer valid segment decodes but has no bytes to check.
        let rsa_8192 = "QUFB".repeat(1024 / 3) + "QQ";
        assert_eq!(
            decode_signature(&rsa_8192).unwrap().bytes().unwrap().len(),
            1024
        );
        let long = "QUFB".repeat(1000);
        assert!(decode_signature(&long).is_some_and(|s| s.bytes().is_none()));
        assert!(decode_signature(&format!("{long}*")).is_none());
    }
}
