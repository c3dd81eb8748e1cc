// A table is a constant expression: usable in a `const`, a `static` and a `let`.
use clerk_runtime::clerk_routes;
use clerk_runtime::requirement::RouteTable;

const CONST_TABLE: RouteTable = clerk_routes! { "/a(.*)" => signed_in; };
static STATIC_TABLE: RouteTable = clerk_routes! { "/b(.*)" => signed_in };

fn main() {
    let local: RouteTable = clerk_routes! { "/c(.*)" => role = "org:admin"; };
    let empty: RouteTable = clerk_routes! {};
    assert_eq!(CONST_TABLE.rules[0].patterns, ["/a(.*)"]);
    assert_eq!(STATIC_TABLE.rules[0].patterns, ["/b(.*)"]);
    assert_eq!(local.rules[0].patterns, ["/c(.*)"]);
    assert!(empty.rules.is_empty());
}
