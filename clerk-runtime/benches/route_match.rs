//! Verification benches.
fn main() {}
