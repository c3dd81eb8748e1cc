use clerk_runtime::protect;

#[protect(permission = "org:sys_domain:manage")]
async fn domains() {}

fn main() {}
