// The example of Clerk's `clerkMiddleware()` guide: one error, on the second literal, suggesting the real key.
use clerk_runtime::protect;

#[protect(permission = "org:sys_memberships:manage" | "org:sys_domains_manage")]
async fn admin() {}

fn main() {}
