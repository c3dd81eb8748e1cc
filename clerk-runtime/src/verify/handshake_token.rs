//! Clerk's `verifyHandshakeToken`: the checks a handshake JWT gets (decode, key, `typ`, `alg`,
//! category, signature) and nothing else. It carries cookie directives, not a session, so no
//! claim (`exp`, `nbf`, `iat`, `iss`, `azp`, `aud`, `sub`) is checked.

use serde_json::Value;

use super::super::decode::{Field, decode};
use super::super::{VerifyingKey, checks};
use super::{Keys, Verifier};
use crate::{TokenVerificationError, TokenVerificationErrorReason as Reason};

/// Categories a handshake JWT may carry (or none): the session and the "ignore" category.
/// Anything else, the JWT-template category included, could carry a `handshake` claim written
/// by a customer.
const HANDSHAKE_CATEGORIES: [&str; 2] = ["cl_B7d4PD111AAA", "cl_I7d4PD111III"];

impl Verifier {
    /// Verifies a `__clerk_handshake` JWT as Clerk does and returns its payload.
    pub(crate) async fn verify_handshake_token(
        &self,
        token: &str,
    ) -> Result<Value, TokenVerificationError> {
        let mut buffer = Vec::new();
        let decoded = decode(token, &mut buffer)?;
        let header = &decoded.header;
        let remote_key: VerifyingKey;
        let key = match &self.inner.keys {
            Keys::Local(key) => key,
            Keys::Remote(keys) => {
                let kid = match &header.kid {
                    Field::Absent => None,
                    Field::Str(kid) => Some(&**kid),
                    Field::Other(_) => {
                        return Err(TokenVerificationError::new(
                            Reason::JwkFailedToResolve,
                            "Failed to resolve JWK during handshake verification.",
                        ));
                    }
                };
                remote_key = keys.key_for(kid).await?;
                &remote_key
            }
        };
        if !matches!(header.typ, Field::Absent) && header.typ.as_str() != Some("JWT") {
            return Err(TokenVerificationError::new(
                Reason::TokenInvalid,
                format!(
                    "Invalid JWT type {}. Expected \"JWT\".",
                    header.typ.display()
                ),
            ));
        }
        let algorithm = checks::algorithm(header)?;
        let category_ok = match &header.cat {
            Field::Absent => true,
            Field::Str(cat) => HANDSHAKE_CATEGORIES.contains(&&**cat),
            Field::Other(_) => false,
        };
        if !category_ok {
            return Err(TokenVerificationError::new(
                Reason::TokenInvalid,
                "Invalid handshake token category.",
            ));
        }
        if super::signature_matches(decoded.signing_input, decoded.signature, key, algorithm) {
            Ok(decoded.payload)
        } else {
            Err(TokenVerificationError::new(
                Reason::TokenInvalidSignature,
                "Handshake signature is invalid.",
            ))
        }
    }
}

impl Verifier {
    /// The same keys with other options (and a cache of its own).
    pub(crate) fn with_options(&self, options: super::super::VerifyOptions) -> Self {
        let keys = match &self.inner.keys {
            Keys::Local(key) => Keys::Local(key.clone()),
            Keys::Remote(keys) => Keys::Remote(keys.clone()),
        };
        Self::build(keys, options, self.cache_capacity())
    }
}
