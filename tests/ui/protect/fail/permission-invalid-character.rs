use clerk_runtime::protect;

#[protect(permission = "org:invoices:create!")]
async fn invoices() {}

fn main() {}
