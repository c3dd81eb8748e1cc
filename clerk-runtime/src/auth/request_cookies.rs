//! Which of a request's cookies make its session, as Clerk picks them: the suffixed
//! `__session_<suffix>` / `__client_uat_<suffix>` pair or the plain one (`usesSuffixedCookies()`
//! and `initCookieValues` in `authenticateContext.ts`), and the dev-browser cookie.
//!
//! The cookies themselves are parsed by [`RequestCookies`]; this module only chooses.

use aws_lc_rs::digest;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::Value;

use super::cookies::RequestCookies;
use super::js::truthy;
use super::js_number::{at_most_number, greater_than};
use super::token_source::peek;
use crate::config::PublishableKey;
use crate::verify::JwtPayload;

/// The session-token cookie.
pub const SESSION_COOKIE: &str = "__session";
/// The client "updated at" cookie (seconds; `0` means signed out).
pub const CLIENT_UAT_COOKIE: &str = "__client_uat";
/// The development-instance dev-browser cookie (and query parameter).
pub const DEV_BROWSER_COOKIE: &str = "__clerk_db_jwt";
/// The refresh-token cookie; Clerk only ever reads its suffixed form.
const REFRESH_COOKIE: &str = "__refresh";

/// What the cookie rules need to know about the Clerk instance, derived once from its
/// publishable key: the cookie suffix, whether it is a production instance, and the Frontend
/// API host its session tokens are issued by.
///
/// ```
/// use clerk_runtime::auth::CookieInstance;
/// use clerk_runtime::config::PublishableKey;
///
/// // base64 of "clerk.clerk.dev$"
/// let key = PublishableKey::parse("pk_live_Y2xlcmsuY2xlcmsuZGV2JA").unwrap();
/// let instance = CookieInstance::new(&key);
/// assert_eq!(instance.suffix(), "1Z8AzTQD");
/// assert!(instance.is_production());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CookieInstance {
    suffix: String,
    production: bool,
    issuer_host: String,
    session_name: String,
    client_uat_name: String,
    dev_browser_name: String,
    refresh_name: String,
}

impl CookieInstance {
    /// The cookie rules of the instance `key` belongs to.
    #[must_use]
    pub fn new(key: &PublishableKey) -> Self {
        let suffix = cookie_suffix(key.as_str());
        Self {
            session_name: format!("{SESSION_COOKIE}_{suffix}"),
            client_uat_name: format!("{CLIENT_UAT_COOKIE}_{suffix}"),
            dev_browser_name: format!("{DEV_BROWSER_COOKIE}_{suffix}"),
            refresh_name: format!("{REFRESH_COOKIE}_{suffix}"),
            suffix,
            production: key.is_live(),
            issuer_host: key.frontend_api().to_owned(),
        }
    }

    /// For a production satellite with `domain`: its session tokens are issued by
    /// `clerk.<domain>` (Clerk's "original" Frontend API), so that is the issuer whose plain
    /// cookies are trusted. Development satellites keep the key's host.
    #[must_use]
    pub fn for_satellite_domain(mut self, domain: &str) -> Self {
        if self.production {
            self.issuer_host = format!("clerk.{domain}");
        }
        self
    }

    /// The cookie suffix: the first 8 characters of the URL-safe base64 of the SHA-1 of the
    /// publishable key (Clerk's `getCookieSuffix`).
    #[must_use]
    pub fn suffix(&self) -> &str {
        &self.suffix
    }

    /// True for a production (`pk_live_`) instance; development instances have the dev-browser
    /// rules.
    #[must_use]
    pub fn is_production(&self) -> bool {
        self.production
    }
}

/// Clerk's `getCookieSuffix`.
pub(crate) fn cookie_suffix(publishable_key: &str) -> String {
    let hash = digest::digest(
        &digest::SHA1_FOR_LEGACY_USE_ONLY,
        publishable_key.as_bytes(),
    );
    STANDARD
        .encode(hash.as_ref())
        .chars()
        .take(8)
        .map(|c| match c {
            '+' => '-',
            '/' => '_',
            c => c,
        })
        .collect()
}

/// A token's header and payload, decoded without verification.
pub(crate) type Decoded = (JwtPayload, JwtPayload);

/// `peek(token)`, computed at most once.
pub(crate) enum Peeked {
    /// Not decoded yet.
    Unknown,
    /// A decodable JWT.
    Decoded(Decoded),
    /// Not a decodable JWT.
    NotAJwt,
}

impl Peeked {
    fn of(token: &str) -> Self {
        peek(token).map_or(Self::NotAJwt, Self::Decoded)
    }

    fn as_decoded(&self) -> Option<&Decoded> {
        match self {
            Self::Decoded(decoded) => Some(decoded),
            Self::Unknown | Self::NotAJwt => None,
        }
    }

    /// `peek(token)`, decoding only if that was not done yet.
    pub(crate) fn into_decoded(self, token: &str) -> Option<Decoded> {
        match self {
            Self::Unknown => peek(token),
            Self::Decoded(decoded) => Some(decoded),
            Self::NotAJwt => None,
        }
    }
}

/// The session cookies Clerk reads for one request.
// `suffixed` and `refresh` are for the handshake (its `suffixed_cookies` parameter and the
// `__refresh` flow).
#[allow(dead_code)]
pub(crate) struct SessionCookies<'c> {
    /// Whether the suffixed cookies were chosen (Clerk's `usesSuffixedCookies()`, also sent as
    /// the handshake's `suffixed_cookies`).
    pub(crate) suffixed: bool,
    /// The session token (`None` when absent or empty).
    pub(crate) session: Option<&'c str>,
    /// The session token decoded, when choosing the cookies needed it.
    pub(crate) session_decoded: Peeked,
    /// `Number.parseInt(__client_uat) || 0`.
    pub(crate) client_uat: f64,
    /// The dev-browser cookie (`None` when absent or empty).
    pub(crate) dev_browser: Option<&'c str>,
    /// `__refresh_<suffix>`, whatever the choice (`None` when absent, empty, or without an
    /// instance). A plain `__refresh` is never read.
    pub(crate) refresh: Option<&'c str>,
}

/// `cookies.get(name) || undefined`: an empty value counts as absent.
fn non_empty<'c>(cookies: &'c RequestCookies, name: &str) -> Option<&'c str> {
    cookies.get(name).filter(|v| !v.is_empty())
}

/// Clerk's `tokenHasIssuer`: decodable, with a truthy `iss`.
fn has_issuer(decoded: Option<&Decoded>) -> bool {
    decoded.is_some_and(|(_, payload)| payload.get("iss").is_some_and(truthy))
}

/// Clerk's `tokenBelongsToInstance`: a string `iss` that, with every `http://` and `https://`
/// removed (case-insensitively), is the instance's Frontend API host.
fn belongs_to(decoded: Option<&Decoded>, issuer_host: &str) -> bool {
    let Some(iss) = decoded.and_then(|(_, payload)| payload.get("iss")?.as_str()) else {
        return false;
    };
    let mut rest = iss;
    let mut stripped = String::with_capacity(iss.len());
    while !rest.is_empty() {
        let skip = ["https://", "http://"].iter().find_map(|scheme| {
            rest.get(..scheme.len())
                .filter(|head| head.eq_ignore_ascii_case(scheme))
                .map(|_| scheme.len())
        });
        if let Some(len) = skip {
            rest = &rest[len..];
        } else {
            let c = rest.chars().next().unwrap_or_default();
            stripped.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    stripped == issuer_host
}

/// `payload.iat || 0`.
fn iat_or_zero(decoded: Option<&Decoded>) -> Value {
    decoded
        .and_then(|(_, payload)| payload.get("iat"))
        .filter(|iat| truthy(iat))
        .cloned()
        .unwrap_or(Value::from(0))
}

/// JavaScript's `Number.parseInt(value, 10) || 0`.
pub(crate) fn parse_int_or_zero(value: &str) -> f64 {
    let s = value.trim_start_matches(super::js::is_js_whitespace);
    let (negative, s) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    let magnitude: f64 = s[..digits].parse().unwrap_or(0.0);
    if negative { -magnitude } else { magnitude }
}

impl<'c> SessionCookies<'c> {
    /// The session cookies of a request, suffixed or plain as Clerk chooses them. Without an
    /// instance (no publishable key) only the plain cookies exist. `now_ms` reads the clock Clerk's
    /// rule 6 needs (a development instance's expired suffixed session), only when it applies.
    pub(crate) fn read(
        cookies: &'c RequestCookies,
        instance: Option<&CookieInstance>,
        now_ms: impl FnOnce() -> i64,
    ) -> Self {
        let plain_session = non_empty(cookies, SESSION_COOKIE);
        let plain_uat = non_empty(cookies, CLIENT_UAT_COOKIE);
        let Some(instance) = instance else {
            return Self {
                suffixed: false,
                session: plain_session,
                session_decoded: Peeked::Unknown,
                client_uat: parse_int_or_zero(plain_uat.unwrap_or_default()),
                dev_browser: non_empty(cookies, DEV_BROWSER_COOKIE),
                refresh: None,
            };
        };
        let suffixed_session = non_empty(cookies, &instance.session_name);
        let suffixed_uat = non_empty(cookies, &instance.client_uat_name);
        let plain_decoded = plain_session.map_or(Peeked::Unknown, Peeked::of);
        let mut suffixed_decoded = Peeked::Unknown;
        let candidates = Candidates {
            plain_session,
            plain_decoded: plain_decoded.as_decoded(),
            plain_uat,
            suffixed_session,
            suffixed_uat,
        };
        let suffixed = uses_suffixed_cookies(instance, now_ms, &candidates, &mut suffixed_decoded);
        let refresh = non_empty(cookies, &instance.refresh_name);
        if suffixed {
            Self {
                suffixed,
                session: suffixed_session,
                session_decoded: suffixed_decoded,
                client_uat: parse_int_or_zero(suffixed_uat.unwrap_or_default()),
                dev_browser: non_empty(cookies, &instance.dev_browser_name),
                refresh,
            }
        } else {
            Self {
                suffixed,
                session: plain_session,
                session_decoded: plain_decoded,
                client_uat: parse_int_or_zero(plain_uat.unwrap_or_default()),
                dev_browser: non_empty(cookies, DEV_BROWSER_COOKIE),
                refresh,
            }
        }
    }
}

/// The cookies `usesSuffixedCookies()` looks at.
struct Candidates<'a> {
    plain_session: Option<&'a str>,
    plain_decoded: Option<&'a Decoded>,
    plain_uat: Option<&'a str>,
    suffixed_session: Option<&'a str>,
    suffixed_uat: Option<&'a str>,
}

/// Clerk's `usesSuffixedCookies()`; the first rule that applies wins. `suffixed_decoded`
/// receives the decoded suffixed session when a rule needed it.
fn uses_suffixed_cookies(
    instance: &CookieInstance,
    now_ms: impl FnOnce() -> i64,
    c: &Candidates<'_>,
    suffixed_decoded: &mut Peeked,
) -> bool {
    let (plain_uat, suffixed_uat) = (c.plain_uat, c.suffixed_uat);
    // 1. A plain session that is not a JWT with an issuer: plain (a malformed token is then
    //    signed out, not sent through a handshake).
    if c.plain_session.is_some() && !has_issuer(c.plain_decoded) {
        return false;
    }
    // 2. A plain session from another instance: suffixed.
    if c.plain_session.is_some() && !belongs_to(c.plain_decoded, &instance.issuer_host) {
        return true;
    }
    // 3. No suffixed cookie at all: plain.
    if suffixed_uat.is_none() && c.suffixed_session.is_none() {
        return false;
    }
    if let Some(token) = c.suffixed_session {
        *suffixed_decoded = Peeked::of(token);
    }
    let suffixed_peek = suffixed_decoded.as_decoded();
    let zero = Some("0");
    // 4. Both clients active and the plain session is newer (a ClerkJS downgrade).
    if suffixed_uat != zero
        && plain_uat != zero
        && greater_than(&iat_or_zero(c.plain_decoded), &iat_or_zero(suffixed_peek))
    {
        return false;
    }
    // 5. Signed out under the suffixed name only.
    if suffixed_uat == zero && plain_uat != zero {
        return false;
    }
    // 6. Development: signed out under the plain name, suffixed session expired.
    if !instance.production && suffixed_uat != zero && plain_uat == zero {
        // `exp <= (Date.now() / 1e3 >> 0)`: whole seconds.
        #[allow(clippy::cast_precision_loss)]
        let now_seconds = now_ms().div_euclid(1000) as f64;
        let expired = suffixed_peek.is_some_and(|(_, payload)| {
            payload
                .get("exp")
                .is_some_and(|exp| at_most_number(exp, now_seconds))
        });
        if expired {
            return false;
        }
    }
    // 7. A suffixed session without a suffixed client: the feature is off on the Frontend API.
    if suffixed_uat.is_none() && c.suffixed_session.is_some() {
        return false;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn instance() -> CookieInstance {
        // base64 of "clerk.example.com$"
        CookieInstance::new(&PublishableKey::parse("pk_live_Y2xlcmsuZXhhbXBsZS5jb20k").unwrap())
    }

    #[test]
    fn the_refresh_cookie_is_only_read_suffixed() {
        let instance = instance();
        let sfx = instance.suffix().to_owned();
        let cookies = RequestCookies::parse("__refresh=plain");
        let read = SessionCookies::read(&cookies, Some(&instance), || 0);
        assert_eq!(read.refresh, None);
        assert!(!read.suffixed);
        let cookies = RequestCookies::parse(&format!("__refresh=plain; __refresh_{sfx}=sfx"));
        let read = SessionCookies::read(&cookies, Some(&instance), || 0);
        assert_eq!(read.refresh, Some("sfx"));
        let read = SessionCookies::read(&cookies, None, || 0);
        assert_eq!(read.refresh, None, "no instance, no suffix");
    }

    #[test]
    fn the_choice_is_reported() {
        let instance = instance();
        let sfx = instance.suffix().to_owned();
        let cookies = RequestCookies::parse(&format!("__client_uat_{sfx}=5"));
        let read = SessionCookies::read(&cookies, Some(&instance), || 0);
        assert!(read.suffixed);
        assert!((read.client_uat - 5.0).abs() < f64::EPSILON);
        assert_eq!(read.session, None);
        let cookies = RequestCookies::parse("__client_uat=7; __session=x");
        let read = SessionCookies::read(&cookies, Some(&instance), || 0);
        assert!(!read.suffixed);
        assert_eq!(read.session, Some("x"));
    }
}
