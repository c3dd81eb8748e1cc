use clerk_runtime::protect;

#[protect(permission = "org:invoices:create:all")]
async fn invoices() {}

fn main() {}
