#!/usr/bin/env bash
# Property-based API test: a pinned schemathesis (in a virtualenv made here)
# generates requests from /openapi.json and checks that the server never
# answers with a 5xx. Bounded: 50 examples per operation.
#   bash scripts/schemathesis.sh
set -euo pipefail
cd "$(dirname "$0")/.."
venv=target/schemathesis-venv
if [ ! -x "$venv/bin/schemathesis" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet "schemathesis==4.32.5"
fi
cargo build -p smartspec-cli
bin="${CARGO_TARGET_DIR:-./target}/debug/smartspec"
dir=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$dir"' EXIT
token=$($bin users add fuzz --role admin --db "$dir/s.db" 2>/dev/null)
$bin serve --db "$dir/s.db" --addr 127.0.0.1:0 --rate-limit 0 > "$dir/addr" 2>/dev/null &
pid=$!
for _ in $(seq 100); do [ -s "$dir/addr" ] && break; sleep 0.1; done
url=$(sed 's/listening on //' "$dir/addr")
timeout 600 "$venv/bin/schemathesis" run "$url/openapi.json" \
  --header "Authorization: Bearer $token" \
  --checks not_a_server_error \
  --max-examples 50 \
  --workers 1 \
  --seed 42
