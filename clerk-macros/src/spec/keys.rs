//! The one table of protection keys that `#[protect(…)]` and `clerk_routes!` rules take.
//!
//! Each key has one row ([`ProtectKey::row`]): its name, what it takes after `=`, the
//! `clerk-syntax` grammar its values go through, the `Requirement` constructor the expansion
//! calls and the example its messages show. Parsing, validation and expansion read this table
//! and never match key names as strings, so adding a key is one variant and one row here (plus
//! its grammar in `clerk-syntax` and its `Requirement` in the runtime).

use clerk_syntax::keys::{BillingKey, KeyError, PermissionKey, RoleKey};

use super::ast::Op;

/// A key of the protection grammar.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum ProtectKey {
    /// `signed_in`: authentication only.
    SignedIn,
    /// `role = "org:admin" | …`
    Role,
    /// `permission = "org:a:b" | "org:c:d" & …`
    Permission,
    /// `feature = "…"`
    Feature,
    /// `plan = "…"`
    Plan,
    /// `reverification = "strict"`
    Reverification,
    /// `unauthenticated_url = "https://…"`
    UnauthenticatedUrl,
    /// `unauthorized_url = "https://…"`
    UnauthorizedUrl,
    /// `crate = path`
    Crate,
}

/// What a key takes after `=`, and so how its value is parsed, checked and expanded.
#[derive(Clone, Copy)]
pub(crate) enum Takes {
    /// No value.
    Nothing,
    /// A path (`crate = ::my::clerk`).
    Path,
    /// `has()` keys joined by `|` (any of) and `&` (all of).
    Keys(KeyGrammar),
    /// One reverification level.
    Level,
    /// One absolute URL.
    Url,
}

/// How the values of a `has()` key are checked and expanded.
#[derive(Clone, Copy)]
pub(crate) struct KeyGrammar {
    /// The `clerk-syntax` grammar; `Ok(true)` for a key that only hand-minted tokens carry
    /// (a Clerk system permission), which earns a warning.
    pub(crate) check: fn(&str) -> Result<bool, KeyError>,
    /// The `Requirement` constructor the expansion calls with each key.
    pub(crate) ctor: &'static str,
    /// An operator that never holds between two of these keys, and the message saying so.
    pub(crate) never: Option<(Op, &'static str)>,
}

/// One row of the table.
#[derive(Clone, Copy)]
struct Row {
    name: &'static str,
    takes: Takes,
    /// An example value, for messages (keys that take a string only).
    example: &'static str,
}

fn role(key: &str) -> Result<bool, KeyError> {
    RoleKey::parse(key).map(|_| false)
}

fn permission(key: &str) -> Result<bool, KeyError> {
    PermissionKey::parse(key).map(|key| key.is_system())
}

fn feature(key: &str) -> Result<bool, KeyError> {
    BillingKey::parse_feature(key).map(|_| false)
}

fn plan(key: &str) -> Result<bool, KeyError> {
    BillingKey::parse_plan(key).map(|_| false)
}

impl ProtectKey {
    /// Every key, in the order messages list them.
    pub(crate) const ALL: [Self; 9] = [
        Self::SignedIn,
        Self::Role,
        Self::Permission,
        Self::Feature,
        Self::Plan,
        Self::Reverification,
        Self::UnauthenticatedUrl,
        Self::UnauthorizedUrl,
        Self::Crate,
    ];

    /// The table.
    const fn row(self) -> Row {
        const URL_EXAMPLE: &str = "\"https://example.com/sign-in\"";
        match self {
            Self::SignedIn => Row {
                name: "signed_in",
                takes: Takes::Nothing,
                example: "",
            },
            Self::Role => Row {
                name: "role",
                takes: Takes::Keys(KeyGrammar {
                    check: role,
                    ctor: "role",
                    never: Some((
                        Op::All,
                        "a user has one role in the active organization, so `&` between roles never holds; use `|` (any of)",
                    )),
                }),
                example: "\"org:admin\"",
            },
            Self::Permission => Row {
                name: "permission",
                takes: Takes::Keys(KeyGrammar {
                    check: permission,
                    ctor: "permission",
                    never: None,
                }),
                example: "\"org:invoices:create\"",
            },
            Self::Feature => Row {
                name: "feature",
                takes: Takes::Keys(KeyGrammar {
                    check: feature,
                    ctor: "feature",
                    never: None,
                }),
                example: "\"beta\"",
            },
            Self::Plan => Row {
                name: "plan",
                takes: Takes::Keys(KeyGrammar {
                    check: plan,
                    ctor: "plan",
                    never: None,
                }),
                example: "\"pro\"",
            },
            Self::Reverification => Row {
                name: "reverification",
                takes: Takes::Level,
                example: "\"strict\"",
            },
            Self::UnauthenticatedUrl => Row {
                name: "unauthenticated_url",
                takes: Takes::Url,
                example: URL_EXAMPLE,
            },
            Self::UnauthorizedUrl => Row {
                name: "unauthorized_url",
                takes: Takes::Url,
                example: URL_EXAMPLE,
            },
            Self::Crate => Row {
                name: "crate",
                takes: Takes::Path,
                example: "",
            },
        }
    }

    /// The key as written.
    pub(crate) const fn name(self) -> &'static str {
        self.row().name
    }

    /// The key named `name`, if there is one.
    pub(crate) fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|key| key.name() == name)
    }

    /// What the key takes after `=`.
    pub(crate) const fn takes(self) -> Takes {
        self.row().takes
    }

    /// An example value, for messages.
    pub(crate) const fn example(self) -> &'static str {
        self.row().example
    }

    /// Whether the key adds a requirement (a `has()` condition) to the protection.
    pub(crate) const fn is_requirement(self) -> bool {
        matches!(self.takes(), Takes::Keys(_) | Takes::Level)
    }

    /// What one value of the key is called in messages.
    pub(crate) const fn value_noun(self) -> &'static str {
        match self.takes() {
            Takes::Url => "URL",
            Takes::Level => "reverification level",
            _ => "key",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_unique() {
        for key in ProtectKey::ALL {
            assert_eq!(ProtectKey::from_name(key.name()), Some(key));
        }
        assert_eq!(ProtectKey::from_name("perm"), None);
    }

    #[test]
    fn every_key_that_takes_a_string_has_an_example_that_passes_its_grammar() {
        for key in ProtectKey::ALL {
            match key.takes() {
                Takes::Keys(grammar) => {
                    let example = key.example().trim_matches('"');
                    assert_eq!((grammar.check)(example), Ok(false), "{key:?}");
                }
                Takes::Level | Takes::Url => assert!(!key.example().is_empty(), "{key:?}"),
                Takes::Nothing | Takes::Path => assert!(key.example().is_empty(), "{key:?}"),
            }
        }
    }

    #[test]
    fn requirement_keys_are_the_has_keys() {
        let requirements: Vec<&str> = ProtectKey::ALL
            .into_iter()
            .filter(|key| key.is_requirement())
            .map(ProtectKey::name)
            .collect();
        assert_eq!(
            requirements,
            ["role", "permission", "feature", "plan", "reverification"]
        );
    }
}
