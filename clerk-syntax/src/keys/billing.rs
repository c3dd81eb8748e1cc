//! Feature and plan keys: `[scope:]name`.

use std::fmt;

use super::error::{KeyError, KeyKind, Problem};
use super::scan::{char_repair, colon_before, first_bad_char, segments};
use crate::suggest::closest;

/// Where `has()` looks for a feature or plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BillingScope {
    /// `o:`, `org:` or `organization:`: the organization's list.
    Org,
    /// `u:` or `user:`: the user's list.
    User,
}

impl BillingScope {
    /// The scope a `has({ feature })` / `has({ plan })` key names before its first `:`, as
    /// Clerk's `checkForFeatureOrPlan` reads it; `None` for any other text (Clerk throws, and
    /// `has()` fails).
    ///
    /// ```
    /// use clerk_syntax::keys::BillingScope;
    /// assert_eq!(BillingScope::from_key_scope("organization"), Some(BillingScope::Org));
    /// assert_eq!(BillingScope::from_key_scope("u"), Some(BillingScope::User));
    /// assert_eq!(BillingScope::from_key_scope("ou"), None);
    /// ```
    #[must_use]
    pub fn from_key_scope(scope: &str) -> Option<Self> {
        SCOPES.iter().find(|(s, _)| *s == scope).map(|(_, s)| *s)
    }

    /// The lists an element of the `fea`/`pla` claim belongs to, from the scope before its
    /// first `:` (Clerk's `splitByScope`): `o` the organization's, `u` the user's, `ou`/`uo`
    /// both, anything else none.
    ///
    /// ```
    /// use clerk_syntax::keys::BillingScope;
    /// assert_eq!(BillingScope::from_claim_scope("uo"), &[BillingScope::Org, BillingScope::User]);
    /// assert!(BillingScope::from_claim_scope("org").is_empty());
    /// ```
    #[must_use]
    pub fn from_claim_scope(scope: &str) -> &'static [Self] {
        match scope {
            "o" => &[Self::Org],
            "u" => &[Self::User],
            "ou" | "uo" => &[Self::Org, Self::User],
            _ => &[],
        }
    }
}

/// Every scope spelling a feature or plan key may use.
const SCOPES: &[(&str, BillingScope)] = &[
    ("o", BillingScope::Org),
    ("org", BillingScope::Org),
    ("organization", BillingScope::Org),
    ("u", BillingScope::User),
    ("user", BillingScope::User),
];

/// A well-formed feature or plan key: a name, optionally scoped.
///
/// ```
/// use clerk_syntax::keys::{BillingKey, BillingScope};
///
/// let plan = BillingKey::parse_plan("org:business").unwrap();
/// assert_eq!((plan.scope(), plan.name()), (Some(BillingScope::Org), "business"));
/// assert_eq!(BillingKey::parse_feature("beta").unwrap().scope(), None);
///
/// let err = BillingKey::parse_feature("orgs:beta").unwrap_err();
/// assert_eq!(err.suggestion(), Some("org:beta"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct BillingKey {
    scope: Option<BillingScope>,
    name: String,
}

impl BillingKey {
    /// Parses a feature key (`has({ feature })`). Never panics.
    pub fn parse_feature(key: &str) -> Result<Self, KeyError> {
        parse(KeyKind::Feature, key)
    }

    /// Parses a plan key (`has({ plan })`). Never panics.
    pub fn parse_plan(key: &str) -> Result<Self, KeyError> {
        parse(KeyKind::Plan, key)
    }

    /// The scope, or `None` to search both the user's and the organization's lists.
    #[must_use]
    pub fn scope(&self) -> Option<BillingScope> {
        self.scope
    }

    /// The feature or plan name.
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }
}

impl fmt::Display for BillingKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.scope {
            None => f.write_str(&self.name),
            Some(BillingScope::Org) => write!(f, "org:{}", self.name),
            Some(BillingScope::User) => write!(f, "user:{}", self.name),
        }
    }
}

fn parse(kind: KeyKind, key: &str) -> Result<BillingKey, KeyError> {
    check(key).map_err(|(problem, offset)| {
        let suggestion = suggest(key, &problem);
        KeyError::new(kind, key, problem, offset).with_suggestion(suggestion)
    })
}

fn check(key: &str) -> Result<BillingKey, (Problem, usize)> {
    if key.is_empty() {
        return Err((Problem::Empty, 0));
    }
    if let Some(bad) = first_bad_char(key) {
        return Err(bad);
    }
    let segs = segments(key);
    let (name_at, name) = segs[segs.len().min(2) - 1];
    let scope = if segs.len() == 1 {
        None
    } else {
        let scope = segs[0].1;
        if scope.is_empty() {
            return Err((Problem::EmptySegment("scope"), 0));
        }
        match BillingScope::from_key_scope(scope) {
            Some(scope) => Some(scope),
            None if !BillingScope::from_claim_scope(scope).is_empty() => {
                return Err((Problem::ClaimScope(scope.to_owned()), 0));
            }
            None => return Err((Problem::UnknownScope(scope.to_owned()), 0)),
        }
    };
    if name.is_empty() {
        return Err((Problem::EmptySegment("name"), name_at));
    }
    if segs.len() > 2 {
        return Err((Problem::ExtraSegment, colon_before(&segs, 2)));
    }
    Ok(BillingKey {
        scope,
        name: name.to_owned(),
    })
}

fn suggest(key: &str, problem: &Problem) -> Option<String> {
    let rest = key.split_once(':').map_or("", |(_, rest)| rest);
    let candidate = match problem {
        Problem::Whitespace | Problem::WrongSeparator(_) => char_repair(key, problem),
        Problem::EmptySegment("scope") | Problem::ClaimScope(_) => Some(rest.to_owned()),
        Problem::UnknownScope(scope) => {
            let lower = scope.to_ascii_lowercase();
            closest(
                &lower,
                SCOPES.iter().map(|(s, _)| *s).filter(|s| s.len() > 1),
                2,
            )
            .map(|s| format!("{s}:{rest}"))
        }
        Problem::ExtraSegment => Some(key.split(':').take(2).collect::<Vec<_>>().join(":")),
        _ => None,
    };
    candidate.filter(|c| check(c).is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_every_scope_spelling() {
        for (scope, expected) in SCOPES {
            let key = BillingKey::parse_feature(&format!("{scope}:beta")).unwrap();
            assert_eq!(key.scope(), Some(*expected));
            assert_eq!(key.name(), "beta");
        }
        assert_eq!(BillingKey::parse_plan("pro").unwrap().to_string(), "pro");
        assert_eq!(
            BillingKey::parse_plan("u:pro").unwrap().to_string(),
            "user:pro"
        );
        assert!(BillingKey::parse_feature("support-chat").is_ok());
    }

    #[test]
    fn rejects_bad_scopes_and_segments() {
        let e = BillingKey::parse_feature("lol:beta").unwrap_err();
        assert_eq!(e.problem(), &Problem::UnknownScope("lol".into()));
        assert_eq!(e.suggestion(), None);
        let e = BillingKey::parse_feature("users:beta").unwrap_err();
        assert_eq!(e.suggestion(), Some("user:beta"));
        let e = BillingKey::parse_plan("Org:business").unwrap_err();
        assert_eq!(e.suggestion(), Some("org:business"));
        let e = BillingKey::parse_feature("ou:beta").unwrap_err();
        assert_eq!(e.problem(), &Problem::ClaimScope("ou".into()));
        assert_eq!(e.suggestion(), Some("beta"));
        let e = BillingKey::parse_feature("org:invoices:extra").unwrap_err();
        assert_eq!((e.problem(), e.offset()), (&Problem::ExtraSegment, 12));
        assert_eq!(e.suggestion(), Some("org:invoices"));
        assert_eq!(
            e.to_string(),
            "feature `org:invoices:extra` has an extra segment at byte 12; expected \
             `[scope:]name` (Clerk ignores everything after the second `:`); did you mean \
             `org:invoices`?"
        );
        let e = BillingKey::parse_plan("org:").unwrap_err();
        assert_eq!(
            (e.problem(), e.offset()),
            (&Problem::EmptySegment("name"), 4)
        );
        let e = BillingKey::parse_plan(":pro").unwrap_err();
        assert_eq!(e.suggestion(), Some("pro"));
        assert_eq!(
            BillingKey::parse_plan("").unwrap_err().problem(),
            &Problem::Empty
        );
        assert_eq!(
            BillingKey::parse_plan("pro plan").unwrap_err().suggestion(),
            Some("proplan")
        );
    }
}
