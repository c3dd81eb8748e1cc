// Without `#[handlers]` on the block, `#[protect]` on an associated function can't declare
// its marker type (rustc's message).
use clerk_runtime::protect;

struct Admin;

impl Admin {
    #[protect(role = "org:admin")]
    async fn show() {}
}

fn main() {}
