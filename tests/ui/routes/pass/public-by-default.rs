// Clerk's default: everything is public unless a rule protects it.
use clerk_runtime::clerk_routes;
use clerk_runtime::requirement::{RouteDefault, RouteTable};

static ROUTES: RouteTable = clerk_routes! {
    "/dashboard(.*)", "/forum(.*)" => signed_in;
    "/admin(.*)" => permission = "org:admin:read" | ("org:admin:write" & "org:audit:read");
    "/orgs/:id/settings(.*)" => role = "org:admin" | "admin", unauthorized_url = "https://example.com/denied";
    "/reports(.*)" => feature = "org:reports", plan = "business";
    "/danger" => reverification = "strict", unauthenticated_url = "https://example.com/sign-in";
};

fn main() {
    assert_eq!(ROUTES.rules.len(), 5);
    assert_eq!(ROUTES.rules[0].patterns, ["/dashboard(.*)", "/forum(.*)"]);
    assert_eq!(ROUTES.rules[0].regexes.len(), 2);
    assert!(ROUTES.rules[0].protection.requirement.is_none());
    assert_eq!(ROUTES.default, RouteDefault::Public);
}
