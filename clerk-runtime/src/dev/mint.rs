//! Signing claims into a session token.

use jsonwebtoken::{Algorithm, EncodingKey, Header};

/// Claims that could not be signed.
#[derive(Debug, thiserror::Error)]
#[error("cannot sign the token: {0}")]
pub struct MintError(String);

#[cfg(feature = "dev")]
impl MintError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        Self(message.into())
    }
}

/// Signs `claims` as an RS256 JWT with `typ: JWT` and, when given, `kid`, as Clerk's session
/// tokens are.
///
/// ```
/// use clerk_runtime::dev::{SessionClaimsBuilder, SigningKey, mint};
///
/// let key = SigningKey::generate().unwrap();
/// let claims = SessionClaimsBuilder::new("user_1").build(1_700_000_000).unwrap();
/// let token = mint(&claims, key.encoding_key(), Some("ins_dev")).unwrap();
/// let header = jsonwebtoken::decode_header(&token).unwrap();
/// assert_eq!(header.kid.as_deref(), Some("ins_dev"));
/// ```
pub fn mint(
    claims: &serde_json::Value,
    key: &EncodingKey,
    kid: Option<&str>,
) -> Result<String, MintError> {
    let mut header = Header::new(Algorithm::RS256);
    header.kid = kid.map(str::to_owned);
    jsonwebtoken::encode(&header, claims, key).map_err(|e| MintError(e.to_string()))
}
