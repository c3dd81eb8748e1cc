//! Facts the layer learns about a request: its URL and kind, forged headers, whether it is a
//! static asset.

mod context;
mod request_kind;
mod sanitize;
mod skip;

pub use context::OriginPolicy;
pub(crate) use context::{LazyUrl, dispatch_uri};
pub use request_kind::is_page_request;
pub(crate) use sanitize::strip_clerk_headers;
pub(crate) use skip::SkippedAsStaticAsset;
pub use skip::is_static_asset_path;
