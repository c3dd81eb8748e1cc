use clerk_runtime::clerk_routes;
use clerk_runtime::requirement::RouteTable;

static ROUTES: RouteTable = clerk_routes! {
    default => signed_in;
    public "/sign-in/:path*";
    default => role = "org:member";
};

fn main() {}
