//! A `has()` question: Clerk's `has({ role, permission, feature, plan, reverification })`.

use std::borrow::Cow;

use crate::requirement::{FactorLevel, Reverification};

/// One key of a [`Check`]: a string, or (from JSON) a value Clerk rejects because it is not a
/// string, which fails its dimension.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Key {
    /// A string value, as given (normalisation happens when checking).
    Value(Cow<'static, str>),
    /// A non-string JSON value: the condition fails.
    Invalid,
}

/// The reverification condition of a [`Check`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum ReverificationKey {
    /// A valid preset or `{ level, afterMinutes }` with `afterMinutes > 0`.
    Valid {
        /// Which factors must be fresh.
        level: FactorLevel,
        /// Fresh means `after_minutes > age` (strict).
        after_minutes: f64,
    },
    /// Anything Clerk's `validateReverificationConfig` rejects: the condition fails.
    Invalid,
}

/// What Clerk's `has()` is asked: any mix of role, permission, feature, plan and
/// reverification, all of which must hold (AND). An empty check holds for nobody.
///
/// Build it with the constructors and the `and_*` methods.
///
/// ```
/// use clerk_runtime::Check;
/// use clerk_runtime::requirement::Reverification;
///
/// let check = Check::permission("org:invoices:read")
///     .and_role("org:admin")
///     .and_reverification(Reverification::Strict);
/// assert!(!check.is_empty());
/// assert!(Check::default().is_empty());
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Check {
    pub(crate) role: Option<Key>,
    pub(crate) permission: Option<Key>,
    pub(crate) feature: Option<Key>,
    pub(crate) plan: Option<Key>,
    pub(crate) reverification: Option<ReverificationKey>,
}

impl ReverificationKey {
    pub(crate) fn from_requirement(reverification: Reverification) -> Self {
        let (level, minutes) = reverification.level_and_minutes();
        if minutes == 0 {
            // Clerk requires `afterMinutes > 0`.
            Self::Invalid
        } else {
            Self::Valid {
                level,
                after_minutes: f64::from(minutes),
            }
        }
    }
}

impl Check {
    /// `has({ role })`: the active organization role, `org:` prefix optional.
    #[must_use]
    pub fn role(key: impl Into<Cow<'static, str>>) -> Self {
        Self::default().and_role(key)
    }

    /// `has({ permission })`: a permission in the active organization, `org:` prefix optional.
    #[must_use]
    pub fn permission(key: impl Into<Cow<'static, str>>) -> Self {
        Self::default().and_permission(key)
    }

    /// `has({ feature })`: a feature of the user's or the organization's plan, optionally
    /// scoped (`org:`/`o:`/`organization:`, `user:`/`u:`).
    #[must_use]
    pub fn feature(key: impl Into<Cow<'static, str>>) -> Self {
        Self::default().and_feature(key)
    }

    /// `has({ plan })`: the user's or the organization's plan, optionally scoped.
    #[must_use]
    pub fn plan(key: impl Into<Cow<'static, str>>) -> Self {
        Self::default().and_plan(key)
    }

    /// `has({ reverification })`: a recent enough factor verification.
    #[must_use]
    pub fn reverification(reverification: Reverification) -> Self {
        Self::default().and_reverification(reverification)
    }

    /// Also requires this role (replacing any role asked before).
    #[must_use]
    pub fn and_role(mut self, key: impl Into<Cow<'static, str>>) -> Self {
        self.role = Some(Key::Value(key.into()));
        self
    }

    /// Also requires this permission (replacing any permission asked before).
    #[must_use]
    pub fn and_permission(mut self, key: impl Into<Cow<'static, str>>) -> Self {
        self.permission = Some(Key::Value(key.into()));
        self
    }

    /// Also requires this feature (replacing any feature asked before).
    #[must_use]
    pub fn and_feature(mut self, key: impl Into<Cow<'static, str>>) -> Self {
        self.feature = Some(Key::Value(key.into()));
        self
    }

    /// Also requires this plan (replacing any plan asked before).
    #[must_use]
    pub fn and_plan(mut self, key: impl Into<Cow<'static, str>>) -> Self {
        self.plan = Some(Key::Value(key.into()));
        self
    }

    /// Also requires this reverification (replacing any asked before).
    #[must_use]
    pub fn and_reverification(mut self, reverification: Reverification) -> Self {
        self.reverification = Some(ReverificationKey::from_requirement(reverification));
        self
    }

    /// Whether nothing is asked. Clerk answers `has({})` with false.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.role.is_none()
            && self.permission.is_none()
            && self.feature.is_none()
            && self.plan.is_none()
            && self.reverification.is_none()
    }
}
