//! One JWKS cache per Clerk instance in the process: endpoint, secret key and options.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, PoisonError, Weak};

use url::Url;

use super::fetch::jwks_url;
use super::{Inner, JwksOptions, RemoteKeys};
use crate::instance::{ConfigError, SecretKey};

/// What identifies a cache. The secret key is kept as its SHA-256 only.
#[derive(PartialEq, Eq, Hash)]
struct Scope {
    url: String,
    secret_sha256: [u8; 32],
    options: JwksOptions,
}

type Registry = Mutex<HashMap<Scope, Weak<Inner>>>;

fn registry() -> &'static Registry {
    static REGISTRY: OnceLock<Registry> = OnceLock::new();
    REGISTRY.get_or_init(Registry::default)
}

/// The live cache for this scope, or a new one registered for it. Caches nobody holds any more
/// are dropped from the registry on the way.
pub(super) fn shared(
    api_url: &Url,
    api_version: &str,
    secret_key: &SecretKey,
    options: JwksOptions,
) -> Result<RemoteKeys, ConfigError> {
    let digest =
        aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, secret_key.expose().as_bytes());
    let mut secret_sha256 = [0u8; 32];
    secret_sha256.copy_from_slice(digest.as_ref());
    let scope = Scope {
        url: jwks_url(api_url, api_version).into(),
        secret_sha256,
        options: options.clone(),
    };
    let mut caches = registry().lock().unwrap_or_else(PoisonError::into_inner);
    caches.retain(|_, cache| cache.strong_count() > 0);
    if let Some(inner) = caches.get(&scope).and_then(Weak::upgrade) {
        return Ok(RemoteKeys { inner });
    }
    let keys = RemoteKeys::from_parts(api_url, api_version, secret_key, options)?;
    caches.insert(scope, Arc::downgrade(&keys.inner));
    Ok(keys)
}
