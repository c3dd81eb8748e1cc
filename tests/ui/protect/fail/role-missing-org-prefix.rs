use clerk_runtime::protect;

#[protect(role = "member")]
async fn members() {}

fn main() {}
