//! Clerk's keys: the secret key, the publishable key and the encryption key.

use std::fmt;
use std::sync::Arc;

use base64::Engine as _;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};

use super::ConfigError;

const SECRET_TEST_PREFIX: &str = "sk_test_";
const SECRET_LIVE_PREFIX: &str = "sk_live_";
const PUBLISHABLE_TEST_PREFIX: &str = "pk_test_";
const PUBLISHABLE_LIVE_PREFIX: &str = "pk_live_";

/// Standard base64 that accepts the encoded host with or without `=` padding, as `atob` does.
const LENIENT_BASE64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true),
);

/// A Clerk secret key (`sk_test_…` or `sk_live_…`).
///
/// Its `Debug` and `Display` show the prefix and at most the last four characters, never the key.
///
/// ```
/// use clerk_runtime::config::SecretKey;
///
/// let key = SecretKey::parse("sk_test_0123456789abcdefghijWXYZ").unwrap();
/// assert!(!key.is_live());
/// assert_eq!(format!("{key:?}"), "SecretKey(sk_test_****WXYZ)");
/// assert!(SecretKey::parse("pk_test_abc").is_err());
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct SecretKey(Arc<str>);

impl SecretKey {
    /// Checks the prefix and the characters of a secret key.
    pub fn parse(key: &str) -> Result<Self, ConfigError> {
        Self::parse_named(key, "secret_key")
    }

    pub(crate) fn parse_named(key: &str, name: &'static str) -> Result<Self, ConfigError> {
        let invalid = |problem| ConfigError::InvalidSecretKey { name, problem };
        let rest = key
            .strip_prefix(SECRET_TEST_PREFIX)
            .or_else(|| key.strip_prefix(SECRET_LIVE_PREFIX))
            .ok_or_else(|| invalid("it must start with `sk_test_` or `sk_live_`"))?;
        if rest.is_empty() {
            return Err(invalid("nothing follows the `sk_test_`/`sk_live_` prefix"));
        }
        if !rest.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(invalid(
                "it contains whitespace, control or non-ASCII characters",
            ));
        }
        Ok(Self(key.into()))
    }

    /// True for a production key (`sk_live_`).
    #[must_use]
    pub fn is_live(&self) -> bool {
        self.0.starts_with(SECRET_LIVE_PREFIX)
    }

    /// The key itself, for the `Authorization` header of Backend API calls. Never log it.
    #[must_use]
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The key masked for logs: `sk_test_****abcd` (the last four characters only when at
    /// least sixteen follow the prefix).
    #[must_use]
    pub fn masked(&self) -> String {
        let (prefix, rest) = self.0.split_at(SECRET_TEST_PREFIX.len());
        if rest.len() >= 16 {
            format!("{prefix}****{}", &rest[rest.len() - 4..])
        } else {
            format!("{prefix}****")
        }
    }
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SecretKey({})", self.masked())
    }
}

impl fmt::Display for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

/// A Clerk publishable key (`pk_test_`/`pk_live_` + base64 of `<frontend api host>$`), decoded.
///
/// ```
/// use clerk_runtime::config::PublishableKey;
///
/// // base64 of "foo-bar-13.clerk.accounts.dev$"
/// let key = PublishableKey::parse("pk_test_Zm9vLWJhci0xMy5jbGVyay5hY2NvdW50cy5kZXYk").unwrap();
/// assert_eq!(key.frontend_api(), "foo-bar-13.clerk.accounts.dev");
/// assert_eq!(key.account_portal_host(), "foo-bar-13.accounts.dev");
/// assert!(!key.is_live());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PublishableKey {
    key: Arc<str>,
    frontend_api: Arc<str>,
    live: bool,
}

impl PublishableKey {
    /// Decodes a publishable key. Anything but a prefix followed by the base64 of a host name and
    /// `$` is an error.
    pub fn parse(key: &str) -> Result<Self, ConfigError> {
        Self::parse_named(key, "publishable_key")
    }

    pub(crate) fn parse_named(key: &str, name: &'static str) -> Result<Self, ConfigError> {
        let invalid = |problem: String| ConfigError::InvalidPublishableKey { name, problem };
        let (encoded, live) = if let Some(rest) = key.strip_prefix(PUBLISHABLE_LIVE_PREFIX) {
            (rest, true)
        } else if let Some(rest) = key.strip_prefix(PUBLISHABLE_TEST_PREFIX) {
            (rest, false)
        } else {
            return Err(invalid(format!(
                "`{}` must start with `pk_test_` or `pk_live_`",
                quote_prefix(key)
            )));
        };
        let decoded = LENIENT_BASE64
            .decode(encoded)
            .map_err(|_| invalid(format!("`{encoded}` after the prefix is not base64")))?;
        let decoded = String::from_utf8(decoded)
            .map_err(|_| invalid("the decoded Frontend API host is not UTF-8".to_owned()))?;
        let host = decoded.strip_suffix('$').ok_or_else(|| {
            invalid(format!(
                "the decoded value `{}` does not end with `$`",
                decoded.escape_debug()
            ))
        })?;
        if !is_host(host) {
            return Err(invalid(format!(
                "the decoded value `{}` is not a host name",
                host.escape_debug()
            )));
        }
        Ok(Self {
            key: key.into(),
            frontend_api: host.into(),
            live,
        })
    }

    /// The key as configured.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.key
    }

    /// The Frontend API host, e.g. `clerk.example.com` or `foo-bar-13.clerk.accounts.dev`.
    #[must_use]
    pub fn frontend_api(&self) -> &str {
        &self.frontend_api
    }

    /// True for a production key (`pk_live_`).
    #[must_use]
    pub fn is_live(&self) -> bool {
        self.live
    }

    /// The Account Portal host derived from the Frontend API host, as Clerk's
    /// `buildAccountsBaseUrl` does: the first `clerk.accountsstage.` becomes `accountsstage.`,
    /// then the first `clerk.accounts.` or `clerk.` becomes `accounts.`.
    ///
    /// ```
    /// # use clerk_runtime::config::PublishableKey;
    /// // base64 of "clerk.example.com$"
    /// let key = PublishableKey::parse("pk_live_Y2xlcmsuZXhhbXBsZS5jb20k").unwrap();
    /// assert_eq!(key.account_portal_host(), "accounts.example.com");
    /// ```
    #[must_use]
    pub fn account_portal_host(&self) -> String {
        account_portal_host(&self.frontend_api)
    }
}

/// Clerk's `buildAccountsBaseUrl` without the scheme. Each JavaScript `replace` without the `g`
/// flag changes the leftmost match only; in the alternation `clerk\.accounts\.|clerk\.` both
/// branches start with `clerk.`, so the leftmost `clerk.` decides and the longer branch wins there.
pub(crate) fn account_portal_host(frontend_api: &str) -> String {
    let host = frontend_api.replacen("clerk.accountsstage.", "accountsstage.", 1);
    match host.find("clerk.") {
        Some(at) => {
            let matched = if host[at..].starts_with("clerk.accounts.") {
                "clerk.accounts.".len()
            } else {
                "clerk.".len()
            };
            format!("{}accounts.{}", &host[..at], &host[at + matched..])
        }
        None => host,
    }
}

/// A host name with an optional port: letters, digits, `-`, `.` and one `:port`.
fn is_host(host: &str) -> bool {
    let (name, port) = match host.rsplit_once(':') {
        Some((name, port)) => (name, Some(port)),
        None => (host, None),
    };
    let name_ok = !name.is_empty()
        && !name.starts_with('.')
        && !name.contains("..")
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
    let port_ok =
        port.is_none_or(|p| !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()));
    name_ok && port_ok
}

/// The first few characters of a value that is not a recognised key, for an error message.
fn quote_prefix(key: &str) -> String {
    let mut shown: String = key.chars().take(8).collect();
    if shown.len() < key.len() {
        shown.push('…');
    }
    shown.escape_debug().to_string()
}

/// `CLERK_ENCRYPTION_KEY`: kept for parity with Clerk, redacted everywhere.
///
/// This library keeps per-request keys in process memory, so it never needs to seal request
/// data; the key is read and validated so that a configuration shared with a Next.js app is
/// accepted as is.
#[derive(Clone, PartialEq, Eq)]
pub struct EncryptionKey(Arc<str>);

impl EncryptionKey {
    pub(crate) fn parse_named(key: &str, name: &'static str) -> Result<Self, ConfigError> {
        if key.trim().is_empty() {
            return Err(ConfigError::InvalidValue {
                name,
                problem: "the encryption key is blank".to_owned(),
            });
        }
        Ok(Self(key.into()))
    }

    /// The key itself. Never log it.
    #[must_use]
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for EncryptionKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("EncryptionKey(****)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pk(prefix: &str, host_and_dollar: &str) -> String {
        format!(
            "{prefix}{}",
            base64::engine::general_purpose::STANDARD_NO_PAD.encode(host_and_dollar)
        )
    }

    #[test]
    fn publishable_key_decodes_padded_and_unpadded() {
        let unpadded = pk("pk_test_", "foo-bar-13.clerk.accounts.dev$");
        let padded = format!(
            "pk_live_{}",
            base64::engine::general_purpose::STANDARD.encode("clerk.example.io$")
        );
        assert!(padded.ends_with('='), "the test needs a padded value");
        let a = PublishableKey::parse(&unpadded).unwrap();
        assert_eq!(a.frontend_api(), "foo-bar-13.clerk.accounts.dev");
        assert!(!a.is_live());
        let b = PublishableKey::parse(&padded).unwrap();
        assert_eq!(b.frontend_api(), "clerk.example.io");
        assert!(b.is_live());
        assert_eq!(
            PublishableKey::parse(&pk("pk_test_", "localhost:4000$"))
                .unwrap()
                .frontend_api(),
            "localhost:4000"
        );
    }

    #[test]
    fn malformed_publishable_keys_are_errors() {
        for bad in [
            String::new(),
            "pk_test_".to_owned(),
            "pk_prod_Y2xlcmsuZXhhbXBsZS5jb20k".to_owned(),
            "sk_test_Y2xlcmsuZXhhbXBsZS5jb20k".to_owned(),
            "pk_test_!!!".to_owned(),
            pk("pk_test_", "clerk.example.com"),
            pk("pk_test_", "$"),
            pk("pk_test_", "evil.com/path$"),
            pk("pk_test_", "a b.com$"),
            pk("pk_test_", "host:$"),
            pk("pk_test_", "host:99999999$"),
            format!(
                "pk_test_{}",
                base64::engine::general_purpose::STANDARD.encode([0xff, 0xfe, b'$'])
            ),
        ] {
            let err = PublishableKey::parse(&bad).expect_err(&bad);
            assert!(
                matches!(
                    err,
                    ConfigError::InvalidPublishableKey {
                        name: "publishable_key",
                        ..
                    }
                ),
                "{bad}: {err:?}"
            );
        }
    }

    #[test]
    fn account_portal_host_follows_clerks_replacements() {
        for (fapi, expected) in [
            ("foo-bar-13.clerk.accounts.dev", "foo-bar-13.accounts.dev"),
            ("clerk.example.com", "accounts.example.com"),
            ("clerk.accounts.example.com", "accounts.example.com"),
            ("foo.clerk.accountsstage.dev", "foo.accountsstage.dev"),
            ("example.com", "example.com"),
            ("myclerk.example.com", "myaccounts.example.com"),
            ("clerk.clerk.example.com", "accounts.clerk.example.com"),
        ] {
            assert_eq!(account_portal_host(fapi), expected, "{fapi}");
        }
    }

    #[test]
    fn secret_keys_are_checked_and_masked() {
        let live = SecretKey::parse("sk_live_abcdefghijklmnopqrstuvwxyz").unwrap();
        assert!(live.is_live());
        assert_eq!(live.masked(), "sk_live_****wxyz");
        assert_eq!(live.to_string(), "sk_live_****wxyz");
        let short = SecretKey::parse("sk_test_abc").unwrap();
        assert_eq!(format!("{short:?}"), "SecretKey(sk_test_****)");
        for bad in [
            "",
            "sk_test_",
            "sk_prod_abc",
            "pk_test_abc",
            "sk_test_a b",
            "test_abc",
        ] {
            assert!(SecretKey::parse(bad).is_err(), "{bad}");
        }
        let err = SecretKey::parse_named("sk_nope_supersecretvalue", "CLERK_SECRET_KEY")
            .unwrap_err()
            .to_string();
        assert!(err.contains("CLERK_SECRET_KEY"), "{err}");
        assert!(!err.contains("supersecret"), "{err}");
    }

    #[test]
    fn encryption_key_is_redacted() {
        let key = EncryptionKey::parse_named("0123456789abcdef", "CLERK_ENCRYPTION_KEY").unwrap();
        assert_eq!(format!("{key:?}"), "EncryptionKey(****)");
        assert!(EncryptionKey::parse_named("  ", "CLERK_ENCRYPTION_KEY").is_err());
    }
}
