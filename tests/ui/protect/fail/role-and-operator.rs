use clerk_runtime::protect;

#[protect(role = "org:admin" & "org:billing")]
async fn admin() {}

fn main() {}
