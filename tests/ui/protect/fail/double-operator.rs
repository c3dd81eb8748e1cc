use clerk_runtime::protect;

#[protect(permission = "org:a:read" || "org:b:read")]
async fn reports() {}

fn main() {}
