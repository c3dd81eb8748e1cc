//! Turning decisions into responses: the deny policy, rejections, sign-in redirects.

mod policy;
mod redirect;
mod rejection;

pub use policy::DenyPolicy;
pub(crate) use redirect::require_absolute;
pub use redirect::{RedirectConfigError, RedirectOptions, ReturnBack, same_origin_location};
pub use rejection::{AUTH_REASON_HEADER, AUTH_STATUS_HEADER, AuthRejection, REDIRECT_TO_HEADER};
