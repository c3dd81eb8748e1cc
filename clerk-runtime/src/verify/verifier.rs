//! [`Verifier`]: Clerk's `verifyToken`, with one parse per token and a verified-token cache.

use std::fmt;
use std::sync::Arc;

use jsonwebtoken::Algorithm;
use serde_json::Value;

use super::b64::MAX_SIGNATURE_LEN;
use super::cache::{CacheKey, Entry, Memo, TokenCache};
use super::clock::{self, system_now_ms};
use super::decode::{Decoded, Field, decode};
use super::registered::RegisteredClaims;
use super::time::{TimeClaim, check_exp, check_iat, check_nbf, claim_ms, times_hold};
use super::{JwtPayload, KeyError, RemoteKeys, VerifyOptions, VerifyingKey, checks};
use crate::{TokenVerificationError, TokenVerificationErrorReason as Reason};

/// Verifies Clerk session tokens: Clerk's checks, in Clerk's order, with Clerk's reasons.
///
/// 1. three dot-separated parts, each loose base64url, header and payload JSON (`token-invalid`);
/// 2. a machine-to-machine `cat` is refused (`token-invalid`);
/// 3. for a remote key set, the key named by `kid`;
/// 4. `typ` (absent, or one of [`VerifyOptions::header_types`], default `JWT`: `token-invalid`);
/// 5. `alg` is RS256, RS384 or RS512 (`token-invalid-algorithm`): the key fixes the RSA family,
///    the token never picks it;
/// 6. the signature, before any claim (`token-invalid-signature`);
/// 7. `sub`, `aud`, `azp`, `iss`, then `exp`, `nbf`, `iat` with the clock skew (see
///    [`VerifyOptions`]).
///
/// Successful verifications are cached (bounded, [`DEFAULT_CACHE_CAPACITY`](Self::DEFAULT_CACHE_CAPACITY)
/// entries by default), one cache per verifier: a hit needs the very token that was verified
/// (compared in full), and never outlives the token's `exp`. A hit skips the RSA check but still
/// applies the time checks. Failures are not cached.
///
/// Cheap to clone (an `Arc` inside); `Send + Sync`. `Debug` shows no key material.
///
/// ```
/// use clerk_runtime::verify::{Verifier, VerifyOptions};
///
/// # let pem = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/conformance/keys/rsa2048-a.public.pem"));
/// let options = VerifyOptions {
///     authorized_parties: vec!["https://app.example.com".into()],
///     ..VerifyOptions::default()
/// };
/// let verifier = Verifier::from_pem(pem, options)?;
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let err = verifier.verify("not.a.token").await.unwrap_err();
/// assert_eq!(err.reason.as_str(), "token-invalid");
/// # });
/// # Ok::<(), clerk_runtime::verify::KeyError>(())
/// ```
#[derive(Clone)]
pub struct Verifier {
    inner: Arc<Inner>,
}

struct Inner {
    keys: Keys,
    options: VerifyOptions,
    /// `options.audience` without empty strings (Clerk drops falsy entries).
    audience: Vec<String>,
    cache: Option<TokenCache>,
}

/// Where the signing key comes from.
enum Keys {
    /// One key (Clerk's `jwtKey`): `kid` is not consulted.
    Local(VerifyingKey),
    /// Clerk's JWKS, looked up by `kid`.
    Remote(RemoteKeys),
}

impl Verifier {
    /// Verified tokens remembered by default.
    pub const DEFAULT_CACHE_CAPACITY: usize = 10_000;

    /// A networkless verifier from a PEM public key (Clerk's `jwtKey` / `CLERK_JWT_KEY`).
    ///
    /// See [`VerifyingKey::from_pem`] for the PEM forms accepted.
    pub fn from_pem(pem: &str, options: VerifyOptions) -> Result<Self, KeyError> {
        Ok(Self::from_key(VerifyingKey::from_pem(pem)?, options))
    }

    /// A networkless verifier from one key.
    #[must_use]
    pub fn from_key(key: VerifyingKey, options: VerifyOptions) -> Self {
        Self::build(Keys::Local(key), options, Self::DEFAULT_CACHE_CAPACITY)
    }

    /// A verifier that looks each token's key up by `kid` in Clerk's JWKS.
    #[must_use]
    pub fn remote(keys: RemoteKeys, options: VerifyOptions) -> Self {
        Self::build(Keys::Remote(keys), options, Self::DEFAULT_CACHE_CAPACITY)
    }

    /// The same verifier with a cache of at most `capacity` verified tokens (`0` turns the cache
    /// off). The new verifier starts with an empty cache.
    #[must_use]
    pub fn with_cache_capacity(self, capacity: usize) -> Self {
        let keys = match &self.inner.keys {
            Keys::Local(key) => Keys::Local(key.clone()),
            Keys::Remote(keys) => Keys::Remote(keys.clone()),
        };
        Self::build(keys, self.inner.options.clone(), capacity)
    }

    fn build(keys: Keys, options: VerifyOptions, capacity: usize) -> Self {
        let audience = options
            .audience
            .iter()
            .filter(|a| !a.is_empty())
            .cloned()
            .collect();
        Self {
            inner: Arc::new(Inner {
                keys,
                options,
                audience,
                cache: (capacity > 0).then(|| TokenCache::new(capacity)),
            }),
        }
    }

    /// Whether this verifier never fetches keys (a local key, not Clerk's JWKS).
    pub(crate) fn is_networkless(&self) -> bool {
        matches!(self.inner.keys, Keys::Local(_))
    }

    /// The options this verifier checks.
    #[must_use]
    pub fn options(&self) -> &VerifyOptions {
        &self.inner.options
    }

    /// The most verified tokens the cache holds (`0`: no cache).
    #[must_use]
    pub fn cache_capacity(&self) -> usize {
        self.inner.cache.as_ref().map_or(0, TokenCache::capacity)
    }

    /// Verifies `token` against the system clock.
    pub async fn verify(&self, token: &str) -> Result<Arc<JwtPayload>, TokenVerificationError> {
        self.verify_at(token, system_now_ms()).await
    }

    /// Verifies `token` as if the time were `now_ms` (Unix milliseconds).
    pub async fn verify_at(
        &self,
        token: &str,
        now_ms: i64,
    ) -> Result<Arc<JwtPayload>, TokenVerificationError> {
        let inner = &*self.inner;
        let Some(cache) = &inner.cache else {
            return inner
                .verify_uncached(token, now_ms)
                .await
                .map(|e| e.payload);
        };
        let key = CacheKey::of(token.as_bytes());
        if let Some(entry) = cache.get(key, token.as_bytes(), now_ms) {
            if inner.key_still_current(&entry).await? {
                inner.check_times(&entry, now_ms)?;
                return Ok(Arc::clone(&entry.payload));
            }
            cache.remove(key);
        }
        let verified = inner.verify_uncached(token, now_ms).await?;
        let payload = Arc::clone(&verified.payload);
        cache.insert(key, verified.into_entry(token), now_ms);
        Ok(payload)
    }
}

/// A token the cache vouches for right now: verified before with this verifier's key and
/// options, still current, and within its time claims.
pub(crate) struct CachedToken(Arc<Entry>);

impl CachedToken {
    /// The verified claims.
    pub(crate) fn payload(&self) -> &Arc<JwtPayload> {
        &self.0.payload
    }

    /// The verified token, as the cache keeps it.
    pub(crate) fn token(&self) -> &Arc<str> {
        &self.0.token
    }

    /// The entry's memo: what callers derived from this very token, computed once.
    pub(crate) fn memo(&self) -> &Memo {
        &self.0.memo
    }
}

impl Verifier {
    /// The cached verification of `token`, if the cache holds one that passes every check a hit
    /// applies (key still current, `exp`, `nbf`, `iat` at the system clock): no decoding, no
    /// RSA check, no allocation, nothing awaited. `None` in every other case (no cache, a miss,
    /// a failed check, a remote key set that would have to be fetched to tell whether the key
    /// is still current), and then [`verify`](Self::verify) decides as usual; this never
    /// inserts.
    pub(crate) fn cached(&self, token: &[u8]) -> Option<CachedToken> {
        let inner = &*self.inner;
        let cache = inner.cache.as_ref()?;
        // The coarse clock is never ahead: an entry it finds expired is.
        let earliest = clock::earliest_now_ms();
        let entry = cache.get(CacheKey::of(token), token, earliest)?;
        if !inner.key_known_current(&entry) {
            return None;
        }
        let now_ms = clock::hit_time(entry.exp_ms, inner.skew(), earliest, clock::system_now_ms);
        if !times_hold(
            entry.exp_ms,
            entry.nbf_ms,
            entry.iat_ms,
            now_ms,
            inner.skew(),
        ) {
            return None;
        }
        Some(CachedToken(entry))
    }
}

impl Inner {
    fn skew(&self) -> i64 {
        self.options.clock_skew_ms
    }

    /// For a remote key set, whether `kid` still names the key that verified the cached token
    /// (a rotated-out key stops vouching for its tokens).
    async fn key_still_current(&self, entry: &Entry) -> Result<bool, TokenVerificationError> {
        match &self.keys {
            Keys::Local(_) => Ok(true),
            Keys::Remote(keys) => {
                let key = keys.key_for(entry.kid.as_deref()).await?;
                Ok(key.fingerprint() == &entry.key_fingerprint)
            }
        }
    }

    /// [`key_still_current`](Self::key_still_current) from what is known now: `false` when it
    /// would need a fetch to tell.
    fn key_known_current(&self, entry: &Entry) -> bool {
        match &self.keys {
            Keys::Local(_) => true,
            Keys::Remote(keys) => keys
                .known_key(entry.kid.as_deref())
                .is_some_and(|key| key.fingerprint() == &entry.key_fingerprint),
        }
    }

    fn check_times(&self, entry: &Entry, now_ms: i64) -> Result<(), TokenVerificationError> {
        check_exp(entry.exp_ms, now_ms, self.skew())?;
        check_nbf(entry.nbf_ms, now_ms, self.skew())?;
        check_iat(entry.iat_ms, now_ms, self.skew())
    }

    async fn verify_uncached(
        &self,
        token: &str,
        now_ms: i64,
    ) -> Result<Verified, TokenVerificationError> {
        let mut buffer = Vec::new();
        let Decoded {
            signing_input,
            signature,
            header,
            payload,
        } = decode(token, &mut buffer)?;
        checks::category(&header)?;
        let remote_key;
        let key = match &self.keys {
            Keys::Local(key) => key,
            Keys::Remote(keys) => {
                let kid = match &header.kid {
                    Field::Absent => None,
                    Field::Str(kid) => Some(&**kid),
                    Field::Other(_) => {
                        return Err(TokenVerificationError::new(
                            Reason::JwkKidMismatch,
                            format!(
                                "Unable to find a signing key in JWKS that matches the kid {} (it is not a string).",
                                header.kid.display()
                            ),
                        ));
                    }
                };
                remote_key = keys.key_for(kid).await?;
                &remote_key
            }
        };
        checks::header_type(&header, self.options.header_types.as_deref())?;
        let algorithm = checks::algorithm(&header)?;
        check_signature(signing_input, signature, key, algorithm)?;

        let claims = RegisteredClaims::of(&payload);
        checks::subject(&claims)?;
        checks::audience(&claims, &self.audience)?;
        checks::authorized_party(&claims, &self.options.authorized_parties)?;
        checks::issuer(&claims, self.options.issuer.as_deref())?;
        let exp_ms = claim_ms(&claims, TimeClaim::Exp)?.unwrap_or(i64::MIN);
        check_exp(exp_ms, now_ms, self.skew())?;
        let nbf_ms = claim_ms(&claims, TimeClaim::Nbf)?;
        check_nbf(nbf_ms, now_ms, self.skew())?;
        let iat_ms = claim_ms(&claims, TimeClaim::Iat)?;
        check_iat(iat_ms, now_ms, self.skew())?;

        let Value::Object(claims) = payload else {
            // `sub` passed, so the payload is an object; stay total anyway.
            return Err(TokenVerificationError::new(
                Reason::TokenVerificationFailed,
                "The JWT payload is not a JSON object.",
            ));
        };
        Ok(Verified {
            payload: Arc::new(claims),
            exp_ms,
            nbf_ms,
            iat_ms,
            key_fingerprint: *key.fingerprint(),
            // Only a cache keeps the `kid`.
            kid: match &header.kid {
                Field::Str(kid) if self.cache.is_some() => Some(Arc::from(&**kid)),
                _ => None,
            },
        })
    }
}

/// What one verification established; it becomes a cache [`Entry`] only when a cache keeps it
/// (a verifier without a cache allocates nothing more than the claims).
struct Verified {
    payload: Arc<JwtPayload>,
    exp_ms: i64,
    nbf_ms: Option<i64>,
    iat_ms: Option<i64>,
    key_fingerprint: [u8; 32],
    /// `None` when no cache keeps this verification.
    kid: Option<Arc<str>>,
}

impl Verified {
    fn into_entry(self, token: &str) -> Entry {
        Entry {
            payload: self.payload,
            exp_ms: self.exp_ms,
            nbf_ms: self.nbf_ms,
            iat_ms: self.iat_ms,
            key_fingerprint: self.key_fingerprint,
            kid: self.kid,
            token: Arc::from(token),
            memo: Memo::default(),
        }
    }
}

/// The RSA check with the key parsed when it was loaded, over `header.payload` exactly as sent.
fn check_signature(
    signing_input: &str,
    signature: &[u8],
    key: &VerifyingKey,
    algorithm: Algorithm,
) -> Result<(), TokenVerificationError> {
    if signature_matches(signing_input, signature, key, algorithm) {
        Ok(())
    } else {
        Err(invalid_signature())
    }
}

/// Whether `signature` (decoded once by [`decode`]) signs `signing_input` with `key` under
/// `algorithm`. A signature longer than any accepted key's cannot.
pub(super) fn signature_matches(
    signing_input: &str,
    signature: &[u8],
    key: &VerifyingKey,
    algorithm: Algorithm,
) -> bool {
    signature.len() <= MAX_SIGNATURE_LEN
        && key.verifies(algorithm, signing_input.as_bytes(), signature)
}

fn invalid_signature() -> TokenVerificationError {
    TokenVerificationError::new(Reason::TokenInvalidSignature, "JWT signature is invalid.")
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = f.debug_struct("Verifier");
        match &self.inner.keys {
            Keys::Local(key) => out.field("key", key),
            Keys::Remote(_) => out.field("key", &"remote JWKS (by kid)"),
        };
        out.field("options", &self.inner.options)
            .field("cache_capacity", &self.cache_capacity())
            .finish()
    }
}

#[path = "handshake_token.rs"]
mod handshake_token;

#[cfg(test)]
#[path = "verifier_tests.rs"]
mod tests;
