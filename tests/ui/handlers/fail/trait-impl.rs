use clerk_runtime::{handlers, protect};

trait Show {
    async fn show();
}

struct Admin;

#[handlers]
impl Show for Admin {
    #[protect]
    async fn show() {}
}

fn main() {}
