use clerk_runtime::protect;

#[protect(unauthenticated_url = "https://")]
async fn dashboard() {}

fn main() {}
