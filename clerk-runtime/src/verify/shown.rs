//! How Clerk's messages quote a JSON value from a token (`JSON.stringify`), shared by the
//! decoding step and the claim checks.

use serde_json::Value;

/// Longest claim text quoted in a message; longer values are cut.
const SHOWN_MAX: usize = 100;

/// A JSON value as Clerk's messages quote it (`JSON.stringify`), cut to a readable length.
pub(crate) fn shown(value: &Value) -> String {
    let mut text = value.to_string();
    if text.len() > SHOWN_MAX {
        let mut cut = SHOWN_MAX;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(cut);
        text.push('…');
    }
    text
}
