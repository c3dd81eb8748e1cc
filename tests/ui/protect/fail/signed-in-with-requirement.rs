use clerk_runtime::protect;

#[protect(signed_in, role = "org:admin")]
async fn admin() {}

fn main() {}
