//! Grammar of Clerk route patterns and authorization keys.
//!
//! Shared by `clerk-macros` (at compile time) and `clerk-runtime` (at run time), so that a
//! pattern or permission key means the same thing on both sides.

pub mod keys;
