// Well-formed system permissions compile with a warning (made an error here to show it).
#![deny(deprecated)]

use clerk_runtime::protect;

#[protect(permission = "org:sys_memberships:manage")]
async fn members() {}

fn main() {}
