use clerk_runtime::protect;

#[protect(unauthorized_url = "https://example.com/denied")]
async fn dashboard() {}

fn main() {}
