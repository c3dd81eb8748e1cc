//! Session-token claims in Clerk's v2 (default) or v1 format.

use std::time::Duration;

use serde_json::{Map, Value, json};

use super::fpm;

/// Why claims could not be built.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ClaimsError {
    /// The user id is empty.
    #[error("the user id (`sub`) is empty")]
    EmptyUserId,
    /// An org id or role is empty.
    #[error("the organization {0} is empty")]
    EmptyOrgField(&'static str),
    /// A permission is not `org:<feature>:<action>`.
    #[error(
        "permission `{key}` is not `org:<feature>:<action>` (e.g. `org:invoices:read`): {problem}"
    )]
    InvalidPermission {
        /// The permission as given.
        key: String,
        /// What is wrong.
        problem: &'static str,
    },
    /// A feature or plan is not `<scope>:<name>`.
    #[error(
        "{kind} `{value}` is not `<scope>:<name>` with scope `u`, `o`, `uo` (or `user`, `org`, `organization`), e.g. `o:{kind}_name`: {problem}"
    )]
    InvalidScoped {
        /// `feature` or `plan`.
        kind: &'static str,
        /// The value as given.
        value: String,
        /// What is wrong.
        problem: &'static str,
    },
    /// Permissions were given without an active organization.
    #[error("permissions need an active organization (set one with `org(..)` / `--org-id`)")]
    PermissionsWithoutOrg,
}

/// The claims of a Clerk session token, for dev tokens and tests.
///
/// v2 by default (`v: 2`, `fea`, `pla`, `o: {id, slg, rol, per, fpm}`, `fva`, `sts`, `jti`),
/// or v1 with [`v1`](Self::v1) (`org_id`, `org_role`, `org_slug`, `org_permissions`). Common
/// claims: `sub`, `sid`, `iat`, `nbf` (ten seconds before `iat`, as Clerk does), `exp` (`iat` +
/// TTL, default 60 seconds as Clerk's), and `azp`/`iss` when set.
///
/// Permissions are `org:<feature>:<action>` keys. In v2 they are encoded the way Clerk encodes
/// them: each permission's feature is an org feature in `fea` (added as `o:<feature>` when no
/// org-scoped feature of that name was given), `per` lists the distinct actions, and `fpm` holds
/// one decimal bitmask per org feature of `fea`, in order, bit `j` meaning `per[j]`.
///
/// ```
/// use clerk_runtime::dev::SessionClaimsBuilder;
///
/// let claims = SessionClaimsBuilder::new("user_1")
///     .org("org_1", Some("acme"), "org:admin")
///     .permission("org:billing:read")
///     .permission("org:billing:manage")
///     .permission("org:members:read")
///     .build(1_700_000_000)
///     .unwrap();
/// assert_eq!(claims["v"], 2);
/// assert_eq!(claims["fea"], "o:billing,o:members");
/// assert_eq!(claims["o"]["rol"], "admin");
/// assert_eq!(claims["o"]["per"], "read,manage");
/// assert_eq!(claims["o"]["fpm"], "3,1");
/// assert_eq!(claims["exp"], 1_700_000_060);
/// ```
#[derive(Clone, Debug)]
#[must_use]
pub struct SessionClaimsBuilder {
    user_id: String,
    session_id: Option<String>,
    org: Option<Org>,
    permissions: Vec<String>,
    features: Vec<String>,
    plans: Vec<String>,
    ttl: Duration,
    v1: bool,
    azp: Option<String>,
    issuer: Option<String>,
    factor_ages: [i64; 2],
    status: String,
}

#[derive(Clone, Debug)]
struct Org {
    id: String,
    slug: Option<String>,
    role: String,
}

impl SessionClaimsBuilder {
    /// Claims for this user (`sub`), with no org, a 60-second TTL, `fva: [0, -1]` and
    /// `sts: "active"`.
    pub fn new(user_id: impl Into<String>) -> Self {
        Self {
            user_id: user_id.into(),
            session_id: None,
            org: None,
            permissions: Vec::new(),
            features: Vec::new(),
            plans: Vec::new(),
            ttl: Duration::from_mins(1),
            v1: false,
            azp: None,
            issuer: None,
            factor_ages: [0, -1],
            status: "active".to_owned(),
        }
    }

    /// The session id (`sid`). Default: `sess_dev_` and random hex.
    pub fn session_id(mut self, sid: impl Into<String>) -> Self {
        self.session_id = Some(sid.into());
        self
    }

    /// The active organization: id, slug (optional) and role (`admin` or `org:admin`).
    pub fn org(
        mut self,
        id: impl Into<String>,
        slug: Option<&str>,
        role: impl Into<String>,
    ) -> Self {
        self.org = Some(Org {
            id: id.into(),
            slug: slug.map(str::to_owned),
            role: role.into(),
        });
        self
    }

    /// Adds an org permission, `org:<feature>:<action>` (the `org:` prefix may be left out).
    pub fn permission(mut self, key: impl Into<String>) -> Self {
        self.permissions.push(key.into());
        self
    }

    /// Adds a feature, `<scope>:<name>`: `u:beta`, `o:billing`, `uo:chat` (`user:`, `org:` and
    /// `organization:` are accepted and written as `u:`/`o:`).
    pub fn feature(mut self, feature: impl Into<String>) -> Self {
        self.features.push(feature.into());
        self
    }

    /// Adds a plan, `<scope>:<name>` as for features: `u:pro`, `o:business`.
    pub fn plan(mut self, plan: impl Into<String>) -> Self {
        self.plans.push(plan.into());
        self
    }

    /// The lifetime: `exp` = `iat` + `ttl` (whole seconds).
    pub fn ttl(mut self, ttl: Duration) -> Self {
        self.ttl = ttl;
        self
    }

    /// Writes v1 claims (`org_id`, `org_role`, `org_slug`, `org_permissions`) instead of v2.
    pub fn v1(mut self) -> Self {
        self.v1 = true;
        self
    }

    /// The authorized party (`azp`), the origin the token was issued for.
    pub fn azp(mut self, origin: impl Into<String>) -> Self {
        self.azp = Some(origin.into());
        self
    }

    /// The issuer (`iss`), the Frontend API URL.
    pub fn issuer(mut self, issuer: impl Into<String>) -> Self {
        self.issuer = Some(issuer.into());
        self
    }

    /// Minutes since the first and second factor were verified (`fva`), `-1` when not enrolled.
    pub fn factor_ages(mut self, first: i64, second: i64) -> Self {
        self.factor_ages = [first, second];
        self
    }

    /// The session status (`sts`): `active` by default, or `pending`.
    pub fn status(mut self, status: impl Into<String>) -> Self {
        self.status = status.into();
        self
    }

    /// The claims, issued at `now` (seconds since the Unix epoch).
    pub fn build(self, now: u64) -> Result<Value, ClaimsError> {
        if self.user_id.is_empty() {
            return Err(ClaimsError::EmptyUserId);
        }
        let permissions = self
            .permissions
            .iter()
            .map(|key| parse_permission(key))
            .collect::<Result<Vec<_>, _>>()?;
        let features = self
            .features
            .iter()
            .map(|f| parse_scoped("feature", f))
            .collect::<Result<Vec<_>, _>>()?;
        let plans = self
            .plans
            .iter()
            .map(|p| parse_scoped("plan", p))
            .collect::<Result<Vec<_>, _>>()?;
        if !permissions.is_empty() && self.org.is_none() {
            return Err(ClaimsError::PermissionsWithoutOrg);
        }
        if let Some(org) = &self.org {
            if org.id.is_empty() {
                return Err(ClaimsError::EmptyOrgField("id"));
            }
            if bare_role(&org.role).is_empty() {
                return Err(ClaimsError::EmptyOrgField("role"));
            }
        }

        let mut claims = Map::new();
        claims.insert("sub".into(), json!(self.user_id));
        let sid = self
            .session_id
            .clone()
            .unwrap_or_else(|| format!("sess_dev_{}", random_hex(12)));
        claims.insert("sid".into(), json!(sid));
        claims.insert("iat".into(), json!(now));
        claims.insert("nbf".into(), json!(now.saturating_sub(10)));
        claims.insert("exp".into(), json!(now.saturating_add(self.ttl.as_secs())));
        if let Some(azp) = &self.azp {
            claims.insert("azp".into(), json!(azp));
        }
        if let Some(iss) = &self.issuer {
            claims.insert("iss".into(), json!(iss));
        }
        claims.insert("fva".into(), json!(self.factor_ages));
        claims.insert("sts".into(), json!(self.status));

        let mut fea: Vec<(Scope, String)> = features;
        for (feature, _) in &permissions {
            if !fea.iter().any(|(s, f)| s.includes_org() && f == feature) {
                fea.push((Scope::Org, feature.clone()));
            }
        }
        if !fea.is_empty() {
            claims.insert("fea".into(), json!(join_scoped(&fea)));
        }
        if !plans.is_empty() {
            claims.insert("pla".into(), json!(join_scoped(&plans)));
        }

        if self.v1 {
            if let Some(org) = &self.org {
                insert_v1_org(&mut claims, org, &permissions);
            }
        } else {
            claims.insert("v".into(), json!(2));
            claims.insert("jti".into(), json!(random_hex(10)));
            if let Some(org) = &self.org {
                claims.insert("o".into(), v2_org(org, &fea, &permissions));
            }
        }
        Ok(Value::Object(claims))
    }
}

/// The v1 org claims: `org_id`, `org_role` (with its `org:` prefix), `org_slug`,
/// `org_permissions`.
fn insert_v1_org(claims: &mut Map<String, Value>, org: &Org, permissions: &[(String, String)]) {
    claims.insert("org_id".into(), json!(org.id));
    claims.insert(
        "org_role".into(),
        json!(format!("org:{}", bare_role(&org.role))),
    );
    if let Some(slug) = &org.slug {
        claims.insert("org_slug".into(), json!(slug));
    }
    let keys: Vec<String> = permissions
        .iter()
        .map(|(f, a)| format!("org:{f}:{a}"))
        .collect();
    claims.insert("org_permissions".into(), json!(keys));
}

/// The v2 `o` claim: `id`, `slg`, `rol` (without `org:`), and `per`/`fpm` when there are
/// permissions, encoded over the org features of `fea`.
fn v2_org(org: &Org, fea: &[(Scope, String)], permissions: &[(String, String)]) -> Value {
    let mut o = Map::new();
    o.insert("id".into(), json!(org.id));
    if let Some(slug) = &org.slug {
        o.insert("slg".into(), json!(slug));
    }
    o.insert("rol".into(), json!(bare_role(&org.role)));
    if !permissions.is_empty() {
        let org_features: Vec<&str> = fea
            .iter()
            .filter(|(s, _)| s.includes_org())
            .map(|(_, f)| f.as_str())
            .collect();
        let pairs: Vec<(&str, &str)> = permissions
            .iter()
            .map(|(f, a)| (f.as_str(), a.as_str()))
            .collect();
        let (per, masks) = fpm::encode(&org_features, &pairs);
        o.insert("per".into(), json!(per.join(",")));
        o.insert("fpm".into(), json!(masks.join(",")));
    }
    Value::Object(o)
}

/// The scope of a feature or plan in `fea`/`pla`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scope {
    User,
    Org,
    Both,
}

impl Scope {
    fn includes_org(self) -> bool {
        matches!(self, Self::Org | Self::Both)
    }

    fn code(self) -> &'static str {
        match self {
            Self::User => "u",
            Self::Org => "o",
            Self::Both => "uo",
        }
    }
}

fn join_scoped(items: &[(Scope, String)]) -> String {
    items
        .iter()
        .map(|(scope, name)| format!("{}:{name}", scope.code()))
        .collect::<Vec<_>>()
        .join(",")
}

/// A role without any leading `org:` (Clerk collapses repeated prefixes when comparing).
fn bare_role(role: &str) -> &str {
    clerk_syntax::keys::org::strip_org_prefixes(role)
}

/// A part of a claim list (`fea`, `pla`, `per`): non-empty, without `,`, `:` or whitespace.
fn name_problem(name: &str) -> Option<&'static str> {
    if name.is_empty() {
        Some("a part is empty")
    } else if name.contains(',') {
        Some("`,` separates list entries in the token and cannot appear in a name")
    } else if name.contains(':') {
        Some("too many `:`")
    } else if name.chars().any(|c| c.is_whitespace() || c.is_control()) {
        Some("whitespace is not allowed")
    } else {
        None
    }
}

fn parse_permission(key: &str) -> Result<(String, String), ClaimsError> {
    let invalid = |problem| ClaimsError::InvalidPermission {
        key: key.to_owned(),
        problem,
    };
    let rest = key.strip_prefix("org:").unwrap_or(key);
    let (feature, action) = rest
        .split_once(':')
        .ok_or_else(|| invalid("expected a feature and an action separated by `:`"))?;
    if let Some(problem) = name_problem(feature).or_else(|| name_problem(action)) {
        return Err(invalid(problem));
    }
    Ok((feature.to_owned(), action.to_owned()))
}

fn parse_scoped(kind: &'static str, value: &str) -> Result<(Scope, String), ClaimsError> {
    let invalid = |problem| ClaimsError::InvalidScoped {
        kind,
        value: value.to_owned(),
        problem,
    };
    let (scope, name) = value
        .split_once(':')
        .ok_or_else(|| invalid("no scope before `:`"))?;
    let scope = match scope {
        "u" | "user" => Scope::User,
        "o" | "org" | "organization" => Scope::Org,
        "uo" | "ou" => Scope::Both,
        _ => return Err(invalid("unknown scope")),
    };
    if let Some(problem) = name_problem(name) {
        return Err(invalid(problem));
    }
    Ok((scope, name.to_owned()))
}

/// Random lowercase hex of `bytes` random bytes (from aws-lc-rs's system RNG).
fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    if aws_lc_rs::rand::fill(&mut buf).is_err() {
        // The RNG never fails in practice; fall back to the clock rather than panic.
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        return format!("{nanos:x}");
    }
    super::hex(&buf)
}

#[cfg(test)]
mod tests;
