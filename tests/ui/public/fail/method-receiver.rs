use clerk_runtime::public;

struct Pages;

impl Pages {
    #[public]
    async fn about(&self) {}
}

fn main() {}
