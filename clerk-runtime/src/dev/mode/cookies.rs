//! The `Set-Cookie` values dev mode writes: on the sign-in and sign-out pages as headers, and in
//! the Frontend API stand-in as handshake directives (Clerk's wire format: each directive is
//! one `Set-Cookie` value, applied verbatim by the layer).

use super::DevMode;
use super::client::{self, DevClient};

/// The dev browser cookie of a development instance (its presence is what the layer checks).
pub(super) const DEV_BROWSER: &str = "__clerk_db_jwt";

/// Cookie names: unsuffixed, and also suffixed when the handshake asked for suffixed cookies.
#[derive(Clone, Copy, Debug)]
pub(super) enum Names {
    Plain,
    PlainAndSuffixed,
}

/// The session cookies of a signed-in client: `__session` (the fresh token) and `__client_uat`
/// (the sign-in time), for every name in `names`.
pub(super) fn signed_in(token: &str, client: &DevClient, names: Names) -> Vec<String> {
    let max_age = client::LIFETIME.as_secs();
    each_name(names, |suffix| {
        [
            format!("__session{suffix}={token}; Path=/; HttpOnly; SameSite=Lax"),
            format!(
                "__client_uat{suffix}={}; Path=/; Max-Age={max_age}; SameSite=Lax",
                client.uat
            ),
        ]
    })
}

/// The session cookies of a signed-out client: `__session` deleted, `__client_uat=0`.
pub(super) fn signed_out(names: Names) -> Vec<String> {
    let max_age = client::LIFETIME.as_secs();
    each_name(names, |suffix| {
        [
            format!("__session{suffix}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax"),
            format!("__client_uat{suffix}=0; Path=/; Max-Age={max_age}; SameSite=Lax"),
        ]
    })
}

fn each_name(names: Names, pair: impl Fn(&str) -> [String; 2]) -> Vec<String> {
    let mut cookies = pair("").to_vec();
    if matches!(names, Names::PlainAndSuffixed) {
        cookies.extend(pair(&format!(
            "_{}",
            crate::handshake::cookie_suffix(DevMode::PUBLISHABLE_KEY)
        )));
    }
    cookies
}

/// The dev client cookie, sent to the Frontend API stand-in only.
pub(super) fn client(sealed: &str) -> String {
    format!(
        "{}={sealed}; Path={}; Max-Age={}; HttpOnly; SameSite=Lax",
        client::COOKIE,
        DevMode::FRONTEND_API_PATH,
        client::LIFETIME.as_secs()
    )
}

/// The dev client cookie, deleted.
pub(super) fn client_deleted() -> String {
    format!(
        "{}=; Path={}; Max-Age=0; HttpOnly; SameSite=Lax",
        client::COOKIE,
        DevMode::FRONTEND_API_PATH
    )
}

/// The dev browser cookie.
pub(super) fn dev_browser(id: &str) -> String {
    format!(
        "{DEV_BROWSER}={id}; Path=/; Max-Age={}; SameSite=Lax",
        client::LIFETIME.as_secs()
    )
}

/// A new dev browser id: `dvb_` and 32 random hex digits.
pub(super) fn new_dev_browser_id() -> String {
    format!("dvb_{}", random_hex())
}

/// A new session id: `sess_dev_` and 32 random hex digits.
pub(super) fn new_session_id() -> String {
    format!("sess_dev_{}", random_hex())
}

fn random_hex() -> String {
    let mut bytes = [0_u8; 16];
    // The system random source does not fail on supported platforms; a zero id would still
    // work (it names nothing secret).
    let _ = aws_lc_rs::rand::fill(&mut bytes);
    crate::dev::hex(&bytes)
}
