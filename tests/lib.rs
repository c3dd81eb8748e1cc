//! Shared helpers for the workspace's outside-in tests.

/// Every Rust snippet of the README, compiled (and run, unless marked `no_run`) as a doctest, so
/// the README cannot drift from the API.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
