// The warning for a public `(.*)` that also opens sibling paths (made an error here).
#![deny(deprecated)]

use clerk_runtime::clerk_routes;
use clerk_runtime::requirement::RouteTable;

static ROUTES: RouteTable = clerk_routes! {
    default => signed_in;
    public "/sign-in(.*)", "/sign-up/:path*";
};

fn main() {}
