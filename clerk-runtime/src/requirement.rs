//! What a route or a handler requires of a signed-in user: the data `#[protect]`,
//! `clerk_routes!` and hand-written guards share.
//!
//! A [`Requirement`] is a tree of Clerk `has()` conditions joined by AND and OR. Leaves hold
//! `Cow<'static, str>` so the macros can build them in `const` context and code at run time
//! can build them from owned strings.

use std::borrow::Cow;

use clerk_syntax::keys::ReverificationLevel;

/// Which factors a custom [`Reverification`] looks at (`first_factor`, `second_factor`,
/// `multi_factor`), as the key grammar in `clerk-syntax` defines it.
pub use clerk_syntax::keys::FactorLevel;

/// A reverification requirement, as Clerk's `has({ reverification })` takes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Reverification {
    /// `"strict_mfa"`: both factors within 10 minutes (a missing second factor is skipped).
    StrictMfa,
    /// `"strict"`: the second factor within 10 minutes.
    Strict,
    /// `"moderate"`: the second factor within 60 minutes.
    Moderate,
    /// `"lax"`: the second factor within 1,440 minutes.
    Lax,
    /// `{ level, afterMinutes }`.
    Custom {
        /// Which factors must be fresh.
        level: FactorLevel,
        /// How recent, in minutes (Clerk requires more than zero).
        after_minutes: u32,
    },
}

impl Reverification {
    /// The level and minutes Clerk uses for this requirement.
    ///
    /// ```
    /// use clerk_runtime::requirement::{FactorLevel, Reverification};
    /// assert_eq!(Reverification::Strict.level_and_minutes(), (FactorLevel::SecondFactor, 10));
    /// ```
    #[must_use]
    pub const fn level_and_minutes(self) -> (FactorLevel, u32) {
        match self {
            Self::StrictMfa => ReverificationLevel::StrictMfa.preset(),
            Self::Strict => ReverificationLevel::Strict.preset(),
            Self::Moderate => ReverificationLevel::Moderate.preset(),
            Self::Lax => ReverificationLevel::Lax.preset(),
            Self::Custom {
                level,
                after_minutes,
            } => (level, after_minutes),
        }
    }
}

impl From<ReverificationLevel> for Reverification {
    /// The preset of that name.
    fn from(level: ReverificationLevel) -> Self {
        match level {
            ReverificationLevel::StrictMfa => Self::StrictMfa,
            ReverificationLevel::Strict => Self::Strict,
            ReverificationLevel::Moderate => Self::Moderate,
            ReverificationLevel::Lax => Self::Lax,
        }
    }
}

/// A tree of `has()` conditions. Leaves are checked exactly as Clerk's `has()` checks them.
///
/// ```
/// use clerk_runtime::requirement::Requirement;
/// // permission = "org:reports:read" | "org:reports:manage"
/// const REPORTS: Requirement = Requirement::Any(std::borrow::Cow::Borrowed(&[
///     Requirement::permission("org:reports:read"),
///     Requirement::permission("org:reports:manage"),
/// ]));
/// assert!(matches!(REPORTS, Requirement::Any(_)));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Requirement {
    /// `has({ role })`
    Role(Cow<'static, str>),
    /// `has({ permission })`
    Permission(Cow<'static, str>),
    /// `has({ feature })`
    Feature(Cow<'static, str>),
    /// `has({ plan })`
    Plan(Cow<'static, str>),
    /// `has({ reverification })`
    Reverification(Reverification),
    /// Every child holds. An empty list holds.
    All(Cow<'static, [Requirement]>),
    /// At least one child holds. An empty list does not hold.
    Any(Cow<'static, [Requirement]>),
}

impl Requirement {
    /// `has({ role })`, usable in `const` context.
    #[must_use]
    pub const fn role(key: &'static str) -> Self {
        Self::Role(Cow::Borrowed(key))
    }

    /// `has({ permission })`, usable in `const` context.
    #[must_use]
    pub const fn permission(key: &'static str) -> Self {
        Self::Permission(Cow::Borrowed(key))
    }

    /// `has({ feature })`, usable in `const` context.
    #[must_use]
    pub const fn feature(key: &'static str) -> Self {
        Self::Feature(Cow::Borrowed(key))
    }

    /// `has({ plan })`, usable in `const` context.
    #[must_use]
    pub const fn plan(key: &'static str) -> Self {
        Self::Plan(Cow::Borrowed(key))
    }
}

/// How a route or handler is protected: what it requires, and where to send people who fail.
///
/// `requirement: None` means "signed in" only, as Clerk's `protect()` with no arguments.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Protection {
    /// The authorization check, or `None` for authentication only.
    pub requirement: Option<Requirement>,
    /// Absolute URL for signed-out requests (`unauthenticatedUrl`).
    pub unauthenticated_url: Option<Cow<'static, str>>,
    /// Absolute URL for signed-in requests that fail the requirement (`unauthorizedUrl`).
    pub unauthorized_url: Option<Cow<'static, str>>,
}

/// One rule of a route table: patterns in Clerk's `createRouteMatcher` syntax and the protection
/// that applies to every path they match.
///
/// `regexes[i]` is `patterns[i]` already translated by `clerk-syntax` into the matcher's regex
/// syntax, so nothing is parsed at run time.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RouteRule {
    /// The patterns as written (for logs and debug output).
    pub patterns: &'static [&'static str],
    /// The translated patterns, one per entry of `patterns`.
    pub regexes: &'static [&'static str],
    /// What the rule requires. For the public rules of a [`RouteDefault::SignedIn`] table this
    /// is ignored: those paths are public.
    pub protection: Protection,
}

/// What a route table does with paths that no protecting rule names.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum RouteDefault {
    /// Clerk's default: everything is public unless a rule protects it.
    Public,
    /// "Protect all routes" of Clerk's `clerkMiddleware()` guide: everything requires this
    /// protection except paths that match one of `public` (the guide's `isPublicRoute`).
    SignedIn {
        /// The public routes.
        public: RouteRule,
        /// What every other path requires (at least a signed-in user).
        protection: Protection,
    },
}

/// A route table as `clerk_routes!` emits it. When several rules match a path, all must pass.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RouteTable {
    /// The protecting rules.
    pub rules: &'static [RouteRule],
    /// What happens to the paths no rule names.
    pub default: RouteDefault,
}
