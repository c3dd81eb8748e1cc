use clerk_runtime::{handlers, protect};

struct Admin;

#[handlers(role = "org:admin")]
impl Admin {
    #[protect]
    async fn show() {}
}

fn main() {}
