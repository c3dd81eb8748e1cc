use clerk_runtime::protect;

#[protect(unauthenticated_url = "https://example.com/sign in")]
async fn dashboard() {}

fn main() {}
