//! Shared helpers for the workspace's outside-in tests.
