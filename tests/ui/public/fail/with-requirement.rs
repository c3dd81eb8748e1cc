use clerk_runtime::public;

#[public(role = "org:admin")]
async fn admin() {}

fn main() {}
