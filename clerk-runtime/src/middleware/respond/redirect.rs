//! Building Clerk's sign-in and sign-up redirects (`@clerk/backend` `createRedirect.ts`).

use url::Url;

/// The query parameter that carries the URL to come back to after signing in.
const REDIRECT_URL_PARAM: &str = "redirect_url";
/// Added to a satellite's return URL so it syncs its session on the way back.
const CLERK_SYNCED_PARAM: &str = "__clerk_synced";

/// Where signed-out users are sent: Clerk's `signInUrl`, `signUpUrl`, the Account Portal that
/// the publishable key names, and whether the app is a satellite.
///
/// The `redirect_url` sent along, and a relative sign-in or sign-up URL, are built on the
/// request's origin as the layer's [`OriginPolicy`](crate::middleware::OriginPolicy) reads it. By default
/// that is the request's `Host` header, which the client chooses; in production pin it with
/// `ClerkLayer::public_origin`.
///
/// ```
/// use clerk_runtime::middleware::RedirectOptions;
///
/// let options = RedirectOptions::default()
///     .sign_in_url("/sign-in")
///     .account_portal_url("https://accounts.example.com");
/// assert!(options.validate().is_ok());
/// assert!(RedirectOptions::default().validate().is_err()); // nowhere to send anyone
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct RedirectOptions {
    /// `signInUrl`: absolute, or relative to the request's origin.
    pub sign_in_url: Option<String>,
    /// `signUpUrl`: absolute, or relative to the request's origin. Defaults to
    /// `<sign_in_url>/create`, else the Account Portal's `/sign-up`.
    pub sign_up_url: Option<String>,
    /// The Account Portal's origin (`https://accounts.<domain>`), derived from the publishable
    /// key. Used when no `sign_in_url` is given.
    pub account_portal_url: Option<String>,
    /// `isSatellite`: return URLs carry `__clerk_synced=false` when the redirect leaves the
    /// app's origin.
    pub is_satellite: bool,
}

/// A redirect target that cannot be built: a configuration error.
#[derive(Clone, PartialEq, Eq, thiserror::Error)]
pub enum RedirectConfigError {
    /// Neither a sign-in URL nor an Account Portal (publishable key) is configured.
    #[error(
        "no sign-in URL: set `CLERK_SIGN_IN_URL` (or the `sign_in_url` option), or `CLERK_PUBLISHABLE_KEY` (or the `publishable_key` option), whose Account Portal is the fallback"
    )]
    NoSignInUrl,
    /// A configured URL does not parse.
    #[error("{what} `{url}` is not a valid absolute or origin-relative URL")]
    InvalidUrl {
        /// Which option.
        what: &'static str,
        /// The value given.
        url: String,
    },
    /// A URL that must be absolute (`unauthenticated_url`, `unauthorized_url`) is relative.
    #[error("{what} `{url}` must be an absolute URL (Clerk rejects relative ones too)")]
    NotAbsolute {
        /// Which option.
        what: &'static str,
        /// The value given.
        url: String,
    },
}

/// Shows the message, so that `main` returning this error (or a `Box<dyn Error>` holding it)
/// prints what is wrong rather than a variant name.
impl std::fmt::Debug for RedirectConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
}

/// What a sign-in or sign-up redirect sends back in `redirect_url`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ReturnBack<'a> {
    /// The full URL of the current request (Clerk's default).
    #[default]
    CurrentUrl,
    /// No `redirect_url` at all (Clerk's `returnBackUrl: null`).
    Nowhere,
    /// This URL, resolved against the current request's URL when relative.
    To(&'a str),
}

impl RedirectOptions {
    /// Sets `sign_in_url`.
    #[must_use]
    pub fn sign_in_url(mut self, url: impl Into<String>) -> Self {
        self.sign_in_url = Some(url.into());
        self
    }

    /// Sets `sign_up_url`.
    #[must_use]
    pub fn sign_up_url(mut self, url: impl Into<String>) -> Self {
        self.sign_up_url = Some(url.into());
        self
    }

    /// Sets the Account Portal origin (`https://accounts.<domain>`).
    #[must_use]
    pub fn account_portal_url(mut self, url: impl Into<String>) -> Self {
        self.account_portal_url = Some(url.into());
        self
    }

    /// Marks the app as a satellite.
    #[must_use]
    pub fn satellite(mut self, is_satellite: bool) -> Self {
        self.is_satellite = is_satellite;
        self
    }

    /// Checks that every URL parses and that a sign-in target exists.
    pub fn validate(&self) -> Result<(), RedirectConfigError> {
        check_url("sign_in_url", self.sign_in_url.as_deref())?;
        check_url("sign_up_url", self.sign_up_url.as_deref())?;
        if let Some(portal) = &self.account_portal_url {
            require_absolute("account_portal_url", portal)?;
        }
        if self.sign_in_url.is_none() && self.account_portal_url.is_none() {
            return Err(RedirectConfigError::NoSignInUrl);
        }
        Ok(())
    }

    /// The sign-in redirect for a request at `request_url`: Clerk's `redirectToSignIn()`.
    /// A pending session goes to `<sign-in>/tasks`.
    ///
    /// ```
    /// use clerk_runtime::middleware::{RedirectOptions, ReturnBack};
    /// use url::Url;
    ///
    /// let options = RedirectOptions::default().account_portal_url("https://accounts.example.com");
    /// let here = Url::parse("https://app.example.com/dashboard?x=1").unwrap();
    /// assert_eq!(
    ///     options.sign_in_location(&here, ReturnBack::CurrentUrl, false).unwrap(),
    ///     "https://accounts.example.com/sign-in?redirect_url=https%3A%2F%2Fapp.example.com%2Fdashboard%3Fx%3D1",
    /// );
    /// ```
    pub fn sign_in_location(
        &self,
        request_url: &Url,
        return_back: ReturnBack<'_>,
        pending: bool,
    ) -> Result<String, RedirectConfigError> {
        let mut target = match (&self.sign_in_url, &self.account_portal_url) {
            (Some(sign_in), _) => resolve("sign_in_url", request_url, sign_in)?,
            (None, Some(portal)) => resolve(
                "account_portal_url",
                request_url,
                &format!("{}/sign-in", portal.trim_end_matches('/')),
            )?,
            (None, None) => return Err(RedirectConfigError::NoSignInUrl),
        };
        if pending {
            append_to_path(&mut target, "/tasks");
        }
        Ok(self.finish(request_url, target, return_back))
    }

    /// The sign-up redirect for a request at `request_url`: Clerk's `redirectToSignUp()`.
    ///
    /// ```
    /// use clerk_runtime::middleware::{RedirectOptions, ReturnBack};
    /// use url::Url;
    ///
    /// let options = RedirectOptions::default().sign_in_url("/sign-in");
    /// let here = Url::parse("https://app.example.com/x").unwrap();
    /// assert_eq!(
    ///     options.sign_up_location(&here, ReturnBack::Nowhere).unwrap(),
    ///     "https://app.example.com/sign-in/create",
    /// );
    /// ```
    pub fn sign_up_location(
        &self,
        request_url: &Url,
        return_back: ReturnBack<'_>,
    ) -> Result<String, RedirectConfigError> {
        let target = if let Some(sign_up) = &self.sign_up_url {
            resolve("sign_up_url", request_url, sign_up)?
        } else if let Some(sign_in) = &self.sign_in_url {
            let mut target = resolve("sign_in_url", request_url, sign_in)?;
            append_to_path(&mut target, "/create");
            target
        } else if let Some(portal) = &self.account_portal_url {
            resolve(
                "account_portal_url",
                request_url,
                &format!("{}/sign-up", portal.trim_end_matches('/')),
            )?
        } else {
            return Err(RedirectConfigError::NoSignInUrl);
        };
        Ok(self.finish(request_url, target, return_back))
    }

    fn finish(&self, request_url: &Url, mut target: Url, return_back: ReturnBack<'_>) -> String {
        let cross_origin =
            (request_url.host_str(), request_url.port()) != (target.host_str(), target.port());
        let return_url = match return_back {
            ReturnBack::CurrentUrl => Some(request_url.clone()),
            ReturnBack::Nowhere => None,
            // An unparsable return URL is dropped rather than guessed at.
            ReturnBack::To(url) => request_url.join(url).ok(),
        };
        if let Some(mut return_url) = return_url {
            if self.is_satellite && cross_origin {
                set_query_param(&mut return_url, CLERK_SYNCED_PARAM, "false");
            }
            set_query_param(&mut target, REDIRECT_URL_PARAM, return_url.as_str());
        }
        target.into()
    }
}

/// Where to send a browser back to, given a return URL it asked for (`redirect_url` of a
/// sign-in page, say): the target when a browser would read it as a page of `app_origin`,
/// else `/`. Never an open redirect.
///
/// The target is read as a browser reads a URL (the WHATWG URL parser, through `url`): ASCII
/// tabs and newlines are removed anywhere, leading and trailing C0 controls and spaces are
/// trimmed, `\` counts as `/`, dot segments (`.`, `..`, `%2e`) are resolved, and a relative
/// target is resolved against the root of `app_origin` (only its origin is used). When the
/// result's scheme, host and port are `app_origin`'s, the answer is its path, query and
/// fragment as a path that starts with exactly one `/` (a run of leading slashes is
/// collapsed), so it can never be read as a protocol-relative `//host` URL, whatever page the
/// browser resolves it against. Anything else (another origin, another scheme,
/// `javascript:`, an unparsable value) gives `/`.
///
/// ```
/// use clerk_runtime::middleware::same_origin_location;
/// use url::Url;
///
/// let app = Url::parse("https://app.example.com").unwrap();
/// assert_eq!(same_origin_location("/dashboard?tab=2", &app), "/dashboard?tab=2");
/// assert_eq!(same_origin_location("https://app.example.com/a/../b", &app), "/b");
/// assert_eq!(same_origin_location("https://evil.example/", &app), "/");
/// assert_eq!(same_origin_location("/\t/evil.example", &app), "/");
/// assert_eq!(same_origin_location("https://app.example.com//evil.example", &app), "/evil.example");
/// ```
#[must_use]
pub fn same_origin_location(target: &str, app_origin: &Url) -> String {
    let origin = app_origin.origin();
    if !origin.is_tuple() {
        return "/".to_owned();
    }
    let Ok(base) = Url::parse(&origin.ascii_serialization()) else {
        return "/".to_owned();
    };
    // `Url::join` is the WHATWG parser: it strips tabs/newlines and C0/space at the ends,
    // reads `\` as `/` for http(s) and resolves dot segments.
    let Ok(resolved) = base.join(target) else {
        return "/".to_owned();
    };
    if resolved.origin() != origin {
        return "/".to_owned();
    }
    let mut location = String::from("/");
    location.push_str(resolved.path().trim_start_matches('/'));
    if let Some(query) = resolved.query() {
        location.push('?');
        location.push_str(query);
    }
    if let Some(fragment) = resolved.fragment() {
        location.push('#');
        location.push_str(fragment);
    }
    location
}

/// Checks that `url` is absolute (an `http`/`https` URL), as `unauthenticated_url` and
/// `unauthorized_url` must be.
pub(crate) fn require_absolute(what: &'static str, url: &str) -> Result<(), RedirectConfigError> {
    match Url::parse(url) {
        Ok(parsed) if matches!(parsed.scheme(), "http" | "https") && parsed.has_host() => Ok(()),
        Ok(_) | Err(url::ParseError::RelativeUrlWithoutBase) => {
            Err(RedirectConfigError::NotAbsolute {
                what,
                url: url.to_owned(),
            })
        }
        Err(_) => Err(RedirectConfigError::InvalidUrl {
            what,
            url: url.to_owned(),
        }),
    }
}

fn check_url(what: &'static str, url: Option<&str>) -> Result<(), RedirectConfigError> {
    let Some(url) = url else { return Ok(()) };
    let base = Url::parse("http://origin.invalid/").expect("static base URL parses");
    base.join(url)
        .map(drop)
        .map_err(|_| RedirectConfigError::InvalidUrl {
            what,
            url: url.to_owned(),
        })
}

fn resolve(what: &'static str, base: &Url, url: &str) -> Result<Url, RedirectConfigError> {
    base.join(url).map_err(|_| RedirectConfigError::InvalidUrl {
        what,
        url: url.to_owned(),
    })
}

/// `url.pathname = url.pathname + suffix`, as Clerk builds `/tasks` and `/create`.
fn append_to_path(url: &mut Url, suffix: &str) {
    let path = format!("{}{suffix}", url.path());
    url.set_path(&path);
}

/// `url.searchParams.set(key, value)`: replaces every `key` pair, keeps the others in order.
fn set_query_param(url: &mut Url, key: &str, value: &str) {
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(name, _)| name != key)
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect();
    let mut pairs = url.query_pairs_mut();
    pairs.clear();
    pairs.extend_pairs(kept);
    pairs.append_pair(key, value);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn here() -> Url {
        Url::parse("https://app.example.com/dashboard?x=1").unwrap()
    }

    fn portal() -> RedirectOptions {
        RedirectOptions::default().account_portal_url("https://accounts.example.com")
    }

    #[test]
    fn account_portal_sign_in_carries_the_full_url() {
        assert_eq!(
            portal()
                .sign_in_location(&here(), ReturnBack::CurrentUrl, false)
                .unwrap(),
            "https://accounts.example.com/sign-in?redirect_url=https%3A%2F%2Fapp.example.com%2Fdashboard%3Fx%3D1"
        );
    }

    #[test]
    fn relative_sign_in_url_resolves_against_the_origin() {
        let options = portal().sign_in_url("/sign-in");
        assert_eq!(
            options
                .sign_in_location(&here(), ReturnBack::CurrentUrl, false)
                .unwrap(),
            "https://app.example.com/sign-in?redirect_url=https%3A%2F%2Fapp.example.com%2Fdashboard%3Fx%3D1"
        );
    }

    #[test]
    fn pending_goes_to_tasks() {
        assert_eq!(
            portal()
                .sign_in_location(&here(), ReturnBack::Nowhere, true)
                .unwrap(),
            "https://accounts.example.com/sign-in/tasks"
        );
    }

    #[test]
    fn return_back_variants() {
        let options = portal().sign_in_url("/sign-in");
        assert_eq!(
            options
                .sign_in_location(&here(), ReturnBack::To("/after"), false)
                .unwrap(),
            "https://app.example.com/sign-in?redirect_url=https%3A%2F%2Fapp.example.com%2Fafter"
        );
        assert_eq!(
            options
                .sign_in_location(&here(), ReturnBack::Nowhere, false)
                .unwrap(),
            "https://app.example.com/sign-in"
        );
    }

    #[test]
    fn existing_redirect_url_is_replaced() {
        let options = RedirectOptions::default().sign_in_url("/sign-in?redirect_url=evil&a=b");
        assert_eq!(
            options
                .sign_in_location(&here(), ReturnBack::To("/after"), false)
                .unwrap(),
            "https://app.example.com/sign-in?a=b&redirect_url=https%3A%2F%2Fapp.example.com%2Fafter"
        );
    }

    #[test]
    fn sign_up_defaults() {
        assert_eq!(
            portal()
                .sign_up_location(&here(), ReturnBack::Nowhere)
                .unwrap(),
            "https://accounts.example.com/sign-up"
        );
        assert_eq!(
            portal()
                .sign_in_url("/hello")
                .sign_up_location(&here(), ReturnBack::Nowhere)
                .unwrap(),
            "https://app.example.com/hello/create"
        );
        assert_eq!(
            portal()
                .sign_in_url("/hello")
                .sign_up_url("https://up.example.com/join")
                .sign_up_location(&here(), ReturnBack::Nowhere)
                .unwrap(),
            "https://up.example.com/join"
        );
    }

    #[test]
    fn satellites_mark_cross_origin_return_urls() {
        let options = portal().satellite(true);
        let location = options
            .sign_in_location(&here(), ReturnBack::CurrentUrl, false)
            .unwrap();
        let target = Url::parse(&location).unwrap();
        let (_, return_url) = target
            .query_pairs()
            .find(|(k, _)| k == "redirect_url")
            .unwrap();
        assert_eq!(
            return_url,
            "https://app.example.com/dashboard?x=1&__clerk_synced=false"
        );
        // Same origin: nothing to sync.
        let same = portal().satellite(true).sign_in_url("/sign-in");
        let location = same
            .sign_in_location(&here(), ReturnBack::CurrentUrl, false)
            .unwrap();
        assert!(!location.contains("__clerk_synced"), "{location}");
    }

    #[test]
    fn validation() {
        assert_eq!(
            RedirectOptions::default().validate(),
            Err(RedirectConfigError::NoSignInUrl)
        );
        assert!(
            RedirectOptions::default()
                .sign_in_url("/sign-in")
                .validate()
                .is_ok()
        );
        assert!(matches!(
            RedirectOptions::default()
                .account_portal_url("/relative")
                .validate(),
            Err(RedirectConfigError::NotAbsolute { .. })
        ));
        assert!(require_absolute("unauthenticated_url", "https://x.example/login").is_ok());
        assert!(matches!(
            require_absolute("unauthenticated_url", "/login"),
            Err(RedirectConfigError::NotAbsolute { .. })
        ));
        assert!(matches!(
            require_absolute("unauthenticated_url", "mailto:a@b.c"),
            Err(RedirectConfigError::NotAbsolute { .. })
        ));
    }
}

#[cfg(test)]
mod same_origin {
    use super::*;
    use proptest::prelude::*;

    const APP: &str = "http://app.test:3000";

    fn app() -> Url {
        Url::parse(APP).unwrap()
    }

    /// Resolved as a browser resolves a `Location` against the page that answered.
    fn followed(location: &str, page: &str) -> Url {
        Url::parse(page).unwrap().join(location).unwrap()
    }

    #[test]
    fn browser_readings_of_hostile_targets_stay_home() {
        for hostile in [
            "http://app.test:3000//evil.example",
            "http://app.test:3000/\\evil.example",
            "http://app.test:3000/.//evil.example",
            "http://app.test:3000/..//evil.example",
            "http://app.test:3000/%2e//evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r/evil.example",
            "\u{0}//evil.example",
            " //evil.example",
            "\\\\evil.example",
            "/\\evil.example",
            "\\/evil.example",
            "//evil.example",
            "///evil.example",
            "https://app.test:3000/",
            "http://app.test/",
            "http://evil.example@app.test:3000.evil.example/",
            "javascript:alert(1)",
            "data:text/html,x",
            "http://[::1",
        ] {
            let location = same_origin_location(hostile, &app());
            for page in [APP, "http://app.test:3000/sign-in/deep/page"] {
                let target = followed(&location, page);
                assert_eq!(
                    target.origin(),
                    app().origin(),
                    "{hostile:?} -> {location:?}"
                );
            }
            assert!(
                !location.starts_with("//") && !location.starts_with("/\\"),
                "{location}"
            );
        }
    }

    #[test]
    fn same_origin_targets_keep_path_query_and_fragment() {
        for (target, expected) in [
            ("/dashboard?tab=1#top", "/dashboard?tab=1#top"),
            ("http://app.test:3000/admin?x=1", "/admin?x=1"),
            ("HTTP://APP.TEST:3000/a", "/a"),
            ("/a/./b/../c", "/a/c"),
            ("relative", "/relative"),
            ("", "/"),
            ("?q=1", "/?q=1"),
            ("http://app.test:3000//evil.example", "/evil.example"),
        ] {
            assert_eq!(same_origin_location(target, &app()), expected, "{target:?}");
        }
    }

    #[test]
    fn default_ports_are_the_same_origin() {
        let app = Url::parse("https://app.example.com").unwrap();
        assert_eq!(
            same_origin_location("https://app.example.com:443/x", &app),
            "/x"
        );
        assert_eq!(same_origin_location("http://app.example.com/x", &app), "/");
    }

    #[test]
    fn an_opaque_app_origin_only_ever_goes_home() {
        let opaque = Url::parse("data:text/plain,x").unwrap();
        assert_eq!(same_origin_location("/dashboard", &opaque), "/");
    }

    /// Pieces that matter to a URL parser, glued at random.
    fn target() -> impl Strategy<Value = String> {
        let piece = prop::sample::select(vec![
            "/",
            "\\",
            ".",
            "..",
            "%2e",
            "%2E",
            "%2f",
            "%5c",
            "\t",
            "\n",
            "\r",
            "\u{0}",
            "\u{1f}",
            " ",
            "\u{a0}",
            "http:",
            "https:",
            "HTTP:",
            "javascript:",
            "//",
            ":",
            "@",
            "?",
            "#",
            "app.test",
            "app.test:3000",
            ":3000",
            ":80",
            "evil.example",
            "a",
            "[::1]",
            "%00",
            "%09",
            "\u{3002}",
            "\u{ff0f}",
            "%ef%bc%8f",
            "&",
            "=",
        ]);
        prop::collection::vec(piece, 0..12).prop_map(|pieces| pieces.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2048))]

        /// Whatever is asked for, the `Location`, followed from any page of the app, lands on
        /// the app's origin, and is a valid header value.
        #[test]
        fn every_location_stays_on_the_app_origin(target in target(), any_text in ".{0,24}") {
            for asked in [target.as_str(), any_text.as_str()] {
                let location = same_origin_location(asked, &app());
                prop_assert!(location.starts_with('/'), "{:?} -> {:?}", asked, location);
                prop_assert!(!location.starts_with("//") && !location.starts_with("/\\"), "{:?} -> {:?}", asked, location);
                prop_assert!(http::HeaderValue::from_str(&location).is_ok(), "{:?}", location);
                for page in [APP, "http://app.test:3000/sign-in/x?y#z"] {
                    let followed = Url::parse(page).unwrap().join(&location);
                    prop_assert!(followed.is_ok(), "{:?} -> {:?}", asked, location);
                    prop_assert_eq!(followed.unwrap().origin(), app().origin(), "{:?} -> {:?}", asked, location);
                }
            }
        }
    }
}
