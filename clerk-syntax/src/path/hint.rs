//! Friendly suggestions for rejected patterns.

use super::error::PatternErrorKind;
use super::lexer::LexKind;

/// A suggestion for the error `kind` at byte `offset` of `source`, if one is likely to help.
pub(crate) fn hint(source: &str, offset: usize, kind: &PatternErrorKind) -> Option<String> {
    match kind {
        PatternErrorKind::UnexpectedToken {
            found: LexKind::Modifier,
            ..
        } => modifier_hint(source, offset),
        PatternErrorKind::MissingParameterName => Some(
            "a parameter name is one or more ASCII letters, digits or `_` after `:` \
             (`/users/:user_id`); write `\\:` for a literal colon"
                .to_owned(),
        ),
        PatternErrorKind::PatternStartsWithQuestionMark => Some(
            "a group cannot start with `?`: write the regex without `(?:…)`, \
             e.g. `/(api|trpc)(.*)`"
                .to_owned(),
        ),
        PatternErrorKind::CapturingGroup => Some(
            "groups inside a parameter's pattern must be non-capturing: write `(?:…)`".to_owned(),
        ),
        PatternErrorKind::UnbalancedPattern => {
            Some("close the group with `)`, or write `\\(` for a literal parenthesis".to_owned())
        }
        PatternErrorKind::MissingPattern => {
            Some("an empty group `()` matches nothing useful: remove it".to_owned())
        }
        PatternErrorKind::UnexpectedToken {
            found: LexKind::Close,
            ..
        } => Some("write `\\}` for a literal brace".to_owned()),
        PatternErrorKind::UnexpectedToken {
            expected: LexKind::Close,
            ..
        } => Some("close the `{` group with `}`, or write `\\{` for a literal brace".to_owned()),
        PatternErrorKind::MissingTextBetweenParameters { after } => Some(format!(
            "put text between the parameters, e.g. `:{after}-:next` or `:{after}/:next`"
        )),
        PatternErrorKind::RepeatWithoutPrefixAndSuffix { name } => Some(format!(
            "a repeated parameter needs a prefix: write `/:{name}*`"
        )),
        PatternErrorKind::Lookaround { .. } => Some(
            "lookaround is not supported; instead of excluding routes, list them: \
             e.g. instead of `/((?!sign-in|sign-up).*)` make a matcher of the public routes \
             (`/sign-in(.*)`, `/sign-up(.*)`) and protect every path it does not match"
                .to_owned(),
        ),
        PatternErrorKind::Backreference { .. } => {
            Some("backreferences are not supported: spell out the alternatives instead".to_owned())
        }
        PatternErrorKind::ParameterAfterText { name, .. } => Some(format!(
            "give the parameter its own pattern, e.g. `:{name}([^/]+)`, or separate it with `/`"
        )),
        _ => None,
    }
}

/// `/foo*` → `/foo(.*)` or `/foo/:path*`; `/search?q` → the query string is never matched.
fn modifier_hint(source: &str, offset: usize) -> Option<String> {
    let modifier = source.get(offset..)?.chars().next()?;
    let before = &source[..offset];
    match modifier {
        '*' => {
            let subtree = if before.ends_with('/') {
                format!("{before}:path*")
            } else {
                format!("{before}/:path*")
            };
            let after = &source[offset + 1..];
            Some(format!(
                "did you mean `{before}(.*){after}` or `{subtree}{after}`?"
            ))
        }
        '?' => Some(format!(
            "the query string is not part of the matched path: did you mean `{before}`? \
             (write `\\?` for a literal question mark)"
        )),
        _ => Some(format!("write `\\{modifier}` for a literal `{modifier}`")),
    }
}
