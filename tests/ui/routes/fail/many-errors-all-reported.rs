// All errors of a table are reported at once, and the table still has its type: the code
// that uses it shows no follow-on error.
use clerk_runtime::clerk_routes;
use clerk_runtime::requirement::RouteTable;

static ROUTES: RouteTable = clerk_routes! {
    "/admin(.*)" => permission = "org:sys_domains_manage";
    "/orgs/:id:slug" => signed_in;
    "/admin(.*)" => role = "org:admin";
    "/billing(.*)" => plan = "pro", unauthorized_url = "/pricing";
    "/x" => ;
};

fn main() {
    assert!(ROUTES.rules.is_empty());
}
