//! What a verification checks beyond the signature: Clerk's `verifyToken` options.

/// Options of Clerk's `verifyToken`, with Clerk's defaults.
///
/// ```
/// let options = clerk_runtime::verify::VerifyOptions::default();
/// assert_eq!(options.clock_skew_ms, 5000);
/// assert!(options.authorized_parties.is_empty());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct VerifyOptions {
    /// `audience`: checked against `aud` only when both sides are non-empty (empty strings are
    /// ignored). A string `aud` must be listed; an array of strings must share an entry with the
    /// list; other shapes are not checked, as in Clerk.
    pub audience: Vec<String>,
    /// `authorizedParties`: when non-empty, `azp` must be present and listed exactly.
    pub authorized_parties: Vec<String>,
    /// `clockSkewInMs` (default 5000): `exp` fails at `exp*1000 <= now - skew`, `nbf` and `iat`
    /// at `> now + skew`. Negative values are honoured, as Clerk does.
    pub clock_skew_ms: i64,
    /// `issuer`: when set, `iss` must be a string in this list (an empty list accepts nothing).
    pub issuer: Option<Vec<String>>,
    /// `headerType`: allowed `typ` values, compared exactly; a token without `typ` then fails.
    /// `None` allows `JWT` or no `typ`.
    pub header_types: Option<Vec<String>>,
}

impl Default for VerifyOptions {
    fn default() -> Self {
        Self {
            audience: Vec::new(),
            authorized_parties: Vec::new(),
            clock_skew_ms: 5000,
            issuer: None,
            header_types: None,
        }
    }
}
