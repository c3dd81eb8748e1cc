use clerk_runtime::protect;

struct Admin;

impl Admin {
    #[protect(role = "org:admin")]
    async fn show(&self) {}
}

fn main() {}
