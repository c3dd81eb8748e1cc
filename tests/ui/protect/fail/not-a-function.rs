use clerk_runtime::protect;

#[protect(role = "org:admin")]
struct Dashboard;

fn main() {}
