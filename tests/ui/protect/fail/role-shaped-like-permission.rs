use clerk_runtime::protect;

#[protect(role = "org:invoices:create")]
async fn admin() {}

fn main() {}
