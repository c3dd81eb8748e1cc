use clerk_runtime::public;

#[public]
struct Home;

fn main() {}
