#!/usr/bin/env bash
# Writes the JSON (and file) output of every analytic CLI command on the
# embedded data to DIR, so that two builds can be compared with `diff -r`
# (used before and after the analysis-layer move; see BENCHMARKS.md and the
# issue notes). Usage: scripts/snapshot_cli.sh BIN DIR
set -euo pipefail
bin=$1; out=$2
mkdir -p "$out"
run() { local name=$1; shift; "$bin" "$@" > "$out/$name.json" 2> "$out/$name.stderr" || echo "exit $?" >> "$out/$name.stderr"; }
for r in ITC1 FR41 AT11 DE21 PL21 DEA5 UKC1 ES51; do
  run "region-$r" region "$r" --format json
  run "opportunities-$r" opportunities "$r" --format json
  run "peers-$r" peers "$r" --format json
  run "innovation-$r" innovation "$r" --format json
  run "skills-$r" skills "$r" --format json
done
run innovation innovation --format json
run skills skills --format json
run transition transition --format json
run themes themes --format json
for t in big-data bioeconomy; do
  run "partnership-$t" partnership propose --theme "$t" --format json
done
run partners-DK03-bioeconomy partners DK03 --theme bioeconomy --format json
run partners-ITC1-big-data partners ITC1 --theme big-data --format json
run backtest backtest --format json
run data-info data info --format json
(cd "$out" && "$bin" diagnose FR41 > diagnose-FR41.stdout 2>&1 || true)
(cd "$out" && "$bin" theme-map --theme bioeconomy --svg theme-map-bio.svg > theme-map.stdout 2>&1 || true)
"$bin" indicators --out "$out/indicators" > /dev/null 2>&1 || echo "indicators failed" >> "$out/indicators.stderr"
