//! Step 1 of Clerk's `verifyJwt`: split a token into three parts, decode each (loose base64url),
//! and read header and payload as JSON the way `TextDecoder` + `JSON.parse` do. Done once per
//! token (Clerk decodes twice).

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::b64;
use crate::{TokenVerificationError, TokenVerificationErrorReason};

/// A token split and decoded, not yet checked.
#[derive(Debug)]
pub(crate) struct Decoded<'t> {
    /// `header.payload`, exactly as in the token: what the signature covers.
    pub(crate) signing_input: &'t str,
    /// The signature, decoded.
    pub(crate) signature: b64::Signature,
    /// The header fields Clerk reads.
    pub(crate) header: Header,
    /// The payload, as `JSON.parse` gives it (any JSON value).
    pub(crate) payload: Value,
}

/// One header field as JavaScript sees it: absent (`undefined`), a string, or another value.
#[derive(Debug, Default, PartialEq)]
pub(crate) enum Field {
    /// Not present (`undefined`).
    #[default]
    Absent,
    /// A JSON string.
    Str(String),
    /// Any other JSON value, `null` included.
    Other(Value),
}

impl Field {
    /// The string, if the field is one.
    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            Self::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The value as `JSON.stringify` writes it inside Clerk's messages (`undefined` when absent).
    pub(crate) fn display(&self) -> String {
        match self {
            Self::Absent => "undefined".to_owned(),
            Self::Str(s) => super::shown::shown(&Value::String(s.clone())),
            Self::Other(v) => super::shown::shown(v),
        }
    }
}

/// The header fields Clerk reads. Other fields are skipped; for a repeated field the last one
/// wins, as with `JSON.parse`. A header that is JSON but not an object has none of them, as
/// destructuring a number, string or array gives `undefined` in JavaScript.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Header {
    /// `typ`
    pub(crate) typ: Field,
    /// `alg`
    pub(crate) alg: Field,
    /// `cat`
    pub(crate) cat: Field,
    /// `kid`
    pub(crate) kid: Field,
}

/// Splits and decodes `token`, failing as Clerk's `decodeJwt` does.
pub(crate) fn decode(token: &str) -> Result<Decoded<'_>, TokenVerificationError> {
    let mut parts = token.split('.');
    let (Some(header), Some(payload), Some(signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(TokenVerificationError::new(
            TokenVerificationErrorReason::TokenInvalid,
            "Invalid JWT form. A JWT consists of three parts separated by dots.",
        ));
    };
    let undecodable = || {
        TokenVerificationError::new(
            TokenVerificationErrorReason::TokenInvalid,
            "Invalid JWT form. The header, payload, or signature could not be decoded.",
        )
    };
    let header: Header = parse_json(header).ok_or_else(undecodable)?;
    let payload: Value = parse_json(payload).ok_or_else(undecodable)?;
    let signing_input = &token[..token.len() - signature.len() - 1];
    let signature = b64::decode_signature(signature).ok_or_else(undecodable)?;
    Ok(Decoded {
        signing_input,
        signature,
        header,
        payload,
    })
}

/// `JSON.parse(new TextDecoder().decode(base64url.parse(segment, { loose: true })))`.
fn parse_json<T: for<'de> Deserialize<'de>>(segment: &str) -> Option<T> {
    let bytes = b64::decode(segment)?;
    // TextDecoder drops one leading UTF-8 BOM and replaces invalid sequences with U+FFFD.
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    // Valid UTF-8 (every genuine token) is checked by the fast validator; only invalid
    // sequences take the replacing path.
    let text: Cow<'_, str> = match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(bytes),
    };
    serde_json::from_str(&text).ok()
}

impl<'de> Deserialize<'de> for Header {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(HeaderVisitor)
    }
}

/// Reads a header object; any other JSON value becomes a header without fields.
struct HeaderVisitor;

/// Which header field a key names.
enum Key {
    Typ,
    Alg,
    Cat,
    Kid,
    Other,
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = Key;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a header field name")
            }
            fn visit_str<E: de::Error>(self, key: &str) -> Result<Key, E> {
                Ok(match key {
                    "typ" => Key::Typ,
                    "alg" => Key::Alg,
                    "cat" => Key::Cat,
                    "kid" => Key::Kid,
                    _ => Key::Other,
                })
            }
        }
        deserializer.deserialize_identifier(KeyVisitor)
    }
}

impl<'de> Visitor<'de> for HeaderVisitor {
    type Value = Header;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Header, A::Error> {
        let mut header = Header::default();
        while let Some(key) = map.next_key::<Key>()? {
            let slot = match key {
                Key::Typ => &mut header.typ,
                Key::Alg => &mut header.alg,
                Key::Cat => &mut header.cat,
                Key::Kid => &mut header.kid,
                Key::Other => {
                    map.next_value::<IgnoredAny>()?;
                    continue;
                }
            };
            *slot = match map.next_value::<Value>()? {
                Value::String(s) => Field::Str(s),
                other => Field::Other(other),
            };
        }
        Ok(header)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Header, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Header::default())
    }

    fn visit_unit<E: de::Error>(self) -> Result<Header, E> {
        Ok(Header::default())
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Header, E> {
        Ok(Header::default())
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Header, E> {
        Ok(Header::default())
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Header, E> {
        Ok(Header::default())
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Header, E> {
        Ok(Header::default())
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Header, E> {
        Ok(Header::default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine as _;

    fn seg(bytes: &[u8]) -> String {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    }

    fn token(header: &[u8], payload: &[u8]) -> String {
        format!("{}.{}.c2ln", seg(header), seg(payload))
    }

    /// Header and payload of a token over these texts.
    fn parts(header: &[u8], payload: &[u8]) -> (Header, Value) {
        let t = token(header, payload);
        let d = decode(&t).unwrap();
        (d.header, d.payload)
    }

    fn reason(token: &str) -> TokenVerificationErrorReason {
        decode(token).unwrap_err().reason
    }

    #[test]
    fn needs_exactly_three_parts() {
        for t in ["", "a", "a.b", "a.b.c.d", "...."] {
            let err = decode(t).unwrap_err();
            assert_eq!(err.reason, TokenVerificationErrorReason::TokenInvalid);
            assert!(err.message.contains("three parts"), "{t}");
        }
        // three empty parts: decodes to "" which is not JSON
        assert!(decode("..").unwrap_err().message.contains("decoded"));
    }

    #[test]
    fn reads_header_fields_last_one_winning() {
        let t = token(
            br#"{"alg":"HS256","typ":null,"x":[1,{"a":2}],"alg":"RS256","kid":5}"#,
            b"{}",
        );
        let d = decode(&t).unwrap();
        assert_eq!(d.header.alg, Field::Str("RS256".into()));
        assert_eq!(d.header.typ, Field::Other(Value::Null));
        assert_eq!(d.header.kid, Field::Other(Value::from(5)));
        assert_eq!(d.header.cat, Field::Absent);
        assert_eq!(d.signing_input, &t[..t.rfind('.').unwrap()]);
        assert_eq!(d.signature.bytes(), Some(&b"sig"[..]));
    }

    #[test]
    fn non_object_headers_have_no_fields() {
        for h in [
            &b"null"[..],
            b"[]",
            b"[1,[2]]",
            b"123",
            b"\"RS256\"",
            b"true",
        ] {
            assert_eq!(parts(h, b"{}").0, Header::default());
        }
    }

    #[test]
    fn text_decoding_matches_textdecoder_and_json_parse() {
        let (_, payload) = parts(b"{}", b"\xEF\xBB\xBF{\"sub\":\"a\"}");
        assert_eq!(payload["sub"], "a", "BOM dropped");
        let (_, payload) = parts(b"{}", b"{\"n\":\"\xC3(\"}");
        assert_eq!(payload["n"], "\u{FFFD}(", "invalid UTF-8 replaced");
        let (_, payload) = parts(b"{}", br#"{"sub":"a","sub":"b"}"#);
        assert_eq!(payload["sub"], "b", "last duplicate wins");
        let (_, payload) = parts(b"{}", b" [1] ");
        assert_eq!(payload, serde_json::json!([1]));
        assert_eq!(
            reason(&token(b"{}", b"not json")),
            TokenVerificationErrorReason::TokenInvalid
        );
        assert_eq!(
            reason(&token(b"{\"alg\"", b"{}")),
            TokenVerificationErrorReason::TokenInvalid
        );
        assert_eq!(
            reason(&token(b"\xEF\xBB\xBF\xEF\xBB\xBF{}", b"{}")),
            TokenVerificationErrorReason::TokenInvalid,
            "only one BOM is dropped"
        );
    }

    #[test]
    fn every_segment_must_be_loose_base64url() {
        let good = token(b"{}", b"{}");
        let (hp, _) = good.rsplit_once('.').unwrap();
        assert!(decode(&format!("{hp}.c2ln==")).is_ok(), "padding accepted");
        assert!(decode(&format!("{hp}.")).is_ok(), "empty signature decodes");
        // "c2l"/"c2m" leave two trailing bits that are not zero.
        for bad in ["c2l", "c2m", "c2l+", "c2l/", " c2ln", "c2ln\n", "c*ln", "c"] {
            assert!(decode(&format!("{hp}.{bad}")).is_err(), "{bad:?}");
        }
        assert!(decode(&format!("{}=.{}.c2ln", seg(b"{}"), seg(b"{}"))).is_ok());
        assert!(decode(&format!(" {good}")).is_err());
    }
}
