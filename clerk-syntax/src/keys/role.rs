//! Role keys: `org:<role>`, plus the legacy `admin` and `basic_member`.

use std::fmt;

use super::error::{KeyError, KeyKind, Problem};
use super::scan::{char_repair, collapse_org_prefix, colon_before, first_bad_char, segments};

/// Role keys of organizations created before December 2023, which Clerk still issues without
/// the `org:` prefix (its `has()` adds the prefix before comparing).
const LEGACY_ROLES: &[&str] = &["admin", "basic_member"];

/// A well-formed role key.
///
/// ```
/// use clerk_syntax::keys::RoleKey;
///
/// assert_eq!(RoleKey::parse("org:admin").unwrap().canonical(), "org:admin");
/// // Legacy keys are accepted and mean the same as their prefixed form.
/// assert_eq!(RoleKey::parse("basic_member").unwrap().canonical(), "org:basic_member");
/// let err = RoleKey::parse("member").unwrap_err();
/// assert_eq!(err.suggestion(), Some("org:member"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RoleKey {
    name: String,
    legacy: bool,
}

impl RoleKey {
    /// Parses a role key. Never panics.
    pub fn parse(key: &str) -> Result<Self, KeyError> {
        check(key).map_err(|(problem, offset)| {
            let suggestion = suggest(key, &problem);
            KeyError::new(KeyKind::Role, key, problem, offset).with_suggestion(suggestion)
        })
    }

    /// The role name without the prefix (`admin`).
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Whether the key was written in the legacy form without `org:`.
    #[must_use]
    pub fn is_legacy(&self) -> bool {
        self.legacy
    }

    /// The key as Clerk's `has()` compares it: `org:<role>`.
    #[must_use]
    pub fn canonical(&self) -> String {
        format!("org:{}", self.name)
    }
}

impl fmt::Display for RoleKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.legacy {
            f.write_str(&self.name)
        } else {
            write!(f, "org:{}", self.name)
        }
    }
}

fn check(key: &str) -> Result<RoleKey, (Problem, usize)> {
    if key.is_empty() {
        return Err((Problem::Empty, 0));
    }
    if let Some(bad) = first_bad_char(key) {
        return Err(bad);
    }
    let segs = segments(key);
    if segs.len() == 1 {
        return if LEGACY_ROLES.contains(&key) {
            Ok(RoleKey {
                name: key.to_owned(),
                legacy: true,
            })
        } else {
            Err((Problem::MissingOrgPrefix, 0))
        };
    }
    let (_, prefix) = segs[0];
    if prefix != "org" {
        return Err(if prefix.eq_ignore_ascii_case("org") {
            (Problem::PrefixCase, 0)
        } else if prefix.is_empty() {
            (Problem::MissingOrgPrefix, 0)
        } else {
            (Problem::WrongPrefix(prefix.to_owned()), 0)
        });
    }
    if segs[1].1 == "org" && segs.len() > 2 {
        return Err((Problem::RepeatedOrgPrefix, segs[1].0));
    }
    if segs[1].1.is_empty() {
        return Err((Problem::EmptySegment("role"), segs[1].0));
    }
    match segs.len() {
        2 => Ok(RoleKey {
            name: segs[1].1.to_owned(),
            legacy: false,
        }),
        3 if !segs[2].1.is_empty() => Err((Problem::PermissionAsRole, 0)),
        _ => Err((Problem::ExtraSegment, colon_before(&segs, 2))),
    }
}

fn suggest(key: &str, problem: &Problem) -> Option<String> {
    let candidate = match problem {
        Problem::Whitespace | Problem::WrongSeparator(_) => char_repair(key, problem),
        Problem::MissingOrgPrefix => Some(format!("org:{}", key.trim_start_matches(':'))),
        Problem::PrefixCase => Some(format!("org{}", &key[3..])),
        Problem::WrongPrefix(prefix) => Some(format!("org{}", &key[prefix.len()..])),
        Problem::RepeatedOrgPrefix => Some(collapse_org_prefix(key)),
        _ => None,
    };
    candidate.filter(|c| check(c).is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(key: &str) -> KeyError {
        RoleKey::parse(key).unwrap_err()
    }

    #[test]
    fn accepts_prefixed_and_legacy_roles() {
        let admin = RoleKey::parse("org:admin").unwrap();
        assert_eq!((admin.name(), admin.is_legacy()), ("admin", false));
        let legacy = RoleKey::parse("admin").unwrap();
        assert_eq!(legacy.canonical(), "org:admin");
        assert!(legacy.is_legacy());
        assert_eq!(legacy.to_string(), "admin");
        assert!(RoleKey::parse("org:billing-manager").is_ok());
    }

    #[test]
    fn rejects_near_misses_with_suggestions() {
        assert_eq!(err("member").suggestion(), Some("org:member"));
        assert_eq!(err("org.admin").suggestion(), Some("org:admin"));
        assert_eq!(err("ORG:admin").suggestion(), Some("org:admin"));
        assert_eq!(err("org:org:admin").suggestion(), Some("org:admin"));
        assert_eq!(err("orgs:admin").suggestion(), Some("org:admin"));
        assert_eq!(err("org:admin ").suggestion(), Some("org:admin"));
        let e = err("org:invoices:create");
        assert_eq!(e.problem(), &Problem::PermissionAsRole);
        assert_eq!(e.suggestion(), None);
        let e = err("org:");
        assert_eq!(
            (e.problem(), e.offset()),
            (&Problem::EmptySegment("role"), 4)
        );
        let e = err("org:a:b:c");
        assert_eq!((e.problem(), e.offset()), (&Problem::ExtraSegment, 5));
        assert_eq!(err("").problem(), &Problem::Empty);
    }
}
