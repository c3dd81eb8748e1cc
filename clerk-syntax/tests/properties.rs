//! Property tests: no input panics the parsers, and every successful output is a regex the
//! `regex` crate compiles.

use clerk_syntax::PathPattern;
use clerk_syntax::js_regex::translate;
use proptest::prelude::*;

/// Strings made mostly of the characters that mean something in patterns and regexes.
fn syntax_soup() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            8 => proptest::sample::select(vec![
                "/", ":", "(", ")", "[", "]", "{", "}", "*", "+", "?", ".", "\\", "|", "^", "$",
                "!", "=", "<", ">", "-", ",", "#", "a", "Z", "k", "0", "1", "9", "_", "é", "😀",
                "\u{212A}", "\n", "d", "w", "s", "b", "B", "u", "x", "c", "p", "k<", "?:", "?=",
                "?!", "?<", "{2}", "{1,3}", ":id", "(.*)", "\\d", "\\u00", "\\x4",
            ]).prop_map(str::to_owned),
            1 => any::<char>().prop_map(|c| c.to_string()),
        ],
        0..24,
    )
    .prop_map(|parts| parts.concat())
}

fn flags() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        proptest::sample::select(vec!['d', 'g', 'i', 'm', 's', 'u', 'y', 'v', 'x']),
        0..4,
    )
    .prop_map(|f| f.into_iter().collect())
}

fn check_pattern(source: &str) -> Result<(), TestCaseError> {
    match PathPattern::parse(source) {
        Ok(p) => {
            prop_assert!(
                regex::Regex::new(p.regex()).is_ok(),
                "{source:?} -> {:?} does not compile",
                p.regex()
            );
            if let Some(alt) = p.segment_safe_alternative() {
                prop_assert!(
                    PathPattern::parse(&alt).is_ok(),
                    "alternative {alt:?} of {source:?}"
                );
            }
        }
        Err(e) => {
            // Formatting never panics either, and offsets stay inside (or one past) the input.
            let _ = (e.to_string(), e.clerk_message(source), e.hint());
            prop_assert!(
                e.offset() <= source.len() + 1,
                "{source:?}: offset {}",
                e.offset()
            );
        }
    }
    Ok(())
}

fn check_regex(source: &str, flags: &str) -> Result<(), TestCaseError> {
    match translate(source, flags) {
        Ok(rust) => prop_assert!(
            regex::Regex::new(&rust).is_ok(),
            "/{source}/{flags} -> {rust:?} does not compile"
        ),
        Err(e) => {
            let _ = e.to_string();
            prop_assert!(e.offset() <= source.len());
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn arbitrary_strings_never_panic_parse(source in any::<String>()) {
        check_pattern(&source)?;
    }

    #[test]
    fn pattern_like_strings_never_panic_parse(source in syntax_soup()) {
        check_pattern(&source)?;
    }

    #[test]
    fn arbitrary_strings_never_panic_translate(source in any::<String>(), flags in flags()) {
        check_regex(&source, &flags)?;
    }

    #[test]
    fn regex_like_strings_never_panic_translate(source in syntax_soup(), flags in flags()) {
        check_regex(&source, &flags)?;
    }
}
