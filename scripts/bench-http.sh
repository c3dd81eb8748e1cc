#!/usr/bin/env bash
# End-to-end HTTP benchmark: the layer's variants against bare axum, and Clerk's own stack
# (Next.js + @clerk/nextjs clerkMiddleware) on the same routes, in one run. Prints the table
# BENCHMARKS.md records. Not part of CI. Needs root for `apt-get install wrk` when wrk is missing,
# node >= 20.9 and npm (the npm registry) for the Next.js app, and 2 cores (server and load
# generator are pinned apart: SERVER_CPU, LOAD_CPU).
#   bash scripts/bench-http.sh            # 3 rounds x 10 s per variant, ~15 minutes
#   bash scripts/bench-http.sh --quick    # 1 round x 3 s, a smoke run
#   bash scripts/bench-http.sh --no-next  # the Rust variants only
set -euo pipefail
cd "$(dirname "$0")/.."

rounds=3 duration=10s next=1
for arg in "$@"; do
  case $arg in
    --quick) rounds=1 duration=3s ;;
    --no-next) next= ;;
    *) echo "usage: $0 [--quick] [--no-next]" >&2; exit 2 ;;
  esac
done

if ! command -v wrk >/dev/null; then
  apt-get update -qq && apt-get install -y -qq wrk
fi
for tool in taskset python3; do
  command -v "$tool" >/dev/null || { echo "$tool is required" >&2; exit 1; }
done

target=$(cargo metadata --format-version 1 --no-deps |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
cargo build --release -q -p clerk-examples --example bench_server
cargo build --release -q -p clerk-cli --bin clerk
server="$target/release/examples/bench_server"
clerk="$target/release/clerk"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
keys=tests/conformance/keys
# One key pair for both stacks; tokens live 4 hours.
"$clerk" mint --key "$keys/rsa2048-a.private.pem" --sub user_bench --org-id org_1 \
  --org-role admin --permission org:invoices:read --ttl 14400 > "$work/token.txt"
"$server" mint-many 10000 "$keys/rsa2048-a.private.pem" > "$work/tokens.txt"

next_args=()
if [[ -n $next ]]; then
  app=scripts/bench-next
  (
    cd "$app"
    export NEXT_TELEMETRY_DISABLED=1 CLERK_TELEMETRY_DISABLED=1
    [[ -d node_modules/next ]] || npm ci --no-audit --no-fund
    # Rebuild only when a source changed since the last build.
    if [[ -f .next/BUILD_ID ]] && [[ -z $(find app proxy.js next.config.js package-lock.json \
      -newer .next/BUILD_ID -print -quit) ]]; then
      exit 0
    fi
    CLERK_PUBLISHABLE_KEY=pk_test_Y2xlcmsuZXhhbXBsZS5jb20k \
      NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY=pk_test_Y2xlcmsuZXhhbXBsZS5jb20k \
      CLERK_SECRET_KEY=sk_test_benchmark npx --no-install next build > "$work/next-build.log" 2>&1 \
      || { cat "$work/next-build.log" >&2; exit 1; }
  )
  next_args=(--next-dir "$PWD/$app")
fi

python3 scripts/bench-http/run.py \
  --server "$server" --public-key "$keys/rsa2048-a.public.pem" \
  --token "$work/token.txt" --tokens-file "$work/tokens.txt" \
  --rotate-lua scripts/bench-http/rotate.lua \
  --rounds "$rounds" --duration "$duration" \
  --server-cpu "${SERVER_CPU:-0}" --load-cpu "${LOAD_CPU:-1}" \
  --json "${BENCH_JSON:-$target/bench-http.json}" "${next_args[@]}"
