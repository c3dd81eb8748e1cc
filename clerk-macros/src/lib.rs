//! `#[protect]` and `clerk_routes!`. Use them through `clerk-runtime`, which re-exports them.
