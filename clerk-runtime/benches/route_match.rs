//! Route matching speed: the 10-pattern table and 20 paths of Clerk's own benchmark
//! (`conformance/bench.mjs`), and a generated 1,000-pattern table on the same paths.
//!
//! Run: `cargo bench -p clerk-runtime --bench route_match -- --warm-up-time 1 --measurement-time 3`
//!
//! Throughput is in paths per second ("elements"); each iteration matches all 20 paths, each
//! normalised first, as `createRouteMatcher` does per request. Clerk's figure on the project
//! machine is about 1.04 M matches/s for the 10-pattern table.

use std::hint::black_box;

use clerk_runtime::matcher::{RouteMatcher, normalize_path};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

/// `TABLE` in `bench.mjs`.
const TABLE: [&str; 10] = [
    "/dashboard(.*)",
    "/admin(.*)",
    "/api/private(.*)",
    "/settings/:section*",
    "/org/:slug/settings(.*)",
    r"/users/:id(\d+)/edit",
    "/billing",
    "/forum(.*)",
    "/reports/:year/:month?",
    "/api/webhooks/:provider",
];

/// `PATHS` in `bench.mjs` (12 of the 20 match `TABLE`).
const PATHS: [&str; 20] = [
    "/",
    "/sign-in",
    "/dashboard",
    "/dashboard/projects/42",
    "/admin/users",
    "/api/public/health",
    "/api/private/data",
    "/settings/profile/security",
    "/org/acme/settings/members",
    "/users/1234/edit",
    "/users/abc/edit",
    "/billing",
    "/billing/",
    "/forum/thread/99",
    "/reports/2026/11",
    "/blog/hello-world",
    "/api/webhooks/stripe",
    "/_next/static/chunk.js",
    "/favicon.ico",
    "/about",
];

/// A realistic large table: `TABLE` plus 990 generated patterns in the shapes apps use
/// (subtrees, parameters, typed ids, optional and repeated segments, API versions).
fn large_table() -> Vec<String> {
    const AREAS: [&str; 11] = [
        "app", "api", "org", "team", "shop", "docs", "account", "project", "store", "admin",
        "studio",
    ];
    let mut table: Vec<String> = TABLE.iter().map(|p| (*p).to_owned()).collect();
    let mut i = 0;
    while table.len() < 1000 {
        let area = AREAS[i % AREAS.len()];
        let resource = format!("resource{i}");
        let pattern = match i % 9 {
            0 => format!("/{area}/{resource}(.*)"),
            1 => format!("/{area}/{resource}/:id"),
            2 => format!(r"/{area}/{resource}/:id(\d+)/edit"),
            3 => format!("/{area}/:slug/{resource}/:path*"),
            4 => format!("/{area}/v{}/{resource}/:id?", i % 4 + 1),
            5 => format!("/{area}/{resource}/:a/:b/settings(.*)"),
            6 => format!("/{area}/{resource}{{/:tab}}?"),
            7 => format!("/{area}/{resource}/(.*)"),
            _ => format!("/{area}-{resource}/:rest+"),
        };
        table.push(pattern);
        i += 1;
    }
    table
}

fn match_paths(c: &mut Criterion, name: &str, matcher: &RouteMatcher) {
    let mut group = c.benchmark_group(name);
    group.throughput(Throughput::Elements(PATHS.len() as u64));
    group.bench_function("matches (normalise + match), 20 paths", |b| {
        b.iter(|| {
            let mut hits = 0;
            for path in PATHS {
                if matcher.matches(black_box(path)).unwrap_or(false) {
                    hits += 1;
                }
            }
            hits
        });
    });
    let normalized: Vec<String> = PATHS
        .iter()
        .map(|p| normalize_path(p).unwrap().into_owned())
        .collect();
    group.bench_function("matching_patterns (which patterns), 20 paths", |b| {
        b.iter(|| {
            let mut hits = 0;
            for path in &normalized {
                hits += matcher.matching_patterns(black_box(path)).len();
            }
            hits
        });
    });
    group.finish();
}

fn bench(c: &mut Criterion) {
    let small = RouteMatcher::new(TABLE).expect("bench table compiles");
    let matched = PATHS.iter().filter(|p| small.matches(p).unwrap()).count();
    assert_eq!(matched, 12, "12 of bench.mjs's 20 paths match, as in Clerk");
    match_paths(c, "route_match/10 patterns", &small);

    let large_patterns = large_table();
    let large = RouteMatcher::new(&large_patterns).expect("large table compiles");
    eprintln!("1,000-pattern table engine: {}", engine_of(&large));
    match_paths(c, "route_match/1000 patterns", &large);

    let mut build = c.benchmark_group("route_match/build");
    build.bench_function("compile the 10-pattern table", |b| {
        b.iter(|| RouteMatcher::new(black_box(TABLE)).unwrap());
    });
    build.sample_size(10);
    build.bench_function("compile the 1,000-pattern table", |b| {
        b.iter(|| RouteMatcher::new(black_box(&large_patterns)).unwrap());
    });
    build.finish();
}

/// The engine name from the matcher's `Debug` output.
fn engine_of(matcher: &RouteMatcher) -> String {
    let debug = format!("{matcher:?}");
    debug
        .split("engine: \"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or("?")
        .to_owned()
}

criterion_group!(benches, bench);
criterion_main!(benches);
