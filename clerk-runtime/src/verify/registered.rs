//! The registered claims the checks read (`sub`, `aud`, `azp`, `iss`, `exp`, `nbf`, `iat`),
//! picked out of the payload in one pass.
//!
//! The payload is a `serde_json` map, whose lookups compare the wanted name with the keys one
//! by one: seven lookups cost more than walking the dozen keys of a session token once.

use serde_json::Value;

/// A registered claim the checks read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Registered {
    Sub,
    Aud,
    Azp,
    Iss,
    Exp,
    Nbf,
    Iat,
}

impl Registered {
    /// The claim's name in the payload.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Sub => "sub",
            Self::Aud => "aud",
            Self::Azp => "azp",
            Self::Iss => "iss",
            Self::Exp => "exp",
            Self::Nbf => "nbf",
            Self::Iat => "iat",
        }
    }
}

/// Where a check reads a claim: a whole payload, or the claims picked out of one.
pub(crate) trait Claims {
    /// The claim, or `None` when the payload has no such key (or is not an object).
    fn claim(&self, which: Registered) -> Option<&Value>;
}

impl Claims for Value {
    fn claim(&self, which: Registered) -> Option<&Value> {
        self.get(which.name())
    }
}

/// The registered claims of one payload, read in one pass over its keys.
#[derive(Debug, Default)]
pub(crate) struct RegisteredClaims<'p> {
    sub: Option<&'p Value>,
    aud: Option<&'p Value>,
    azp: Option<&'p Value>,
    iss: Option<&'p Value>,
    exp: Option<&'p Value>,
    nbf: Option<&'p Value>,
    iat: Option<&'p Value>,
}

impl<'p> RegisteredClaims<'p> {
    /// Reads `payload`'s registered claims (none when it is not an object).
    pub(crate) fn of(payload: &'p Value) -> Self {
        let mut claims = Self::default();
        let Value::Object(map) = payload else {
            return claims;
        };
        for (key, value) in map {
            let slot = match key.as_str() {
                "sub" => &mut claims.sub,
                "aud" => &mut claims.aud,
                "azp" => &mut claims.azp,
                "iss" => &mut claims.iss,
                "exp" => &mut claims.exp,
                "nbf" => &mut claims.nbf,
                "iat" => &mut claims.iat,
                _ => continue,
            };
            *slot = Some(value);
        }
        claims
    }
}

impl Claims for RegisteredClaims<'_> {
    fn claim(&self, which: Registered) -> Option<&Value> {
        match which {
            Registered::Sub => self.sub,
            Registered::Aud => self.aud,
            Registered::Azp => self.azp,
            Registered::Iss => self.iss,
            Registered::Exp => self.exp,
            Registered::Nbf => self.nbf,
            Registered::Iat => self.iat,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const ALL: [Registered; 7] = [
        Registered::Sub,
        Registered::Aud,
        Registered::Azp,
        Registered::Iss,
        Registered::Exp,
        Registered::Nbf,
        Registered::Iat,
    ];

    fn claim_value() -> impl Strategy<Value = Value> {
        prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            "[a-z]{0,4}".prop_map(Value::from),
            Just(serde_json::json!(["a", 1])),
        ]
    }

    proptest! {
        /// Picked in one pass, every registered claim is what a lookup in the payload gives.
        #[test]
        fn one_pass_reads_what_lookups_read(
            entries in proptest::collection::vec(
                (prop_oneof![
                    Just("sub"), Just("aud"), Just("azp"), Just("iss"), Just("exp"),
                    Just("nbf"), Just("iat"), Just("su"), Just("subx"), Just("fva"), Just(""),
                ], claim_value()),
                0..12,
            ),
        ) {
            let payload = Value::Object(
                entries.into_iter().map(|(key, value)| (key.to_owned(), value)).collect(),
            );
            let claims = RegisteredClaims::of(&payload);
            for which in ALL {
                prop_assert_eq!(claims.claim(which), payload.claim(which), "{:?}", which);
            }
        }
    }

    #[test]
    fn a_payload_that_is_not_an_object_has_no_claims() {
        for payload in [Value::Null, serde_json::json!(["sub"]), Value::from("sub")] {
            let claims = RegisteredClaims::of(&payload);
            assert!(ALL.iter().all(|&which| claims.claim(which).is_none()));
        }
    }
}
