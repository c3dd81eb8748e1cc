//! Clerk's `has()` (`createCheckAuthorization`, semantics since `@clerk/shared` 4.8.3): three
//! dimensions (organization, billing, reverification) that each pass, fail or skip. A check
//! holds iff at least one dimension passes and none fails.

use clerk_syntax::keys::BillingScope;
use clerk_syntax::keys::org::{is_key_with_org_prefix, same_org_key};

use super::check::{Check, Key, ReverificationKey};
use super::claims::split_by_scope;
use super::state::SessionAuth;
use crate::requirement::{FactorLevel, Requirement};

/// The outcome of one dimension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outcome {
    Pass,
    Fail,
    Skip,
}

impl Outcome {
    fn from_bool(ok: bool) -> Self {
        if ok { Self::Pass } else { Self::Fail }
    }
}

/// Clerk's `combine`: some pass, none fail.
fn combine(outcomes: [Outcome; 3]) -> bool {
    outcomes.contains(&Outcome::Pass) && !outcomes.contains(&Outcome::Fail)
}

fn non_empty(value: Option<&str>) -> Option<&str> {
    value.filter(|s| !s.is_empty())
}

/// `checkOrgAuthorization` for a check of one role: the organization is active and its role
/// is `role` (both sides normalised).
fn holds_role(auth: &SessionAuth, role: &str) -> bool {
    non_empty(auth.org_id.as_deref()).is_some()
        && non_empty(auth.org_role.as_deref()).is_some_and(|held| same_org_key(held, role))
}

/// `checkOrgAuthorization` for a check of one permission: the organization is active and its
/// permissions list `permission` (normalised; the list as it is).
fn holds_permission(auth: &SessionAuth, permission: &str) -> bool {
    non_empty(auth.org_id.as_deref()).is_some()
        && auth.org_permissions.as_ref().is_some_and(|held| {
            held.iter()
                .any(|held| is_key_with_org_prefix(held, permission))
        })
}

/// `checkOrgAuthorization`: role and permission need an active organization.
fn org_outcome(check: &Check, auth: &SessionAuth) -> Outcome {
    if check.role.is_none() && check.permission.is_none() {
        return Outcome::Skip;
    }
    if matches!(check.role, Some(Key::Invalid)) || matches!(check.permission, Some(Key::Invalid)) {
        return Outcome::Fail;
    }
    if non_empty(auth.org_id.as_deref()).is_none() {
        return Outcome::Fail;
    }
    if let Some(Key::Value(role)) = &check.role
        && !holds_role(auth, role)
    {
        return Outcome::Fail;
    }
    if let Some(Key::Value(permission)) = &check.permission
        && !holds_permission(auth, permission)
    {
        return Outcome::Fail;
    }
    Outcome::Pass
}

/// `checkForFeatureOrPlan`. `None` where Clerk throws (a claim element without a colon, an
/// unknown scope in the question), which `has()` turns into a failure.
fn claim_grants(claim: &str, asked: &str) -> Option<bool> {
    let (org, user) = split_by_scope(claim).ok()?;
    let mut parts = asked.split(':');
    let raw_scope = parts.next().unwrap_or_default();
    let raw_id = parts.next();
    // `rawId || rawScope`: an empty id falls back to the scope text (Clerk's quirk).
    let id = raw_id.filter(|id| !id.is_empty()).unwrap_or(raw_scope);
    if raw_id.is_none() {
        return Some(org.contains(&id) || user.contains(&id));
    }
    match BillingScope::from_key_scope(raw_scope)? {
        BillingScope::Org => Some(org.contains(&id)),
        BillingScope::User => Some(user.contains(&id)),
    }
}

/// `checkBillingAuthorization`: features and plans are granted with or without an org.
fn billing_outcome(check: &Check, auth: &SessionAuth) -> Outcome {
    if check.feature.is_none() && check.plan.is_none() {
        return Outcome::Skip;
    }
    for (asked, claim) in [
        (&check.feature, auth.features.as_deref()),
        (&check.plan, auth.plans.as_deref()),
    ] {
        match asked {
            None => {}
            Some(Key::Invalid) => return Outcome::Fail,
            Some(Key::Value(asked)) => {
                let Some(claim) = non_empty(claim) else {
                    return Outcome::Fail;
                };
                if claim_grants(claim, asked) != Some(true) {
                    return Outcome::Fail;
                }
            }
        }
    }
    Outcome::Pass
}

/// `checkReverificationAuthorization` over `fva = [first, second]` (minutes; -1: not enrolled).
fn reverification_outcome(check: &Check, auth: &SessionAuth) -> Outcome {
    let Some(asked) = check.reverification else {
        return Outcome::Skip;
    };
    let Some([first, second]) = auth.factor_verification_age else {
        return Outcome::Fail;
    };
    if [first, second].iter().any(|&age| age < -1) {
        return Outcome::Fail;
    }
    let ReverificationKey::Valid {
        level,
        after_minutes,
    } = asked
    else {
        return Outcome::Fail;
    };
    if first == -1 && second == -1 {
        return Outcome::Fail;
    }
    #[expect(
        clippy::cast_precision_loss,
        reason = "ages are minutes; past 2^53 they are stale for any threshold"
    )]
    let fresh = |age: i64| age != -1 && after_minutes > age as f64;
    Outcome::from_bool(match level {
        FactorLevel::FirstFactor => fresh(first),
        // Without a second factor, the first stands in; without a first, the second counts.
        FactorLevel::SecondFactor => fresh(if second == -1 { first } else { second }),
        // Without a second factor, the first alone; without a first, never (`fresh(-1)` is
        // false); else both.
        FactorLevel::MultiFactor => fresh(first) && (second == -1 || fresh(second)),
    })
}

impl SessionAuth {
    /// Clerk's `has()`: whether this session satisfies every condition of `check`.
    ///
    /// - role and permission need an active organization; both sides are compared after
    ///   collapsing leading `org:` runs to one (`admin` ≡ `org:admin` ≡ `org:org:admin`),
    ///   exactly and case-sensitively;
    /// - features and plans come from `fea`/`pla`, with optional scopes (`o`/`org`/
    ///   `organization`, `u`/`user`); an unknown scope fails;
    /// - reverification compares the `fva` ages with a strict `>`;
    /// - an empty check is false.
    ///
    /// This does not look at [`session_status`](Self::session_status): a pending session is
    /// answered like an active one. Use [`AuthState::has`](crate::auth::AuthState::has) or
    /// [`is_pending`](Self::is_pending) to apply `treatPendingAsSignedOut`.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use clerk_runtime::Check;
    /// use clerk_runtime::auth::SessionAuth;
    ///
    /// let claims = serde_json::json!({
    ///     "sub": "user_1", "org_id": "org_1", "org_role": "org:admin",
    ///     "org_permissions": ["org:invoices:read"], "pla": "u:pro",
    /// });
    /// let serde_json::Value::Object(map) = claims else { unreachable!() };
    /// let auth = SessionAuth::from_payload(Arc::new(map), Arc::from("token")).unwrap();
    /// assert!(auth.has(&Check::role("admin")));
    /// assert!(auth.has(&Check::permission("invoices:read").and_plan("pro")));
    /// assert!(!auth.has(&Check::permission("org:invoices:write")));
    /// assert!(!auth.has(&Check::default()));
    /// ```
    #[must_use]
    pub fn has(&self, check: &Check) -> bool {
        if self.user_id.is_empty() {
            return false;
        }
        combine([
            org_outcome(check, self),
            billing_outcome(check, self),
            reverification_outcome(check, self),
        ])
    }

    /// Whether this session satisfies a [`Requirement`] tree: each leaf is one single-key
    /// `has()`, `All` needs every child (an empty `All` holds), `Any` needs one (an empty
    /// `Any` does not).
    ///
    /// ```
    /// use std::borrow::Cow;
    /// use std::sync::Arc;
    /// use clerk_runtime::auth::SessionAuth;
    /// use clerk_runtime::requirement::Requirement;
    ///
    /// let claims = serde_json::json!({
    ///     "sub": "user_1", "org_id": "org_1", "org_role": "org:member",
    ///     "org_permissions": ["org:reports:read"],
    /// });
    /// let serde_json::Value::Object(map) = claims else { unreachable!() };
    /// let auth = SessionAuth::from_payload(Arc::new(map), Arc::from("token")).unwrap();
    /// const REPORTS: Requirement = Requirement::Any(Cow::Borrowed(&[
    ///     Requirement::permission("org:reports:read"),
    ///     Requirement::role("org:admin"),
    /// ]));
    /// assert!(auth.satisfies(&REPORTS));
    /// assert!(!auth.satisfies(&Requirement::role("org:admin")));
    /// ```
    #[must_use]
    pub fn satisfies(&self, requirement: &Requirement) -> bool {
        match requirement {
            // `has({ role })` and `has({ permission })` without building the `Check`: only
            // the organization part applies, so it passes exactly when that part does.
            Requirement::Role(key) => !self.user_id.is_empty() && holds_role(self, key),
            Requirement::Permission(key) => !self.user_id.is_empty() && holds_permission(self, key),
            Requirement::Feature(key) => self.has(&Check::feature(key.clone())),
            Requirement::Plan(key) => self.has(&Check::plan(key.clone())),
            Requirement::Reverification(r) => self.has(&Check::reverification(*r)),
            Requirement::All(children) => children.iter().all(|c| self.satisfies(c)),
            Requirement::Any(children) => children.iter().any(|c| self.satisfies(c)),
        }
    }
}
