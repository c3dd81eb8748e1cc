//! Route patterns, parsed and translated by `clerk-syntax` at compile time.

use clerk_syntax::PathPattern;

/// The translated regex of `pattern`, or the message for the user.
pub(crate) fn check(pattern: &str) -> Result<String, String> {
    match PathPattern::parse(pattern) {
        Ok(parsed) => Ok(parsed.regex().to_owned()),
        Err(error) => {
            let mut message = format!(
                "invalid route pattern `{pattern}` at byte {}: {error}",
                error.offset()
            );
            if let Some(hint) = error.hint() {
                message.push_str("; ");
                message.push_str(&hint);
            }
            Err(message)
        }
    }
}

/// The segment-safe form of a pattern whose `(.*)` also matches sibling paths.
pub(crate) fn segment_safe_alternative(pattern: &str) -> Option<String> {
    PathPattern::parse(pattern).ok()?.segment_safe_alternative()
}
