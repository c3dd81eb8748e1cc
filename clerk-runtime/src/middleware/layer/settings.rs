//! What a [`ClerkLayer`](crate::middleware::ClerkLayer) was configured with, shared by every
//! request it handles.

use std::sync::Arc;

use super::handler::MiddlewareHandler;
use super::options::OptionsSource;
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
}
