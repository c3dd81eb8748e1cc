//! One RSA public key, ready to check signatures.

use std::fmt;
use std::sync::Arc;

use aws_lc_rs::signature::{self, ParsedPublicKey, RsaPublicKeyComponents};
use base64::Engine as _;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use jsonwebtoken::Algorithm;

use super::{b64, der};

/// A key that could not be read.
///
/// Messages name what is wrong; they never contain key material.
#[derive(Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum KeyError {
    /// The PEM text could not be parsed as an RSA public key.
    #[error(
        "the PEM is not an RSA public key (expected `-----BEGIN PUBLIC KEY-----` or `-----BEGIN RSA PUBLIC KEY-----`): {0}"
    )]
    InvalidPem(String),
    /// A JWK's modulus or exponent is not valid base64url, or not a usable RSA key.
    #[error("the JWK `{kid}` has an invalid `{field}`")]
    InvalidJwk {
        /// The JWK's `kid`.
        kid: String,
        /// The field that is wrong.
        field: &'static str,
    },
}

/// Shows the message, so that `main` returning this error (or a `Box<dyn Error>` holding it)
/// prints what is wrong rather than a variant name.
impl std::fmt::Debug for KeyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
}

/// Smallest modulus accepted, in bits (the floor of aws-lc's RSA verification).
const MIN_MODULUS_BITS: usize = 2048;
/// Largest modulus accepted, in bits (the ceiling of aws-lc's RSA verification).
const MAX_MODULUS_BITS: usize = 8192;

/// One RSA public key, ready to check RS256/RS384/RS512 signatures.
///
/// Any modulus from 2048 to 8192 bits and any odd exponent from 3 up to 33 bits are accepted
/// (Clerk's own PEM path only takes 2048-bit keys with e = 65537). Cheap to clone. Its `Debug`
/// output names the key id and size, never key material.
///
/// ```
/// # let pem = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/conformance/keys/rsa2048-a.public.pem"));
/// let key = clerk_runtime::verify::VerifyingKey::from_pem(pem)?;
/// assert_eq!(key.bits(), 2048);
/// # Ok::<(), clerk_runtime::verify::KeyError>(())
/// ```
#[derive(Clone)]
pub struct VerifyingKey {
    inner: Arc<KeyInner>,
}

struct KeyInner {
    kid: Option<Box<str>>,
    /// The key imported into aws-lc once, one handle per accepted digest (RS256, RS384, RS512),
    /// so that a verification only checks the signature.
    parsed: [ParsedPublicKey; 3],
    bits: usize,
    fingerprint: [u8; 32],
}

impl VerifyingKey {
    /// Reads an RSA public key from PEM: SPKI `PUBLIC KEY` or PKCS#1 `RSA PUBLIC KEY`.
    ///
    /// Lenient where a configured key is commonly mangled, as Clerk's `CLERK_JWT_KEY` is: the PEM
    /// may be on one line, use CRLF, carry surrounding blank lines or spaces, have its newlines
    /// written as literal `\n` (as in a `.env` file), or be the bare base64 body without the
    /// `BEGIN`/`END` lines.
    pub fn from_pem(pem: &str) -> Result<Self, KeyError> {
        let der = pem_body(pem).map_err(|e| KeyError::InvalidPem(e.to_owned()))?;
        let parts = der::rsa_public_key(&der).map_err(|e| KeyError::InvalidPem(e.to_owned()))?;
        Self::from_components(None, parts.n, parts.e)
            .map_err(|e| KeyError::InvalidPem(e.to_owned()))
    }

    /// Builds a key from a JWK's base64url `n` and `e`.
    pub fn from_rsa_components(kid: &str, n: &str, e: &str) -> Result<Self, KeyError> {
        let invalid = |field| KeyError::InvalidJwk {
            kid: kid.to_owned(),
            field,
        };
        let n_bytes = b64::decode(n).ok_or_else(|| invalid("n"))?;
        let e_bytes = b64::decode(e).ok_or_else(|| invalid("e"))?;
        let n_bytes = strip_leading_zeros(&n_bytes);
        let e_bytes = strip_leading_zeros(&e_bytes);
        Self::from_components(Some(kid), n_bytes, e_bytes).map_err(|problem| {
            invalid(if problem.contains("exponent") {
                "e"
            } else {
                "n"
            })
        })
    }

    fn from_components(kid: Option<&str>, n: &[u8], e: &[u8]) -> Result<Self, &'static str> {
        let bits = bit_length(n);
        if !(MIN_MODULUS_BITS..=MAX_MODULUS_BITS).contains(&bits) {
            return Err("the RSA modulus must have 2048 to 8192 bits");
        }
        let e_bits = bit_length(e);
        if !(2..=33).contains(&e_bits) || e.last().is_none_or(|last| last & 1 == 0) {
            return Err("the RSA exponent must be odd, at least 3 and at most 33 bits");
        }
        let mut digest = aws_lc_rs::digest::Context::new(&aws_lc_rs::digest::SHA256);
        digest.update(b"clerk-runtime rsa key\0");
        digest.update(&u32::try_from(n.len()).unwrap_or(u32::MAX).to_be_bytes());
        digest.update(n);
        digest.update(e);
        let mut fingerprint = [0; 32];
        fingerprint.copy_from_slice(digest.finish().as_ref());
        let components = RsaPublicKeyComponents { n, e };
        let parse = |params| {
            components
                .to_parsed_public_key(params)
                .map_err(|_| "the RSA modulus and exponent do not form a usable key")
        };
        let parsed = [
            parse(&signature::RSA_PKCS1_2048_8192_SHA256)?,
            parse(&signature::RSA_PKCS1_2048_8192_SHA384)?,
            parse(&signature::RSA_PKCS1_2048_8192_SHA512)?,
        ];
        Ok(Self {
            inner: Arc::new(KeyInner {
                kid: kid.map(Into::into),
                parsed,
                bits,
                fingerprint,
            }),
        })
    }

    /// The key id, for keys that came from a JWKS.
    #[must_use]
    pub fn kid(&self) -> Option<&str> {
        self.inner.kid.as_deref()
    }

    /// The modulus size in bits.
    #[must_use]
    pub fn bits(&self) -> usize {
        self.inner.bits
    }

    /// Whether `signature` (raw bytes) is a valid RSASSA-PKCS1-v1_5 signature of `message` with
    /// the digest of `algorithm` (RS256, RS384 or RS512; any other algorithm never verifies).
    /// The key was imported when it was loaded; this only checks the signature.
    pub(crate) fn verifies(&self, algorithm: Algorithm, message: &[u8], signature: &[u8]) -> bool {
        let parsed = match algorithm {
            Algorithm::RS256 => &self.inner.parsed[0],
            Algorithm::RS384 => &self.inner.parsed[1],
            Algorithm::RS512 => &self.inner.parsed[2],
            _ => return false,
        };
        parsed.verify_sig(message, signature).is_ok()
    }

    /// SHA-256 over the key's modulus and exponent: the same key material gives the same value,
    /// whichever way it was loaded.
    pub(crate) fn fingerprint(&self) -> &[u8; 32] {
        &self.inner.fingerprint
    }
}

impl fmt::Debug for VerifyingKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VerifyingKey")
            .field("kid", &self.inner.kid)
            .field("bits", &self.inner.bits)
            .finish_non_exhaustive()
    }
}

/// Standard base64 that takes the body with or without `=` padding.
const PEM_BASE64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// The DER inside a PEM (or a bare base64 body).
fn pem_body(pem: &str) -> Result<Vec<u8>, &'static str> {
    let unescaped;
    let mut text = pem;
    if text.contains('\\') {
        unescaped = text.replace("\\r", "\n").replace("\\n", "\n");
        text = &unescaped;
    }
    let body = match text.find("-----BEGIN ") {
        None => text,
        Some(start) => {
            let after = &text[start + "-----BEGIN ".len()..];
            let Some(label_end) = after.find("-----") else {
                return Err("the BEGIN line is not closed by `-----`");
            };
            match &after[..label_end] {
                "PUBLIC KEY" | "RSA PUBLIC KEY" => {}
                label if label.contains("PRIVATE") => {
                    return Err("this is a private key; give the public key");
                }
                "CERTIFICATE" => return Err("this is a certificate; give its public key"),
                _ => return Err("unexpected PEM label"),
            }
            let rest = &after[label_end + "-----".len()..];
            let Some(end) = rest.find("-----END ") else {
                return Err("the `-----END` line is missing");
            };
            &rest[..end]
        }
    };
    let compact: String = body.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    if compact.is_empty() {
        return Err("the key is empty");
    }
    PEM_BASE64
        .decode(compact)
        .map_err(|_| "the key body is not valid base64")
}

/// `bytes` without leading zero bytes.
fn strip_leading_zeros(bytes: &[u8]) -> &[u8] {
    let first = bytes.iter().position(|b| *b != 0).unwrap_or(bytes.len());
    &bytes[first..]
}

/// Bit length of a big-endian unsigned integer without leading zero bytes.
fn bit_length(bytes: &[u8]) -> usize {
    match bytes.first() {
        None => 0,
        Some(first) => (bytes.len() - 1) * 8 + (8 - first.leading_zeros() as usize),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PEM_A: &str = include_str!("../../../tests/conformance/keys/rsa2048-a.public.pem");
    const PEM_B: &str = include_str!("../../../tests/conformance/keys/rsa2048-b.public.pem");
    const PEM_E3: &str = include_str!("../../../tests/conformance/keys/rsa2048-e3.public.pem");
    const PEM_4096: &str = include_str!("../../../tests/conformance/keys/rsa4096.public.pem");
    const PRIVATE_A: &str = include_str!("../../../tests/conformance/keys/rsa2048-a.private.pem");

    fn body(pem: &str) -> String {
        pem.lines().filter(|l| !l.starts_with("-----")).collect()
    }

    #[test]
    fn reads_spki_of_every_size_and_exponent() {
        assert_eq!(VerifyingKey::from_pem(PEM_A).unwrap().bits(), 2048);
        assert_eq!(VerifyingKey::from_pem(PEM_E3).unwrap().bits(), 2048);
        assert_eq!(VerifyingKey::from_pem(PEM_4096).unwrap().bits(), 4096);
    }

    #[test]
    fn the_same_key_in_every_spelling_has_one_fingerprint() {
        let a = VerifyingKey::from_pem(PEM_A).unwrap();
        let one_line = PEM_A.replace('\n', "");
        let crlf = PEM_A.replace('\n', "\r\n");
        let escaped = PEM_A.replace('\n', "\\n");
        let padded = format!("\n\n  {PEM_A}\n\n");
        let bare = body(PEM_A);
        for spelling in [one_line, crlf, escaped, padded, bare] {
            let key = VerifyingKey::from_pem(&spelling).unwrap();
            assert_eq!(key.fingerprint(), a.fingerprint(), "{spelling:?}");
        }
        let b = VerifyingKey::from_pem(PEM_B).unwrap();
        assert_ne!(a.fingerprint(), b.fingerprint());
    }

    #[test]
    fn reads_pkcs1_and_jwk_components_of_the_same_key() {
        let a = VerifyingKey::from_pem(PEM_A).unwrap();
        let spki = PEM_BASE64.decode(body(PEM_A)).unwrap();
        let parts = der::rsa_public_key(&spki).unwrap();
        // Re-wrap n and e as PKCS#1 `RSA PUBLIC KEY`.
        let pkcs1 = pkcs1_der(parts.n, parts.e);
        let pem = format!(
            "-----BEGIN RSA PUBLIC KEY-----\n{}\n-----END RSA PUBLIC KEY-----\n",
            base64::engine::general_purpose::STANDARD.encode(pkcs1)
        );
        let from_pkcs1 = VerifyingKey::from_pem(&pem).unwrap();
        assert_eq!(from_pkcs1.fingerprint(), a.fingerprint());

        let b64url = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let jwk = VerifyingKey::from_rsa_components(
            "ins_1",
            &b64url.encode(parts.n),
            &b64url.encode(parts.e),
        )
        .unwrap();
        assert_eq!(jwk.fingerprint(), a.fingerprint());
        assert_eq!(jwk.kid(), Some("ins_1"));
    }

    fn pkcs1_der(n: &[u8], e: &[u8]) -> Vec<u8> {
        fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
            let mut out = vec![tag];
            let len = content.len();
            if len < 0x80 {
                out.push(u8::try_from(len).unwrap());
            } else if len < 0x100 {
                out.extend([0x81, u8::try_from(len).unwrap()]);
            } else {
                out.extend([
                    0x82,
                    u8::try_from(len >> 8).unwrap(),
                    u8::try_from(len & 0xff).unwrap(),
                ]);
            }
            out.extend_from_slice(content);
            out
        }
        let with_sign = |x: &[u8]| {
            let mut v = vec![0];
            v.extend_from_slice(x);
            v
        };
        let mut seq = tlv(0x02, &with_sign(n));
        seq.extend(tlv(0x02, e));
        tlv(0x30, &seq)
    }

    #[test]
    fn rejects_what_is_not_a_usable_public_key() {
        for (pem, why) in [
            ("", "empty"),
            ("   \n", "blank"),
            ("not a key", "garbage"),
            (PRIVATE_A, "private key"),
            (
                "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----",
                "short",
            ),
            ("-----BEGIN PUBLIC KEY-----\nMIIB", "no END"),
        ] {
            let err = VerifyingKey::from_pem(pem).expect_err(why);
            let text = err.to_string();
            assert!(!text.contains("MII"), "message leaks key material: {text}");
        }
        // 1024-bit modulus, e = 65537
        let small = pkcs1_der(&[0xc5; 128], &[1, 0, 1]);
        let pem = format!(
            "-----BEGIN RSA PUBLIC KEY-----\n{}\n-----END RSA PUBLIC KEY-----",
            base64::engine::general_purpose::STANDARD.encode(small)
        );
        assert!(
            VerifyingKey::from_pem(&pem)
                .unwrap_err()
                .to_string()
                .contains("2048 to 8192")
        );
        // even exponent
        let even = pkcs1_der(&[0xc5; 256], &[4]);
        let pem = base64::engine::general_purpose::STANDARD.encode(even);
        assert!(VerifyingKey::from_pem(&pem).is_err());
        assert_eq!(
            VerifyingKey::from_rsa_components("k", "AQAB", "AQAB").unwrap_err(),
            KeyError::InvalidJwk {
                kid: "k".into(),
                field: "n"
            }
        );
        assert!(VerifyingKey::from_rsa_components("k", "a+b", "AQAB").is_err());
    }

    #[test]
    fn debug_shows_no_key_material() {
        let key = VerifyingKey::from_rsa_components(
            "kid_1",
            &base64::engine::general_purpose::URL_SAFE_NO_PAD.encode([0xc5; 256]),
            "AQAB",
        )
        .unwrap();
        let debug = format!("{key:?}");
        assert_eq!(
            debug,
            r#"VerifyingKey { kid: Some("kid_1"), bits: 2048, .. }"#
        );
    }
}
