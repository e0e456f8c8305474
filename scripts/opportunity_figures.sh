#!/usr/bin/env bash
# The figures of docs/opportunities.md ("The 1 % floor", "What the lists lean
# to"), measured on the embedded data with the built binary:
#   1. the entry model's calibration on the test origin (smartspec backtest
#      --predictions): pairs, entries and observed rate per probability band;
#   2. the NACE sections of every region's top ten opportunities, through a
#      real `smartspec serve` on a fresh database, and how many of those
#      places fall below the 1 % floor.
# Usage: bash scripts/opportunity_figures.sh   (SMARTSPEC_BIN=path to reuse a binary)
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${SMARTSPEC_BIN:-}"
if [ -z "$bin" ]; then
  cargo build --release --locked -p smartspec-cli
  bin="${CARGO_TARGET_DIR:-$PWD/target}/release/smartspec"
fi
tmp="$(mktemp -d)"
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
"$bin" backtest --predictions "$tmp/pairs.csv" >/dev/null 2>&1
"$bin" serve --db "$tmp/s.db" --addr 127.0.0.1:0 >"$tmp/serve.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do
  grep -q "listening on" "$tmp/serve.log" 2>/dev/null && break
  sleep 0.2
done
addr="$(grep -o 'http://[0-9.:]*' "$tmp/serve.log" | head -1)"
python3 - "$tmp/pairs.csv" "$addr" <<'PY'
import collections, csv, json, sys, urllib.request
pairs, base = sys.argv[1], sys.argv[2]
rows = list(csv.DictReader(open(pairs)))
bands = [0, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0001]
print("entry probability band, pairs, entries, observed rate (test origin)")
for lo, hi in zip(bands, bands[1:]):
    s = [r for r in rows if lo <= float(r["gbt_probability"]) < hi]
    e = sum(int(r["event"]) for r in s)
    if s:
        print(f"{lo:.3f}-{min(hi, 1):.3f}  {len(s):6d}  {e:5d}  {e / len(s):.3f}")
print(f"all pairs: {len(rows)}, entry rate {sum(int(r['event']) for r in rows) / len(rows):.3f}")
get = lambda path: json.load(urllib.request.urlopen(base + path))
regions = [v["region"] for v in get("/v1/map?indicator=eci")["values"] if v.get("value") is not None]
acts, sections, below, n = collections.Counter(), collections.Counter(), 0, 0
for r in regions:
    o = get(f"/v1/regions/{r}/opportunities?top=10")
    n += 1
    for c in o["opportunities"]:
        acts[c["activity"]] += 1
        sections[c["activity"][0]] += 1
        below += bool(c["below_floor"])
print(f"{n} regions' top tens: {sum(sections.values())} places, {below} below the floor")
print("by section:", ", ".join(f"{k} {v}" for k, v in sections.most_common()))
print("most frequent activities:", ", ".join(f"{k} {v}" for k, v in acts.most_common(8)))
PY
