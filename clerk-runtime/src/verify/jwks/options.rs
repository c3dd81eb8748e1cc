//! How the JWKS cache behaves.

use std::time::Duration;

/// Caching, rate limiting and timeout of [`RemoteKeys`](super::RemoteKeys).
///
/// ```
/// use std::time::Duration;
/// use clerk_runtime::verify::jwks::JwksOptions;
///
/// let mut options = JwksOptions::default();
/// assert_eq!(options.ttl, Duration::from_secs(300));
/// options.timeout = Duration::from_secs(2);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct JwksOptions {
    /// Clerk's `skipJwksCache`: fetch the JWKS for every key lookup, with no cache and no rate
    /// limit. Default `false`.
    pub skip_cache: bool,
    /// How long a fetched set is fresh: Clerk's 5 minutes. After that the next lookup refreshes
    /// it; until a refresh succeeds the old keys keep working.
    pub ttl: Duration,
    /// The least time between two fetches that are not due to the TTL: a lookup of an unknown
    /// `kid`, or a retry after a failed fetch. Default 10 seconds. Clerk refetches on every
    /// unknown `kid`.
    pub refetch_interval: Duration,
    /// The bound on one fetch, from connecting to the end of the body. Default 5 seconds.
    pub timeout: Duration,
}

impl Default for JwksOptions {
    fn default() -> Self {
        Self {
            skip_cache: false,
            ttl: Duration::from_mins(5),
            refetch_interval: Duration::from_secs(10),
            timeout: Duration::from_secs(5),
        }
    }
}
