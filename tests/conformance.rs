//! Conformance against Clerk's oracle: every public case in `tests/conformance/cases/` runs
//! through the library and must give the answer Clerk's own code gave (`expected/`), unless the
//! case is listed in `tests/conformance/DEVIATIONS.md` with its reason.

#[path = "conformance/authenticate.rs"]
mod authenticate;
#[path = "conformance/common.rs"]
mod common;
#[path = "conformance/has.rs"]
mod has;
#[path = "conformance/matching.rs"]
mod matching;
#[path = "conformance/verify.rs"]
mod verify;
