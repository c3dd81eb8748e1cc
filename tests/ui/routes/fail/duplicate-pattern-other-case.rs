use clerk_runtime::clerk_routes;
use clerk_runtime::requirement::RouteTable;

static ROUTES: RouteTable = clerk_routes! {
    default => signed_in;
    public "/sign-in/:path*";
    "/Sign-In/:path*" => role = "org:admin";
};

fn main() {}
