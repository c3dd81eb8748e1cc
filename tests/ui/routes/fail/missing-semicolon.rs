use clerk_runtime::clerk_routes;
use clerk_runtime::requirement::RouteTable;

static ROUTES: RouteTable = clerk_routes! {
    "/dashboard(.*)" => signed_in
    "/admin(.*)" => role = "org:admin";
};

fn main() {
    let _ = &ROUTES;
}
