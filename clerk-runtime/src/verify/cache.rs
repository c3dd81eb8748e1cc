//! The verified-token cache: a bounded, sharded map from a token to what its verification
//! established.
//!
//! Only successes are stored, and only until the token's `exp`; the verifier still applies the
//! time checks (`exp`, `nbf`, `iat` with skew) to every hit. An entry holds the verified token
//! itself and a hit needs the very same token, compared in full without an early exit. The map's
//! key is read off the token's last sixteen characters: the tail of its RSA signature, uniform
//! for every token that can be stored (only verified tokens are), so finding the entry costs
//! no pass over the token. Whoever sends a token they do not have cannot make it hit: the full
//! comparison decides.

use std::any::Any;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hash, Hasher};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, PoisonError};

use super::JwtPayload;

/// Number of independently locked shards (a power of two).
const SHARDS: usize = 16;

/// Where a token's entry is looked for: its last sixteen bytes, folded into a word.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub(crate) struct CacheKey(u64);

impl CacheKey {
    /// The key of `token`: O(1), whatever its length.
    pub(crate) fn of(token: &[u8]) -> Self {
        let bytes = token;
        // Every real token is longer than sixteen bytes: two fixed loads, no copy loop.
        let tail: [u8; 16] = if let Some(tail) = bytes.last_chunk::<16>() {
            *tail
        } else {
            let mut tail = [0u8; 16];
            tail[16 - bytes.len()..].copy_from_slice(bytes);
            tail
        };
        let (low, high) = tail.split_at(8);
        let low = u64::from_le_bytes(low.try_into().unwrap_or_default());
        let high = u64::from_le_bytes(high.try_into().unwrap_or_default());
        // Sixteen base64url characters carry 96 bits; the multiply spreads them over the word
        // (the map takes its bucket from the low bits and its tag from the high bits).
        let length = bytes.len() as u64;
        Self((low ^ high.rotate_left(31) ^ length).wrapping_mul(0x9E37_79B9_7F4A_7C15))
    }

    fn shard(self) -> usize {
        // The top bits, which the multiply mixes best.
        (self.0 >> 60) as usize % SHARDS
    }
}

/// Passes a `CacheKey`'s word through as the hash.
#[derive(Default)]
struct PassThrough(u64);

impl Hasher for PassThrough {
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

/// Whether `a` and `b` are the same bytes, reading all of them whatever differs (no early
/// exit, so the time taken says nothing about where a guess went wrong).
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |diff, (x, y)| diff | (x ^ y)) == 0
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
    /// The verified token, compared in full on every hit.
    pub(crate) token: Arc<str>,
    /// Filled on first use by [`Verifier::cached`](super::Verifier::cached)'s callers.
    pub(crate) memo: Memo,
}

/// What a caller derived once from a cached token (the middleware keeps the session the
/// token gives there, or `None` when it gives none), shared by every hit of the entry. Kept in
/// the entry itself, so that a hit reaches it without another pointer to follow.
pub(crate) type Memo = OnceLock<Option<Arc<dyn Any + Send + Sync>>>;

type Shard = HashMap<CacheKey, Arc<Entry>, BuildHasherDefault<PassThrough>>;

/// A bounded, sharded verified-token cache.
pub(crate) struct TokenCache {
    shards: Box<[Mutex<Shard>]>,
    /// Entries held in all shards together; never above `capacity` (a slot is reserved
    /// before an entry is added).
    held: AtomicUsize,
    capacity: usize,
}

impl TokenCache {
    /// A cache holding at most `capacity` entries in total, wherever their keys fall.
    pub(crate) fn new(capacity: usize) -> Self {
        Self {
            shards: (0..SHARDS).map(|_| Mutex::new(Shard::default())).collect(),
            held: AtomicUsize::new(0),
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

    /// The entry of exactly `token` (whose key is `key`), unless the token has reached `exp` at
    /// `now_ms` (an expired entry is dropped).
    pub(crate) fn get(&self, key: CacheKey, token: &[u8], now_ms: i64) -> Option<Arc<Entry>> {
        let mut shard = self.lock(key.shard());
        let entry = shard.get(&key)?;
        if !same_bytes(entry.token.as_bytes(), token) {
            return None;
        }
        if entry.exp_ms <= now_ms {
            shard.remove(&key);
            self.held.fetch_sub(1, Ordering::Relaxed);
            return None;
        }
        Some(Arc::clone(entry))
    }

    /// Drops the entry for `key`.
    pub(crate) fn remove(&self, key: CacheKey) {
        if self.lock(key.shard()).remove(&key).is_some() {
            self.held.fetch_sub(1, Ordering::Relaxed);
        }
    }

    /// Stores `entry` unless its token has already reached `exp`. When the cache is full,
    /// room is made in the entry's shard: its expired entries go first; if none were, the entry
    /// closest to expiry. A full cache whose shard for this key is empty stores nothing.
    pub(crate) fn insert(&self, key: CacheKey, entry: Entry, now_ms: i64) {
        if entry.exp_ms <= now_ms || self.capacity == 0 {
            return;
        }
        let mut shard = self.lock(key.shard());
        if let Some(held) = shard.get_mut(&key) {
            *held = Arc::new(entry);
            return;
        }
        let reserved = self
            .held
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |held| {
                (held < self.capacity).then_some(held + 1)
            })
            .is_ok();
        if !reserved {
            // Full: free one slot or more here, and keep one of them for this entry.
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
            let freed = before - shard.len();
            if freed == 0 {
                return;
            }
            self.held.fetch_sub(freed - 1, Ordering::Relaxed);
        }
        shard.insert(key, Arc::new(entry));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine as _;

    /// A token-shaped string whose signature is uniform, as a verified token's is.
    fn token(n: u32) -> String {
        let digest = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, &n.to_le_bytes());
        let signature = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(digest.as_ref());
        format!("h.p.{signature}")
    }

    fn key(n: u32) -> CacheKey {
        CacheKey::of(token(n).as_bytes())
    }

    fn entry(n: u32, exp_ms: i64) -> Entry {
        Entry {
            payload: Arc::new(JwtPayload::new()),
            exp_ms,
            nbf_ms: None,
            iat_ms: None,
            key_fingerprint: [0; 32],
            kid: None,
            token: Arc::from(token(n)),
            memo: Memo::default(),
        }
    }

    fn get(cache: &TokenCache, n: u32, now_ms: i64) -> Option<Arc<Entry>> {
        cache.get(key(n), token(n).as_bytes(), now_ms)
    }

    #[test]
    fn entries_never_outlive_exp() {
        let cache = TokenCache::new(100);
        cache.insert(key(1), entry(1, 1000), 0);
        assert!(get(&cache, 1, 999).is_some());
        assert!(get(&cache, 1, 1000).is_none());
        assert_eq!(cache.len(), 0, "the expired entry is dropped on read");
        cache.insert(key(2), entry(2, 1000), 1000);
        assert_eq!(cache.len(), 0, "an already expired token is not stored");
    }

    #[test]
    fn stays_within_capacity_and_evicts_the_soonest_to_expire() {
        let cache = TokenCache::new(SHARDS * 4);
        for n in 0..10_000 {
            cache.insert(key(n), entry(n, 1_000_000 + i64::from(n)), 0);
            assert!(cache.len() <= SHARDS * 4);
        }
        // the latest entry of each shard survives, the earliest ones made room
        assert!(get(&cache, 9_999, 0).is_some());
        assert!(get(&cache, 0, 0).is_none());
    }

    #[test]
    fn expired_entries_are_swept_before_live_ones_are_evicted() {
        let cache = TokenCache::new(2);
        let other = (1..100_000)
            .find(|&n| key(n).shard() != key(0).shard())
            .unwrap();
        let same = (1..100_000)
            .find(|&n| key(n).shard() == key(0).shard())
            .unwrap();
        cache.insert(key(0), entry(0, 10), 0);
        cache.insert(key(other), entry(other, 1000), 0);
        // Full: the expired entry in the new key's shard makes room, the live one stays.
        cache.insert(key(same), entry(same, 1000), 20);
        assert!(get(&cache, same, 20).is_some());
        assert!(get(&cache, other, 20).is_some());
        assert_eq!(cache.len(), 2);
    }

    #[test]
    fn the_whole_capacity_is_usable_wherever_keys_fall() {
        let cache = TokenCache::new(1000);
        for n in 0..1000 {
            cache.insert(key(n), entry(n, 5000), 0);
        }
        assert_eq!(cache.len(), 1000);
        assert!((0..1000).all(|n| get(&cache, n, 0).is_some()));
        cache.insert(key(1000), entry(1000, 5000), 0);
        assert_eq!(cache.len(), 1000, "full: one made room");
        assert!(get(&cache, 1000, 0).is_some());
    }

    #[test]
    fn concurrent_inserts_never_exceed_the_capacity() {
        let cache = Arc::new(TokenCache::new(50));
        let threads: Vec<_> = (0..4u32)
            .map(|t| {
                let cache = Arc::clone(&cache);
                std::thread::spawn(move || {
                    for n in t * 1000..t * 1000 + 1000 {
                        cache.insert(key(n), entry(n, 1_000_000 + i64::from(n)), 0);
                        assert!(cache.len() <= 50);
                    }
                })
            })
            .collect();
        for thread in threads {
            thread.join().unwrap();
        }
        assert!(cache.len() <= 50);
        assert_eq!(cache.held.load(Ordering::Relaxed), cache.len());
    }

    #[test]
    fn a_hit_needs_the_whole_token() {
        let cache = TokenCache::new(16);
        cache.insert(key(1), entry(1, 1000), 0);
        assert!(get(&cache, 1, 0).is_some());
        let genuine = token(1);
        // Same tail, so the same key: another header, payload or signature start is no hit.
        for at in [0, 2, genuine.len() - 17] {
            let mut other = genuine.clone().into_bytes();
            other[at] = if other[at] == b'A' { b'B' } else { b'A' };
            let other = String::from_utf8(other).unwrap();
            assert_eq!(CacheKey::of(other.as_bytes()), key(1));
            assert!(cache.get(key(1), other.as_bytes(), 0).is_none(), "{other}");
        }
        assert!(
            cache.get(key(1), &genuine.as_bytes()[1..], 0).is_none(),
            "a suffix"
        );
        assert!(get(&cache, 1, 0).is_some(), "a mismatch does not evict");
    }

    #[test]
    fn keys_spread_over_shards_and_read_only_the_tail() {
        let mut per_shard = [0usize; SHARDS];
        for n in 0..16_000 {
            per_shard[key(n).shard()] += 1;
        }
        assert!(
            per_shard.iter().all(|&count| (800..1200).contains(&count)),
            "{per_shard:?}"
        );
        assert_eq!(
            CacheKey::of(b"x.0123456789abcdef"),
            CacheKey::of(b"y.0123456789abcdef")
        );
        assert_ne!(
            CacheKey::of(b"0123456789abcdef"),
            CacheKey::of(b"0123456789abcdeg")
        );
        // Strings shorter than the tail (never verified tokens) still get distinct keys.
        assert_ne!(CacheKey::of(b""), CacheKey::of(b"a"));
        assert_ne!(CacheKey::of(b"a"), CacheKey::of(b"b"));
    }

    proptest::proptest! {
        /// The key reads the last sixteen bytes, right-aligned over zeros when there are fewer,
        /// and the length, whatever the length.
        #[test]
        fn key_is_the_zero_padded_tail_and_the_length(
            bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..40),
        ) {
            let mut tail = [0u8; 16];
            let take = bytes.len().min(16);
            tail[16 - take..].copy_from_slice(&bytes[bytes.len() - take..]);
            let low = u64::from_le_bytes(tail[..8].try_into().unwrap());
            let high = u64::from_le_bytes(tail[8..].try_into().unwrap());
            let expected = (low ^ high.rotate_left(31) ^ bytes.len() as u64)
                .wrapping_mul(0x9E37_79B9_7F4A_7C15);
            proptest::prop_assert_eq!(CacheKey::of(&bytes), CacheKey(expected));
        }
    }

    #[test]
    fn same_bytes_is_plain_equality() {
        assert!(same_bytes(b"", b""));
        assert!(same_bytes(b"abc", b"abc"));
        assert!(!same_bytes(b"abc", b"abd"));
        assert!(!same_bytes(b"abc", b"ab"));
        assert!(!same_bytes(b"xbc", b"abc"));
    }

    #[test]
    fn zero_capacity_stores_nothing_and_small_capacities_are_exact() {
        let cache = TokenCache::new(0);
        cache.insert(key(1), entry(1, 1000), 0);
        assert_eq!(cache.len(), 0);
        let cache = TokenCache::new(3);
        for n in 0..1000 {
            cache.insert(key(n), entry(n, 1000), 0);
        }
        assert!(cache.len() <= 3);
        assert_eq!(cache.capacity(), 3);
    }
}
