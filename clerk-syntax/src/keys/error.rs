//! [`KeyError`]: what is wrong with a key, where, and what was probably meant.

use std::fmt;

/// Which kind of key was being parsed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KeyKind {
    /// `org:<feature>:<permission>`
    Permission,
    /// `org:<role>`
    Role,
    /// `[scope:]feature`
    Feature,
    /// `[scope:]plan`
    Plan,
    /// `strict_mfa`, `strict`, `moderate` or `lax`
    Reverification,
}

impl KeyKind {
    /// The name used in messages (`permission`, `role`, …).
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Permission => "permission",
            Self::Role => "role",
            Self::Feature => "feature",
            Self::Plan => "plan",
            Self::Reverification => "reverification level",
        }
    }
}

/// What is wrong with a key.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Problem {
    /// The key is the empty string.
    Empty,
    /// The key contains whitespace.
    Whitespace,
    /// A character that no key uses.
    InvalidChar(char),
    /// A separator other than `:` (`.`, `/`, `;`).
    WrongSeparator(char),
    /// A permission without the `org:` prefix (`invoices:create`), or a role without it
    /// other than the legacy `admin` and `basic_member`.
    MissingOrgPrefix,
    /// Something other than `org` before the first `:` (`orgs:invoices:create`).
    WrongPrefix(String),
    /// The prefix in another case (`Org:admin`); Clerk compares keys case-sensitively.
    PrefixCase,
    /// `org:org:…`: Clerk collapses it, the canonical key has one prefix.
    RepeatedOrgPrefix,
    /// An empty segment; the string names it (`feature`, `permission`, `role`, `scope`, …).
    EmptySegment(&'static str),
    /// A permission with fewer than three `:`-separated segments.
    MissingSegment,
    /// More segments than the key has.
    ExtraSegment,
    /// An `org:sys_*` permission that Clerk does not define.
    UnknownSystemPermission,
    /// An old name of a system permission.
    RenamedSystemPermission,
    /// A role key shaped like a permission key (`org:<feature>:<permission>`).
    PermissionAsRole,
    /// A feature or plan scope other than `o`, `org`, `organization`, `u` and `user`.
    UnknownScope(String),
    /// The `ou`/`uo` scope of the `fea` claim, which `has()` does not take.
    ClaimScope(String),
    /// Not one of the reverification levels.
    UnknownLevel,
}

/// A malformed key: what is wrong, the byte offset in the key, and a suggestion for near
/// misses. `Display` is a lowercase sentence that quotes the key and ends with
/// "did you mean `…`?" when there is a suggestion.
///
/// ```
/// use clerk_syntax::keys::{PermissionKey, Problem};
///
/// let err = PermissionKey::parse("org:invoices.create").unwrap_err();
/// assert_eq!(err.problem(), &Problem::WrongSeparator('.'));
/// assert_eq!(err.offset(), 12);
/// assert_eq!(err.suggestion(), Some("org:invoices:create"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct KeyError {
    kind: KeyKind,
    key: String,
    problem: Problem,
    offset: usize,
    suggestion: Option<String>,
}

impl KeyError {
    pub(crate) fn new(kind: KeyKind, key: &str, problem: Problem, offset: usize) -> Self {
        Self {
            kind,
            key: key.to_owned(),
            problem,
            offset,
            suggestion: None,
        }
    }

    pub(crate) fn with_suggestion(mut self, suggestion: Option<String>) -> Self {
        self.suggestion = suggestion.filter(|s| *s != self.key);
        self
    }

    /// Which kind of key was parsed.
    #[must_use]
    pub fn kind(&self) -> KeyKind {
        self.kind
    }

    /// The key as written.
    #[must_use]
    pub fn key(&self) -> &str {
        &self.key
    }

    /// What is wrong.
    #[must_use]
    pub fn problem(&self) -> &Problem {
        &self.problem
    }

    /// Byte offset of the problem in the key.
    #[must_use]
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// The well-formed key that was probably meant, if there is one.
    #[must_use]
    pub fn suggestion(&self) -> Option<&str> {
        self.suggestion.as_deref()
    }
}

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = self.kind.name();
        let key = &self.key;
        let at = self.offset;
        match &self.problem {
            Problem::Empty => write!(f, "{kind} key is empty")?,
            Problem::Whitespace => {
                write!(f, "{kind} key `{key}` contains whitespace at byte {at}")?;
            }
            Problem::InvalidChar(c) => write!(
                f,
                "{kind} key `{key}` contains `{}` at byte {at}; keys use letters, digits, `_` and `-`",
                c.escape_debug()
            )?,
            Problem::WrongSeparator(c) => write!(
                f,
                "{kind} key `{key}` uses `{c}` as a separator at byte {at}; Clerk separates segments with `:`"
            )?,
            Problem::MissingOrgPrefix => {
                write!(f, "{kind} key `{key}` is missing the `org:` prefix")?;
            }
            Problem::WrongPrefix(prefix) => write!(
                f,
                "{kind} key `{key}` starts with `{prefix}:`; organization keys start with `org:`"
            )?,
            Problem::PrefixCase => write!(
                f,
                "{kind} key `{key}` must start with a lowercase `org:`; Clerk compares keys case-sensitively"
            )?,
            Problem::RepeatedOrgPrefix => {
                write!(
                    f,
                    "{kind} key `{key}` repeats the `org:` prefix at byte {at}"
                )?;
            }
            Problem::EmptySegment(what) => {
                write!(f, "{kind} key `{key}` has an empty {what} at byte {at}")?;
            }
            Problem::MissingSegment => write!(
                f,
                "{kind} key `{key}` has too few segments; expected `org:<feature>:<permission>`"
            )?,
            Problem::ExtraSegment => match self.kind {
                KeyKind::Feature | KeyKind::Plan => write!(
                    f,
                    "{kind} `{key}` has an extra segment at byte {at}; expected `[scope:]name` (Clerk ignores everything after the second `:`)"
                )?,
                KeyKind::Role => write!(
                    f,
                    "{kind} key `{key}` has an extra segment at byte {at}; expected `org:<role>`"
                )?,
                _ => write!(
                    f,
                    "{kind} key `{key}` has an extra segment at byte {at}; expected `org:<feature>:<permission>`"
                )?,
            },
            Problem::UnknownSystemPermission => write!(
                f,
                "`{key}` is not a Clerk system permission (the `sys_` prefix is reserved for them)"
            )?,
            Problem::RenamedSystemPermission => {
                write!(f, "`{key}` is an old name of a Clerk system permission")?;
            }
            Problem::PermissionAsRole => write!(
                f,
                "role key `{key}` has the shape of a permission key; roles are `org:<role>` (use `permission = …` for permissions)"
            )?,
            Problem::UnknownScope(scope) => write!(
                f,
                "{kind} `{key}` has an unknown scope `{scope}`; expected `o`, `org`, `organization`, `u` or `user`"
            )?,
            Problem::ClaimScope(scope) => write!(
                f,
                "{kind} `{key}` uses the claim scope `{scope}`, which `has()` never matches; use `org:` or `user:`, or no scope to search both"
            )?,
            Problem::UnknownLevel => write!(
                f,
                "unknown reverification level `{key}`; expected `strict_mfa`, `strict`, `moderate` or `lax`"
            )?,
        }
        if let Some(suggestion) = &self.suggestion {
            write!(f, "; did you mean `{suggestion}`?")?;
        }
        Ok(())
    }
}

impl std::error::Error for KeyError {}
