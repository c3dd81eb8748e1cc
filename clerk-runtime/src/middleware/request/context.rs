//! The request's public URL and the path the router dispatches on.

use std::sync::{Arc, OnceLock};

use http::header::{HOST, HeaderName, HeaderValue};
use http::request::Parts;
use http::{HeaderMap, Uri};
use url::Url;

/// How the layer tells the request's public URL: the origin of the `redirect_url` it sends to
/// sign-in, and the base of a relative sign-in URL.
///
/// Under [`Host`](Self::Host) (the default) and [`BehindProxy`](Self::BehindProxy) that origin
/// comes from the request, so **the client chooses it**: a request with `Host: evil.example`
/// is redirected to sign-in with `redirect_url=http://evil.example/...` (and, with a relative
/// `sign_in_url`, to `http://evil.example/sign-in`). A browser always sends the real host, so
/// this only matters where such a response can reach someone else, such as a shared cache
/// that does not key on `Host`, or a server reachable under names it does not serve. In
/// production, pin the origin with [`Fixed`](Self::Fixed) (`ClerkLayer::public_origin`).
///
/// Where the origin is needed (a signed-out page request sent to sign-in), a request with no
/// `Host` (and no authority in its URI), an empty or invalid one, or more than one `Host`
/// header is answered with `400 Bad Request`, as RFC 9112 §3.2 requires; under `Fixed` the
/// `Host` header is not read at all.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum OriginPolicy {
    /// The URI's authority, else the `Host` header, with `http`, or `https` when the URI says
    /// so. Client-chosen: see above.
    #[default]
    Host,
    /// As `Host`, but the first `x-forwarded-host` / `x-forwarded-proto` values win: for apps
    /// behind a reverse proxy that sets them (and strips any the client sent). Client-chosen
    /// unless the proxy overwrites them.
    BehindProxy,
    /// Always this origin (`https://app.example.com`), whatever the request says: recommended
    /// for production.
    Fixed(Url),
}

/// The request's public URL ([`request_url`]), built on first use: a request whose decision
/// needs no redirect never formats or parses a URL.
#[derive(Debug)]
pub(crate) struct LazyUrl<'a> {
    url: OnceLock<Option<Url>>,
    source: UrlSource<'a>,
}

/// What [`LazyUrl`] builds the URL from.
#[derive(Debug)]
#[expect(
    clippy::large_enum_variant,
    reason = "one per request context, never in a collection; boxing would add an allocation"
)]
enum UrlSource<'a> {
    /// What `request_url` reads, kept beyond the request: the URI (shared, not copied), the
    /// first two `Host` values (two already make the request invalid) and the first
    /// `x-forwarded-host` / `x-forwarded-proto` values.
    Kept {
        uri: Uri,
        headers: [Option<(HeaderName, HeaderValue)>; 4],
        policy: Arc<OriginPolicy>,
    },
    /// The request itself, for a URL that does not outlive it.
    Borrowed {
        uri: &'a Uri,
        headers: &'a HeaderMap,
        policy: &'a OriginPolicy,
    },
}

impl LazyUrl<'static> {
    /// The URL of a request to `uri` with `headers` under `policy`, to build when asked.
    pub(crate) fn new(uri: Uri, headers: &HeaderMap, policy: Arc<OriginPolicy>) -> Self {
        let mut hosts = headers.get_all(HOST).iter();
        let named = |name: HeaderName, value: Option<&HeaderValue>| {
            value.map(|value| (name, value.clone()))
        };
        Self {
            url: OnceLock::new(),
            source: UrlSource::Kept {
                headers: [
                    named(HOST, hosts.next()),
                    named(HOST, hosts.next()),
                    named(X_FORWARDED_HOST, headers.get(X_FORWARDED_HOST)),
                    named(X_FORWARDED_PROTO, headers.get(X_FORWARDED_PROTO)),
                ],
                uri,
                policy,
            },
        }
    }
}

impl<'a> LazyUrl<'a> {
    /// As [`new`](LazyUrl::new), reading the request itself when asked, without keeping
    /// anything of it.
    pub(crate) fn borrowed(uri: &'a Uri, headers: &'a HeaderMap, policy: &'a OriginPolicy) -> Self {
        Self {
            url: OnceLock::new(),
            source: UrlSource::Borrowed {
                uri,
                headers,
                policy,
            },
        }
    }

    /// The URL (`None` when no host is known).
    pub(crate) fn get(&self) -> Option<&Url> {
        self.url
            .get_or_init(|| match &self.source {
                UrlSource::Kept {
                    uri,
                    headers: kept,
                    policy,
                } => {
                    let mut headers = HeaderMap::new();
                    for (name, value) in kept.iter().flatten() {
                        headers.append(name, value.clone());
                    }
                    request_url(uri, &headers, policy)
                }
                UrlSource::Borrowed {
                    uri,
                    headers,
                    policy,
                } => request_url(uri, headers, policy),
            })
            .as_ref()
    }
}

const X_FORWARDED_HOST: HeaderName = HeaderName::from_static("x-forwarded-host");
const X_FORWARDED_PROTO: HeaderName = HeaderName::from_static("x-forwarded-proto");

/// The URI the router dispatches on: axum's `OriginalUri` when a router set it (so a layer in a
/// nested router sees the full path), else the request's own URI.
pub(crate) fn dispatch_uri(parts: &Parts) -> &Uri {
    parts
        .extensions
        .get::<axum::extract::OriginalUri>()
        .map_or(&parts.uri, |original| &original.0)
}

/// The request's full public URL under `policy`.
pub(crate) fn request_url(uri: &Uri, headers: &HeaderMap, policy: &OriginPolicy) -> Option<Url> {
    let path_and_query = uri.path_and_query().map_or("/", |pq| pq.as_str());
    let origin = match policy {
        OriginPolicy::Fixed(origin) => origin.origin().ascii_serialization(),
        OriginPolicy::Host | OriginPolicy::BehindProxy => {
            let forwarded = matches!(policy, OriginPolicy::BehindProxy);
            // RFC 9112 §3.2: a request with more than one `Host` is invalid, whatever else
            // it carries; never pick one of them.
            if headers.get_all(http::header::HOST).iter().nth(1).is_some() {
                return None;
            }
            let host = forwarded
                .then(|| first_value(headers, "x-forwarded-host"))
                .flatten()
                .or_else(|| {
                    uri.authority()
                        .map(|authority| authority.as_str().to_owned())
                })
                .or_else(|| first_value(headers, "host"))?;
            let scheme = forwarded
                .then(|| first_value(headers, "x-forwarded-proto"))
                .flatten()
                .or_else(|| uri.scheme_str().map(str::to_owned))
                .unwrap_or_else(|| "http".to_owned());
            let host_chars_ok = host
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b".-:[]_".contains(&b));
            if !matches!(scheme.as_str(), "http" | "https") || !host_chars_ok {
                return None;
            }
            format!("{scheme}://{host}")
        }
    };
    Url::parse(&format!("{origin}{path_and_query}")).ok()
}

/// The first comma-separated value of a header, trimmed.
fn first_value(headers: &HeaderMap, name: &str) -> Option<String> {
    let value = headers.get(name)?.to_str().ok()?;
    let first = value.split(',').next()?.trim();
    (!first.is_empty()).then(|| first.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, value.parse().unwrap());
        }
        map
    }

    #[test]
    fn the_lazy_url_is_the_eager_one() {
        let cases: &[&[(&'static str, &'static str)]] = &[
            &[],
            &[("host", "app.test:3000")],
            &[("host", "a.test"), ("host", "b.test")],
            &[("host", "a.test"), ("host", "b.test"), ("host", "c.test")],
            &[
                ("host", "internal:8080"),
                ("x-forwarded-host", "app.example.com, proxy"),
                ("x-forwarded-host", "second"),
                ("x-forwarded-proto", "https"),
                ("x-forwarded-proto", "http"),
            ],
            &[("host", "evil.com/x"), ("accept", "text/html")],
            &[("x-forwarded-proto", "javascript"), ("host", "h")],
        ];
        let fixed = OriginPolicy::Fixed(Url::parse("https://app.example.com").unwrap());
        for uri in ["/a?b=c", "http://authority.test/p", "/"] {
            let uri: Uri = uri.parse().unwrap();
            for pairs in cases {
                let map = headers(pairs);
                for policy in [OriginPolicy::Host, OriginPolicy::BehindProxy, fixed.clone()] {
                    let eager = request_url(&uri, &map, &policy);
                    let lazy = LazyUrl::new(uri.clone(), &map, Arc::new(policy.clone()));
                    assert_eq!(lazy.get(), eager.as_ref(), "{uri} {pairs:?} {policy:?}");
                }
            }
        }
    }

    #[test]
    fn host_header_and_http_by_default() {
        let uri: Uri = "/a?b=c".parse().unwrap();
        let url = request_url(
            &uri,
            &headers(&[("host", "app.test:3000")]),
            &OriginPolicy::Host,
        );
        assert_eq!(url.unwrap().as_str(), "http://app.test:3000/a?b=c");
    }

    #[test]
    fn forwarded_headers_only_behind_a_proxy() {
        let uri: Uri = "/a".parse().unwrap();
        let map = headers(&[
            ("host", "internal:8080"),
            ("x-forwarded-host", "app.example.com, proxy"),
            ("x-forwarded-proto", "https"),
        ]);
        assert_eq!(
            request_url(&uri, &map, &OriginPolicy::Host)
                .unwrap()
                .as_str(),
            "http://internal:8080/a"
        );
        assert_eq!(
            request_url(&uri, &map, &OriginPolicy::BehindProxy)
                .unwrap()
                .as_str(),
            "https://app.example.com/a"
        );
    }

    #[test]
    fn fixed_origin_ignores_the_host_header() {
        let uri: Uri = "/a".parse().unwrap();
        let fixed = OriginPolicy::Fixed(Url::parse("https://app.example.com").unwrap());
        let url = request_url(&uri, &headers(&[("host", "evil.example")]), &fixed);
        assert_eq!(url.unwrap().as_str(), "https://app.example.com/a");
    }

    #[test]
    fn hostile_hosts_give_no_url() {
        let uri: Uri = "/a".parse().unwrap();
        for host in ["evil.com/x", "a@evil.com", "a?b", "a#b", "a\\b", "a b"] {
            let mut map = HeaderMap::new();
            map.insert("host", host.parse().unwrap());
            assert!(
                request_url(&uri, &map, &OriginPolicy::Host).is_none(),
                "{host}"
            );
        }
        assert!(request_url(&uri, &HeaderMap::new(), &OriginPolicy::Host).is_none());
        // Two Host headers: neither is chosen, even behind a proxy that names the host.
        let two = headers(&[
            ("host", "app.example.com"),
            ("host", "evil.example"),
            ("x-forwarded-host", "app.example.com"),
        ]);
        assert!(request_url(&uri, &two, &OriginPolicy::Host).is_none());
        assert!(request_url(&uri, &two, &OriginPolicy::BehindProxy).is_none());
        let fixed = OriginPolicy::Fixed(Url::parse("https://app.example.com").unwrap());
        assert!(request_url(&uri, &two, &fixed).is_some());
        let map = headers(&[("host", "h"), ("x-forwarded-proto", "javascript")]);
        assert!(request_url(&uri, &map, &OriginPolicy::BehindProxy).is_none());
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Whatever the Host header says, the URL is either refused or keeps the request's
        /// path, and its host is the header's host: a Host header cannot inject a path.
        #[test]
        fn host_headers_never_panic_or_inject(host in "[a-z0-9?#/@:. -]{0,20}", proto in "[a-z]{0,6}") {
            let uri: Uri = "/dashboard?x=1".parse().unwrap();
            let mut headers = HeaderMap::new();
            if let Ok(value) = http::HeaderValue::from_str(&host) {
                headers.insert("host", value.clone());
                headers.insert("x-forwarded-host", value);
            }
            if let Ok(value) = http::HeaderValue::from_str(&proto) {
                headers.insert("x-forwarded-proto", value);
            }
            for policy in [OriginPolicy::Host, OriginPolicy::BehindProxy] {
                if let Some(url) = request_url(&uri, &headers, &policy) {
                    prop_assert_eq!(url.path(), "/dashboard");
                    prop_assert_eq!(url.query(), Some("x=1"));
                }
            }
        }

        /// The URL kept beyond the request and the one read from the request itself agree,
        /// `Host` repeated, forwarded or missing.
        #[test]
        fn kept_and_borrowed_urls_agree(
            hosts in proptest::collection::vec("[a-z0-9.:-]{0,12}", 0..3),
            forwarded in proptest::option::of("[a-z0-9.:,-]{0,12}"),
            proto in proptest::option::of("[a-z]{0,6}"),
            authority in any::<bool>(),
        ) {
            let uri: Uri = if authority { "https://app.example/a?b=c" } else { "/a?b=c" }.parse().unwrap();
            let mut headers = HeaderMap::new();
            headers.insert("accept", http::HeaderValue::from_static("text/html"));
            for host in &hosts {
                headers.append("host", http::HeaderValue::from_str(host).unwrap());
            }
            if let Some(forwarded) = &forwarded {
                headers.insert("x-forwarded-host", http::HeaderValue::from_str(forwarded).unwrap());
            }
            if let Some(proto) = &proto {
                headers.insert("x-forwarded-proto", http::HeaderValue::from_str(proto).unwrap());
            }
            let fixed = OriginPolicy::Fixed(Url::parse("https://fixed.example").unwrap());
            for policy in [OriginPolicy::Host, OriginPolicy::BehindProxy, fixed] {
                let kept = LazyUrl::new(uri.clone(), &headers, Arc::new(policy.clone()));
                let borrowed = LazyUrl::borrowed(&uri, &headers, &policy);
                prop_assert_eq!(kept.get(), borrowed.get());
                let direct = request_url(&uri, &headers, &policy);
                prop_assert_eq!(kept.get(), direct.as_ref());
            }
        }
    }
}
