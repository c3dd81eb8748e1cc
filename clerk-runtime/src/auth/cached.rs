//! The cached-token fast path: a request whose `Authorization` token the verifier has already
//! verified gets its auth state from the cache entry, with no decoding, no classification and no
//! claim reading, and without allocating.
//!
//! It is exactly [`authenticate_request`](super::authenticate_request)'s header branch for such a
//! token: that branch classifies the token (a machine JWT is `token-type-mismatch` before any
//! verification), verifies it (a cache hit) and builds the session from the claims. Each of those
//! depends on the token's text alone, and a cache entry is for one exact token, so the outcome is
//! computed once on the entry's first hit and kept with it. Anything else (no header token, a
//! miss, a failed time check, a machine JWT, unreadable claims) returns `None`, and the caller
//! runs `authenticate_request` as usual.

use std::any::Any;
use std::sync::Arc;

use http::HeaderMap;
use http::header::AUTHORIZATION;

use super::state::{AuthState, SessionAuth, SignedOutReason};
use super::token_source::{TokenKind, classify};
use crate::AuthErrorReason;
use crate::verify::{CachedToken, Verifier};

/// The signed-in state of a cached token, held through its cache entry: the entry keeps the
/// state, so a request holding this touches no other shared count.
pub(crate) struct CachedSession(CachedToken);

impl CachedSession {
    /// The auth state (signed in).
    pub(crate) fn state(&self) -> &AuthState {
        self.0
            .memo()
            .get()
            .and_then(Option::as_ref)
            .and_then(|state| state.downcast_ref::<AuthState>())
            .unwrap_or(&NOT_A_SESSION)
    }

    /// The auth state, shared.
    pub(crate) fn shared(&self) -> Arc<AuthState> {
        self.0
            .memo()
            .get()
            .and_then(Option::as_ref)
            .and_then(|state| Arc::downcast::<AuthState>(Arc::clone(state)).ok())
            .unwrap_or_else(|| Arc::new(NOT_A_SESSION.clone()))
    }
}

/// Never returned: [`cached_header_session`] builds a [`CachedSession`] only for an entry
/// whose memo holds a signed-in state. Should that ever fail, the request is signed out.
static NOT_A_SESSION: AuthState = AuthState::SignedOut {
    reason: SignedOutReason::Auth(AuthErrorReason::UnexpectedError),
    message: String::new(),
};

/// The auth state of a request whose `Authorization` token `verifier` has cached, or `None` when
/// the request must go through [`authenticate_request`](super::authenticate_request).
///
/// The cache entry remembers the signed-in state its token gives, or that it gives none (a
/// machine JWT, or claims without a usable `sub`: the header branch would not sign it in from
/// the claims alone).
pub(crate) fn cached_header_session(
    headers: &HeaderMap,
    verifier: &Verifier,
) -> Option<CachedSession> {
    let hit = verifier.cached(header_token(headers)?)?;
    let memo = hit.memo().get_or_init(|| {
        // The verified token: the very bytes the header holds.
        let token = hit.token();
        let session = (classify(token).kind != TokenKind::MachineJwt)
            .then(|| SessionAuth::from_payload(Arc::clone(hit.payload()), Arc::clone(token)).ok())
            .flatten()?;
        let state: Arc<dyn Any + Send + Sync> = Arc::new(AuthState::SignedIn(session));
        Some(state)
    });
    memo.as_ref()?.downcast_ref::<AuthState>()?;
    Some(CachedSession(hit))
}

/// The bytes of the token [`token_from_authorization_header`](super::token_from_authorization_header) reads from a request with one
/// `Authorization` header, without decoding or copying them; `None` for several headers (the
/// usual path joins them).
///
/// They are only ever compared with tokens the verifier has verified, which are base64url and
/// dots: bytes equal to one of them are ASCII, which the usual reader (Latin-1) reads as they
/// are, so a hit is the token that reader would give.
fn header_token(headers: &HeaderMap) -> Option<&[u8]> {
    let mut values = headers.get_all(AUTHORIZATION).iter();
    let (Some(value), None) = (values.next(), values.next()) else {
        return None;
    };
    let value = value.as_bytes();
    if value.is_empty() {
        return None;
    }
    // JavaScript's `value.split(" ", 2)`, as in `token_from_authorization_header`: the scheme,
    // then the token up to the next space (the whole value when there is no space).
    let Some(space) = value.iter().position(|&byte| byte == b' ') else {
        return Some(value);
    };
    let (scheme, rest) = (&value[..space], &value[space + 1..]);
    if rest.first().is_none_or(|&byte| byte == b' ') {
        // An empty token: the reader returns the scheme.
        return Some(scheme);
    }
    // The token is `rest` up to its next space. `rest` is returned whole, without scanning
    // for one: a verified token has no space, so a `rest` that holds one is never a hit, and
    // the request goes the usual way.
    (scheme == b"Bearer").then_some(rest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::token_from_authorization_header;
    use crate::auth::{AuthenticateOptions, authenticate_request};
    use crate::dev::SigningKey;
    use crate::verify::VerifyOptions;
    use http::{HeaderValue, Method, Uri};

    const PRIVATE: &str = include_str!("../../../tests/conformance/keys/rsa2048-a.private.pem");

    fn now_s() -> i64 {
        i64::try_from(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_secs(),
        )
        .unwrap()
    }

    fn bearer(token: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            AUTHORIZATION,
            HeaderValue::from_str(&format!("Bearer {token}")).unwrap(),
        );
        headers
    }

    /// What `authenticate_request` answers for `headers` with `verifier`.
    async fn slow(headers: &HeaderMap, verifier: &Verifier) -> AuthState {
        authenticate_request(
            &Method::GET,
            &Uri::from_static("/"),
            headers,
            &AuthenticateOptions::default(),
            |token| {
                let token = token.to_owned();
                let verifier = verifier.clone();
                async move { verifier.verify(&token).await }
            },
        )
        .await
    }

    fn run<F: std::future::Future>(future: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(future)
    }

    #[test]
    fn a_cached_session_token_gives_the_state_authenticate_request_gives() {
        run(async {
            let key = SigningKey::from_pem(PRIVATE).unwrap();
            let verifier =
                Verifier::from_key(key.verifying_key().clone(), VerifyOptions::default());
            let now = now_s();
            let claims = serde_json::json!({
                "sub": "user_1", "sid": "sess_1", "iat": now - 5, "nbf": now - 5,
                "exp": now + 600, "v": 2, "o": {"id": "org_1", "rol": "admin", "slg": "acme"},
            });
            let token = key.mint(&claims).unwrap();
            let headers = bearer(&token);
            assert!(
                cached_header_session(&headers, &verifier).is_none(),
                "not cached yet"
            );
            let expected = slow(&headers, &verifier).await;
            let held = cached_header_session(&headers, &verifier).expect("cached now");
            let fast = held.shared();
            assert_eq!(format!("{:?}", held.state()), format!("{fast:?}"));
            assert_eq!(format!("{fast:?}"), format!("{expected:?}"));
            let session = fast.signed_in_session(true).unwrap();
            assert_eq!(session.org_role.as_deref(), Some("org:admin"));
            assert_eq!(&*session.token, token.as_str());
            // A second hit shares the state built on the first.
            let again = cached_header_session(&headers, &verifier).unwrap().shared();
            assert!(Arc::ptr_eq(&fast, &again));
            // Another scheme, or a second header: Clerk's reading, not the cache's.
            let mut basic = HeaderMap::new();
            basic.insert(
                AUTHORIZATION,
                HeaderValue::from_static("Basic dXNlcjpwYXNz"),
            );
            assert!(cached_header_session(&basic, &verifier).is_none());
            let mut two = bearer(&token);
            two.append(AUTHORIZATION, HeaderValue::from_static("Bearer x"));
            assert!(cached_header_session(&two, &verifier).is_none());
            // The cached token followed by a space and more goes the usual way, which reads
            // the token before the space: the same session.
            let trailing = bearer(&format!("{token} trailing"));
            assert!(cached_header_session(&trailing, &verifier).is_none());
            let read = slow(&trailing, &verifier).await;
            assert_eq!(format!("{read:?}"), format!("{expected:?}"));
        });
    }

    #[test]
    fn a_cached_machine_jwt_still_goes_the_slow_way_to_its_type_mismatch() {
        run(async {
            let key = SigningKey::from_pem(PRIVATE).unwrap();
            let verifier =
                Verifier::from_key(key.verifying_key().clone(), VerifyOptions::default());
            let now = now_s();
            let claims = serde_json::json!({
                "sub": "mch_1", "iat": now - 5, "nbf": now - 5, "exp": now + 600,
            });
            let token = key.mint(&claims).unwrap();
            // Verified (and cached) by a direct call: the verifier alone does not refuse it.
            assert!(verifier.verify(&token).await.is_ok());
            let headers = bearer(&token);
            assert!(cached_header_session(&headers, &verifier).is_none());
            let state = slow(&headers, &verifier).await;
            assert_eq!(
                state.signed_out_reason().unwrap().as_str(),
                "token-type-mismatch"
            );
        });
    }

    #[test]
    fn an_uncached_verifier_never_answers() {
        run(async {
            let key = SigningKey::from_pem(PRIVATE).unwrap();
            let verifier =
                Verifier::from_key(key.verifying_key().clone(), VerifyOptions::default())
                    .with_cache_capacity(0);
            let now = now_s();
            let claims = serde_json::json!({"sub": "user_1", "iat": now, "exp": now + 600});
            let headers = bearer(&key.mint(&claims).unwrap());
            assert!(slow(&headers, &verifier).await.is_signed_in());
            assert!(cached_header_session(&headers, &verifier).is_none());
        });
    }

    #[test]
    fn header_token_agrees_with_the_owned_reader() {
        let cases: &[&[&[u8]]] = &[
            &[],
            &[b""],
            &[b"Bearer a.b.c"],
            &[b"Bearer a.b.c trailing"],
            &[b"a.b.c"],
            &[b"Bearer "],
            &[b"Bearer"],
            &[b"bearer a.b.c"],
            &[b"Basic dXNlcjpwYXNz"],
            &[b" Bearer a.b.c"],
            &[b"Bearer  a.b.c"],
            &[b"Bearer a.b.c", b"Bearer d.e.f"],
            &[b"", b"Bearer d.e.f"],
            &[b"Bearer \xe9t\xe9"],
            &[b"Bearer a\tb"],
        ];
        for values in cases {
            let mut headers = HeaderMap::new();
            for value in *values {
                headers.append(AUTHORIZATION, HeaderValue::from_bytes(value).unwrap());
            }
            let read = token_from_authorization_header(&headers);
            if values.len() == 1 {
                // Equal for every ASCII token, the only ones a cache holds, or that token
                // followed by a space and more: bytes no verified token equals.
                let bytes = header_token(&headers).map(<[u8]>::to_vec);
                if read.as_deref().is_none_or(str::is_ascii) {
                    let read = read.map(String::into_bytes);
                    let followed_by_space = matches!(
                        (&bytes, &read),
                        (Some(bytes), Some(token))
                            if bytes.starts_with(token) && bytes.get(token.len()) == Some(&b' ')
                    );
                    assert!(bytes == read || followed_by_space, "{values:?}");
                } else {
                    assert!(bytes.is_some_and(|bytes| !bytes.is_ascii()), "{values:?}");
                }
            } else {
                assert_eq!(header_token(&headers), None, "{values:?}");
            }
        }
    }
}
