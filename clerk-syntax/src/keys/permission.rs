//! Permission keys: `org:<feature>:<permission>`.

use std::fmt;

use super::error::{KeyError, KeyKind, Problem};
use super::scan::{char_repair, collapse_org_prefix, colon_before, first_bad_char, segments};
use super::system::{RENAMED_SYSTEM_PERMISSIONS, SYSTEM_PERMISSIONS, is_system_permission};
use crate::suggest::closest;

/// A well-formed permission key, `org:<feature>:<permission>`.
///
/// ```
/// use clerk_syntax::keys::PermissionKey;
///
/// let key = PermissionKey::parse("org:sys_memberships:manage").unwrap();
/// assert!(key.is_system());
/// assert_eq!(key.to_string(), "org:sys_memberships:manage");
///
/// let err = PermissionKey::parse("invoices:create").unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "permission key `invoices:create` is missing the `org:` prefix; did you mean `org:invoices:create`?"
/// );
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PermissionKey {
    feature: String,
    permission: String,
}

impl PermissionKey {
    /// Parses a permission key. Never panics.
    pub fn parse(key: &str) -> Result<Self, KeyError> {
        check(key).map_err(|(problem, offset)| {
            let suggestion = suggest(key, &problem);
            KeyError::new(KeyKind::Permission, key, problem, offset).with_suggestion(suggestion)
        })
    }

    /// The feature segment (`invoices` in `org:invoices:create`).
    #[must_use]
    pub fn feature(&self) -> &str {
        &self.feature
    }

    /// The permission segment (`create` in `org:invoices:create`).
    #[must_use]
    pub fn permission(&self) -> &str {
        &self.permission
    }

    /// Whether this is one of Clerk's system permissions, which session tokens never carry.
    #[must_use]
    pub fn is_system(&self) -> bool {
        is_system_permission(&self.to_string())
    }
}

impl fmt::Display for PermissionKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "org:{}:{}", self.feature, self.permission)
    }
}

fn check(key: &str) -> Result<PermissionKey, (Problem, usize)> {
    if key.is_empty() {
        return Err((Problem::Empty, 0));
    }
    if let Some(bad) = first_bad_char(key) {
        return Err(bad);
    }
    let segs = segments(key);
    let (_, prefix) = segs[0];
    if prefix != "org" {
        return Err(if prefix.eq_ignore_ascii_case("org") {
            (Problem::PrefixCase, 0)
        } else if segs.len() >= 3 && !prefix.is_empty() {
            (Problem::WrongPrefix(prefix.to_owned()), 0)
        } else if segs.len() == 1 {
            (Problem::MissingSegment, key.len())
        } else {
            (Problem::MissingOrgPrefix, 0)
        });
    }
    if segs.len() >= 2 && segs[1].1 == "org" {
        return Err((Problem::RepeatedOrgPrefix, segs[1].0));
    }
    let names = ["prefix", "feature", "permission"];
    for (i, (at, seg)) in segs.iter().enumerate() {
        if seg.is_empty() && i < names.len() {
            return Err((Problem::EmptySegment(names[i]), *at));
        }
    }
    match segs.len() {
        0..=2 => return Err((Problem::MissingSegment, key.len())),
        3 => {}
        _ => return Err((Problem::ExtraSegment, colon_before(&segs, 3))),
    }
    let (feature, permission) = (segs[1].1, segs[2].1);
    if feature.starts_with("sys_") && !is_system_permission(key) {
        return Err(
            if RENAMED_SYSTEM_PERMISSIONS
                .iter()
                .any(|(old, _)| *old == key)
            {
                (Problem::RenamedSystemPermission, 0)
            } else {
                (Problem::UnknownSystemPermission, segs[1].0)
            },
        );
    }
    Ok(PermissionKey {
        feature: feature.to_owned(),
        permission: permission.to_owned(),
    })
}

/// The well-formed key that was probably meant. Every candidate is checked, so a suggestion
/// always parses.
fn suggest(key: &str, problem: &Problem) -> Option<String> {
    let valid = |candidate: &String| check(candidate).is_ok();
    let candidates: Vec<String> = match problem {
        Problem::Whitespace | Problem::WrongSeparator(_) => {
            char_repair(key, problem).into_iter().collect()
        }
        Problem::MissingOrgPrefix => vec![format!("org:{}", key.trim_start_matches(':'))],
        Problem::PrefixCase => vec![format!("org{}", &key[3..])],
        Problem::WrongPrefix(prefix) => vec![format!("org{}", &key[prefix.len()..])],
        Problem::RepeatedOrgPrefix => vec![collapse_org_prefix(key)],
        Problem::MissingSegment => split_candidates(key),
        Problem::ExtraSegment => {
            let segs: Vec<&str> = key.split(':').collect();
            let joined = format!(
                "org:{}:{}",
                segs[1..segs.len() - 1].join("_"),
                segs[segs.len() - 1]
            );
            let first_three = segs[..3].join(":");
            if is_system_permission(&joined) {
                vec![joined]
            } else {
                vec![first_three]
            }
        }
        Problem::UnknownSystemPermission => closest(key, SYSTEM_PERMISSIONS.iter().copied(), 3)
            .map(str::to_owned)
            .into_iter()
            .collect(),
        Problem::RenamedSystemPermission => RENAMED_SYSTEM_PERMISSIONS
            .iter()
            .find(|(old, _)| *old == key)
            .map(|(_, new)| (*new).to_owned())
            .into_iter()
            .collect(),
        _ => Vec::new(),
    };
    candidates.into_iter().find(valid)
}

/// For a key with too few segments (`org:sys_domains_manage`): the keys obtained by turning
/// one `_`, `-` or `.` of the last segment into `:`. A known system permission wins; otherwise
/// a suggestion is made only when there is exactly one way to split.
fn split_candidates(key: &str) -> Vec<String> {
    let with_prefix = if key.starts_with("org:") {
        key.to_owned()
    } else {
        format!("org:{key}")
    };
    let last_colon = with_prefix.rfind(':').unwrap_or(0);
    let splits: Vec<String> = with_prefix
        .char_indices()
        .filter(|(at, c)| *at > last_colon && matches!(c, '_' | '-'))
        .map(|(at, _)| format!("{}:{}", &with_prefix[..at], &with_prefix[at + 1..]))
        .filter(|candidate| check(candidate).is_ok())
        .collect();
    if let Some(system) = splits.iter().find(|c| is_system_permission(c)) {
        return vec![system.clone()];
    }
    if splits.len() == 1 {
        splits
    } else {
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(key: &str) -> KeyError {
        PermissionKey::parse(key).unwrap_err()
    }

    #[test]
    fn accepts_custom_and_system_permissions() {
        let key = PermissionKey::parse("org:invoices:create").unwrap();
        assert_eq!(key.feature(), "invoices");
        assert_eq!(key.permission(), "create");
        assert!(!key.is_system());
        assert!(
            PermissionKey::parse("org:sys_domains:manage")
                .unwrap()
                .is_system()
        );
        assert!(PermissionKey::parse("org:support-chat:read_all").is_ok());
    }

    #[test]
    fn design_typo_suggests_the_system_permission() {
        let e = err("org:sys_domains_manage");
        assert_eq!(e.problem(), &Problem::MissingSegment);
        assert_eq!(e.suggestion(), Some("org:sys_domains:manage"));
        assert_eq!(
            e.to_string(),
            "permission key `org:sys_domains_manage` has too few segments; expected \
             `org:<feature>:<permission>`; did you mean `org:sys_domains:manage`?"
        );
    }

    #[test]
    fn missing_prefix_and_repeated_prefix() {
        let e = err("invoices:create");
        assert_eq!(e.problem(), &Problem::MissingOrgPrefix);
        assert_eq!(e.suggestion(), Some("org:invoices:create"));
        let e = err("org:org:invoices:create");
        assert_eq!(e.problem(), &Problem::RepeatedOrgPrefix);
        assert_eq!(e.offset(), 4);
        assert_eq!(e.suggestion(), Some("org:invoices:create"));
        let e = err("Org:invoices:create");
        assert_eq!(e.problem(), &Problem::PrefixCase);
        assert_eq!(e.suggestion(), Some("org:invoices:create"));
        let e = err("orgs:invoices:create");
        assert_eq!(e.problem(), &Problem::WrongPrefix("orgs".into()));
        assert_eq!(e.suggestion(), Some("org:invoices:create"));
    }

    #[test]
    fn wrong_separators_whitespace_and_bad_chars() {
        let e = err("org.invoices.create");
        assert_eq!(
            (e.problem(), e.offset()),
            (&Problem::WrongSeparator('.'), 3)
        );
        assert_eq!(e.suggestion(), Some("org:invoices:create"));
        let e = err("org/invoices/create");
        assert_eq!(e.suggestion(), Some("org:invoices:create"));
        let e = err(" org:invoices:create");
        assert_eq!((e.problem(), e.offset()), (&Problem::Whitespace, 0));
        assert_eq!(e.suggestion(), Some("org:invoices:create"));
        let e = err("org:inv@ices:create");
        assert_eq!((e.problem(), e.offset()), (&Problem::InvalidChar('@'), 7));
        assert_eq!(e.suggestion(), None);
    }

    #[test]
    fn segment_counts() {
        let e = err("org:invoices");
        assert_eq!(e.problem(), &Problem::MissingSegment);
        assert_eq!(e.suggestion(), None);
        let e = err("org:invoices_create");
        assert_eq!(e.suggestion(), Some("org:invoices:create"));
        let e = err("org:invoices:create:all");
        assert_eq!((e.problem(), e.offset()), (&Problem::ExtraSegment, 19));
        assert_eq!(e.suggestion(), Some("org:invoices:create"));
        let e = err("org:sys:domains:manage");
        assert_eq!(e.suggestion(), Some("org:sys_domains:manage"));
        let e = err("org::create");
        assert_eq!(
            (e.problem(), e.offset()),
            (&Problem::EmptySegment("feature"), 4)
        );
        let e = err("org:invoices:");
        assert_eq!(
            (e.problem(), e.offset()),
            (&Problem::EmptySegment("permission"), 13)
        );
        assert_eq!(err("").problem(), &Problem::Empty);
        assert_eq!(err("invoices").problem(), &Problem::MissingSegment);
    }

    #[test]
    fn unknown_and_renamed_system_permissions() {
        let e = err("org:sys_domain:manage");
        assert_eq!(e.problem(), &Problem::UnknownSystemPermission);
        assert_eq!(e.suggestion(), Some("org:sys_domains:manage"));
        let e = err("org:sys_memberships:delete");
        assert_eq!(e.problem(), &Problem::RenamedSystemPermission);
        assert_eq!(e.suggestion(), Some("org:sys_memberships:manage"));
        let e = err("org:sys_zzzzzzz:qqqq");
        assert_eq!(e.suggestion(), None);
    }
}
