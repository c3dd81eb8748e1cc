use clerk_runtime::clerk_routes;
use clerk_runtime::requirement::RouteTable;

static ROUTES: RouteTable = clerk_routes! {
    "/admin(.*)" => role = "org:admin", crate = ::clerk_runtime;
};

fn main() {}
