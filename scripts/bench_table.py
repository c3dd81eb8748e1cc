#!/usr/bin/env python3
"""Prints the BENCHMARKS.md table: our criterion results beside Clerk's JS (bench.mjs) from one run.

Usage: bench_table.py CLERK_OUTPUT.txt TARGET/criterion
"""
import json
import re
import sys
from pathlib import Path


def clerk_ops(text, prefix):
    for line in text.splitlines():
        if line.startswith("| " + prefix):
            cells = [c.strip() for c in line.strip("|").split("|")]
            return float(cells[1].replace(",", ""))
    raise SystemExit(f"bench.mjs output has no row starting with {prefix!r}")


def ns(criterion, rel):
    path = Path(criterion) / rel / "new" / "estimates.json"
    if not path.exists():
        raise SystemExit(f"missing criterion result {path}")
    return json.loads(path.read_text())["median"]["point_estimate"]


def main():
    clerk_txt = Path(sys.argv[1]).read_text()
    crit = sys.argv[2]
    header = [l for l in clerk_txt.splitlines() if l.startswith(("date:", "runs:", "matcher table:", "verifyToken first"))]
    clerk_match = clerk_ops(clerk_txt, "createRouteMatcher: match one")
    clerk_build = clerk_ops(clerk_txt, "createRouteMatcher: build")
    clerk_verify = clerk_ops(clerk_txt, "verifyToken(")

    paths = 20
    m10 = ns(crit, "route_match_10 patterns/matches (normalise + match), 20 paths") / paths
    m1000 = ns(crit, "route_match_1000 patterns/matches (normalise + match), 20 paths") / paths
    w10 = ns(crit, "route_match_10 patterns/matching_patterns (which patterns), 20 paths") / paths
    b10 = ns(crit, "route_match_build/compile the 10-pattern table")
    cold = ns(crit, "verify/cold_no_cache")
    miss = ns(crit, "verify/cold_miss_and_insert")
    hit = ns(crit, "verify/cached_hit")

    def row(what, ours_ns, clerk_ops_s, target):
        ours_ops = 1e9 / ours_ns
        ratio = ours_ops / clerk_ops_s if clerk_ops_s else float("nan")
        print(f"| {what} | {ours_ns:,.1f} ns | {ours_ops:,.0f} | {clerk_ops_s:,.0f} | {ratio:,.1f}x | {target} |")

    print("Clerk's side (node bench.mjs, same run):")
    for l in header:
        print("    " + l)
    print()
    print("| what | ours per op (median) | ours ops/s | Clerk ops/s | ratio | target |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    row("verify a session token, cold (RS256, PEM key, no cache)", cold, clerk_verify, ">= 6x")
    row("verify, cache miss + insert (every call misses)", miss, clerk_verify, "")
    row("verify, cached (same token again)", hit, clerk_verify, ">= 100x")
    row("match one path, 10-pattern table (normalise + match)", m10, clerk_match, ">= 50x")
    row("which patterns match, 10-pattern table", w10, clerk_match, "")
    row("match one path, 1,000-pattern table", m1000, clerk_match, "")
    row("build the 10-pattern matcher", b10, clerk_build, "")
    print()
    print(f"1,000-pattern table vs 10-pattern table, time per match: {m1000 / m10:.2f}x (target <= 3x)")


if __name__ == "__main__":
    main()
