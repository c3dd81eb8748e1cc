//! The trybuild suite: one `pass` and one `fail` case for every message `#[protect]`,
//! `#[public]`, `#[handlers]` and `clerk_routes!` produce, and for the `GuardedRouter`'s
//! coverage errors. Layout: `ui/<macro or module>/{pass,fail}/<kebab-case>.rs`.
//!
//! The `.stderr` files are blessed with rustc 1.95 (`TRYBUILD=overwrite cargo test -p
//! clerk-tests --test ui`); under another compiler the test is ignored, and `.ci/run` says so.

#[rustversion::attr(not(stable(1.95)), ignore = "stderr blessed on 1.95")]
#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.pass("ui/protect/pass/*.rs");
    t.compile_fail("ui/protect/fail/*.rs");
    t.pass("ui/routes/pass/*.rs");
    t.compile_fail("ui/routes/fail/*.rs");
    t.pass("ui/public/pass/*.rs");
    t.compile_fail("ui/public/fail/*.rs");
    t.pass("ui/handlers/pass/*.rs");
    t.compile_fail("ui/handlers/fail/*.rs");
    t.pass("ui/guarded/pass/*.rs");
    t.compile_fail("ui/guarded/fail/*.rs");
}
