//! Step 1 of Clerk's `verifyJwt`: split a token into three parts, decode each (loose base64url),
//! and read header and payload as JSON the way `TextDecoder` + `JSON.parse` do. Done once per
//! token (Clerk decodes twice), into one buffer sized for the three parts.

use std::borrow::Cow;

use serde::Deserialize;
use serde_json::Value;

use super::b64;
pub(crate) use super::header::{Field, Header};
use crate::{TokenVerificationError, TokenVerificationErrorReason};

/// A token split and decoded, not yet checked. The header and the signature borrow from the
/// caller's buffer.
#[derive(Debug)]
pub(crate) struct Decoded<'t, 'b> {
    /// `header.payload`, exactly as in the token: what the signature covers.
    pub(crate) signing_input: &'t str,
    /// The signature, decoded.
    pub(crate) signature: &'b [u8],
    /// The header fields Clerk reads.
    pub(crate) header: Header<'b>,
    /// The payload, as `JSON.parse` gives it (any JSON value).
    pub(crate) payload: Value,
}

/// Splits and decodes `token` into `buffer` (cleared first), failing as Clerk's `decodeJwt`
/// does.
pub(crate) fn decode<'t, 'b>(
    token: &'t str,
    buffer: &'b mut Vec<u8>,
) -> Result<Decoded<'t, 'b>, TokenVerificationError> {
    // The dots, found with vector instructions: a token is ~750 bytes.
    let mut dots = memchr::memchr_iter(b'.', token.as_bytes());
    let (Some(first), Some(second), None) = (dots.next(), dots.next(), dots.next()) else {
        return Err(TokenVerificationError::new(
            TokenVerificationErrorReason::TokenInvalid,
            "Invalid JWT form. A JWT consists of three parts separated by dots.",
        ));
    };
    // Dots are ASCII, so these are character boundaries.
    let (header, payload, signature) = (
        &token[..first],
        &token[first + 1..second],
        &token[second + 1..],
    );
    let undecodable = || {
        TokenVerificationError::new(
            TokenVerificationErrorReason::TokenInvalid,
            "Invalid JWT form. The header, payload, or signature could not be decoded.",
        )
    };
    buffer.clear();
    buffer.reserve(b64::room(header) + b64::room(payload) + b64::room(signature));
    let mut decode_onto_buffer = |part| b64::decode_onto(part, buffer);
    let (Some(_), Some(payload_at), Some(signature_at)) = (
        decode_onto_buffer(header),
        decode_onto_buffer(payload),
        decode_onto_buffer(signature),
    ) else {
        return Err(undecodable());
    };
    let buffer: &'b [u8] = buffer;
    let header = parse_header(&buffer[..payload_at]).ok_or_else(undecodable)?;
    let payload: Value = parse_json(&buffer[payload_at..signature_at]).ok_or_else(undecodable)?;
    Ok(Decoded {
        signing_input: &token[..token.len() - signature.len() - 1],
        signature: &buffer[signature_at..],
        header,
        payload,
    })
}

/// `new TextDecoder().decode(bytes)`: one leading UTF-8 BOM dropped, invalid sequences replaced
/// with U+FFFD. Valid UTF-8 (every genuine token) is borrowed after the fast check.
fn text(bytes: &[u8]) -> Cow<'_, str> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

/// `JSON.parse(new TextDecoder().decode(bytes))` for the header, borrowing its strings from
/// `bytes` when it can.
fn parse_header(bytes: &[u8]) -> Option<Header<'_>> {
    match text(bytes) {
        Cow::Borrowed(text) => serde_json::from_str(text).ok(),
        Cow::Owned(text) => serde_json::from_str(&text).ok().map(Header::into_owned),
    }
}

/// `JSON.parse(new TextDecoder().decode(bytes))`.
fn parse_json<T: for<'de> Deserialize<'de>>(bytes: &[u8]) -> Option<T> {
    serde_json::from_str(&text(bytes)).ok()
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
    fn parts(header: &[u8], payload: &[u8]) -> (Header<'static>, Value) {
        let t = token(header, payload);
        let mut buffer = Vec::new();
        let d = decode(&t, &mut buffer).unwrap();
        (d.header.into_owned(), d.payload)
    }

    fn reason(token: &str) -> TokenVerificationErrorReason {
        decode(token, &mut Vec::new()).unwrap_err().reason
    }

    proptest::proptest! {
        /// A token is split where `str::split('.')` splits it: three parts or the form error.
        #[test]
        fn splits_at_the_dots_as_split_does(token in "[a.é]{0,12}") {
            let three = token.split('.').count() == 3;
            let form_error = decode(&token, &mut Vec::new())
                .is_err_and(|error| error.message.contains("three parts"));
            proptest::prop_assert_eq!(form_error, !three);
        }
    }

    #[test]
    fn needs_exactly_three_parts() {
        for t in ["", "a", "a.b", "a.b.c.d", "...."] {
            let err = decode(t, &mut Vec::new()).unwrap_err();
            assert_eq!(err.reason, TokenVerificationErrorReason::TokenInvalid);
            assert!(err.message.contains("three parts"), "{t}");
        }
        // three empty parts: decodes to "" which is not JSON
        assert!(
            decode("..", &mut Vec::new())
                .unwrap_err()
                .message
                .contains("decoded")
        );
    }

    #[test]
    fn reads_header_fields_last_one_winning() {
        let t = token(
            br#"{"alg":"HS256","typ":null,"x":[1,{"a":2}],"alg":"RS256","kid":5}"#,
            b"{}",
        );
        let mut buffer = Vec::new();
        let d = decode(&t, &mut buffer).unwrap();
        assert_eq!(d.header.alg, Field::Str("RS256".into()));
        assert_eq!(d.header.typ, Field::Other(Value::Null));
        assert_eq!(d.header.kid, Field::Other(Value::from(5)));
        assert_eq!(d.header.cat, Field::Absent);
        assert_eq!(d.signing_input, &t[..t.rfind('.').unwrap()]);
        assert_eq!(d.signature, b"sig");
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
        assert!(
            decode(&format!("{hp}.c2ln=="), &mut Vec::new()).is_ok(),
            "padding accepted"
        );
        assert!(
            decode(&format!("{hp}."), &mut Vec::new()).is_ok(),
            "empty signature decodes"
        );
        // "c2l"/"c2m" leave two trailing bits that are not zero.
        for bad in ["c2l", "c2m", "c2l+", "c2l/", " c2ln", "c2ln\n", "c*ln", "c"] {
            assert!(
                decode(&format!("{hp}.{bad}"), &mut Vec::new()).is_err(),
                "{bad:?}"
            );
        }
        assert!(
            decode(
                &format!("{}=.{}.c2ln", seg(b"{}"), seg(b"{}")),
                &mut Vec::new()
            )
            .is_ok()
        );
        assert!(decode(&format!(" {good}"), &mut Vec::new()).is_err());
    }

    #[test]
    fn one_buffer_holds_the_three_parts() {
        let t = token(br#"{"alg":"RS256","kid":"k"}"#, br#"{"sub":"u"}"#);
        let mut buffer = b"left over".to_vec();
        let d = decode(&t, &mut buffer).unwrap();
        assert_eq!(d.header.kid.as_str(), Some("k"));
        assert_eq!(d.payload["sub"], "u");
        assert_eq!(d.signature, b"sig");
        // A signature longer than any key's still decodes (it will not verify).
        let (input, _) = t.rsplit_once('.').unwrap();
        let long = format!("{input}.{}", "QUFB".repeat(1000));
        let d = decode(&long, &mut buffer).unwrap();
        assert_eq!(d.signature.len(), 3000);
        assert_eq!(d.header.alg.as_str(), Some("RS256"));
    }

    #[test]
    fn invalid_utf8_in_the_header_is_replaced_and_owned() {
        let (header, _) = parts(b"{\"kid\":\"\xC3(\",\"alg\":\"RS256\"}", b"{}");
        assert_eq!(header.kid.as_str(), Some("\u{FFFD}("));
        assert_eq!(header.alg.as_str(), Some("RS256"));
        let (header, _) = parts(b"\xEF\xBB\xBF{\"alg\":\"RS256\"}", b"{}");
        assert_eq!(header.alg.as_str(), Some("RS256"), "BOM dropped");
    }

    #[test]
    fn malformed_tokens_are_typed_errors() {
        let body = seg(b"{}");
        for t in [
            token(b"{", b"{}"),
            token(b"{}", b"{"),
            token(b"\xff", b"{}"),
            token(b"{\"alg\":\"RS256\"", b"{}"),
            token(b"{\"kid\":[1,}", b"{}"),
            token(b"{}", b"{\"sub\":}"),
            format!("{body}.{body}.*"),
            format!("{body}.*.c2ln"),
            format!("*.{body}.c2ln"),
            format!("{body}.{body}.c"),
            format!("{body}.{body}.c2ln.x"),
            format!("{body}.{body}"),
        ] {
            let err = decode(&t, &mut Vec::new()).unwrap_err();
            assert_eq!(
                err.reason,
                TokenVerificationErrorReason::TokenInvalid,
                "{t}"
            );
        }
    }
}
