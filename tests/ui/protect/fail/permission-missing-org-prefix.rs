use clerk_runtime::protect;

#[protect(permission = "invoices:create")]
async fn invoices() {}

fn main() {}
