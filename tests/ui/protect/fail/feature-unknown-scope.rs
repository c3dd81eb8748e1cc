use clerk_runtime::protect;

#[protect(feature = "orgs:reports")]
async fn reports() {}

fn main() {}
