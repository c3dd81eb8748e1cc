// Every malformed literal is reported, each at its own literal.
use clerk_runtime::protect;

#[protect(
    role = "admin_role",
    permission = "org:invoices" | "org:reports:read",
    feature = "lol:beta",
    unauthenticated_url = "example.com/sign-in",
)]
async fn admin() {}

fn main() {}
