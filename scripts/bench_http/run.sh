#!/usr/bin/env bash
# Load test of `smartspec serve` with Debian's wrk (apt-get install wrk),
# server pinned to core 1, client to core 0. Prints wrk's reports; the
# figures go to BENCHMARKS.md by hand.
#   bash scripts/bench_http/run.sh [SECONDS]
# The server runs with its default limits except the rate limit: the
# benchmark sends tens of thousands of requests per second from one address
# with one token, far above the default 100/s, so it passes
# --rate-limit ${RATE_LIMIT:-1000000} (the limiter still runs on every request; RATE_LIMIT=100
# gives the default, and wrk then counts the 429s as non-2xx responses).
set -euo pipefail
cd "$(dirname "$0")/../.."
secs="${1:-30}"
command -v wrk >/dev/null || { echo "install wrk: apt-get install wrk" >&2; exit 2; }
cargo build --release -p smartspec-cli
cargo build --release -p smartspec-server --example open_loop
target="${CARGO_TARGET_DIR:-./target}"
bin=$target/release/smartspec
dir=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$dir"' EXIT
token=$($bin users add bench --role admin --db "$dir/b.db" 2>/dev/null)
taskset -c 1 $bin serve --db "$dir/b.db" --addr 127.0.0.1:0 --rate-limit "${RATE_LIMIT:-1000000}" > "$dir/addr" 2>/dev/null &
pid=$!
for _ in $(seq 50); do [ -s "$dir/addr" ] && break; sleep 0.1; done
url=$(sed 's/listening on //' "$dir/addr")
# warm the cache (the first profile of a year runs the indicator pipeline)
for r in ITC1 DE21 PL21 FR10 ES51 AT11 SE11 CZ01; do curl -s -o /dev/null "$url/v1/regions/$r/profile"; done

echo "== region profile, 64 connections, ${secs} s (closed loop)"
taskset -c 0 wrk -t1 -c64 -d"${secs}s" --latency "$url/v1/regions/ITC1/profile"

echo "== open loop, 5,000 requests/s, region profile, ${secs} s"
taskset -c 0 "$target"/release/examples/open_loop "${url#http://}" /v1/regions/ITC1/profile 5000 "$secs" 64

echo "== mixed reads (90 %) and writes (10 %), 256 connections, ${secs} s"
TOKEN=$token taskset -c 0 wrk -t1 -c256 -d"${secs}s" --latency -s scripts/bench_http/mixed.lua "$url"
