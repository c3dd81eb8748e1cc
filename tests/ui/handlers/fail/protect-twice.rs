use clerk_runtime::{handlers, protect};

struct Admin;

#[handlers]
impl Admin {
    #[protect(role = "org:admin")]
    #[protect(permission = "org:invoices:read")]
    async fn show() {}
}

fn main() {}
