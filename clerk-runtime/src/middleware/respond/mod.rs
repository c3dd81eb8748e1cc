//! Turning decisions into responses: response policies, rejections, sign-in redirects.

mod explain;
mod held;
mod policy;
mod redirect;
mod rejection;
mod request_context;

pub use explain::ExplainDenials;
pub(crate) use held::Held;
pub use policy::{Denial, DenyPolicy, ResponsePolicy};
pub(crate) use redirect::require_absolute;
pub use redirect::{RedirectConfigError, RedirectOptions, ReturnBack, same_origin_location};
pub use rejection::{AUTH_REASON_HEADER, AUTH_STATUS_HEADER, AuthRejection, REDIRECT_TO_HEADER};
pub(crate) use request_context::RequestContext;
