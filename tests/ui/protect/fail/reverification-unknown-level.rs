use clerk_runtime::protect;

#[protect(reverification = "strict-mfa")]
async fn delete_account() {}

fn main() {}
