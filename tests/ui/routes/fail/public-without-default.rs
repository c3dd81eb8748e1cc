use clerk_runtime::clerk_routes;
use clerk_runtime::requirement::RouteTable;

static ROUTES: RouteTable = clerk_routes! {
    public "/sign-in/:path*";
    "/admin(.*)" => role = "org:admin";
};

fn main() {}
