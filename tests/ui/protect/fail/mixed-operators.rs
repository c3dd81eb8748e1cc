use clerk_runtime::protect;

#[protect(permission = "org:a:read" | "org:b:read" & "org:c:read")]
async fn reports() {}

fn main() {}
