//! The verified-token cache: a bounded, sharded map from a SHA-256 key to what a verification
//! established.
//!
//! Only successes are stored, and only until the token's `exp`; the verifier still applies the
//! time checks (`exp`, `nbf`, `iat` with skew) to every hit. Keys are SHA-256 digests, so the map
//! hashes them by taking their first bytes (they are already uniform). No usable token is kept:
//! an entry holds the claims, `header.payload` and, through its key, a digest of the signature.

use std::any::Any;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hash, Hasher};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, PoisonError};

use super::JwtPayload;

/// Number of independently locked shards (a power of two).
const SHARDS: usize = 16;

/// A SHA-256 digest naming one (token, key, options) combination.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct CacheKey(pub(crate) [u8; 32]);

impl Hash for CacheKey {
    fn hash<H: Hasher>(&self, state: &mut H) {
        let mut first = [0; 8];
        first.copy_from_slice(&self.0[..8]);
        state.write_u64(u64::from_le_bytes(first));
    }
}

impl CacheKey {
    fn shard(&self) -> usize {
        usize::from(self.0[8]) % SHARDS
    }
}

/// Passes a `CacheKey`'s first eight bytes through as the hash.
#[derive(Default)]
struct TakeFirstBytes(u64);

impl Hasher for TakeFirstBytes {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only `write_u64` is used by `CacheKey`; fold anything else in for completeness.
        for b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(*b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// What a successful verification established about one token.
#[derive(Clone, Debug)]
pub(crate) struct Entry {
    /// The verified claims.
    pub(crate) payload: Arc<JwtPayload>,
    /// `trunc(exp) * 1000`.
    pub(crate) exp_ms: i64,
    /// `trunc(nbf) * 1000`, if present.
    pub(crate) nbf_ms: Option<i64>,
    /// `trunc(iat) * 1000`, if present.
    pub(crate) iat_ms: Option<i64>,
    /// Fingerprint of the key that verified the signature.
    pub(crate) key_fingerprint: [u8; 32],
    /// The header `kid` (for remote key sets: the key is looked up again on a hit).
    pub(crate) kid: Option<Arc<str>>,
    /// `header.payload` of the token, compared in full on every hit (the key covers the
    /// signature). Without its signature it is no usable token.
    pub(crate) signing_input: Arc<str>,
    /// Filled on first use by [`Verifier::cached`](super::Verifier::cached)'s callers.
    pub(crate) memo: Memo,
}

/// What a caller derived once from a cached token (the middleware keeps the token's
/// classification and its session there), shared by every hit of the entry.
pub(crate) type Memo = Arc<OnceLock<Box<dyn Any + Send + Sync>>>;

type Shard = HashMap<CacheKey, Entry, BuildHasherDefault<TakeFirstBytes>>;

/// A bounded, sharded verified-token cache.
pub(crate) struct TokenCache {
    shards: Box<[Mutex<Shard>]>,
    /// Per-shard limits; they add up to the configured capacity.
    limits: [usize; SHARDS],
    capacity: usize,
}

impl TokenCache {
    /// A cache holding at most `capacity` entries in total.
    pub(crate) fn new(capacity: usize) -> Self {
        let mut limits = [capacity / SHARDS; SHARDS];
        for limit in limits.iter_mut().take(capacity % SHARDS) {
            *limit += 1;
        }
        Self {
            shards: (0..SHARDS).map(|_| Mutex::new(Shard::default())).collect(),
            limits,
            capacity,
        }
    }

    /// The configured bound.
    pub(crate) fn capacity(&self) -> usize {
        self.capacity
    }

    /// Entries currently held (expired ones included until they are swept).
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        (0..SHARDS).map(|i| self.lock(i).len()).sum()
    }

    fn lock(&self, shard: usize) -> MutexGuard<'_, Shard> {
        // Nothing panics while a shard is locked; recover the map if it ever did.
        self.shards[shard]
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// The entry for `key` if it was stored for exactly this `signing_input`, unless its token
    /// has reached `exp` at `now_ms` (an expired entry is dropped).
    pub(crate) fn get(&self, key: &CacheKey, signing_input: &str, now_ms: i64) -> Option<Entry> {
        let mut shard = self.lock(key.shard());
        let entry = shard.get(key)?;
        if *entry.signing_input != *signing_input {
            return None;
        }
        if entry.exp_ms <= now_ms {
            shard.remove(key);
            return None;
        }
        Some(entry.clone())
    }

    /// Drops the entry for `key`.
    pub(crate) fn remove(&self, key: &CacheKey) {
        self.lock(key.shard()).remove(key);
    }

    /// Stores `entry` unless its token has already reached `exp`. When the shard is full, expired
    /// entries are swept first; if none were, the entry closest to expiry makes room.
    pub(crate) fn insert(&self, key: CacheKey, entry: Entry, now_ms: i64) {
        if entry.exp_ms <= now_ms {
            return;
        }
        let index = key.shard();
        let limit = self.limits[index];
        if limit == 0 {
            return;
        }
        let mut shard = self.lock(index);
        if shard.len() >= limit && !shard.contains_key(&key) {
            let before = shard.len();
            let mut soonest: Option<(CacheKey, i64)> = None;
            shard.retain(|k, e| {
                if e.exp_ms <= now_ms {
                    return false;
                }
                if soonest.is_none_or(|(_, exp)| e.exp_ms < exp) {
                    soonest = Some((*k, e.exp_ms));
                }
                true
            });
            if shard.len() == before
                && let Some((victim, _)) = soonest
            {
                shard.remove(&victim);
            }
        }
        shard.insert(key, entry);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(n: u32) -> CacheKey {
        let digest = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, &n.to_le_bytes());
        let mut bytes = [0; 32];
        bytes.copy_from_slice(digest.as_ref());
        CacheKey(bytes)
    }

    fn entry(exp_ms: i64) -> Entry {
        Entry {
            payload: Arc::new(JwtPayload::new()),
            exp_ms,
            nbf_ms: None,
            iat_ms: None,
            key_fingerprint: [0; 32],
            kid: None,
            signing_input: Arc::from("h.p"),
            memo: Memo::default(),
        }
    }

    #[test]
    fn entries_never_outlive_exp() {
        let cache = TokenCache::new(100);
        cache.insert(key(1), entry(1000), 0);
        assert!(cache.get(&key(1), "h.p", 999).is_some());
        assert!(cache.get(&key(1), "h.p", 1000).is_none());
        assert_eq!(cache.len(), 0, "the expired entry is dropped on read");
        cache.insert(key(2), entry(1000), 1000);
        assert_eq!(cache.len(), 0, "an already expired token is not stored");
    }

    #[test]
    fn stays_within_capacity_and_evicts_the_soonest_to_expire() {
        let cache = TokenCache::new(SHARDS * 4);
        for n in 0..10_000 {
            cache.insert(key(n), entry(1_000_000 + i64::from(n)), 0);
            assert!(cache.len() <= SHARDS * 4);
        }
        // the latest entry of each shard survives, the earliest ones made room
        assert!(cache.get(&key(9_999), "h.p", 0).is_some());
        assert!(cache.get(&key(0), "h.p", 0).is_none());
    }

    #[test]
    fn expired_entries_are_swept_before_live_ones_are_evicted() {
        let cache = TokenCache::new(SHARDS);
        // find two keys in the same shard
        let first = key(0);
        let second = (1..100_000)
            .map(key)
            .find(|k| k.shard() == first.shard())
            .unwrap();
        cache.insert(first, entry(10), 0);
        cache.insert(second, entry(1000), 20);
        assert!(cache.get(&second, "h.p", 20).is_some());
        assert_eq!(cache.len(), 1);
    }

    #[test]
    fn a_hit_needs_the_same_header_and_payload() {
        let cache = TokenCache::new(16);
        cache.insert(key(1), entry(1000), 0);
        assert!(cache.get(&key(1), "h.p", 0).is_some());
        assert!(cache.get(&key(1), "h.q", 0).is_none());
        assert!(
            cache.get(&key(1), "h.p", 0).is_some(),
            "a mismatch does not evict"
        );
    }

    #[test]
    fn zero_capacity_stores_nothing_and_small_capacities_are_exact() {
        let cache = TokenCache::new(0);
        cache.insert(key(1), entry(1000), 0);
        assert_eq!(cache.len(), 0);
        let cache = TokenCache::new(3);
        for n in 0..1000 {
            cache.insert(key(n), entry(1000), 0);
        }
        assert!(cache.len() <= 3);
        assert_eq!(cache.capacity(), 3);
    }
}
