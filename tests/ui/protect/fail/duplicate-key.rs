use clerk_runtime::protect;

#[protect(permission = "org:invoices:create", permission = "org:invoices:read")]
async fn invoices() {}

fn main() {}
