//! What a denied non-page request gets: Clerk's 404, or 401/403 for JSON APIs.

/// How requests that are denied without a redirect are answered.
///
/// Clerk's `protect()` answers a 404 both to signed-out non-page requests and to signed-in
/// users who lack a permission, so that nobody learns which routes exist. JSON APIs usually
/// want RFC 6750 answers instead: [`DenyPolicy::JsonApi`].
///
/// Redirects are unaffected: a signed-out page request is still sent to sign-in, and
/// `unauthenticated_url` / `unauthorized_url` still win.
///
/// ```
/// use clerk_runtime::middleware::DenyPolicy;
/// assert_eq!(DenyPolicy::default(), DenyPolicy::NotFound);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum DenyPolicy {
    /// Clerk's behaviour: 404 with `x-clerk-auth-reason: protect-rewrite`.
    #[default]
    NotFound,
    /// 401 with `WWW-Authenticate: Bearer error="invalid_token"` when signed out, 403 with
    /// `WWW-Authenticate: Bearer error="insufficient_scope"` when not authorized.
    JsonApi,
}
