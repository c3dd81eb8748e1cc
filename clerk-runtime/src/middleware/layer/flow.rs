//! What the layer does with one request, in order.

use std::sync::Arc;
use std::task::{Context, Poll, Waker};

use axum::body::Body;
use axum::response::{IntoResponse, Response};
use http::Request;
use http::header::HeaderValue;
use tower::Service;

use super::debug::{AuthSummary, RedactedRequest};
use super::decision_event::{DecidedBy, log_answer, log_end};
use super::handler::{BoxFuture, MiddlewareRequest, Respond};
use super::matched_rules::MatchedRules;
use super::options::{ClerkOptions, OptionsSource, SharedRequestState};
use super::settings::{AtOnce, Settings};
use crate::auth::{AuthState, CachedSession};
use crate::handshake::reason_header;
use crate::handshake::{RequestState, Status};
use crate::matcher::MalformedUrlError;
use crate::middleware::decision::{Outcome, allows, decide};
use crate::middleware::extract::{Auth, DecidedAuth, StoredState};
use crate::middleware::request::strip_clerk_headers;
use crate::middleware::request::{LazyUrl, dispatch_uri};
use crate::middleware::request::{SkippedAsStaticAsset, is_static_asset_path};
use crate::middleware::respond::{
    AUTH_REASON_HEADER, AUTH_STATUS_HEADER, AuthRejection, Held, RequestContext,
};
use http::request::Parts;

/// How [`start`] leaves a request. The request itself stays with the caller (only its parts
/// were lent), so a request let through is not moved around on the way.
pub(crate) enum Start {
    /// Decided: call the inner service with the request now.
    Call,
    /// Decided: call the inner service now, then add Clerk's headers for this request state to
    /// its response (a signed-out request the router may answer).
    CallThenMark(Arc<RequestState>),
    /// Decided: answer with this response (the inner service is not called).
    Answer(Response),
    /// The rest needs awaiting (authentication, the options resolver, the middleware closure)
    /// or logging once the router has answered: [`finish`] it, with the request.
    Continue(Undecided),
}

/// What [`start`] found out about a request it could not decide at once, for [`finish`].
pub(crate) struct Undecided {
    uri: http::Uri,
    matched: MatchedRules,
    /// The verifier's cache was already asked for the header token, and had none.
    cache_missed: bool,
}

/// Runs the middleware for one request, in order:
/// 1. remove forged `x-clerk-*` headers;
/// 2. skip static assets (never when a route rule matches or a middleware closure is installed);
/// 3. resolve the options, authenticate, store the auth state in the extensions;
/// 4. apply matching route rules, then the middleware closure;
/// 5. call the router, and mark signed-out responses as Clerk does;
/// 6. with `debug(true)`, log the one decision event, once the router has answered (so a
///    `#[protect]` handler's denial is what it reports).
///
/// This part runs at once, in the service's `call`. Under fixed options, without a middleware
/// closure or debug logging, a request whose authentication awaits nothing is decided here
/// entirely: the same steps, the same answers, without the boxed future the rest needs. That
/// is a request whose `Authorization` token the verifier has cached (signed in, no header to
/// add), a request without credentials (Clerk's signed-out state for it is computed once), and
/// one without cookies whose authentication is ready at its first poll. Such a request stores
/// its auth state for the handlers; an `Auth` is built from it when a handler takes one, and a
/// request context only for a denial.
pub(crate) fn start(settings: &Settings, parts: &mut Parts) -> Start {
    let forged = strip_clerk_headers(&mut parts.headers);
    let debug = settings.debug;
    if debug {
        log_start(settings, parts, dispatch_uri(parts), forged);
    }

    let Ok(matched) = matched_rules(settings, dispatch_uri(parts), &parts.uri) else {
        let response = AuthRejection::malformed_path().into_response();
        if debug {
            log_answer("malformed path", &response);
        }
        return Start::Answer(response);
    };

    if settings.skip_static_assets
        && settings.handler.is_none()
        && matched.is_empty()
        && is_static_asset_path(dispatch_uri(parts).path())
    {
        if debug {
            tracing::info!(target: "clerk", decision = "skipped", why = "static asset", "clerk debug end");
        }
        parts.extensions.insert(SkippedAsStaticAsset);
        return Start::Call;
    }

    if let Some(at_once) = &settings.at_once {
        let now = Now {
            at_once,
            matched: &matched,
        };
        let options = &at_once.options;
        if let Some(session) = options.cached_session(parts) {
            // A cached session is signed in: Clerk adds no header to its answers.
            return now.decide(parts, Decided::Cached(session));
        }
        if let Some(signed_out) = options.without_credentials(parts) {
            return now.decide(parts, Decided::Shared(signed_out));
        }
        if options.decides_without_network(parts) {
            let url = LazyUrl::borrowed(dispatch_uri(parts), &parts.headers, &at_once.origin);
            let ready = now_or_never(authenticate_request(options, parts, &url));
            if let Some(request_state) = ready {
                if let Some(response) = request_state.early_response(false) {
                    return Start::Answer(response);
                }
                let auth_state = Arc::new(request_state.state.clone());
                let marks = (request_state.status != Status::SignedIn
                    || !request_state.headers.is_empty())
                .then(|| Arc::new(request_state));
                return now.decide(parts, Decided::Fresh(auth_state, marks));
            }
        }
    }

    Start::Continue(Undecided {
        uri: dispatch_uri(parts).clone(),
        matched,
        // A layer that decides at once just looked this request's header token up in the cache.
        cache_missed: settings.at_once.is_some(),
    })
}

/// A request decided at once, its state known without awaiting, under fixed options, with no
/// middleware closure and no debug logging: what [`finish`] does after authentication.
struct Now<'a> {
    at_once: &'a Arc<AtOnce>,
    matched: &'a MatchedRules,
}

/// The state of a request decided at once, and where it comes from.
enum Decided<'a> {
    /// The cached session of the request's token (signed in: no headers to add).
    Cached(CachedSession),
    /// The state every request without credentials shares, borrowed until the request is let
    /// through (a denial takes no count of it).
    Shared(&'a SharedRequestState),
    /// A state just computed, with the request state whose headers Clerk adds to every answer
    /// (`None`: none to add).
    Fresh(Arc<AuthState>, Option<Arc<RequestState>>),
}

impl Decided<'_> {
    fn state(&self) -> &AuthState {
        match self {
            Self::Cached(session) => session.state(),
            Self::Shared(shared) => &shared.auth_state,
            Self::Fresh(state, _) => state,
        }
    }

    /// The request state whose headers Clerk adds to every answer.
    fn marks(&self) -> Option<&RequestState> {
        match self {
            Self::Cached(_) => None,
            Self::Shared(shared) => Some(&shared.request_state),
            Self::Fresh(_, marks) => marks.as_deref(),
        }
    }

    /// What the handlers get, and the marks to add to the router's answer.
    fn into_stored(self) -> (StoredState, Option<Arc<RequestState>>) {
        match self {
            Self::Cached(session) => (StoredState::Cached(session), None),
            Self::Shared(shared) => (
                StoredState::Shared(Arc::clone(&shared.auth_state)),
                Some(Arc::clone(&shared.request_state)),
            ),
            Self::Fresh(state, marks) => (StoredState::Shared(state), marks),
        }
    }
}

impl Now<'_> {
    /// Applies the matched route rules to the request's state, then stores the state for the
    /// handlers.
    fn decide(self, parts: &mut Parts, decided: Decided<'_>) -> Start {
        if !self.matched.is_empty()
            && let Some(outcome) = first_denied(decided.state(), self.matched)
        {
            // The request's context is built only to answer a denial, from borrowed settings.
            let url = LazyUrl::borrowed(dispatch_uri(parts), &parts.headers, &self.at_once.origin);
            // Answered as the rule's rejection would be (which also records the rule, for
            // debug logging only).
            let context = RequestContext::new(
                url,
                &parts.headers,
                Held::Borrowed(&*self.at_once.options.redirects),
                Held::Borrowed(&*self.at_once.policy),
                false,
            );
            let mut response = context.answer_denial(&outcome);
            mark_signed_out(&mut response, decided.marks());
            return Start::Answer(response);
        }
        let (state, marks) = decided.into_stored();
        // The state of the layer closest to the handlers wins: drop an outer layer's.
        parts.extensions.remove::<Auth>();
        parts.extensions.insert(DecidedAuth {
            state,
            settings: Arc::clone(self.at_once),
        });
        match marks {
            Some(marks) => Start::CallThenMark(marks),
            None => Start::Call,
        }
    }
}

/// The outcome of the first matching route rule that denies `state`: what [`first_denial`]
/// decides, without an `Auth` (and without recording allowed outcomes, which only debug
/// logging reads).
fn first_denied(state: &AuthState, matched: &MatchedRules) -> Option<Outcome> {
    matched
        .iter()
        .find(|rule| !allows(state, rule.protection))
        .map(|rule| decide(state, rule.protection))
}

/// The request's state, as the options' authenticator gives it (the URL only when it may use
/// it: building it parses the host).
fn authenticate_request<'a>(
    options: &'a ClerkOptions,
    parts: &'a Parts,
    url: &'a LazyUrl<'_>,
) -> BoxFuture<'a, RequestState> {
    let url = if options.authenticator.uses_url() {
        url.get()
    } else {
        None
    };
    options.authenticator.request_state(parts, url)
}

/// The output of `future` if it is ready at its first poll. Only authentications that await
/// nothing are tried this way ([`ClerkOptions::decides_without_network`]), so a first poll
/// never starts, and then drops, a key-set fetch or a call to Clerk.
fn now_or_never<T>(future: BoxFuture<'_, T>) -> Option<T> {
    let mut future = future;
    let mut context = Context::from_waker(Waker::noop());
    match future.as_mut().poll(&mut context) {
        Poll::Ready(value) => Some(value),
        Poll::Pending => None,
    }
}

/// The rest of the middleware for a request (`parts`, `body`) [`start`] could not decide at
/// once.
pub(crate) async fn finish<S>(
    settings: Arc<Settings>,
    mut inner: S,
    (mut parts, body): (Parts, Body),
    undecided: Undecided,
) -> Result<Response, S::Error>
where
    S: Service<Request<Body>, Response = Response> + Send,
    S::Future: Send,
{
    let Undecided {
        uri,
        matched,
        cache_missed,
    } = undecided;
    let debug = settings.debug;
    let middleware_request = || {
        MiddlewareRequest::new(
            parts.method.clone(),
            uri.clone(),
            parts.uri.clone(),
            parts.headers.clone(),
        )
    };
    let options = match &settings.options {
        OptionsSource::Fixed(options) => options.clone(),
        OptionsSource::PerRequest(resolver) => match resolver.resolve(middleware_request()).await {
            Ok(options) => options,
            Err(respond) => {
                let response = respond.into_response();
                if debug {
                    log_answer("by the options resolver", &response);
                }
                return Ok(response);
            }
        },
    };
    if debug && matches!(settings.options, OptionsSource::PerRequest(_)) {
        tracing::info!(target: "clerk", resolved = ?options, "clerk debug: resolved options");
    }

    let url = LazyUrl::new(uri.clone(), &parts.headers, Arc::clone(&settings.origin));
    let (clerk_state, state) = match authenticate(debug, &options, &parts, &url, cache_missed).await
    {
        Ok(states) => states,
        Err(response) => return Ok(response),
    };
    let context = request_context(&settings, &options, url, &parts, debug);
    let auth = Auth::new(state, context.clone());
    // The state of the layer closest to the handlers wins: drop an outer layer's.
    parts.extensions.remove::<DecidedAuth>();
    parts.extensions.insert(auth.clone());

    let (verdict, decided_by) = match first_denial(&auth, &matched) {
        Some(rejection) => (Err(Respond::from(rejection)), DecidedBy::RouteRule),
        None => match &settings.handler {
            Some(handler) => (
                handler.call(auth, middleware_request()).await,
                DecidedBy::Closure,
            ),
            None => (Ok(()), DecidedBy::Closure),
        },
    };
    let (mut response, decided_by) = match verdict {
        Ok(()) => (
            inner.call(Request::from_parts(parts, body)).await?,
            DecidedBy::Handler,
        ),
        Err(respond) => (respond.into_response(), decided_by),
    };
    mark_signed_out(&mut response, clerk_state.as_ref());
    if debug {
        log_end(&context, &response, decided_by);
    }
    Ok(response)
}

/// What `Auth` needs to answer a denial for this request.
fn request_context(
    settings: &Settings,
    options: &ClerkOptions,
    url: LazyUrl<'static>,
    parts: &Parts,
    debug: bool,
) -> Arc<RequestContext<'static>> {
    Arc::new(RequestContext::new(
        url,
        &parts.headers,
        Held::Shared(Arc::clone(&options.redirects)),
        Held::Shared(Arc::clone(&settings.policy)),
        debug,
    ))
}

/// The first matching route rule that denies the request, as its rejection.
fn first_denial(auth: &Auth, matched: &MatchedRules) -> Option<AuthRejection> {
    matched
        .iter()
        .find_map(|rule| auth.protect_rule(rule.protection, rule.patterns).err())
}

/// The route rules that apply to the request (none without a table).
fn matched_rules(
    settings: &Settings,
    uri: &http::Uri,
    local: &http::Uri,
) -> Result<MatchedRules, MalformedUrlError> {
    let Some(routes) = settings.routes.as_deref() else {
        return Ok(MatchedRules::default());
    };
    let matched = routes.protections_for_any(lookup_paths(uri, local).as_slice())?;
    if settings.debug {
        tracing::info!(target: "clerk", rules = ?matched, "clerk debug: matched route rules");
    }
    Ok(matched)
}

/// The paths route rules are matched against: the path the client sent (axum's `OriginalUri`)
/// and, in a nested router, the router-local path the inner routes dispatch on.
fn lookup_paths<'a>(dispatch: &'a http::Uri, local: &'a http::Uri) -> LookupPaths<'a> {
    LookupPaths {
        paths: [dispatch.path(), local.path()],
        len: if dispatch.path() == local.path() {
            1
        } else {
            2
        },
    }
}

/// One or two paths, without allocating.
struct LookupPaths<'a> {
    paths: [&'a str; 2],
    len: usize,
}

impl<'a> LookupPaths<'a> {
    fn as_slice(&self) -> &[&'a str] {
        &self.paths[..self.len]
    }
}

/// Authenticates the request: Clerk's request state and the auth state handlers see, or the
/// answer that replaces the app's (a handshake redirect, a development resolution, a 500).
async fn authenticate(
    debug: bool,
    options: &ClerkOptions,
    parts: &Parts,
    url: &LazyUrl<'static>,
    cache_missed: bool,
) -> Result<(Option<RequestState>, Arc<AuthState>), Response> {
    // A header token the verifier has cached: signed in, nothing for Clerk to add to the
    // response, and no URL needed.
    if !cache_missed && let Some(state) = options.cached_session(parts).map(|s| s.shared()) {
        if debug {
            tracing::info!(target: "clerk", auth = %AuthSummary(&state), "clerk debug: auth");
        }
        return Ok((None, state));
    }
    let request_state = authenticate_request(options, parts, url).await;
    if let Some(response) = request_state.early_response(debug) {
        return Err(response);
    }
    let state = Arc::new(request_state.state.clone());
    if debug {
        tracing::info!(target: "clerk", auth = %AuthSummary(&state), "clerk debug: auth");
    }
    Ok((Some(request_state), state))
}

/// Clerk appends the request state's headers to every response (a refresh's `Set-Cookie`…),
/// and marks the responses of a signed-out request.
pub(crate) fn mark_signed_out(response: &mut Response, clerk_state: Option<&RequestState>) {
    // `None`: a cached session, signed in with no headers to add.
    let Some(clerk_state) = clerk_state else {
        return;
    };
    clerk_state.decorate(response);
    if let AuthState::SignedOut { reason, .. } = &clerk_state.state {
        let headers = response.headers_mut();
        if !has_header(headers, &AUTH_STATUS_HEADER) {
            headers.insert(AUTH_STATUS_HEADER, HeaderValue::from_static("signed-out"));
        }
        if !has_header(headers, &AUTH_REASON_HEADER)
            && let Some(value) = reason_header(reason)
        {
            headers.insert(AUTH_REASON_HEADER, value);
        }
    }
}

/// `headers.contains_key(name)`, by comparing names when there are few: a custom name such as
/// `x-clerk-auth-status` is hashed byte by byte, which costs more than a few comparisons.
fn has_header(headers: &http::HeaderMap, name: &http::HeaderName) -> bool {
    const SCANNED: usize = 8;
    if headers.keys_len() <= SCANNED {
        headers.keys().any(|key| key == name)
    } else {
        headers.contains_key(name)
    }
}

/// The first debug events of a request: the options and the (redacted) request.
fn log_start(settings: &Settings, parts: &http::request::Parts, uri: &http::Uri, forged: usize) {
    tracing::info!(
        target: "clerk",
        options = ?settings.options,
        policy = %settings.policy_name,
        origin = ?settings.origin,
        routes = ?settings.routes,
        skip_static_assets = settings.skip_static_assets,
        handler = settings.handler.is_some(),
        "clerk debug start: options"
    );
    tracing::info!(
        target: "clerk",
        request = %RedactedRequest { parts, uri },
        forged_clerk_headers_removed = forged,
        "clerk debug: url"
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn has_header_answers_as_contains_key_at_every_size() {
        let names: Vec<http::HeaderName> = (0..20)
            .map(|n| http::HeaderName::try_from(format!("x-clerk-test-{n}")).expect("name"))
            .chain([
                AUTH_STATUS_HEADER,
                AUTH_REASON_HEADER,
                http::header::LOCATION,
            ])
            .collect();
        for size in 0..names.len() {
            let mut headers = http::HeaderMap::new();
            // Every other name, so that absent names sit among present ones.
            for name in names.iter().step_by(2).take(size) {
                headers.append(name.clone(), HeaderValue::from_static("v"));
            }
            for name in &names {
                assert_eq!(
                    has_header(&headers, name),
                    headers.contains_key(name),
                    "{name} among {size}"
                );
            }
        }
    }
}
