#!/usr/bin/env bash
# Regenerates the dashboard's built assets, web/dist (committed and compiled
# into the smartspec binary, so `cargo build` never needs npm), from web/:
# exact versions from web/package-lock.json, fixed asset names, no source
# maps; two runs give the same bytes. Needs node and npm.
set -euo pipefail
cd "$(dirname "$0")/.."
npm --prefix web ci --no-audit --no-fund
npm --prefix web run build
