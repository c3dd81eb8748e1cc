use clerk_runtime::protect;

#[protect]
const async fn dashboard() {}

fn main() {}
