use clerk_runtime::protect;

#[protect(signed_in = "yes")]
async fn dashboard() {}

fn main() {}
