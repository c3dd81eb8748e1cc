//! One RSA public key, ready to check signatures.

use std::fmt;
use std::sync::Arc;

/// A key that could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum KeyError {
    /// The PEM text could not be parsed as an RSA public key.
    #[error(
        "the PEM is not an RSA public key (expected `-----BEGIN PUBLIC KEY-----` or `-----BEGIN RSA PUBLIC KEY-----`): {0}"
    )]
    InvalidPem(String),
    /// A JWK's modulus or exponent is not valid base64url.
    #[error("the JWK `{kid}` has an invalid `{field}`")]
    InvalidJwk {
        /// The JWK's `kid`.
        kid: String,
        /// The field that is wrong.
        field: &'static str,
    },
}

/// One RSA public key, ready to check RS256/RS384/RS512 signatures.
///
/// Cheap to clone. Its `Debug` output names the key id, never key material.
#[derive(Clone)]
pub struct VerifyingKey {
    kid: Option<Arc<str>>,
    key: Arc<jsonwebtoken::DecodingKey>,
}

impl VerifyingKey {
    /// Reads an RSA public key from PEM (SPKI `PUBLIC KEY` or PKCS#1 `RSA PUBLIC KEY`), any size.
    pub fn from_pem(pem: &str) -> Result<Self, KeyError> {
        let key = jsonwebtoken::DecodingKey::from_rsa_pem(pem.trim().as_bytes())
            .map_err(|e| KeyError::InvalidPem(e.to_string()))?;
        Ok(Self {
            kid: None,
            key: Arc::new(key),
        })
    }

    /// Builds a key from a JWK's base64url `n` and `e`.
    pub fn from_rsa_components(kid: &str, n: &str, e: &str) -> Result<Self, KeyError> {
        let key = jsonwebtoken::DecodingKey::from_rsa_components(n, e).map_err(|_| {
            KeyError::InvalidJwk {
                kid: kid.to_owned(),
                field: "n/e",
            }
        })?;
        Ok(Self {
            kid: Some(kid.into()),
            key: Arc::new(key),
        })
    }

    /// The key id, for keys that came from a JWKS.
    #[must_use]
    pub fn kid(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    /// The key in `jsonwebtoken`'s form.
    pub(crate) fn decoding_key(&self) -> &jsonwebtoken::DecodingKey {
        &self.key
    }
}

impl fmt::Debug for VerifyingKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VerifyingKey")
            .field("kid", &self.kid)
            .finish_non_exhaustive()
    }
}
