//! Unit tests of the handshake's pure parts: the Frontend API endpoint, the session token among
//! cookie directives, the primary's answer to a satellite, Clerk's known referers.

use proptest::prelude::*;
use url::Url;

use super::engine::{is_dev_account_portal, primary_sync_location, session_from_set_cookies};
use super::url_params::without_params;
use super::{HandshakeSettings, cookie_suffix};
use crate::config::ClerkConfig;

fn settings(builder: crate::config::ClerkConfigBuilder) -> HandshakeSettings {
    // base64 of "clerk.example.com$"
    let config = builder
        .publishable_key("pk_live_Y2xlcmsuZXhhbXBsZS5jb20k")
        .secret_key("sk_live_0123456789abcdefghij")
        .build()
        .unwrap();
    HandshakeSettings::from_config(&config).unwrap().unwrap()
}

#[test]
fn suffix_vectors_from_clerks_keys() {
    for (key, suffix) in [
        ("pk_live_Y2xlcmsuY2xlcmsuZGV2JA", "1Z8AzTQD"),
        ("pk_test_Y2xlcmsuY2xlcmsuZGV2JA", "QvfNY2dr"),
        (
            "pk_live_Y2xlcmsuaW5zcGlyZWQucHVtYS03NC5sY2wuZGV2JA",
            "MqCvchyS",
        ),
        (
            "pk_test_ZW5vdWdoLWFscGFjYS04Mi5jbGVyay5hY2NvdW50cy5sY2xjbGVyay5jb20k",
            "jtYvyt_H",
        ),
    ] {
        assert_eq!(cookie_suffix(key), suffix, "{key}");
    }
}

#[test]
fn handshake_endpoint_keeps_a_proxy_prefix_and_never_doubles_a_slash() {
    let url = Url::parse("https://app.example.com/p").unwrap();
    let endpoint = |s: &HandshakeSettings| s.handshake_endpoint(&url).unwrap().to_string();
    assert_eq!(
        endpoint(&settings(ClerkConfig::builder())),
        "https://clerk.example.com/v1/client/handshake"
    );
    for proxy in [
        "https://p.example.com/clerk-proxy",
        "https://p.example.com/clerk-proxy/",
        "https://p.example.com/clerk-proxy///",
    ] {
        assert_eq!(
            endpoint(&settings(ClerkConfig::builder().proxy_url(proxy))),
            "https://p.example.com/clerk-proxy/v1/client/handshake",
            "{proxy}"
        );
    }
    assert_eq!(
        endpoint(&settings(ClerkConfig::builder().proxy_url("/__clerk"))),
        "https://app.example.com/__clerk/v1/client/handshake"
    );
    let satellite = settings(
        ClerkConfig::builder()
            .is_satellite(true)
            .domain("sat.example.org"),
    );
    assert_eq!(
        endpoint(&satellite),
        "https://clerk.sat.example.org/v1/client/handshake"
    );
    // `domain` alone (not a satellite) changes nothing.
    let not_satellite = settings(ClerkConfig::builder().domain("sat.example.org"));
    assert_eq!(
        endpoint(&not_satellite),
        "https://clerk.example.com/v1/client/handshake"
    );
}

#[test]
fn session_token_is_the_last_session_directive_cut_at_the_second_equals() {
    let cookies = |list: &[&str]| list.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    assert_eq!(
        session_from_set_cookies(&cookies(&[
            "__session=first; Path=/",
            "__client_uat=1",
            "__session_abc=second=tail; Path=/",
        ]))
        .as_deref(),
        Some("second")
    );
    assert_eq!(
        session_from_set_cookies(&cookies(&["__client_uat=0", "__Session=x"])),
        None
    );
    assert_eq!(
        session_from_set_cookies(&cookies(&["__session=; Path=/"])),
        None
    );
}

#[test]
fn primary_sync_sets_synced_once_and_appends_the_dev_browser() {
    let location = primary_sync_location(
        "http://localhost:3001/p?__clerk_synced=false&a=1&__clerk_synced=x",
        Some("dvb"),
    )
    .unwrap();
    assert_eq!(
        location.as_str(),
        "http://localhost:3001/p?__clerk_synced=true&a=1&__clerk_db_jwt=dvb"
    );
    assert_eq!(
        primary_sync_location("https://sat.example.org/", None)
            .unwrap()
            .as_str(),
        "https://sat.example.org/?__clerk_synced=true"
    );
    assert!(primary_sync_location("not a url", None).is_none());
    assert!(primary_sync_location("javascript:alert(1)", None).is_none());
}

#[test]
fn development_account_portals() {
    for host in [
        "happy-hippo-1.accounts.dev",
        "x.accountsstage.dev",
        "x.accounts.lclclerk.com",
        "accounts.foo.lcl.dev",
    ] {
        assert!(is_dev_account_portal(host), "{host}");
    }
    for host in [
        "happy-hippo-1.clerk.accounts.dev",
        "accounts.example.com",
        "evil.com",
        "accounts.dev.evil.com",
    ] {
        assert!(!is_dev_account_portal(host), "{host}");
    }
}

proptest! {
    /// Cookie directives of any shape never panic, and a token found is never empty.
    #[test]
    fn directives_never_panic(list in proptest::collection::vec("[ -~]{0,40}", 0..6)) {
        if let Some(token) = session_from_set_cookies(&list) {
            prop_assert!(!token.is_empty());
        }
    }

    /// Removing parameters never panics and leaves none of the removed names.
    #[test]
    fn removed_params_are_gone(query in "[a-z_=&%0-9A-F+;]{0,40}") {
        let url = Url::parse(&format!("https://a.test/p?{query}")).unwrap();
        let cleaned = without_params(&url, &["__clerk_db_jwt", "a"]);
        prop_assert!(cleaned.query_pairs().all(|(n, _)| n != "__clerk_db_jwt" && n != "a"));
        prop_assert_eq!(cleaned.path(), "/p");
    }
}

#[test]
fn request_state_debug_shows_no_header_values() {
    use http::HeaderValue;
    let mut state = super::RequestState::signed_in(crate::auth::AuthState::SignedOut {
        reason: crate::auth::SignedOutReason::Auth(crate::AuthErrorReason::SessionTokenMissing),
        message: String::new(),
    });
    state.headers.insert(
        "set-cookie",
        HeaderValue::from_static("__session=secret.token.value"),
    );
    state.headers.insert(
        "location",
        HeaderValue::from_static("https://x.test/?__session=secret.token.value"),
    );
    let shown = format!("{state:?}");
    assert!(!shown.contains("secret"), "{shown}");
    assert!(shown.contains("set-cookie"), "{shown}");
}
