#!/usr/bin/env bash
# Browser tests of the dashboard (web/tests/run.mjs): playwright-core drives
# Debian's chromium headless against the real `smartspec serve` on a fresh
# database. Builds the binary (debug; SMARTSPEC_BIN=path to use another),
# installs what is missing (web/node_modules by `npm ci`; chromium by apt),
# starts the server on a free port, waits for its address line, runs the
# tests, stops the server.
#   scripts/test_web.sh                 the tests
#   scripts/test_web.sh --screenshots   the same, saving docs/img/dashboard-*.png
set -euo pipefail
cd "$(dirname "$0")/.."

shots=""
if [ "${1:-}" = "--screenshots" ]; then shots="$PWD/docs/img"; fi

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "scripts/test_web.sh: node and npm are needed" >&2
  exit 2
fi
chromium="${CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
  if command -v apt-get >/dev/null 2>&1; then
    echo "scripts/test_web.sh: installing chromium" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "scripts/test_web.sh: $chromium missing and no apt-get to install it" >&2
    exit 2
  fi
fi
if [ ! -d web/node_modules/playwright-core ]; then
  npm --prefix web ci --no-audit --no-fund
fi

bin="${SMARTSPEC_BIN:-}"
if [ -z "$bin" ]; then
  cargo build --locked -p smartspec-cli
  bin="$PWD/target/debug/smartspec"
fi

tmp="$(mktemp -d)"
pid=""
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

db="$tmp/dashboard.db"
EDITOR_TOKEN="$("$bin" users add ed --role region-editor --region ITC1 --db "$db" 2>/dev/null)"
VIEWER_TOKEN="$("$bin" users add vi --role viewer --db "$db" 2>/dev/null)"
ADMIN_TOKEN="$("$bin" users add ad --role admin --db "$db" 2>/dev/null)"
EXPERT_TOKEN="$("$bin" users add eva --role expert --db "$db" 2>/dev/null)"
"$bin" serve --db "$db" --addr 127.0.0.1:0 >"$tmp/serve.out" 2>"$tmp/serve.err" &
pid=$!

addr=""
for _ in $(seq 1 600); do
  addr="$(grep -o -m1 'listening on http://[0-9.:]*' "$tmp/serve.out" 2>/dev/null | sed 's/^listening on //')" || true
  [ -n "$addr" ] && break
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "scripts/test_web.sh: smartspec serve exited:" >&2
    cat "$tmp/serve.err" >&2
    exit 1
  fi
  sleep 0.1
done
if [ -z "$addr" ]; then
  echo "scripts/test_web.sh: no 'listening on' line from smartspec serve within 60 s" >&2
  exit 1
fi
echo "scripts/test_web.sh: dashboard at $addr"

BASE_URL="$addr" SMARTSPEC_BIN="$bin" EDITOR_TOKEN="$EDITOR_TOKEN" VIEWER_TOKEN="$VIEWER_TOKEN" \
  ADMIN_TOKEN="$ADMIN_TOKEN" EXPERT_TOKEN="$EXPERT_TOKEN" \
  SCREENSHOTS="$shots" CHROMIUM="$chromium" node web/tests/run.mjs
