use clerk_runtime::handlers;

#[handlers]
async fn show() {}

fn main() {}
