// The sibling-path warning is silenced by `#[allow(deprecated)]` on the table.
#![deny(deprecated)]

use clerk_runtime::clerk_routes;
use clerk_runtime::requirement::RouteTable;

#[allow(deprecated)]
static ROUTES: RouteTable = clerk_routes! {
    default => signed_in;
    public "/sign-in(.*)", "/sign-up(.*)";
};

fn main() {
    assert!(ROUTES.rules.is_empty());
}
