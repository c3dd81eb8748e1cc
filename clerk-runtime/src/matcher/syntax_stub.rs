//! TEMPORARY stand-in for `clerk_syntax::{PathPattern, js_regex}` until the syntax branch lands.
#![allow(dead_code, unreachable_pub, missing_docs, clippy::pedantic)]
use std::fmt;

#[derive(Debug)]
pub struct PatternError;
impl fmt::Display for PatternError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("clerk-syntax is not merged yet")
    }
}
impl std::error::Error for PatternError {}
impl PatternError {
    pub fn clerk_message(&self, source: &str) -> String {
        format!("Invalid path: {source}. (clerk-syntax not merged yet)")
    }
}
pub struct PathPattern(String);
impl PathPattern {
    pub fn parse(_: &str) -> Result<PathPattern, PatternError> {
        Err(PatternError)
    }
    pub fn regex(&self) -> &str {
        &self.0
    }
}
pub mod js_regex {
    pub fn translate(_: &str, _: &str) -> Result<String, super::PatternError> {
        Err(super::PatternError)
    }
}
