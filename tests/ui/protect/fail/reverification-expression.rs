use clerk_runtime::protect;

#[protect(reverification = "strict" | "lax")]
async fn settings() {}

fn main() {}
