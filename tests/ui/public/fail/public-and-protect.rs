// A handler says one thing: public, or protected.
use clerk_runtime::{protect, public};

#[public]
#[protect(role = "org:admin")]
async fn admin() {}

fn main() {}
