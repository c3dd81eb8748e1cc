use clerk_runtime::protect;

#[protect(plan = "org:business:annual")]
async fn billing() {}

fn main() {}
