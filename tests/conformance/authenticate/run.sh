#!/usr/bin/env bash
# Regenerates the authenticateRequest conformance files:
#   ../cases/authenticate.jsonl     (gen-cases.mjs, deterministic)
#   ../expected/authenticate.jsonl  (run.mjs: Clerk's own authenticateRequest answers them)
# Installs the pinned @clerk/backend 3.25.0 with `npm ci` first (skipped when node_modules
# already matches package-lock.json). Needs Node >= 20.9 and npm; `cargo test` does not.
set -euo pipefail
cd "$(dirname "$0")"
stamp=node_modules/.lock.sha256
want=$(sha256sum package-lock.json package.json | sha256sum | cut -d' ' -f1)
if [[ ! -f $stamp || "$(cat "$stamp")" != "$want" ]]; then
  npm ci --no-audit --no-fund --loglevel=error >/dev/null
  echo "$want" > "$stamp"
fi
node gen-cases.mjs
node run.mjs
