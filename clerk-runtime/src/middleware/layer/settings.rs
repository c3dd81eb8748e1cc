//! What a [`ClerkLayer`](crate::middleware::ClerkLayer) was configured with, shared by every
//! request it handles.

use std::sync::Arc;

use super::handler::MiddlewareHandler;
use super::options::{ClerkOptions, OptionsSource};
use super::routes::CompiledRoutes;
use crate::middleware::request::OriginPolicy;
use crate::middleware::respond::ResponsePolicy;

/// Everything a [`ClerkLayer`](crate::middleware::ClerkLayer) was configured with.
#[derive(Clone)]
pub(crate) struct Settings {
    pub(crate) options: OptionsSource,
    pub(crate) handler: Option<Arc<dyn MiddlewareHandler>>,
    pub(crate) skip_static_assets: bool,
    pub(crate) debug: bool,
    pub(crate) policy: Arc<dyn ResponsePolicy>,
    /// What debug output calls the policy (`NotFound`, `JsonApi`, or the custom type's name).
    pub(crate) policy_name: String,
    /// Shared so that each request's lazily built URL can hold it without copying.
    pub(crate) origin: Arc<OriginPolicy>,
    pub(crate) routes: Option<Arc<CompiledRoutes>>,
    /// Set once the protection map has been printed (`debug(true)`), so a layer applied to
    /// many routes prints it once.
    pub(crate) map_printed: Arc<std::sync::atomic::AtomicBool>,
    /// What deciding a request at once needs, when this layer may (fixed options, no
    /// middleware closure, no debug logging): kept in sync by [`Settings::refresh`].
    pub(crate) at_once: Option<Arc<AtOnce>>,
}

/// The settings of a layer that decides requests at once, in one shared value: a request it
/// lets through stores one count of it (one atomic increment, not one per setting), and an
/// `Auth` for that request is built from it.
pub(crate) struct AtOnce {
    pub(crate) options: ClerkOptions,
    pub(crate) origin: Arc<OriginPolicy>,
    pub(crate) policy: Arc<dyn ResponsePolicy>,
}

impl Settings {
    /// Recomputes what is derived from the other fields; call after every change.
    pub(crate) fn refresh(&mut self) {
        self.at_once = match &self.options {
            OptionsSource::Fixed(options) if !self.debug && self.handler.is_none() => {
                Some(Arc::new(AtOnce {
                    options: options.clone(),
                    origin: Arc::clone(&self.origin),
                    policy: Arc::clone(&self.policy),
                }))
            }
            _ => None,
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::{AuthState, SignedOutReason};
    use crate::middleware::{DenyPolicy, RedirectOptions, authenticate};
    use crate::{AuthErrorReason, ClerkLayer, MiddlewareRequest, MiddlewareResult};

    fn options() -> ClerkOptions {
        ClerkOptions::new(
            authenticate::from_fn(|_| AuthState::SignedOut {
                reason: SignedOutReason::Auth(AuthErrorReason::SessionTokenAndUatMissing),
                message: String::new(),
            }),
            RedirectOptions::default().sign_in_url("/sign-in"),
        )
        .expect("options")
    }

    /// The layer's settings and the ones it decides at once with are the same values.
    fn assert_in_sync(layer: &ClerkLayer) {
        let settings = &*layer.settings;
        let at_once = settings.at_once.as_ref().expect("decides at once");
        assert!(Arc::ptr_eq(&at_once.policy, &settings.policy), "policy");
        assert!(Arc::ptr_eq(&at_once.origin, &settings.origin), "origin");
        let OptionsSource::Fixed(options) = &settings.options else {
            panic!("fixed options")
        };
        assert!(Arc::ptr_eq(&at_once.options.redirects, &options.redirects));
    }

    #[test]
    fn every_builder_change_reaches_the_settings_used_at_once() {
        let layer = ClerkLayer::new(options());
        assert_in_sync(&layer);
        let layer = layer.deny_policy(DenyPolicy::JsonApi);
        assert_in_sync(&layer);
        let layer =
            layer.response_policy(|denial: &crate::middleware::Denial<'_>| denial.clerk_response());
        assert_in_sync(&layer);
        let layer = layer.behind_proxy(true);
        assert_in_sync(&layer);
        let layer = layer.public_origin("https://app.example.com".parse().expect("url"));
        assert_in_sync(&layer);
        let layer = layer.skip_static_assets(false);
        assert_in_sync(&layer);
    }

    #[test]
    fn debug_logging_a_closure_or_resolved_options_decide_later() {
        let debugging = ClerkLayer::new(options()).debug(true);
        assert!(debugging.settings.at_once.is_none(), "debug logging");
        assert_in_sync(&debugging.debug(false));
        let closure = ClerkLayer::new(options()).handler(
            |_auth: crate::Auth, _request: MiddlewareRequest| async { MiddlewareResult::Ok(()) },
        );
        assert!(closure.settings.at_once.is_none(), "middleware closure");
        let resolved = ClerkLayer::per_request(|_: MiddlewareRequest| async { Ok(options()) });
        assert!(
            resolved.settings.at_once.is_none(),
            "options resolved per request"
        );
    }
}
