//! `ClerkConfigBuilder`: options and environment variables, checked together by `build()`.

use std::ffi::OsString;
use std::fmt;

use super::keys::{EncryptionKey, PublishableKey, SecretKey};
use super::{ClerkConfig, ConfigError, validate, vars};
use crate::handshake::{OrganizationSync, OrganizationSyncOptions};
use crate::verify::jwks::{JwksOptions, RemoteKeys};
use crate::verify::{VerifyOptions, VerifyingKey};

/// Clerk's default Backend API base URL.
pub const DEFAULT_API_URL: &str = "https://api.clerk.com";
/// Clerk's default Backend API version.
pub const DEFAULT_API_VERSION: &str = "v1";

/// A value with the variable or option it came from, so errors can name it.
#[derive(Clone)]
struct Setting {
    value: String,
    name: &'static str,
}

impl Setting {
    fn option(name: &'static str, value: impl Into<String>) -> Self {
        Self {
            value: value.into(),
            name,
        }
    }
}

/// Builds a [`ClerkConfig`] from options (named as in `clerkMiddleware`, in snake case) and, if
/// asked, from Clerk's environment variables. Options always win over variables, as in Clerk.
/// Nothing is checked until [`build`](Self::build).
///
/// ```
/// use clerk_runtime::config::ClerkConfig;
///
/// let config = ClerkConfig::builder()
///     .secret_key("sk_test_0123456789abcdefghij")
///     .authorized_parties(["https://app.example.com"])
///     .clock_skew_ms(2000)
///     .build()
///     .unwrap();
/// assert_eq!(config.verify_options().clock_skew_ms, 2000);
/// assert_eq!(config.api_url(), "https://api.clerk.com");
/// ```
#[derive(Clone, Default)]
#[must_use]
pub struct ClerkConfigBuilder {
    secret_key: Option<Setting>,
    publishable_key: Option<Setting>,
    jwt_key: Option<Setting>,
    api_url: Option<Setting>,
    api_version: Option<Setting>,
    sign_in_url: Option<Setting>,
    sign_up_url: Option<Setting>,
    domain: Option<Setting>,
    proxy_url: Option<Setting>,
    is_satellite: Option<bool>,
    encryption_key: Option<Setting>,
    verify: VerifyOptions,
    jwks: JwksOptions,
    organization_sync: Option<OrganizationSyncOptions>,
    satellite_auto_sync: bool,
}

impl ClerkConfigBuilder {
    /// Reads Clerk's variables (see [`vars`]) from `pairs`, for every setting no option has set
    /// yet. Other names are ignored; an empty value counts as unset, as in Clerk.
    pub fn vars<K, V>(
        mut self,
        pairs: impl IntoIterator<Item = (K, V)>,
    ) -> Result<Self, ConfigError>
    where
        K: Into<String>,
        V: Into<String>,
    {
        for (name, value) in pairs {
            let (name, value) = (name.into(), value.into());
            let Some(&name) = vars::ALL.iter().find(|v| **v == name) else {
                continue;
            };
            if value.is_empty() {
                continue;
            }
            if name == vars::IS_SATELLITE {
                let parsed = validate::boolean(name, &value)?;
                self.is_satellite.get_or_insert(parsed);
                continue;
            }
            let slot = match name {
                vars::SECRET_KEY => &mut self.secret_key,
                vars::PUBLISHABLE_KEY => &mut self.publishable_key,
                vars::JWT_KEY => &mut self.jwt_key,
                vars::API_URL => &mut self.api_url,
                vars::API_VERSION => &mut self.api_version,
                vars::SIGN_IN_URL => &mut self.sign_in_url,
                vars::SIGN_UP_URL => &mut self.sign_up_url,
                vars::DOMAIN => &mut self.domain,
                vars::PROXY_URL => &mut self.proxy_url,
                vars::ENCRYPTION_KEY => &mut self.encryption_key,
                _ => continue,
            };
            if slot.is_none() {
                *slot = Some(Setting { value, name });
            }
        }
        Ok(self)
    }

    /// Reads Clerk's variables from the process environment (see [`vars`](Self::vars)). A Clerk
    /// variable whose value is not UTF-8 is an error naming it.
    pub fn env(self) -> Result<Self, ConfigError> {
        let mut pairs = Vec::new();
        for (name, value) in std::env::vars_os() {
            let Some(name) = vars::ALL.iter().copied().find(|v| name == **v) else {
                continue;
            };
            let value = value
                .into_string()
                .map_err(|_: OsString| ConfigError::InvalidValue {
                    name,
                    problem: "the value is not UTF-8".to_owned(),
                })?;
            pairs.push((name.to_owned(), value));
        }
        self.vars(pairs)
    }

    /// `secretKey`: a `sk_test_`/`sk_live_` key, used to fetch the JWKS.
    pub fn secret_key(mut self, key: impl Into<String>) -> Self {
        self.secret_key = Some(Setting::option("secret_key", key));
        self
    }

    /// `publishableKey`: a `pk_test_`/`pk_live_` key, decoded to the Frontend API host.
    pub fn publishable_key(mut self, key: impl Into<String>) -> Self {
        self.publishable_key = Some(Setting::option("publishable_key", key));
        self
    }

    /// `jwtKey`: an RSA public key in PEM (SPKI or PKCS#1, any size) for networkless
    /// verification, or the path of a file that holds it (`CLERK_JWT_KEY=keys/public.pem`).
    /// Literal `\n` sequences, as `.env` files often hold, are read as newlines.
    pub fn jwt_key(mut self, pem: impl Into<String>) -> Self {
        self.jwt_key = Some(Setting::option("jwt_key", pem));
        self
    }

    /// `apiUrl`: the Backend API base (default `https://api.clerk.com`).
    pub fn api_url(mut self, url: impl Into<String>) -> Self {
        self.api_url = Some(Setting::option("api_url", url));
        self
    }

    /// `apiVersion`: the Backend API version (default `v1`).
    pub fn api_version(mut self, version: impl Into<String>) -> Self {
        self.api_version = Some(Setting::option("api_version", version));
        self
    }

    /// `signInUrl`: an absolute URL, or a path resolved against the request origin.
    pub fn sign_in_url(mut self, url: impl Into<String>) -> Self {
        self.sign_in_url = Some(Setting::option("sign_in_url", url));
        self
    }

    /// `signUpUrl`: an absolute URL, or a path resolved against the request origin.
    pub fn sign_up_url(mut self, url: impl Into<String>) -> Self {
        self.sign_up_url = Some(Setting::option("sign_up_url", url));
        self
    }

    /// `domain`: the satellite domain.
    pub fn domain(mut self, domain: impl Into<String>) -> Self {
        self.domain = Some(Setting::option("domain", domain));
        self
    }

    /// `proxyUrl`: the Frontend API proxy, absolute or a path.
    pub fn proxy_url(mut self, url: impl Into<String>) -> Self {
        self.proxy_url = Some(Setting::option("proxy_url", url));
        self
    }

    /// `isSatellite`: whether this app is a satellite of another domain.
    pub fn is_satellite(mut self, satellite: bool) -> Self {
        self.is_satellite = Some(satellite);
        self
    }

    /// `CLERK_ENCRYPTION_KEY`, kept for parity; this library never needs it.
    pub fn encryption_key(mut self, key: impl Into<String>) -> Self {
        self.encryption_key = Some(Setting::option("encryption_key", key));
        self
    }

    /// `audience`: checked against `aud` only when both sides are non-empty.
    pub fn audience<S: Into<String>>(mut self, audience: impl IntoIterator<Item = S>) -> Self {
        self.verify.audience = audience.into_iter().map(Into::into).collect();
        self
    }

    /// `authorizedParties`: when non-empty, `azp` must be present and listed.
    pub fn authorized_parties<S: Into<String>>(
        mut self,
        parties: impl IntoIterator<Item = S>,
    ) -> Self {
        self.verify.authorized_parties = parties.into_iter().map(Into::into).collect();
        self
    }

    /// `clockSkewInMs` (default 5000).
    pub fn clock_skew_ms(mut self, skew_ms: i64) -> Self {
        self.verify.clock_skew_ms = skew_ms;
        self
    }

    /// `issuer`: when set, `iss` must be one of these.
    pub fn issuer<S: Into<String>>(mut self, issuers: impl IntoIterator<Item = S>) -> Self {
        self.verify.issuer = Some(issuers.into_iter().map(Into::into).collect());
        self
    }

    /// `headerType`: the allowed `typ` values (default: `JWT` or none).
    pub fn header_type<S: Into<String>>(mut self, types: impl IntoIterator<Item = S>) -> Self {
        self.verify.header_types = Some(types.into_iter().map(Into::into).collect());
        self
    }

    /// `skipJwksCache`: fetch the JWKS for every verification.
    pub fn skip_jwks_cache(mut self, skip: bool) -> Self {
        self.jwks.skip_cache = skip;
        self
    }

    /// Cache TTL, refetch interval and timeout of the JWKS (the `skip_cache` field is replaced
    /// by [`skip_jwks_cache`](Self::skip_jwks_cache) when that is called later).
    pub fn jwks_options(mut self, options: JwksOptions) -> Self {
        self.jwks = options;
        self
    }

    /// `organizationSyncOptions`: URL paths that name the organization (`:id` or `:slug`) or
    /// the personal account to activate through the handshake. Patterns are checked by
    /// [`build`](Self::build).
    pub fn organization_sync_options(mut self, options: OrganizationSyncOptions) -> Self {
        self.organization_sync = Some(options);
        self
    }

    /// `satelliteAutoSync` (default `false`): whether a satellite syncs with the primary on the
    /// first page load even without Clerk cookies.
    pub fn satellite_auto_sync(mut self, auto_sync: bool) -> Self {
        self.satellite_auto_sync = auto_sync;
        self
    }

    /// Checks every setting and their combinations.
    pub fn build(self) -> Result<ClerkConfig, ConfigError> {
        let secret_key = self
            .secret_key
            .map(|s| SecretKey::parse_named(&s.value, s.name))
            .transpose()?;
        let publishable_key = self
            .publishable_key
            .map(|s| PublishableKey::parse_named(&s.value, s.name))
            .transpose()?;
        let jwt_key = self
            .jwt_key
            .map(|s| {
                let pem = jwt_key_pem(s.name, &s.value)?;
                VerifyingKey::from_pem(&pem).map_err(|source| ConfigError::InvalidJwtKey {
                    name: s.name,
                    source,
                })
            })
            .transpose()?;
        let (api_url_name, api_url_text) = self
            .api_url
            .map_or(("api_url", DEFAULT_API_URL.to_owned()), |s| {
                (s.name, s.value)
            });
        let api_url = validate::api_url(api_url_name, &api_url_text)?;
        let api_version = match self.api_version {
            Some(s) => {
                validate::api_version(s.name, &s.value)?;
                s.value
            }
            None => DEFAULT_API_VERSION.to_owned(),
        };
        for url in [&self.sign_in_url, &self.sign_up_url, &self.proxy_url]
            .into_iter()
            .flatten()
        {
            validate::app_url(url.name, &url.value)?;
        }
        if let Some(domain) = &self.domain {
            validate::domain(domain.name, &domain.value)?;
        }
        let encryption_key = self
            .encryption_key
            .map(|s| EncryptionKey::parse_named(&s.value, s.name))
            .transpose()?;
        validate::non_empty_entries("audience", &self.verify.audience)?;
        validate::non_empty_entries("authorized_parties", &self.verify.authorized_parties)?;
        if let Some(issuers) = &self.verify.issuer {
            validate::non_empty_entries("issuer", issuers)?;
        }
        if let Some(types) = &self.verify.header_types {
            validate::non_empty_entries("header_type", types)?;
        }

        if let Some(options) = &self.organization_sync {
            OrganizationSync::new(options).map_err(|e| ConfigError::InvalidValue {
                name: "organization_sync_options",
                problem: e.to_string(),
            })?;
        }
        let is_satellite = self.is_satellite.unwrap_or(false);
        if is_satellite && self.domain.is_none() && self.proxy_url.is_none() {
            return Err(ConfigError::SatelliteWithoutDomain);
        }
        let dev_secret = secret_key.as_ref().is_some_and(|k| !k.is_live());
        let absolute_sign_in = self
            .sign_in_url
            .as_ref()
            .is_some_and(|s| validate::is_absolute_http(&s.value));
        if is_satellite && dev_secret && !absolute_sign_in {
            return Err(ConfigError::SatelliteWithoutSignInUrl);
        }
        if secret_key.is_none() && jwt_key.is_none() {
            return Err(ConfigError::MissingVerificationKey);
        }
        // Without the `jwks` feature nothing can fetch the JWKS: only the PEM key verifies.
        let remote_keys = secret_key
            .as_ref()
            .filter(|_| cfg!(feature = "jwks"))
            .map(|key| RemoteKeys::shared_from_url(&api_url, &api_version, key, self.jwks.clone()))
            .transpose()?;

        Ok(ClerkConfig {
            secret_key,
            publishable_key,
            jwt_key,
            api_url: api_url.as_str().trim_end_matches('/').to_owned(),
            api_version,
            sign_in_url: self.sign_in_url.map(|s| s.value),
            sign_up_url: self.sign_up_url.map(|s| s.value),
            domain: self.domain.map(|s| s.value),
            proxy_url: self.proxy_url.map(|s| s.value),
            is_satellite,
            encryption_key,
            verify: self.verify,
            jwks: self.jwks,
            remote_keys,
            organization_sync: self.organization_sync,
            satellite_auto_sync: self.satellite_auto_sync,
        })
    }
}

/// A PEM pasted into one line of a `.env` file, with `\n` written out, as real newlines.
/// The PEM text of a `jwt_key` / `CLERK_JWT_KEY` value: the value itself when it holds a PEM
/// header (`-----BEGIN`) or is not the path of a readable file, else the file's contents. A
/// value that can only be a path and names no readable file is an error naming the variable
/// and the path, rather than a base64 error.
fn jwt_key_pem(name: &'static str, value: &str) -> Result<String, ConfigError> {
    if value.contains("-----BEGIN") {
        return Ok(unescape_newlines(value));
    }
    let path = std::path::Path::new(value.trim());
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(text),
        Err(_) if !looks_like_path(value.trim()) => Ok(unescape_newlines(value)),
        Err(error) => Err(ConfigError::InvalidValue {
            name,
            problem: format!(
                "it holds no PEM text (`-----BEGIN PUBLIC KEY-----…`), and the file `{}` cannot be read: {error}",
                path.display()
            ),
        }),
    }
}

/// A value that can only be meant as a file path: it has a character no base64 body has (`.`,
/// `\\`, `~`), or starts with `/` (a DER public key in base64 always starts with `M`).
fn looks_like_path(value: &str) -> bool {
    value.starts_with('/') || value.contains(['.', '\\', '~'])
}

fn unescape_newlines(pem: &str) -> String {
    if pem.contains('\n') {
        pem.to_owned()
    } else {
        pem.replace("\\n", "\n")
    }
}

impl fmt::Debug for ClerkConfigBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = |s: &Option<Setting>| s.as_ref().map(|s| s.value.clone());
        let hidden = |s: &Option<Setting>| s.as_ref().map(|_| "****");
        f.debug_struct("ClerkConfigBuilder")
            .field("secret_key", &hidden(&self.secret_key))
            .field("publishable_key", &shown(&self.publishable_key))
            .field("jwt_key", &self.jwt_key.as_ref().map(|_| "<PEM>"))
            .field("api_url", &shown(&self.api_url))
            .field("api_version", &shown(&self.api_version))
            .field("sign_in_url", &shown(&self.sign_in_url))
            .field("sign_up_url", &shown(&self.sign_up_url))
            .field("domain", &shown(&self.domain))
            .field("proxy_url", &shown(&self.proxy_url))
            .field("is_satellite", &self.is_satellite)
            .field("encryption_key", &hidden(&self.encryption_key))
            .field("verify", &self.verify)
            .field("jwks", &self.jwks)
            .field("organization_sync", &self.organization_sync)
            .field("satellite_auto_sync", &self.satellite_auto_sync)
            .finish()
    }
}
