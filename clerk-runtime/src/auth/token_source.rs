//! Where the session token comes from (Clerk's `authenticateContext.ts`): the `Authorization`
//! header, and how a request is classified. Nothing here verifies a signature.

use base64::Engine as _;
use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use http::HeaderMap;
use http::header::{ACCEPT, AUTHORIZATION};
use serde_json::Value;

use super::cookies::latin1;
use crate::verify::JwtPayload;

/// Every value of header `name`, joined with `, ` as the Fetch `Headers.get` joins them, or
/// `None` when absent or empty (Clerk reads `headers.get(name) || undefined`).
fn header(headers: &HeaderMap, name: impl http::header::AsHeaderName) -> Option<String> {
    let joined = headers
        .get_all(name)
        .iter()
        .map(|v| latin1(v.as_bytes()))
        .collect::<Vec<_>>()
        .join(", ");
    (!joined.is_empty()).then_some(joined)
}

/// The token in the `Authorization` header, exactly as Clerk's `parseAuthorizationHeader` takes
/// it: the value is split at spaces into `<first> <second>` (anything after a second space is
/// ignored); `Bearer <second>` gives `<second>` (exactly that scheme, case-sensitive); a value
/// without a non-empty `<second>` gives `<first>` (a bare token); any other scheme (`Basic …`,
/// `bearer …`) counts as no header token. Several `Authorization` headers are joined with `, `
/// first, as Fetch's `Headers.get` joins them.
///
/// ```
/// use clerk_runtime::auth::token_from_authorization_header;
/// use http::{HeaderMap, HeaderValue};
///
/// let mut headers = HeaderMap::new();
/// headers.insert("authorization", HeaderValue::from_static("Bearer a.b.c"));
/// assert_eq!(token_from_authorization_header(&headers).as_deref(), Some("a.b.c"));
/// headers.insert("authorization", HeaderValue::from_static("Bearer a.b.c trailing"));
/// assert_eq!(token_from_authorization_header(&headers).as_deref(), Some("a.b.c"));
/// headers.insert("authorization", HeaderValue::from_static("a.b.c"));
/// assert_eq!(token_from_authorization_header(&headers).as_deref(), Some("a.b.c"));
/// headers.insert("authorization", HeaderValue::from_static("Basic dXNlcjpwYXNz"));
/// assert_eq!(token_from_authorization_header(&headers), None);
/// ```
#[must_use]
pub fn token_from_authorization_header(headers: &HeaderMap) -> Option<String> {
    let value = header(headers, AUTHORIZATION)?;
    // JavaScript's `value.split(" ", 2)`.
    let mut parts = value.splitn(3, ' ');
    let scheme = parts.next().unwrap_or_default();
    let token = parts.next().unwrap_or_default();
    if token.is_empty() {
        return Some(scheme.to_owned());
    }
    (scheme == "Bearer").then(|| token.to_owned())
}

/// Whether Clerk treats the request as a document navigation (the requests it may answer with
/// a handshake redirect): `Sec-Fetch-Dest: document` or `iframe`, or no `Sec-Fetch-Dest` and an
/// `Accept` header starting with `text/html`.
///
/// ```
/// use clerk_runtime::auth::is_document_request;
/// use http::{HeaderMap, HeaderValue};
///
/// let mut headers = HeaderMap::new();
/// assert!(!is_document_request(&headers));
/// headers.insert("accept", HeaderValue::from_static("text/html,application/xhtml+xml"));
/// assert!(is_document_request(&headers));
/// headers.insert("sec-fetch-dest", HeaderValue::from_static("empty"));
/// assert!(!is_document_request(&headers));
/// ```
#[must_use]
pub fn is_document_request(headers: &HeaderMap) -> bool {
    match header(headers, "sec-fetch-dest").as_deref() {
        Some(dest) => dest == "document" || dest == "iframe",
        None => header(headers, ACCEPT).is_some_and(|accept| accept.starts_with("text/html")),
    }
}

/// A token's header and payload, decoded without any verification (Clerk's `decodeJwt`): three
/// dot-separated parts whose first two are base64url JSON objects. `None` otherwise.
pub(crate) fn peek(token: &str) -> Option<(JwtPayload, JwtPayload)> {
    const LOOSE: GeneralPurpose = GeneralPurpose::new(
        &alphabet::URL_SAFE,
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
    );
    let mut parts = token.split('.');
    let (Some(header), Some(payload), Some(_), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    let object = |part: &str| -> Option<JwtPayload> {
        let bytes = LOOSE.decode(part).ok()?;
        let text = String::from_utf8_lossy(&bytes);
        match serde_json::from_str(text.trim_start_matches('\u{feff}')).ok()? {
            Value::Object(map) => Some(map),
            _ => None,
        }
    };
    Some((object(header)?, object(payload)?))
}

/// Clerk's session-token JWT category and the "ignore" category; any other `cat` marks a JWT
/// that is not a session token.
const SESSION_CATEGORIES: [&str; 2] = ["cl_B7d4PD111AAA", "cl_I7d4PD111III"];

/// Prefixes of Clerk's opaque machine tokens (M2M, OAuth, API key).
const MACHINE_PREFIXES: [&str; 3] = ["mt_", "oat_", "ak_"];

/// What a token is, decided from its text alone, without verifying anything. One decision for
/// every place a token comes from (the `Authorization` header and the session cookies), so a
/// machine token can never sign in as a user through another door.
///
/// ```
/// use clerk_runtime::auth::{TokenKind, token_kind};
/// assert_eq!(token_kind("ak_0123"), TokenKind::OpaqueMachine);
/// assert_eq!(token_kind("not-a-jwt"), TokenKind::NotAJwt);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TokenKind {
    /// A decodable JWT that may be a session token (it still has to be verified).
    SessionJwt,
    /// A JWT that is not a session token: `typ` `at+jwt` (OAuth), a `sub` starting with `mch_`
    /// (M2M), or a `cat` header other than the session and "ignore" categories (M2M, JWT
    /// templates, unknown). A session-token route answers it with `token-type-mismatch`.
    MachineJwt,
    /// An opaque machine token (`mt_`, `oat_`, `ak_`). It is not a JWT, so a session-token route
    /// answers it with `token-invalid`, as Clerk does.
    OpaqueMachine,
    /// Not a decodable JWT (`token-invalid`).
    NotAJwt,
}

/// A token classified, with its decoded header and payload when it is a JWT (so the payload is
/// decoded once per request).
pub(crate) struct Classified {
    pub(crate) kind: TokenKind,
    pub(crate) decoded: Option<(JwtPayload, JwtPayload)>,
}

/// Clerk's `isJwtFormat`: three non-empty base64url parts.
fn is_jwt_format(token: &str) -> bool {
    token.split('.').count() == 3
        && token.split('.').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
}

/// Classifies a token whose header and payload were already decoded with [`peek`] (`decoded`
/// is `peek(token)`).
pub(crate) fn classify_decoded(
    token: &str,
    decoded: Option<(JwtPayload, JwtPayload)>,
) -> Classified {
    if MACHINE_PREFIXES.iter().any(|p| token.starts_with(p)) {
        return Classified {
            kind: TokenKind::OpaqueMachine,
            decoded,
        };
    }
    let Some((header, payload)) = &decoded else {
        return Classified {
            kind: TokenKind::NotAJwt,
            decoded,
        };
    };
    // Clerk's `isOAuthJwt` and `isM2MJwt` also require the strict JWT format;
    // `hasNonSessionJwtCategory` does not.
    let jwt_format = is_jwt_format(token);
    let oauth = jwt_format
        && matches!(
            header.get("typ").and_then(Value::as_str),
            Some("at+jwt" | "application/at+jwt")
        );
    let m2m = jwt_format
        && payload
            .get("sub")
            .and_then(Value::as_str)
            .is_some_and(|sub| sub.starts_with("mch_"));
    // `cat !== undefined`: a JSON `null` category is not the session category either.
    let other_category = header
        .get("cat")
        .is_some_and(|cat| !SESSION_CATEGORIES.iter().any(|s| cat.as_str() == Some(s)));
    let kind = if oauth || m2m || other_category {
        TokenKind::MachineJwt
    } else {
        TokenKind::SessionJwt
    };
    Classified { kind, decoded }
}

/// Classifies a token (decoding it once).
pub(crate) fn classify(token: &str) -> Classified {
    classify_decoded(token, peek(token))
}

/// What `token` is; see [`TokenKind`].
#[must_use]
pub fn token_kind(token: &str) -> TokenKind {
    classify(token).kind
}

/// Whether a token is a machine token or another non-session JWT: [`TokenKind::MachineJwt`] or
/// [`TokenKind::OpaqueMachine`]. Decided without verifying anything.
///
/// ```
/// use clerk_runtime::auth::is_machine_token;
/// assert!(is_machine_token("ak_0123"));
/// assert!(!is_machine_token("not-a-jwt"));
/// ```
#[must_use]
pub fn is_machine_token(token: &str) -> bool {
    matches!(
        token_kind(token),
        TokenKind::MachineJwt | TokenKind::OpaqueMachine
    )
}
