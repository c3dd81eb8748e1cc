use clerk_runtime::protect;

#[protect(role = org_admin)]
async fn admin() {}

fn main() {}
