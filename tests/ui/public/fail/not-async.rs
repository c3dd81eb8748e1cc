use clerk_runtime::public;

#[public]
fn home() {}

fn main() {}
