// `crate = path;` for a renamed clerk-runtime.
extern crate clerk_runtime as my_clerk;

static ROUTES: my_clerk::requirement::RouteTable = my_clerk::clerk_routes! {
    crate = ::my_clerk;
    "/admin(.*)" => role = "org:admin";
};

fn main() {
    assert_eq!(ROUTES.rules.len(), 1);
}
