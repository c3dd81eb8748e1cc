//! What the handshake needs to know about the Clerk instance: the Frontend API it redirects to,
//! the cookie suffix, development or production, the Backend API and the multi-domain options.

use std::fmt;

use url::Url;

use super::org_sync::{OrganizationSync, OrganizationSyncError, OrganizationSyncOptions};
use crate::config::{ClerkConfig, PublishableKey, SecretKey};

/// The instance settings of the handshake, derived from a [`ClerkConfig`] that has a
/// publishable key.
///
/// `Debug` masks the secret key.
#[derive(Clone)]
pub struct HandshakeSettings {
    pub(crate) publishable_key: PublishableKey,
    pub(crate) cookie_suffix: String,
    pub(crate) secret_key: Option<SecretKey>,
    pub(crate) api_url: String,
    pub(crate) api_version: String,
    pub(crate) proxy_url: Option<String>,
    pub(crate) domain: Option<String>,
    pub(crate) is_satellite: bool,
    pub(crate) sign_in_url: Option<String>,
    pub(crate) satellite_auto_sync: bool,
    pub(crate) organization_sync: Option<OrganizationSync>,
}

impl fmt::Debug for HandshakeSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HandshakeSettings")
            .field("frontend_api", &self.publishable_key.frontend_api())
            .field("development", &self.is_development())
            .field("secret_key", &self.secret_key)
            .field("api_url", &self.api_url)
            .field("proxy_url", &self.proxy_url)
            .field("domain", &self.domain)
            .field("is_satellite", &self.is_satellite)
            .field("sign_in_url", &self.sign_in_url)
            .field("organization_sync", &self.organization_sync)
            .finish_non_exhaustive()
    }
}

/// Clerk's `getCookieSuffix`: the first 8 characters of base64url(SHA-1(publishable key)).
///
/// ```
/// use clerk_runtime::handshake::cookie_suffix;
/// assert_eq!(cookie_suffix("pk_live_Y2xlcmsuY2xlcmsuZGV2JA"), "1Z8AzTQD");
/// assert_eq!(cookie_suffix("pk_test_Y2xlcmsuY2xlcmsuZGV2JA"), "QvfNY2dr");
/// ```
#[must_use]
pub fn cookie_suffix(publishable_key: &str) -> String {
    crate::auth::request_cookies::cookie_suffix(publishable_key)
}

impl HandshakeSettings {
    /// The settings of the instance `config` describes, or `None` without a publishable key
    /// (the handshake needs the Frontend API it names).
    pub fn from_config(config: &ClerkConfig) -> Result<Option<Self>, OrganizationSyncError> {
        let Some(publishable_key) = config.publishable_key().cloned() else {
            return Ok(None);
        };
        let organization_sync = config
            .organization_sync_options()
            .map(OrganizationSync::new)
            .transpose()?;
        Ok(Some(Self {
            cookie_suffix: cookie_suffix(publishable_key.as_str()),
            publishable_key,
            secret_key: config.secret_key().cloned(),
            api_url: config.api_url().to_owned(),
            api_version: config.api_version().to_owned(),
            proxy_url: config.proxy_url().map(str::to_owned),
            domain: config.domain().map(str::to_owned),
            is_satellite: config.is_satellite(),
            sign_in_url: config.sign_in_url().map(str::to_owned),
            satellite_auto_sync: config.satellite_auto_sync(),
            organization_sync,
        }))
    }

    /// A development instance (`pk_test_`): the dev-browser rules apply.
    #[must_use]
    pub fn is_development(&self) -> bool {
        !self.publishable_key.is_live()
    }

    /// The cookie suffix of this instance.
    #[must_use]
    pub fn suffix(&self) -> &str {
        &self.cookie_suffix
    }

    /// The Frontend API host the instance's cookies were issued by (Clerk's "original" FAPI):
    /// the key's host, or `clerk.<domain>` for a production satellite. `proxy_url` is ignored.
    pub(crate) fn original_frontend_api(&self) -> String {
        match (
            &self.domain,
            self.is_satellite,
            self.publishable_key.is_live(),
        ) {
            (Some(domain), true, true) => format!("clerk.{domain}"),
            _ => self.publishable_key.frontend_api().to_owned(),
        }
    }

    /// Clerk's `frontendApi` for this request: the proxy URL (a path made absolute on the
    /// request's origin), else the original Frontend API host.
    pub(crate) fn frontend_api(&self, request_url: &Url) -> String {
        match &self.proxy_url {
            Some(proxy) if proxy.starts_with('/') => {
                format!("{}{proxy}", request_url.origin().ascii_serialization())
            }
            Some(proxy) => proxy.clone(),
            None => self.original_frontend_api(),
        }
    }

    /// `https://<frontend api>/v1/client/handshake`, keeping a proxy's path prefix.
    pub(crate) fn handshake_endpoint(&self, request_url: &Url) -> Option<Url> {
        let frontend_api = self.frontend_api(request_url);
        let base = if frontend_api.starts_with("http") {
            frontend_api
        } else {
            format!("https://{frontend_api}")
        };
        let base = format!("{}/", base.trim_end_matches('/'));
        Url::parse(&base).ok()?.join("v1/client/handshake").ok()
    }
}

impl OrganizationSyncOptions {
    /// Whether no pattern is set.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.organization_patterns.is_empty() && self.personal_account_patterns.is_empty()
    }
}
