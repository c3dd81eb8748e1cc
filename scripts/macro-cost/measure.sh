#!/usr/bin/env bash
# Clean debug build time of a crate with 200 `#[protect]` handlers and a 200-rule `clerk_routes!`
# table, against the same crate written by hand (see gen.py). Dependencies are built once
# first; then each crate is `cargo clean -p`'d and rebuilt RUNS times (default 3), and the
# median is printed. Uses CARGO_TARGET_DIR (default: this worktree's target/) to reuse the
# dependencies already built there.
#   bash scripts/macro-cost/measure.sh [OUT_DIR] [N]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-/tmp/macro-cost}
n=${2:-200}
runs=${RUNS:-3}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$here/../../target}
python3 "$here/gen.py" "$out" "$n"
echo "uptime before: $(uptime)"
for crate in with_macros without_macros; do
  (cd "$out/$crate" && cargo build --quiet)   # dependencies, once
  times=()
  for _ in $(seq "$runs"); do
    (cd "$out/$crate" && cargo clean --quiet -p "$crate")
    start=$(date +%s.%N)
    (cd "$out/$crate" && cargo build --quiet)
    end=$(date +%s.%N)
    times+=("$(echo "$end - $start" | bc)")
  done
  median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
  echo "$crate: runs ${times[*]} s; median $median s"
done
echo "uptime after: $(uptime)"
