#!/usr/bin/env bash
# Create scripts/peers/.venv and install the pinned peer packages.
# Usage: bash scripts/peers/setup.sh   (from anywhere)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PY="${PYTHON:-python3}"
if [ ! -x "$HERE/.venv/bin/python" ]; then
    "$PY" -m venv "$HERE/.venv"
fi
"$HERE/.venv/bin/python" -m pip install --quiet --upgrade pip
"$HERE/.venv/bin/python" -m pip install --quiet -r "$HERE/requirements.txt"
"$HERE/.venv/bin/python" - <<'PYEOF'
from importlib.metadata import version
for p in ["ecomplexity", "economic-complexity", "econcomplex", "pandas", "numpy", "scipy", "scikit-learn"]:
    try:
        print(f"{p}=={version(p)}")
    except Exception as e:
        print(f"{p}: not installed ({e})")
PYEOF
