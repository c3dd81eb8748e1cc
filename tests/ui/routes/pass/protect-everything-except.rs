// "Protect all routes" from Clerk's `clerkMiddleware()` guide, with segment-safe public patterns (no warning).
#![deny(deprecated)]

use clerk_runtime::clerk_routes;
use clerk_runtime::requirement::{RouteDefault, RouteTable};

static ROUTES: RouteTable = clerk_routes! {
    default => signed_in, unauthenticated_url = "https://example.com/sign-in";
    public "/sign-in/:path*", "/sign-up/:path*";
    public "/";
    "/admin(.*)" => role = "org:admin";
};

fn main() {
    let RouteDefault::SignedIn { public, protection } = &ROUTES.default else {
        panic!("protect-everything mode");
    };
    assert_eq!(public.patterns, ["/sign-in/:path*", "/sign-up/:path*", "/"]);
    assert!(protection.requirement.is_none());
    assert_eq!(protection.unauthenticated_url.as_deref(), Some("https://example.com/sign-in"));
    assert_eq!(ROUTES.rules.len(), 1);
}
