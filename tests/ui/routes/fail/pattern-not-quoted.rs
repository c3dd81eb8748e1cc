use clerk_runtime::clerk_routes;
use clerk_runtime::requirement::RouteTable;

static ROUTES: RouteTable = clerk_routes! {
    "/dashboard(.*)", admin => signed_in;
};

fn main() {
    let _ = &ROUTES;
}
