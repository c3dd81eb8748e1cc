//! `Auth`: the auth object handlers and middleware closures receive (Clerk's `auth()`).

use std::sync::Arc;

use axum::extract::FromRequestParts;
use http::request::Parts;

use crate::auth::{AuthState, CachedSession, SessionAuth, SignedOutReason};
use crate::middleware::decision::{
    Authorization, Outcome, Recorded, Unmet, allows, decide, decide_with,
};
use crate::middleware::layer::AtOnce;
use crate::middleware::request::{LazyUrl, SkippedAsStaticAsset, dispatch_uri};
use crate::middleware::respond::{
    AuthRejection, Held, RequestContext, ReturnBack, require_absolute,
};
use crate::requirement::Protection;
use crate::verify::JwtPayload;

/// The auth state of the current request, with Clerk's `auth()` helpers: who is signed in,
/// `has()`, `protect()`, `redirect_to_sign_in()`.
///
/// Handlers take it as an extractor (`ClerkLayer` stores the request's auth state in the
/// request extensions, and the extractor builds `Auth` from it). Taking it on a route the
/// layer did not run for is a 500 whose log line names `ClerkLayer`.
///
/// A pending session (`sts: pending`) counts as signed out, as in Clerk:
/// [`user_id`](Self::user_id) is `None` and `protect()` sends the user to `<sign-in>/tasks`.
///
/// ```
/// use axum::{Router, routing::get};
/// use clerk_runtime::{Auth, AuthRejection};
///
/// async fn dashboard(auth: Auth) -> Result<String, AuthRejection> {
///     auth.protect()?;
///     Ok(format!("hello {}", auth.user_id().unwrap_or_default()))
/// }
///
/// let app: Router = Router::new().route("/dashboard", get(dashboard));
/// # let _ = app;
/// ```
#[derive(Clone, Debug)]
pub struct Auth {
    state: Arc<AuthState>,
    context: Arc<RequestContext<'static>>,
}

impl Auth {
    pub(crate) fn new(state: Arc<AuthState>, context: Arc<RequestContext<'static>>) -> Self {
        Self { state, context }
    }

    /// The full auth state, as the layer computed it.
    #[must_use]
    pub fn state(&self) -> &AuthState {
        &self.state
    }

    /// The verified session when signed in, pending sessions included.
    #[must_use]
    pub fn session(&self) -> Option<&SessionAuth> {
        match self.state.as_ref() {
            AuthState::SignedIn(session) => Some(session),
            AuthState::SignedOut { .. } => None,
        }
    }

    /// The session when it is signed in and not pending: what Clerk's `userId` reflects.
    fn active(&self) -> Option<&SessionAuth> {
        self.session().filter(|session| !is_pending(session))
    }

    /// Whether a user is signed in with an active (not pending) session.
    #[must_use]
    pub fn is_signed_in(&self) -> bool {
        self.active().is_some()
    }

    /// Whether the session is pending (`sts: pending`): signed in, with tasks left to do.
    #[must_use]
    pub fn is_pending(&self) -> bool {
        self.session().is_some_and(is_pending)
    }

    /// Why the request is signed out, when it is (`None` for pending sessions).
    #[must_use]
    pub fn signed_out_reason(&self) -> Option<&SignedOutReason> {
        match self.state.as_ref() {
            AuthState::SignedOut { reason, .. } => Some(reason),
            AuthState::SignedIn(_) => None,
        }
    }

    /// `userId`: the signed-in user's id.
    #[must_use]
    pub fn user_id(&self) -> Option<&str> {
        self.active().map(|session| session.user_id.as_str())
    }

    /// `sessionId`.
    #[must_use]
    pub fn session_id(&self) -> Option<&str> {
        self.active()?.session_id.as_deref()
    }

    /// `orgId`: the active organization.
    #[must_use]
    pub fn org_id(&self) -> Option<&str> {
        self.active()?.org_id.as_deref()
    }

    /// `orgRole`: the role in the active organization (`org:admin`).
    #[must_use]
    pub fn org_role(&self) -> Option<&str> {
        self.active()?.org_role.as_deref()
    }

    /// `orgSlug`.
    #[must_use]
    pub fn org_slug(&self) -> Option<&str> {
        self.active()?.org_slug.as_deref()
    }

    /// `orgPermissions`.
    #[must_use]
    pub fn org_permissions(&self) -> Option<&[String]> {
        self.active()?.org_permissions.as_deref()
    }

    /// `sessionClaims`: every claim of the verified token.
    #[must_use]
    pub fn claims(&self) -> Option<&JwtPayload> {
        self.active().map(|session| session.claims.as_ref())
    }

    /// `actor`: who is impersonating the user, when someone is.
    #[must_use]
    pub fn actor(&self) -> Option<&serde_json::Value> {
        self.active()?.actor.as_ref()
    }

    /// The raw session token (`getToken()`), e.g. to call another service as the user.
    /// Never log it.
    #[must_use]
    pub fn token(&self) -> Option<&str> {
        self.active().map(|session| &*session.token)
    }

    /// Clerk's `has()`: whether the signed-in user satisfies `condition` (a [`Check`] or a
    /// [`Requirement`](crate::requirement::Requirement)). Always `false` when signed out or pending.
    ///
    /// ```
    /// # use clerk_runtime::Auth;
    /// use clerk_runtime::Check;
    /// use clerk_runtime::requirement::Requirement;
    /// fn can_read_reports(auth: &Auth) -> bool {
    ///     auth.has(&Check::permission("org:reports:read"))
    ///         || auth.has(&Requirement::permission("org:reports:manage"))
    /// }
    /// ```
    ///
    /// [`Check`]: crate::auth::Check
    #[must_use]
    pub fn has(&self, condition: &impl Authorization) -> bool {
        self.active()
            .is_some_and(|session| condition.is_satisfied_by(session))
    }

    /// Clerk's `auth.protect()`: passes for a signed-in user; otherwise the layer's
    /// [`ResponsePolicy`](crate::middleware::ResponsePolicy) answers (by default Clerk's: a
    /// 307 to sign-in for page requests, else a 404).
    pub fn protect(&self) -> Result<(), AuthRejection> {
        self.conclude(decide_with(&self.state, None, None, |_| None), None)
    }

    /// `auth.protect({ role | permission | feature | plan })`: as [`protect`](Self::protect),
    /// and a signed-in user who fails `condition` (a [`Check`](crate::auth::Check) or a
    /// [`Requirement`](crate::requirement::Requirement)) is denied as unauthorized (by
    /// default a 404, never a redirect). The rejection names what failed.
    pub fn protect_with(&self, condition: &impl Authorization) -> Result<(), AuthRejection> {
        let outcome = decide_with(&self.state, None, None, |session| {
            condition.unmet_by(session)
        });
        self.conclude(outcome, None)
    }

    /// `auth.protect((has) => …)`: as [`protect_with`](Self::protect_with) with a predicate.
    ///
    /// ```
    /// # use clerk_runtime::{Auth, AuthRejection};
    /// use clerk_runtime::requirement::Requirement;
    /// fn admin_only(auth: &Auth) -> Result<(), AuthRejection> {
    ///     auth.protect_if(|auth| {
    ///         auth.has(&Requirement::permission("org:sys_memberships:manage"))
    ///             || auth.has(&Requirement::permission("org:sys_domains:manage"))
    ///     })
    /// }
    /// ```
    pub fn protect_if(&self, predicate: impl FnOnce(&Self) -> bool) -> Result<(), AuthRejection> {
        let outcome = decide_with(&self.state, None, None, |_| {
            (!predicate(self)).then_some(Unmet::Predicate)
        });
        self.conclude(outcome, None)
    }

    /// `auth.protect(params, { unauthenticatedUrl, unauthorizedUrl })`: a whole
    /// [`Protection`]. Its URLs must be absolute; a relative one is a configuration error
    /// (logged, and answered with a 500), as Clerk refuses them too.
    pub fn protect_using(&self, protection: &Protection) -> Result<(), AuthRejection> {
        self.check_urls(protection)?;
        self.conclude(decide(&self.state, protection), None)
    }

    /// A route rule's protection (its URLs were checked when the layer was built).
    pub(crate) fn protect_rule(
        &self,
        protection: &Protection,
        rule: &'static [&'static str],
    ) -> Result<(), AuthRejection> {
        self.conclude(decide(&self.state, protection), Some(rule))
    }

    /// Records an allowed outcome, or turns a denial into the rejection the policy answers.
    fn conclude(
        &self,
        outcome: Outcome,
        rule: Option<&'static [&'static str]>,
    ) -> Result<(), AuthRejection> {
        if !outcome.is_allowed() {
            let rejection = AuthRejection::denied(outcome, self.context.clone());
            return Err(match rule {
                Some(rule) => rejection.with_rule(rule),
                None => rejection,
            });
        }
        if let Some(slot) = &self.context.decisions {
            slot.record(Recorded {
                outcome: Some(outcome),
                answer: None,
                rule,
            });
        }
        Ok(())
    }

    fn check_urls(&self, protection: &Protection) -> Result<(), AuthRejection> {
        let urls = [
            ("unauthenticated_url", &protection.unauthenticated_url),
            ("unauthorized_url", &protection.unauthorized_url),
        ];
        for (what, url) in urls {
            if let Some(url) = url {
                require_absolute(what, url).map_err(|error| {
                    tracing::error!(target: "clerk", %error, "invalid protection");
                    AuthRejection::misconfigured(Some(self.context.clone()))
                })?;
            }
        }
        Ok(())
    }

    /// Clerk's `redirectToSignIn()`: the 307 to sign-in (to `<sign-in>/tasks` for a pending
    /// session) carrying the current URL in `redirect_url`. Return it to send it.
    ///
    /// ```
    /// # use clerk_runtime::{Auth, AuthRejection};
    /// fn only_signed_in(auth: &Auth) -> Result<(), AuthRejection> {
    ///     if auth.user_id().is_none() {
    ///         // custom logic before redirecting
    ///         return Err(auth.redirect_to_sign_in());
    ///     }
    ///     Ok(())
    /// }
    /// ```
    #[must_use]
    pub fn redirect_to_sign_in(&self) -> AuthRejection {
        self.redirect_to_sign_in_returning(ReturnBack::CurrentUrl)
    }

    /// `redirectToSignIn({ returnBackUrl })`.
    #[must_use]
    pub fn redirect_to_sign_in_returning(&self, return_back: ReturnBack<'_>) -> AuthRejection {
        let answer = self.context.sign_in_answer(
            return_back,
            self.is_pending(),
            self.signed_out_reason().cloned(),
        );
        AuthRejection::answer(answer, Some(self.context.clone()))
    }

    /// Clerk's `redirectToSignUp()`: the 307 to sign-up with `redirect_url`.
    #[must_use]
    pub fn redirect_to_sign_up(&self) -> AuthRejection {
        self.redirect_to_sign_up_returning(ReturnBack::CurrentUrl)
    }

    /// `redirectToSignUp({ returnBackUrl })`.
    #[must_use]
    pub fn redirect_to_sign_up_returning(&self, return_back: ReturnBack<'_>) -> AuthRejection {
        let answer = self
            .context
            .sign_up_answer(return_back, self.signed_out_reason().cloned());
        AuthRejection::answer(answer, Some(self.context.clone()))
    }
}

fn is_pending(session: &SessionAuth) -> bool {
    session.session_status.as_deref() == Some("pending")
}

/// What the layer stores for a request it decided at once: the auth state, and what an
/// [`Auth`] for the request is built from when a handler takes one. The request's context
/// (its URL, the page-request test) is read then, from the request the handler receives, so
/// a request no handler asks about never builds it.
pub(crate) struct DecidedAuth {
    pub(crate) state: StoredState,
    /// The deciding layer's settings (origin policy, redirect URLs, response policy).
    pub(crate) settings: Arc<AtOnce>,
}

/// The auth state a [`DecidedAuth`] holds.
pub(crate) enum StoredState {
    /// Shared by its own count (a state just computed, or the one of every request without
    /// credentials).
    Shared(Arc<AuthState>),
    /// Held through the cache entry of the request's token.
    Cached(CachedSession),
}

impl StoredState {
    pub(crate) fn get(&self) -> &AuthState {
        match self {
            Self::Shared(state) => state,
            Self::Cached(session) => session.state(),
        }
    }

    pub(crate) fn shared(&self) -> Arc<AuthState> {
        match self {
            Self::Shared(state) => Arc::clone(state),
            Self::Cached(session) => session.shared(),
        }
    }
}

impl Clone for DecidedAuth {
    /// Extensions are cloned rarely (a cloned request); the clone shares the state.
    fn clone(&self) -> Self {
        Self {
            state: StoredState::Shared(self.state.shared()),
            settings: Arc::clone(&self.settings),
        }
    }
}

impl DecidedAuth {
    fn auth(&self, parts: &Parts) -> Auth {
        let settings = &*self.settings;
        let url = LazyUrl::new(
            dispatch_uri(parts).clone(),
            &parts.headers,
            Arc::clone(&settings.origin),
        );
        let context = RequestContext::new(
            url,
            &parts.headers,
            Held::Shared(Arc::clone(&settings.options.redirects)),
            Held::Shared(Arc::clone(&settings.policy)),
            false,
        );
        Auth::new(self.state.shared(), Arc::new(context))
    }
}

/// Whether `protection` allows the request, told without building an [`Auth`]: for a request
/// the layer decided at once (no debug logging, so nothing to record) and a protection without
/// redirect URLs (which [`Auth::protect_using`] checks first). `false` when that cannot be
/// told this way: ask [`Auth::protect_using`].
pub(crate) fn allowed_at_once(parts: &Parts, protection: &Protection) -> bool {
    let Some(decided) = parts.extensions.get::<DecidedAuth>() else {
        return false;
    };
    protection.unauthenticated_url.is_none()
        && protection.unauthorized_url.is_none()
        && allows(decided.state.get(), protection)
}

/// Reads the `Auth` the layer stored; a missing layer is a 500 logged with the layer's name.
pub(crate) fn from_extensions(parts: &Parts) -> Result<Auth, AuthRejection> {
    if let Some(auth) = parts.extensions.get::<Auth>() {
        return Ok(auth.clone());
    }
    if let Some(decided) = parts.extensions.get::<DecidedAuth>() {
        return Ok(decided.auth(parts));
    }
    Err(missing_layer(parts))
}

/// The state the layer stored, without building an [`Auth`].
fn state_from_extensions(parts: &Parts) -> Result<Arc<AuthState>, AuthRejection> {
    if let Some(decided) = parts.extensions.get::<DecidedAuth>() {
        return Ok(decided.state.shared());
    }
    if let Some(auth) = parts.extensions.get::<Auth>() {
        return Ok(Arc::clone(&auth.state));
    }
    Err(missing_layer(parts))
}

/// The 500 for a request the layer did not run for, logged with the layer's name (or with
/// why it skipped the path).
fn missing_layer(parts: &Parts) -> AuthRejection {
    if parts.extensions.get::<SkippedAsStaticAsset>().is_some() {
        tracing::error!(
            target: "clerk",
            path = parts.uri.path(),
            "ClerkLayer skipped this path as a static asset, so it has no auth state; \
             turn that off with `ClerkLayer::skip_static_assets(false)` or name the path in a route rule"
        );
    } else {
        tracing::error!(
            target: "clerk",
            path = parts.uri.path(),
            "no auth state on this request: add `ClerkLayer` to the router (`.layer(ClerkLayer::…)`) \
             so that it runs before this handler"
        );
    }
    AuthRejection::missing_layer()
}

impl<S: Send + Sync> FromRequestParts<S> for Auth {
    type Rejection = AuthRejection;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        from_extensions(parts)
    }
}

/// The request's [`AuthState`], for handlers that only read it (a copy of
/// [`Auth::state`]; take [`Auth`] to protect or redirect). Without the layer it answers as
/// [`Auth`] does: a 500 that names the layer.
///
/// ```
/// use clerk_runtime::auth::AuthState;
///
/// async fn whoami(state: AuthState) -> String {
///     match state {
///         AuthState::SignedIn(session) => session.user_id,
///         AuthState::SignedOut { reason, .. } => format!("signed out: {reason}"),
///     }
/// }
/// let app: axum::Router = axum::Router::new().route("/whoami", axum::routing::get(whoami));
/// # let _ = app;
/// ```
impl<S: Send + Sync> FromRequestParts<S> for AuthState {
    type Rejection = AuthRejection;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        state_from_extensions(parts).map(|state| AuthState::clone(&state))
    }
}
