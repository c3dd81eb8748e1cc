#!/usr/bin/env bash
# Measures our criterion benches and Clerk's JS (the oracle's bench.mjs) in one run, and prints the
# table that BENCHMARKS.md records. Needs node >= 20.9 and npm (for the oracle), about 3 minutes.
#   bash scripts/bench.sh            # full run
#   QUICK=1 bash scripts/bench.sh    # short smoke run
set -euo pipefail
cd "$(dirname "$0")/.."
ORACLE_SRC=${ORACLE_SRC:-../shared/conformance}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cp -r "$ORACLE_SRC" "$work/oracle" && chmod -R u+w "$work/oracle"
bash "$work/oracle/setup.sh"
if [[ -n ${QUICK:-} ]]; then
  node "$work/oracle/bench.mjs" --quick | tee "$work/clerk.txt"
  crit=(--warm-up-time 1 --measurement-time 2)
else
  node "$work/oracle/bench.mjs" | tee "$work/clerk.txt"
  crit=(--warm-up-time 2 --measurement-time 5)
fi
target=${CARGO_TARGET_DIR:-target}
rm -rf "$target/criterion"
cargo bench -p clerk-runtime --bench verify --bench route_match -- "${crit[@]}"
python3 scripts/bench_table.py "$work/clerk.txt" "$target/criterion"
