//! Grammar of Clerk's authorization keys: permissions, roles, features, plans and
//! reverification levels, as `has()` and `auth.protect()` take them.
//!
//! Each parser returns a typed key or a [`KeyError`] with the byte offset of the problem and,
//! for near misses, the key that was probably meant:
//!
//! ```
//! use clerk_syntax::keys::PermissionKey;
//!
//! let key = PermissionKey::parse("org:invoices:create").unwrap();
//! assert_eq!((key.feature(), key.permission()), ("invoices", "create"));
//!
//! let err = PermissionKey::parse("org:sys_domains_manage").unwrap_err();
//! assert_eq!(err.suggestion(), Some("org:sys_domains:manage"));
//! ```
//!
//! The grammar is stricter than Clerk's run-time normalisation in two places, so that a key
//! is written one way only: a permission without the `org:` prefix (Clerk adds it) and a
//! repeated `org:org:` prefix (Clerk collapses it) are errors that suggest the canonical key.
//! Legacy role keys `admin` and `basic_member` are accepted, as Clerk still issues them.

mod billing;
mod error;
mod permission;
mod reverification;
mod role;
mod scan;
mod system;

pub mod org;

pub use billing::{BillingKey, BillingScope};
pub use error::{KeyError, KeyKind, Problem};
pub use permission::PermissionKey;
pub use reverification::{FactorLevel, ReverificationLevel};
pub use role::RoleKey;
pub use system::{SYSTEM_PERMISSIONS, is_system_permission};

#[cfg(test)]
mod proptests;
