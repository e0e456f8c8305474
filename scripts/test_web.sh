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
  bin="${CARGO_TARGET_DIR:-$PWD/target}/debug/smartspec"
fi

tmp="$(mktemp -d)"
pid=""
pid2=""
cleanup() {
  for p in $pid $pid2; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT

# waits for the "listening on" line of a server writing to $1 (pid $2)
address_of() {
  local out=$1 p=$2 a=""
  for _ in $(seq 1 600); do
    a="$(grep -o -m1 'listening on http://[0-9.:]*' "$out" 2>/dev/null | sed 's/^listening on //')" || true
    [ -n "$a" ] && { echo "$a"; return 0; }
    if ! kill -0 "$p" 2>/dev/null; then
      echo "scripts/test_web.sh: smartspec serve exited:" >&2
      cat "${out%.out}.err" >&2
      return 1
    fi
    sleep 0.1
  done
  echo "scripts/test_web.sh: no 'listening on' line from smartspec serve within 60 s" >&2
  return 1
}

db="$tmp/dashboard.db"
EDITOR_TOKEN="$("$bin" users add ed --role region-editor --region ITC1 --db "$db" 2>/dev/null)"
VIEWER_TOKEN="$("$bin" users add vi --role viewer --db "$db" 2>/dev/null)"
ADMIN_TOKEN="$("$bin" users add ad --role admin --db "$db" 2>/dev/null)"
EXPERT_TOKEN="$("$bin" users add eva --role expert --db "$db" 2>/dev/null)"
"$bin" serve --db "$db" --addr 127.0.0.1:0 >"$tmp/serve.out" 2>"$tmp/serve.err" &
pid=$!

addr="$(address_of "$tmp/serve.out" "$pid")"
echo "scripts/test_web.sh: dashboard at $addr"

# a second server on a user's dataset (tests/data: six countries' SBS TSV
# and their context), for the test of `serve --dataset`
dataset="$tmp/user-dataset"
"$bin" dataset build "$dataset" --panel tests/data/sbs_v16110_at_cz_dk_hu_si_sk.tsv.gz \
  --context tests/data/context_at_cz_dk_hu_si_sk.csv.gz --activities nace 2>/dev/null
"$bin" serve --db "$tmp/dataset.db" --dataset "$dataset" --addr 127.0.0.1:0 >"$tmp/serve2.out" 2>"$tmp/serve2.err" &
pid2=$!
dataset_addr="$(address_of "$tmp/serve2.out" "$pid2")"

DATASET_URL="$dataset_addr" DATASET_DIR="$dataset" BASE_URL="$addr" SMARTSPEC_BIN="$bin" EDITOR_TOKEN="$EDITOR_TOKEN" VIEWER_TOKEN="$VIEWER_TOKEN" \
  ADMIN_TOKEN="$ADMIN_TOKEN" EXPERT_TOKEN="$EXPERT_TOKEN" \
  SCREENSHOTS="$shots" CHROMIUM="$chromium" node web/tests/run.mjs
