#!/usr/bin/env bash
# Regenerates the README's figures (docs/img/) from the built binary on the
# embedded data, rendered by Debian's chromium headless:
#   innovation-itc1.png      smartspec innovation ITC1 --svg
#   opportunities-itc1.png   smartspec opportunities ITC1 --svg
#   theme-map-bioeconomy.png smartspec theme-map --theme bioeconomy --svg
#   diagnose-fr41.png        the top of smartspec diagnose FR41's page
# The dashboard's screenshots come from scripts/test_web.sh --screenshots.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked -p smartspec-cli
bin="${CARGO_TARGET_DIR:-$PWD/target}/release/smartspec"
chromium="${CHROMIUM:-/usr/bin/chromium}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
"$bin" innovation ITC1 --svg "$tmp/innovation.svg" >/dev/null
"$bin" opportunities ITC1 --svg "$tmp/opportunities.svg" >/dev/null
"$bin" theme-map --theme bioeconomy --svg "$tmp/theme-map.svg" 2>/dev/null
"$bin" diagnose FR41 --out "$tmp/diagnose.html" 2>/dev/null
shot() { # file width height png
  "$chromium" --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --no-first-run --hide-scrollbars --user-data-dir="$tmp/profile" \
    --window-size="$2,$3" --screenshot="$4" "file://$1" 2>/dev/null
}
shot "$tmp/innovation.svg" 950 692 docs/img/innovation-itc1.png
shot "$tmp/opportunities.svg" 860 600 docs/img/opportunities-itc1.png
shot "$tmp/theme-map.svg" 1100 966 docs/img/theme-map-bioeconomy.png
shot "$tmp/diagnose.html" 1100 1500 docs/img/diagnose-fr41.png
ls -l docs/img/innovation-itc1.png docs/img/opportunities-itc1.png docs/img/theme-map-bioeconomy.png docs/img/diagnose-fr41.png
