use clerk_runtime::protect;

#[protect(role = "org:admin", unauthorized_url = "ftp://example.com/denied")]
async fn admin() {}

fn main() {}
