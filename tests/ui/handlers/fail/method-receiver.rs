use clerk_runtime::{handlers, protect};

struct Admin;

#[handlers]
impl Admin {
    #[protect(role = "org:admin")]
    async fn show(&self) {}
}

fn main() {}
