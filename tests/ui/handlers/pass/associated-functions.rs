// `#[protect]` and `#[public]` on associated functions of a `#[handlers]` block: used as
// `get(Api::list)` in a `GuardedRouter` and in axum's own router; other items stay as they
// are; two types may have methods of the same name.
use axum::Router;
use axum::extract::State;
use clerk_runtime::guarded::{self, GuardedRouter};
use clerk_runtime::{handlers, protect, public};

#[derive(Clone)]
struct Db;

struct Invoices;

#[handlers]
impl Invoices {
    const LIMIT: usize = 10;

    fn limit() -> usize {
        Self::LIMIT
    }

    /// Lists invoices.
    #[protect(permission = "org:invoices:read")]
    pub async fn list(State(_db): State<Db>) -> String {
        format!("{} invoices", Self::limit())
    }

    #[clerk_runtime::protect(role = "org:admin", unauthorized_url = "https://example.com/denied")]
    pub(crate) async fn delete(State(_db): State<Db>, body: String) -> String {
        body
    }

    #[public]
    async fn count() -> &'static str {
        "3"
    }
}

struct Members;

#[handlers]
impl Members {
    #[protect]
    async fn list() -> &'static str {
        "members"
    }
}

struct Generic<T>(T);

#[handlers]
impl<T: Send + 'static> Generic<T> {
    #[protect(crate = ::clerk_runtime)]
    async fn show() -> &'static str {
        "generic"
    }
}

fn main() {
    let _guarded: Router = GuardedRouter::new()
        .route("/invoices", guarded::get(Invoices::list).delete(Invoices::delete))
        .route("/invoices/count", guarded::get(Invoices::count))
        .route("/members", guarded::get(Members::list))
        .route("/generic", guarded::get(Generic::<u8>::show))
        .with_state(Db)
        .into_router();
    let _plain: Router = Router::new()
        .route("/invoices", axum::routing::get(Invoices::list))
        .with_state(Db);
}
