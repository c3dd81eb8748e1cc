use clerk_runtime::protect;

#[protect(unauthenticated_url = "/sign-in")]
async fn dashboard() {}

fn main() {}
