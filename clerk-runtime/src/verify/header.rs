//! The JWT header fields Clerk reads (`typ`, `alg`, `cat`, `kid`), read as `JSON.parse` reads
//! them. String fields borrow from the decoded header when they have no escapes, so a genuine
//! header allocates nothing.

use std::borrow::Cow;
use std::fmt;

use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

/// One header field as JavaScript sees it: absent (`undefined`), a string, or another value.
#[derive(Debug, Default, PartialEq)]
pub(crate) enum Field<'a> {
    /// Not present (`undefined`).
    #[default]
    Absent,
    /// A JSON string.
    Str(Cow<'a, str>),
    /// Any other JSON value, `null` included.
    Other(Value),
}

impl Field<'_> {
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
            Self::Str(s) => super::shown::shown(&Value::String(s.as_ref().to_owned())),
            Self::Other(v) => super::shown::shown(v),
        }
    }

    /// The same field, owning its string.
    fn into_owned(self) -> Field<'static> {
        match self {
            Self::Absent => Field::Absent,
            Self::Str(s) => Field::Str(Cow::Owned(s.into_owned())),
            Self::Other(v) => Field::Other(v),
        }
    }
}

/// The header fields Clerk reads. Other fields are skipped; for a repeated field the last one
/// wins, as with `JSON.parse`. A header that is JSON but not an object has none of them, as
/// destructuring a number, string or array gives `undefined` in JavaScript.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Header<'a> {
    /// `typ`
    pub(crate) typ: Field<'a>,
    /// `alg`
    pub(crate) alg: Field<'a>,
    /// `cat`
    pub(crate) cat: Field<'a>,
    /// `kid`
    pub(crate) kid: Field<'a>,
}

impl Header<'_> {
    /// The same header, owning its strings.
    pub(crate) fn into_owned(self) -> Header<'static> {
        Header {
            typ: self.typ.into_owned(),
            alg: self.alg.into_owned(),
            cat: self.cat.into_owned(),
            kid: self.kid.into_owned(),
        }
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Header<'a> {
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
    type Value = Header<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Header<'de>, A::Error> {
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
            *slot = map.next_value::<Field<'de>>()?;
        }
        Ok(header)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Header<'de>, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Header::default())
    }

    fn visit_unit<E: de::Error>(self) -> Result<Header<'de>, E> {
        Ok(Header::default())
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Header<'de>, E> {
        Ok(Header::default())
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Header<'de>, E> {
        Ok(Header::default())
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Header<'de>, E> {
        Ok(Header::default())
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Header<'de>, E> {
        Ok(Header::default())
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Header<'de>, E> {
        Ok(Header::default())
    }
}

/// A present field's value: a string (borrowed when it has no escapes), or the [`Value`] that
/// `serde_json` would have built.
impl<'de: 'a, 'a> Deserialize<'de> for Field<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(FieldVisitor)
    }
}

/// Reads one present field's value (see [`Field`]).
struct FieldVisitor;

impl<'de> Visitor<'de> for FieldVisitor {
    type Value = Field<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Field<'de>, E> {
        Ok(Field::Str(Cow::Borrowed(s)))
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Field<'de>, E> {
        Ok(Field::Str(Cow::Owned(s.to_owned())))
    }

    fn visit_string<E: de::Error>(self, s: String) -> Result<Field<'de>, E> {
        Ok(Field::Str(Cow::Owned(s)))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Field<'de>, E> {
        Ok(Field::Other(Value::Null))
    }

    fn visit_bool<E: de::Error>(self, b: bool) -> Result<Field<'de>, E> {
        Ok(Field::Other(Value::Bool(b)))
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Field<'de>, E> {
        Ok(Field::Other(Value::from(n)))
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Field<'de>, E> {
        Ok(Field::Other(Value::from(n)))
    }

    fn visit_f64<E: de::Error>(self, n: f64) -> Result<Field<'de>, E> {
        Ok(Field::Other(Value::from(n)))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Field<'de>, A::Error> {
        Value::deserialize(SeqAccessDeserializer::new(seq)).map(Field::Other)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Field<'de>, A::Error> {
        Value::deserialize(MapAccessDeserializer::new(map)).map(Field::Other)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(text: &str) -> Option<Header<'_>> {
        serde_json::from_str(text).ok()
    }

    #[test]
    fn plain_strings_are_borrowed_escaped_ones_owned() {
        let text = r#"{"alg":"RS256","kid":"ins_\u0031","typ":"JWT","cat":"c\"t"}"#;
        let header = parse(text).unwrap();
        assert!(matches!(header.alg, Field::Str(Cow::Borrowed("RS256"))));
        assert!(matches!(header.typ, Field::Str(Cow::Borrowed("JWT"))));
        assert_eq!(header.kid, Field::Str(Cow::Owned("ins_1".into())));
        assert_eq!(header.cat.as_str(), Some("c\"t"));
        assert_eq!(header.cat.display(), r#""c\"t""#);
    }

    #[test]
    fn other_values_are_what_serde_json_builds() {
        let values = [
            json!(null),
            json!(true),
            json!(-5),
            json!(18_446_744_073_709_551_615_u64),
            json!(1.5),
            json!(1e300),
            json!([1, "a", [null], {"b": 2}]),
            json!({"x": {"y": [1.25]}, "z": "w"}),
            json!([]),
            json!({}),
        ];
        for value in values {
            let text = json!({ "kid": value }).to_string();
            let header = parse(&text).unwrap();
            assert_eq!(header.kid, Field::Other(value.clone()), "{text}");
            assert_eq!(header.kid.display(), super::super::shown::shown(&value));
        }
    }

    #[test]
    fn malformed_headers_fail_without_panicking() {
        for text in [
            "",
            "{",
            r#"{"alg""#,
            r#"{"alg":}"#,
            r#"{"alg":"RS256""#,
            r#"{"alg":"RS256",}"#,
            r#"{"kid":[1,}"#,
            r#"{"kid":{"a":}}"#,
            r#"{"kid":"\x"}"#,
            "[1,",
            "nul",
            r#"{"a":1}x"#,
        ] {
            assert!(parse(text).is_none(), "{text:?}");
        }
    }

    #[test]
    fn owned_copies_compare_equal() {
        let text = r#"{"alg":"RS256","kid":"k","typ":null,"x":1}"#;
        let header = parse(text).unwrap();
        let owned = parse(text).unwrap().into_owned();
        assert_eq!(header, owned);
        assert_eq!(owned.typ, Field::Other(Value::Null));
        assert_eq!(owned.cat, Field::Absent);
    }
}
