//! Library half of the examples: the quickstart's app (buildable from tests), local dev mode
//! and the helpers every example runs with.

pub mod quickstart;
pub mod run;
