//! The decision core: whether a request passes a protection.

mod authorize;

pub use authorize::Authorization;
