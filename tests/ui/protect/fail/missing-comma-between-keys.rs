use clerk_runtime::protect;

#[protect(role = "org:admin" permission = "org:reports:read")]
async fn reports() {}

fn main() {}
