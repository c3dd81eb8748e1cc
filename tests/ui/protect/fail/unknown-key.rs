use clerk_runtime::protect;

#[protect(perm = "org:invoices:create")]
async fn invoices() {}

fn main() {}
