//! Keys fetched from Clerk's Backend API (`{api_url}/{api_version}/jwks`), cached per instance.
//!
//! [`RemoteKeys`] does what Clerk's `loadClerkJWKFromRemote` does, with these deliberate
//! differences (each recorded in `tests/conformance/DEVIATIONS.md`):
//!
//! - one cache per Clerk instance (api url, version and secret key) with Clerk's 5-minute TTL:
//!   clones of a `RemoteKeys` share it, and [`RemoteKeys::shared`] (which `ClerkConfig` uses)
//!   finds the cache already in use for the same instance, so one tenant's keys never answer
//!   for another's;
//! - a lookup of an unknown `kid` refetches at most once per
//!   [`refetch_interval`](JwksOptions::refetch_interval), and concurrent lookups that need a
//!   fetch share one request, so a flood of random `kid`s cannot become a flood of fetches;
//! - when a refresh fails, keys already known keep working; only a set that was never loaded
//!   fails with `jwk-remote-failed-to-load`;
//! - a key that cannot be used (EC, symmetric, malformed, under 2048 bits) is skipped, not fatal.
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use clerk_runtime::config::SecretKey;
//! use clerk_runtime::verify::jwks::{JwksOptions, RemoteKeys};
//!
//! let secret = SecretKey::parse("sk_test_…")?;
//! let keys = RemoteKeys::new("https://api.clerk.com", "v1", &secret, JwksOptions::default())?;
//! let key = keys.key_for(Some("ins_2abc")).await?;
//! # let _ = key; Ok(()) }
//! ```

mod fetch;
mod options;
mod registry;
mod set;

use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Instant;

pub use options::JwksOptions;
pub use set::{JwkSet, SkippedJwk};

use self::fetch::Fetcher;
use super::VerifyingKey;
use crate::instance::{ConfigError, SecretKey};
use crate::{TokenVerificationError, TokenVerificationErrorReason};

/// Clerk's JWKS for one instance (api url, version, secret key), cached.
///
/// Cheap to clone; clones share the cache. Its `Debug` output shows the endpoint and the
/// options, never the secret key.
#[derive(Clone)]
pub struct RemoteKeys {
    inner: Arc<Inner>,
}

struct Inner {
    fetcher: Fetcher,
    options: JwksOptions,
    secret_key: SecretKey,
    state: Mutex<State>,
    /// Held while a fetch runs: the single flight.
    fetch_lock: tokio::sync::Mutex<()>,
}

#[derive(Default)]
struct State {
    /// The last set fetched successfully, and when.
    loaded: Option<(Arc<JwkSet>, Instant)>,
    /// When the last fetch started, whatever its outcome.
    last_attempt: Option<Instant>,
    /// The error of the last fetch, when it failed.
    last_error: Option<TokenVerificationError>,
    /// Counts finished fetches, so a waiter can tell that someone else fetched meanwhile.
    generation: u64,
    /// True while a fetch runs; lookups that need one wait for it instead of failing.
    in_flight: bool,
}

/// What a lookup does after looking at the cache.
enum Plan {
    /// Answer now, without fetching.
    Answer(Result<VerifyingKey, TokenVerificationError>),
    /// Fetch first. `stale` is a key that answers if a fetch is already running.
    Fetch {
        stale: Option<VerifyingKey>,
        generation: u64,
    },
}

impl RemoteKeys {
    /// Keys from `{api_url}/{api_version}/jwks`, fetched with `Authorization: Bearer
    /// <secret_key>`.
    ///
    /// `api_url` must be an `https` URL, or `http` to a loopback host (so a secret key never
    /// crosses a network in the clear). Nothing is fetched until the first lookup.
    pub fn new(
        api_url: &str,
        api_version: &str,
        secret_key: &SecretKey,
        options: JwksOptions,
    ) -> Result<Self, ConfigError> {
        let api_url = crate::instance::validate::api_url("api_url", api_url)?;
        crate::instance::validate::api_version("api_version", api_version)?;
        Self::from_parts(&api_url, api_version, secret_key, options)
    }

    /// Like [`new`](Self::new), but returns the cache already in use in this process for the
    /// same endpoint, secret key and options, if any: one cache per Clerk instance, as Clerk
    /// keeps one per `apiUrl|apiVersion|secretKey`. [`ClerkConfig`](crate::config::ClerkConfig)
    /// uses this, so configurations rebuilt per request (per-tenant keys) share their caches.
    pub fn shared(
        api_url: &str,
        api_version: &str,
        secret_key: &SecretKey,
        options: JwksOptions,
    ) -> Result<Self, ConfigError> {
        let api_url = crate::instance::validate::api_url("api_url", api_url)?;
        crate::instance::validate::api_version("api_version", api_version)?;
        registry::shared(&api_url, api_version, secret_key, options)
    }

    pub(crate) fn shared_from_url(
        api_url: &url::Url,
        api_version: &str,
        secret_key: &SecretKey,
        options: JwksOptions,
    ) -> Result<Self, ConfigError> {
        registry::shared(api_url, api_version, secret_key, options)
    }

    pub(crate) fn from_parts(
        api_url: &url::Url,
        api_version: &str,
        secret_key: &SecretKey,
        options: JwksOptions,
    ) -> Result<Self, ConfigError> {
        let fetcher = Fetcher::new(api_url, api_version, secret_key, options.timeout)?;
        Ok(Self {
            inner: Arc::new(Inner {
                fetcher,
                options,
                secret_key: secret_key.clone(),
                state: Mutex::new(State::default()),
                fetch_lock: tokio::sync::Mutex::new(()),
            }),
        })
    }

    /// The JWKS endpoint.
    #[must_use]
    pub fn url(&self) -> &str {
        self.inner.fetcher.url().as_str()
    }

    /// The options this cache runs with.
    #[must_use]
    pub fn options(&self) -> &JwksOptions {
        &self.inner.options
    }

    /// The key whose `kid` is given.
    ///
    /// - A fresh cached key answers at once.
    /// - A key unknown to the cache, or a cache older than the TTL, leads to a fetch, at most one
    ///   per [`refetch_interval`](JwksOptions::refetch_interval) unless the TTL is due; callers
    ///   that need a fetch while one runs wait for it instead of starting another.
    /// - A failed refresh leaves the known keys in use; a known key past its TTL answers while
    ///   another caller refreshes.
    ///
    /// Errors: `jwk-remote-failed-to-load` (or `secret-key-invalid`) when no set could ever be
    /// loaded, or when the fetch this lookup relied on failed; `jwk-kid-mismatch` when the `kid`
    /// is not in the set. A token without a `kid` is `jwk-kid-mismatch`, as in Clerk, whose
    /// session tokens always carry one.
    pub async fn key_for(&self, kid: Option<&str>) -> Result<VerifyingKey, TokenVerificationError> {
        if self.inner.options.skip_cache {
            let set = self.inner.fetcher.fetch().await?;
            return lookup(&set, kid);
        }
        let (stale, generation) = match self.plan(kid, Instant::now()) {
            Plan::Answer(answer) => return answer,
            Plan::Fetch { stale, generation } => (stale, generation),
        };
        let _flight = match stale {
            // A stale key must not wait for someone else's refresh: it answers now.
            Some(key) => match self.inner.fetch_lock.try_lock() {
                Ok(guard) => guard,
                Err(_) => return Ok(key),
            },
            None => self.inner.fetch_lock.lock().await,
        };
        if self.state().generation == generation {
            self.fetch_now().await;
        }
        self.answer(kid)
    }

    /// The key for `kid` when the cache can answer at once, without fetching: `None` whenever
    /// [`key_for`](Self::key_for) would fetch or fail (the caller then takes that path).
    pub(crate) fn known_key(&self, kid: Option<&str>) -> Option<VerifyingKey> {
        if self.inner.options.skip_cache {
            return None;
        }
        match self.plan(kid, Instant::now()) {
            Plan::Answer(Ok(key)) => Some(key),
            Plan::Answer(Err(_)) | Plan::Fetch { .. } => None,
        }
    }

    /// Fetches the set now, unless a fetch is already running (then waits for that one), and
    /// reports the outcome. Use it to warm the cache at start-up; it ignores the rate limit.
    pub async fn refresh(&self) -> Result<usize, TokenVerificationError> {
        let generation = self.state().generation;
        let _flight = self.inner.fetch_lock.lock().await;
        if self.state().generation == generation {
            self.fetch_now().await;
        }
        let state = self.state();
        match (&state.last_error, &state.loaded) {
            (Some(error), _) => Err(error.clone()),
            (None, Some((set, _))) => Ok(set.len()),
            (None, None) => Err(never_loaded()),
        }
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.inner
            .state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Decides, from the cache alone, whether to answer or to fetch.
    ///
    /// A lookup that needs a fetch may start one when the last attempt is older than the
    /// refetch interval, and joins the running one when there is one.
    fn plan(&self, kid: Option<&str>, now: Instant) -> Plan {
        let options = &self.inner.options;
        let state = self.state();
        let may_fetch = state
            .last_attempt
            .is_none_or(|at| now.saturating_duration_since(at) >= options.refetch_interval);
        let fetch = Plan::Fetch {
            stale: None,
            generation: state.generation,
        };
        let Some((set, fetched_at)) = &state.loaded else {
            return if may_fetch || state.in_flight {
                fetch
            } else {
                Plan::Answer(Err(state.last_error.clone().unwrap_or_else(never_loaded)))
            };
        };
        let fresh = now.saturating_duration_since(*fetched_at) < options.ttl;
        match kid.and_then(|kid| set.get(kid)) {
            Some(key) if fresh || !may_fetch => Plan::Answer(Ok(key.clone())),
            Some(key) => Plan::Fetch {
                stale: Some(key.clone()),
                generation: state.generation,
            },
            None if kid.is_some() && (may_fetch || state.in_flight) => fetch,
            None => Plan::Answer(Err(state_error(&state, kid))),
        }
    }

    /// Runs one fetch and records its outcome. The caller holds the fetch lock.
    async fn fetch_now(&self) {
        {
            let mut state = self.state();
            state.last_attempt = Some(Instant::now());
            state.in_flight = true;
        }
        // Clears `in_flight` even when the caller is cancelled mid-fetch.
        let _in_flight = InFlight(self);
        let outcome = self.inner.fetcher.fetch().await;
        let mut state = self.state();
        state.generation += 1;
        match outcome {
            Ok(set) => {
                state.loaded = Some((Arc::new(set), Instant::now()));
                state.last_error = None;
            }
            Err(error) => {
                tracing::warn!(
                    target: "clerk",
                    reason = error.reason.as_str(),
                    "{}",
                    error.message
                );
                state.last_error = Some(error);
            }
        }
        drop(state);
    }

    /// The answer from the cache after a fetch (ours or another caller's).
    fn answer(&self, kid: Option<&str>) -> Result<VerifyingKey, TokenVerificationError> {
        let state = self.state();
        if let (Some((set, _)), Some(kid)) = (&state.loaded, kid)
            && let Some(key) = set.get(kid)
        {
            return Ok(key.clone());
        }
        Err(state_error(&state, kid))
    }
}

/// Marks the end of a fetch when dropped.
struct InFlight<'a>(&'a RemoteKeys);

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.state().in_flight = false;
    }
}

/// Why a lookup fails given the cache: the last fetch error if there is one, else a `kid` that
/// is not in the loaded set.
fn state_error(state: &State, kid: Option<&str>) -> TokenVerificationError {
    match (&state.last_error, &state.loaded) {
        (Some(error), _) => error.clone(),
        (None, Some(_)) => kid_mismatch(kid),
        (None, None) => never_loaded(),
    }
}

fn lookup(set: &JwkSet, kid: Option<&str>) -> Result<VerifyingKey, TokenVerificationError> {
    kid.and_then(|kid| set.get(kid))
        .cloned()
        .ok_or_else(|| kid_mismatch(kid))
}

fn kid_mismatch(kid: Option<&str>) -> TokenVerificationError {
    let message = match kid {
        Some(kid) => format!(
            "Unable to find a signing key in JWKS that matches the kid='{}' of the provided session token. Please make sure that the __session cookie or the HTTP authorization header contain a Clerk-generated session JWT.",
            kid.escape_debug()
        ),
        None => {
            "The session token has no `kid` header, so no key of the JWKS can be chosen.".to_owned()
        }
    };
    TokenVerificationError::new(TokenVerificationErrorReason::JwkKidMismatch, message)
}

fn never_loaded() -> TokenVerificationError {
    TokenVerificationError::new(
        TokenVerificationErrorReason::RemoteJwkFailedToLoad,
        "Clerk's JWKS has not been loaded",
    )
}

impl fmt::Debug for RemoteKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RemoteKeys")
            .field("url", &self.url())
            .field("secret_key", &self.inner.secret_key)
            .field("options", &self.inner.options)
            .finish_non_exhaustive()
    }
}
