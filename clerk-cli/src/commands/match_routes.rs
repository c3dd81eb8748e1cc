//! `clerk match`: test paths against Clerk route patterns, one path from the command line or a
//! batch of oracle cases on stdin.
//!
//! ```text
//! clerk match '/dashboard(.*)' '/orgs/:id' --path /dashboard/x     # exit 0: a pattern matches
//! clerk match --regexp '/^\/api\//i' --path /API/x                  # a JavaScript RegExp
//! clerk match --jsonl < cases/match.jsonl                           # one answer line per case
//! ```
//!
//! Exit codes: 0 when a pattern matches, 1 when none does, 2 when the path or a pattern is
//! rejected (or the input is unusable).

use std::io::{self, BufRead, Write};
use std::process::ExitCode;

use clerk_runtime::matcher::{RouteMatcher, RoutePattern, normalize_path};
use serde_json::{Value, json};

/// Arguments of `clerk match`.
#[derive(Debug, clap::Args)]
#[command(
    override_usage = "clerk match --path <PATH> <PATTERN>...\n       \
                      clerk match --path <PATH> --regexp </SOURCE/FLAGS>... [PATTERN]...\n       \
                      clerk match --jsonl < cases.jsonl",
    after_help = "Exit status: 0 when a pattern matches, 1 when none does, 2 on an error.\n\
                  Batch mode (--jsonl) reads {\"patterns\":[..],\"path\":\"..\"} lines and prints \
                  {\"matched\":bool} or {\"error\":..,\"stage\":..} lines."
)]
pub(crate) struct Args {
    /// Route patterns in Clerk's `createRouteMatcher` syntax, e.g. '/dashboard(.*)'.
    #[arg(value_name = "PATTERN")]
    patterns: Vec<String>,

    /// A JavaScript `RegExp` literal, e.g. '/^\/api\//i' (repeatable; joins the PATTERNs).
    #[arg(long = "regexp", value_name = "/SOURCE/FLAGS")]
    regexps: Vec<String>,

    /// The request path to test (as `req.nextUrl.pathname`: not yet decoded).
    #[arg(long, value_name = "PATH", required_unless_present = "jsonl")]
    path: Option<String>,

    /// Batch mode: read oracle case lines on stdin, print one answer line per case.
    #[arg(long, conflicts_with_all = ["patterns", "regexps", "path"])]
    jsonl: bool,
}

pub(crate) fn run(args: Args) -> ExitCode {
    let Args {
        patterns,
        regexps,
        path,
        jsonl,
    } = args;
    if jsonl {
        return run_jsonl();
    }
    let Some(path) = path.as_deref() else {
        eprintln!("clerk match: --path is required");
        return ExitCode::from(2);
    };
    let mut table: Vec<RoutePattern> = patterns.iter().map(RoutePattern::from).collect();
    for literal in &regexps {
        let Some((source, flags)) = parse_regexp_literal(literal) else {
            eprintln!("clerk match: `{literal}` is not a RegExp literal: expected `/source/flags`");
            return ExitCode::from(2);
        };
        table.push(RoutePattern::js_regexp(source, flags));
    }
    run_one(&table, &patterns, path)
}

/// Tests one path and prints which patterns match.
fn run_one(table: &[RoutePattern], path_patterns: &[String], path: &str) -> ExitCode {
    let matcher = match RouteMatcher::new(table.iter().cloned()) {
        Ok(matcher) => matcher,
        Err(err) => {
            eprintln!(
                "clerk match: pattern {} `{}` is rejected:\n{err}",
                err.index() + 1,
                err.pattern()
            );
            return ExitCode::from(2);
        }
    };
    let normalized = match normalize_path(path) {
        Ok(normalized) => normalized,
        Err(err) => {
            eprintln!(
                "clerk match: the path is rejected (Clerk answers 400): {err}\n  bad escape at byte {}",
                err.offset()
            );
            return ExitCode::from(2);
        }
    };
    let hits = matcher.matching_patterns(&normalized);
    warn_sibling_paths(path_patterns, &normalized);
    let mut out = io::stdout().lock();
    let _ = writeln!(out, "path:       {path}");
    if normalized != path {
        let _ = writeln!(out, "normalised: {normalized}");
    }
    for (index, pattern) in table.iter().enumerate() {
        let verdict = if pattern.is_dropped() {
            "dropped (empty)"
        } else if hits.contains(index) {
            "match"
        } else {
            "no match"
        };
        let _ = writeln!(out, "{verdict:<16} {pattern}");
    }
    if table.iter().all(RoutePattern::is_dropped) {
        let _ = writeln!(out, "no patterns: an empty table matches nothing");
    }
    if hits.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Warns, on stderr and as `clerk_routes!` does at compile time, about each pattern whose
/// `(.*)` also matches sibling paths (`/sign-in(.*)` matches `/sign-in-admin`), with the
/// segment-safe form; and says so when `path` is such a sibling.
fn warn_sibling_paths(path_patterns: &[String], path: &str) {
    for source in path_patterns {
        let Ok(parsed) = clerk_syntax::PathPattern::parse(source) else {
            continue;
        };
        let Some(alternative) = parsed.segment_safe_alternative() else {
            continue;
        };
        let pattern_start = source.split("(.*)").next().unwrap_or(source);
        let matches =
            |pattern: &str| RouteMatcher::new([pattern]).is_ok_and(|m| m.matches_normalized(path));
        eprintln!(
            "warning: pattern `{source}` also matches sibling paths (its `(.*)` matches \
             `{pattern_start}-anything` too); did you mean `{alternative}`?"
        );
        if matches(source) && !matches(&alternative) {
            eprintln!("  `{path}` is such a sibling: `{alternative}` would not match it");
        }
    }
}

/// `/source/flags` → (source, flags).
fn parse_regexp_literal(literal: &str) -> Option<(&str, &str)> {
    let rest = literal.strip_prefix('/')?;
    let end = rest.rfind('/')?;
    Some((&rest[..end], &rest[end + 1..]))
}

/// Batch mode: `match.mjs`'s input and output formats, one line each.
fn run_jsonl() -> ExitCode {
    let stdin = io::stdin().lock();
    let mut out = io::BufWriter::new(io::stdout().lock());
    for line in stdin.lines() {
        let line = match line {
            Ok(line) => line,
            Err(err) => {
                eprintln!("clerk match: cannot read stdin: {err}");
                return ExitCode::from(2);
            }
        };
        if line.trim().is_empty() {
            continue;
        }
        if writeln!(out, "{}", answer_line(&line)).is_err() {
            return ExitCode::from(2);
        }
    }
    if out.flush().is_err() {
        return ExitCode::from(2);
    }
    ExitCode::SUCCESS
}

/// The answer to one input line, exactly as `match.mjs` prints it.
fn answer_line(line: &str) -> Value {
    let input: Value = match serde_json::from_str(line) {
        Ok(input) => input,
        Err(err) => return input_error(&format!("bad input line: {err}")),
    };
    if input.get("viaRequest").and_then(Value::as_bool) == Some(true) {
        return input_error("request mode (viaRequest) is not supported by `clerk match`");
    }
    let Some(path) = input.get("path").and_then(Value::as_str) else {
        return input_error("`path` must be a string");
    };
    let table = match input.get("patterns").unwrap_or(&Value::Null) {
        Value::Array(elements) => elements.iter().map(pattern_element).collect(),
        single => pattern_element(single).map(|p| vec![p]),
    };
    let table: Vec<RoutePattern> = match table {
        Ok(table) => table,
        Err(message) => return input_error(&message),
    };
    let table = match RouteMatcher::new(table) {
        Ok(table) => table,
        Err(err) => return json!({"error": err.to_string(), "stage": "compile"}),
    };
    match table.matches(path) {
        Ok(hit) => json!({"matched": hit}),
        Err(err) => json!({"error": err.to_string(), "stage": "match", "name": err.name()}),
    }
}

/// One element of `patterns`: a string, `null`/`""` (dropped), or `{"regexp", "flags"}`.
fn pattern_element(element: &Value) -> Result<RoutePattern, String> {
    match element {
        Value::Null | Value::Bool(false) => Ok(RoutePattern::dropped()),
        Value::String(s) => Ok(RoutePattern::from(s.as_str())),
        Value::Object(o) => {
            let source = o
                .get("regexp")
                .and_then(Value::as_str)
                .ok_or_else(|| format!("pattern object without a string `regexp`: {element}"))?;
            let flags = match o.get("flags") {
                None | Some(Value::Null) => "",
                Some(Value::String(flags)) => flags,
                Some(other) => return Err(format!("`flags` must be a string, not {other}")),
            };
            Ok(RoutePattern::js_regexp(source, flags))
        }
        other => Err(format!(
            "unsupported pattern element {other}: expected a string, null or {{\"regexp\",\"flags\"}}"
        )),
    }
}

fn input_error(message: &str) -> Value {
    json!({"error": message, "stage": "input"})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regexp_literals_split_at_the_last_slash() {
        assert_eq!(parse_regexp_literal(r"/^\/a\/b/i"), Some((r"^\/a\/b", "i")));
        assert_eq!(parse_regexp_literal("/x/"), Some(("x", "")));
        assert_eq!(parse_regexp_literal("x"), None);
        assert_eq!(parse_regexp_literal("/x"), None);
    }

    #[test]
    fn unusable_lines_are_input_errors() {
        assert_eq!(answer_line("{")["stage"], "input");
        assert_eq!(answer_line(r#"{"patterns":["/a"]}"#)["stage"], "input");
        assert_eq!(
            answer_line(r#"{"patterns":[1],"path":"/"}"#)["stage"],
            "input"
        );
        assert_eq!(
            answer_line(r#"{"patterns":["/a"],"path":"/a","viaRequest":true}"#)["stage"],
            "input"
        );
    }

    #[test]
    fn dropped_and_empty_tables_never_match() {
        let none = json!({"matched": false});
        assert_eq!(answer_line(r#"{"patterns":[],"path":"/"}"#), none);
        assert_eq!(answer_line(r#"{"patterns":null,"path":"/"}"#), none);
        assert_eq!(answer_line(r#"{"patterns":["",null],"path":"/%"}"#), none);
    }

    #[test]
    fn malformed_paths_are_match_stage_errors() {
        assert_eq!(
            answer_line(r#"{"id":"x","patterns":[{"regexp":"a"}],"path":"/%C3"}"#),
            json!({
                "error": "Malformed encoding in URL path: /%C3",
                "stage": "match",
                "name": "MalformedURLError",
            })
        );
    }
}
