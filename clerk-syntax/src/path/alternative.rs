//! The segment-safe form of a pattern whose trailing wildcard also opens sibling routes.

use super::parser::TokenOrigin;
use super::token::{KeyName, Modifier, Token};

/// `/sign-in(.*)` → `/sign-in/:path*`: same subtree, without `/sign-inx`. `None` when the
/// pattern does not end in an unprefixed `(.*)` after text that could continue a segment.
pub(crate) fn segment_safe_alternative(
    source: &str,
    tokens: &[Token],
    origins: &[TokenOrigin],
) -> Option<String> {
    let (last, origin) = (tokens.last()?, origins.last()?);
    let Token::Key {
        prefix,
        suffix,
        pattern,
        modifier,
        ..
    } = last
    else {
        return None;
    };
    if !prefix.is_empty()
        || !suffix.is_empty()
        || pattern != ".*"
        || !matches!(modifier, Modifier::One | Modifier::Optional)
        || origin.pattern_offset.is_none()
    {
        return None;
    }
    let head = source.get(..origin.offset)?;
    let previous = tokens.len().checked_sub(2).map(|i| &tokens[i]);
    match previous {
        None => return None,
        Some(Token::Text(text)) if text.ends_with(['/', '#', '?']) => return None,
        Some(_) => {}
    }
    let taken: Vec<&KeyName> = tokens
        .iter()
        .filter_map(|t| match t {
            Token::Key { name, .. } => Some(name),
            Token::Text(_) => None,
        })
        .collect();
    // Among `taken.len() + 1` candidates one is free.
    let name = (0..=taken.len())
        .map(|i| {
            if i == 0 {
                "path".to_owned()
            } else {
                format!("path{i}")
            }
        })
        .find(|n| !taken.contains(&&KeyName::Named(n.clone())))?;
    Some(format!("{head}/:{name}*"))
}
