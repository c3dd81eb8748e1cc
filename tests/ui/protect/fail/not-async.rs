use clerk_runtime::protect;

#[protect]
fn dashboard() -> &'static str {
    "dashboard"
}

fn main() {}
