//! A JSON Web Key Set as Clerk's Backend API serves it, reduced to the RSA signing keys we can use.

use std::collections::HashMap;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::Value;

use crate::verify::VerifyingKey;
use crate::{TokenVerificationError, TokenVerificationErrorReason};

/// The smallest RSA modulus accepted from a JWKS, in bits.
const MIN_RSA_BITS: usize = 2048;

/// The usable keys of one JWKS document, by `kid`.
///
/// Keys that cannot verify an RS256/RS384/RS512 session token (EC or symmetric keys, encryption
/// keys, a missing or malformed `n`/`e`, RSA keys shorter than 2048 bits, keys without a `kid`)
/// are skipped and listed in [`skipped`](Self::skipped); they never make the whole set fail.
///
/// ```
/// use clerk_runtime::verify::jwks::JwkSet;
///
/// let set = JwkSet::parse(br#"{"keys":[{"kty":"EC","kid":"ec-1","crv":"P-256","x":"","y":""}]}"#)
///     .unwrap();
/// assert!(set.is_empty());
/// assert_eq!(set.skipped()[0].kid.as_deref(), Some("ec-1"));
/// assert!(JwkSet::parse(b"not json").is_err());
/// ```
#[derive(Clone, Debug, Default)]
pub struct JwkSet {
    keys: HashMap<String, VerifyingKey>,
    skipped: Vec<SkippedJwk>,
}

/// A key of the document that was left out, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SkippedJwk {
    /// The key's `kid`, when it has one.
    pub kid: Option<String>,
    /// Why it cannot be used.
    pub reason: &'static str,
}

impl JwkSet {
    /// Reads a JWKS document (`{"keys": [...]}`).
    ///
    /// A body that is not JSON, or has no `keys` array, is `jwk-remote-failed-to-load`. Keys
    /// that cannot be used are skipped. A document without usable keys is not an error here; the
    /// caller decides (the remote cache treats it as `jwk-remote-failed-to-load`, as Clerk does
    /// for an empty set). Never panics, whatever the bytes.
    pub fn parse(body: &[u8]) -> Result<Self, TokenVerificationError> {
        let document: Value = serde_json::from_slice(body).map_err(|e| {
            TokenVerificationError::new(
                TokenVerificationErrorReason::RemoteJwkFailedToLoad,
                format!("the JWKS response is not JSON: {e}"),
            )
        })?;
        let Some(entries) = document.get("keys").and_then(Value::as_array) else {
            return Err(TokenVerificationError::new(
                TokenVerificationErrorReason::RemoteJwkFailedToLoad,
                "the JWKS response has no `keys` array",
            ));
        };
        let mut set = Self::default();
        for entry in entries {
            match rsa_signing_key(entry) {
                Ok((kid, key)) => {
                    // A repeated kid replaces the earlier key, as Clerk's cache does.
                    set.keys.insert(kid, key);
                }
                Err(reason) => set.skipped.push(SkippedJwk {
                    kid: entry.get("kid").and_then(Value::as_str).map(str::to_owned),
                    reason,
                }),
            }
        }
        Ok(set)
    }

    /// The key with this `kid`.
    #[must_use]
    pub fn get(&self, kid: &str) -> Option<&VerifyingKey> {
        self.keys.get(kid)
    }

    /// The number of usable keys.
    #[must_use]
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// True when no key of the document is usable.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The `kid`s of the usable keys, in no particular order.
    pub fn kids(&self) -> impl Iterator<Item = &str> {
        self.keys.keys().map(String::as_str)
    }

    /// The keys that were left out.
    #[must_use]
    pub fn skipped(&self) -> &[SkippedJwk] {
        &self.skipped
    }
}

/// One JWK as an RSA signature key, or why it is not one.
fn rsa_signing_key(jwk: &Value) -> Result<(String, VerifyingKey), &'static str> {
    let field = |name| jwk.get(name).and_then(Value::as_str);
    if !jwk.is_object() {
        return Err("not a JSON object");
    }
    if field("kty") != Some("RSA") {
        return Err("`kty` is not `RSA`");
    }
    if jwk.get("use").is_some_and(|u| u.as_str() != Some("sig")) {
        return Err("`use` is not `sig`");
    }
    if jwk
        .get("alg")
        .is_some_and(|a| !matches!(a.as_str(), Some("RS256" | "RS384" | "RS512")))
    {
        return Err("`alg` is not RS256, RS384 or RS512");
    }
    let kid = match field("kid") {
        Some(kid) if !kid.is_empty() => kid,
        _ => return Err("no `kid`"),
    };
    let n = field("n").ok_or("no `n`")?;
    let e = field("e").ok_or("no `e`")?;
    let n = unsigned_integer(n).ok_or("`n` is not base64url")?;
    let e = unsigned_integer(e).ok_or("`e` is not base64url")?;
    if n.is_empty() || e.is_empty() {
        return Err("`n` or `e` is zero");
    }
    let bits = n.len() * 8 - n[0].leading_zeros() as usize;
    if bits < MIN_RSA_BITS {
        return Err("the RSA modulus is shorter than 2048 bits");
    }
    let components = aws_lc_rs::rsa::PublicKeyComponents {
        n: n.as_slice(),
        e: e.as_slice(),
    };
    components
        .to_parsed_public_key(&aws_lc_rs::signature::RSA_PKCS1_2048_8192_SHA256)
        .map_err(|_| "`n` and `e` are not a valid RSA public key")?;
    let key = VerifyingKey::from_rsa_components(
        kid,
        &URL_SAFE_NO_PAD.encode(&n),
        &URL_SAFE_NO_PAD.encode(&e),
    )
    .map_err(|_| "`n` and `e` are not a valid RSA public key")?;
    Ok((kid.to_owned(), key))
}

/// A base64url big-endian unsigned integer (padding tolerated), without leading zero bytes.
fn unsigned_integer(encoded: &str) -> Option<Vec<u8>> {
    let bytes = URL_SAFE_NO_PAD.decode(encoded.trim_end_matches('=')).ok()?;
    let first = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
    Some(bytes[first..].to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn structure_errors_are_failed_to_load() {
        for body in [&b""[..], b"{", b"[]", b"{}", br#"{"keys":{}}"#, b"\xff\xfe"] {
            let err = JwkSet::parse(body).unwrap_err();
            assert_eq!(
                err.reason,
                TokenVerificationErrorReason::RemoteJwkFailedToLoad
            );
        }
        assert!(JwkSet::parse(br#"{"keys":[]}"#).unwrap().is_empty());
    }

    #[test]
    fn unusable_keys_are_skipped_with_a_reason() {
        let body = br#"{"keys":[
            1,
            {"kty":"oct","kid":"hmac","k":"c2VjcmV0"},
            {"kty":"RSA","kid":"enc","use":"enc","n":"AQAB","e":"AQAB"},
            {"kty":"RSA","kid":"ps","alg":"PS256","n":"AQAB","e":"AQAB"},
            {"kty":"RSA","n":"AQAB","e":"AQAB"},
            {"kty":"RSA","kid":"no-n","e":"AQAB"},
            {"kty":"RSA","kid":"bad-n","n":"***","e":"AQAB"},
            {"kty":"RSA","kid":"small","n":"AQAB","e":"AQAB"}
        ]}"#;
        let set = JwkSet::parse(body).unwrap();
        assert!(set.is_empty());
        let reasons: Vec<_> = set.skipped().iter().map(|s| s.reason).collect();
        assert_eq!(
            reasons,
            [
                "not a JSON object",
                "`kty` is not `RSA`",
                "`use` is not `sig`",
                "`alg` is not RS256, RS384 or RS512",
                "no `kid`",
                "no `n`",
                "`n` is not base64url",
                "the RSA modulus is shorter than 2048 bits",
            ]
        );
    }

    #[test]
    fn unsigned_integer_strips_padding_and_leading_zeros() {
        assert_eq!(unsigned_integer("AAEAAQ"), Some(vec![1, 0, 1]));
        assert_eq!(unsigned_integer("AQAB=="), Some(vec![1, 0, 1]));
        assert_eq!(unsigned_integer("AA"), Some(vec![]));
        assert_eq!(unsigned_integer("+/"), None);
    }
}
