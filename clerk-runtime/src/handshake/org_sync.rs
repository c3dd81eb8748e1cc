//! Clerk's `organizationSyncOptions`: activate the organization (or the personal account) a URL
//! names, through the handshake.
//!
//! Patterns are path-to-regexp 6 `match` patterns (case-insensitive, one optional trailing
//! `/`, `#` or `?`, anchored), with the `:id` or `:slug` parameter naming the organization.

use std::fmt;
use std::fmt::Write as _;

use clerk_syntax::{KeyName, Modifier, PathPattern, Token};
use regex::Regex;

/// Clerk's `organizationSyncOptions`.
///
/// ```
/// use clerk_runtime::handshake::OrganizationSyncOptions;
/// let options = OrganizationSyncOptions {
///     organization_patterns: vec!["/orgs/:slug".into(), "/orgs/:slug/(.*)".into()],
///     personal_account_patterns: vec!["/me".into(), "/me/(.*)".into()],
/// };
/// assert!(!options.is_empty());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct OrganizationSyncOptions {
    /// Paths naming an organization by `:id` or `:slug`.
    pub organization_patterns: Vec<String>,
    /// Paths naming the personal account.
    pub personal_account_patterns: Vec<String>,
}

/// A pattern of [`OrganizationSyncOptions`] that does not compile. Clerk throws on every
/// request; here it is a configuration error.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("Invalid pattern \"{pattern}\": {problem}")]
pub struct OrganizationSyncError {
    /// The pattern.
    pub pattern: String,
    /// Why it does not compile.
    pub problem: String,
}

/// What a URL path asks to activate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum OrgTarget {
    /// An organization by id.
    Id(String),
    /// An organization by slug.
    Slug(String),
    /// The personal account.
    Personal,
}

impl OrgTarget {
    /// The `organization_id` handshake parameter: the id, the slug, or empty.
    pub(crate) fn param(&self) -> &str {
        match self {
            Self::Id(value) | Self::Slug(value) => value,
            Self::Personal => "",
        }
    }
}

/// One compiled pattern: a regex with one capture group per parameter, and the names.
#[derive(Clone)]
struct Compiled {
    source: String,
    regex: Regex,
    names: Vec<Option<String>>,
}

/// Compiled [`OrganizationSyncOptions`].
#[derive(Clone)]
pub(crate) struct OrganizationSync {
    organizations: Vec<Compiled>,
    personal: Vec<Compiled>,
}

impl fmt::Debug for OrganizationSync {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sources = |list: &[Compiled]| list.iter().map(|c| c.source.clone()).collect::<Vec<_>>();
        f.debug_struct("OrganizationSync")
            .field("organization_patterns", &sources(&self.organizations))
            .field("personal_account_patterns", &sources(&self.personal))
            .finish()
    }
}

fn compile_all(patterns: &[String]) -> Result<Vec<Compiled>, OrganizationSyncError> {
    patterns
        .iter()
        .map(|p| {
            compile(p).map_err(|problem| OrganizationSyncError {
                pattern: patterns.join(","),
                problem,
            })
        })
        .collect()
}

/// path-to-regexp 6's `tokensToRegexp` (default options) with capture groups kept.
fn compile(source: &str) -> Result<Compiled, String> {
    let parsed = PathPattern::parse(source).map_err(|e| e.clerk_message(source))?;
    let mut regex = String::from(r"(?i)\A");
    let mut names = Vec::new();
    for token in parsed.tokens() {
        match token {
            Token::Text(text) => regex.push_str(&regex::escape(text)),
            Token::Key {
                name,
                prefix,
                suffix,
                pattern,
                modifier,
            } => {
                let prefix = regex::escape(prefix);
                let suffix = regex::escape(suffix);
                if pattern.is_empty() {
                    let _ = write!(regex, "(?:{prefix}{suffix}){}", modifier.as_str());
                    continue;
                }
                let inner = clerk_syntax::js_regex::translate(pattern, "i")
                    .map_err(|e| format!("Invalid path and options: {e}"))?;
                names.push(match name {
                    KeyName::Named(n) => Some(n.clone()),
                    KeyName::Index(_) => None,
                });
                let group = if matches!(modifier, Modifier::OneOrMore | Modifier::ZeroOrMore) {
                    let optional = if *modifier == Modifier::ZeroOrMore {
                        "?"
                    } else {
                        ""
                    };
                    format!(
                        "(?:{prefix}((?:{inner})(?:{suffix}{prefix}(?:{inner}))*){suffix}){optional}"
                    )
                } else {
                    format!("(?:{prefix}({inner}){suffix}){}", modifier.as_str())
                };
                regex.push_str(&group);
            }
        }
    }
    regex.push_str(r"[/#?]?\z");
    let regex = Regex::new(&regex).map_err(|e| format!("Invalid path and options: {e}"))?;
    Ok(Compiled {
        source: source.to_owned(),
        regex,
        names,
    })
}

impl OrganizationSync {
    /// Compiles the patterns; any invalid one is an error.
    pub(crate) fn new(options: &OrganizationSyncOptions) -> Result<Self, OrganizationSyncError> {
        Ok(Self {
            organizations: compile_all(&options.organization_patterns)?,
            personal: compile_all(&options.personal_account_patterns)?,
        })
    }

    /// What `path` (the raw, still percent-encoded URL path) asks to activate, if anything.
    pub(crate) fn target(&self, path: &str) -> Option<OrgTarget> {
        if let Some((compiled, captures)) = self
            .organizations
            .iter()
            .find_map(|c| c.regex.captures(path).map(|caps| (c, caps)))
        {
            let param = |wanted: &str| {
                compiled
                    .names
                    .iter()
                    .enumerate()
                    .find(|(_, n)| n.as_deref() == Some(wanted))
                    .and_then(|(i, _)| captures.get(i + 1))
                    .map(|m| m.as_str().to_owned())
            };
            if let Some(id) = param("id") {
                return Some(OrgTarget::Id(id));
            }
            if let Some(slug) = param("slug") {
                return Some(OrgTarget::Slug(slug));
            }
        }
        self.personal
            .iter()
            .any(|c| c.regex.is_match(path))
            .then_some(OrgTarget::Personal)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sync(orgs: &[&str], personal: &[&str]) -> OrganizationSync {
        OrganizationSync::new(&OrganizationSyncOptions {
            organization_patterns: orgs.iter().map(|s| (*s).to_owned()).collect(),
            personal_account_patterns: personal.iter().map(|s| (*s).to_owned()).collect(),
        })
        .unwrap()
    }

    #[test]
    fn id_beats_slug_and_org_beats_personal() {
        let s = sync(&["/orgs/:id", "/orgs/:slug"], &["(.*)"]);
        assert_eq!(s.target("/orgs/org_1"), Some(OrgTarget::Id("org_1".into())));
        assert_eq!(
            s.target("/ORGS/org_1/"),
            Some(OrgTarget::Id("org_1".into()))
        );
        assert_eq!(s.target("/elsewhere"), Some(OrgTarget::Personal));
    }

    #[test]
    fn deep_paths_and_undecoded_params() {
        let s = sync(&["/orgs/:slug/(.*)", "/orgs/:slug"], &["/me"]);
        assert_eq!(
            s.target("/orgs/acme/settings/x"),
            Some(OrgTarget::Slug("acme".into()))
        );
        assert_eq!(
            s.target("/orgs/a%20b"),
            Some(OrgTarget::Slug("a%20b".into()))
        );
        assert_eq!(s.target("/me"), Some(OrgTarget::Personal));
        assert_eq!(s.target("/mex"), None);
    }

    #[test]
    fn a_match_without_id_or_slug_tries_personal_patterns() {
        let s = sync(&["/teams/(.*)"], &["/teams/(.*)"]);
        assert_eq!(s.target("/teams/x"), Some(OrgTarget::Personal));
        let literal = sync(&["i am not valid config"], &[]);
        assert_eq!(literal.target("/i am not valid config/x"), None);
    }

    #[test]
    fn invalid_patterns_are_errors() {
        let err = OrganizationSync::new(&OrganizationSyncOptions {
            organization_patterns: vec!["/orgs/:id".into(), "/(".into()],
            personal_account_patterns: vec![],
        })
        .unwrap_err();
        assert!(
            err.to_string()
                .starts_with("Invalid pattern \"/orgs/:id,/(\""),
            "{err}"
        );
    }
}
