#!/usr/bin/env python3
"""Time one peer library's whole indicator pipeline on a long panel CSV.

    scripts/peers/.venv/bin/python scripts/peers/bench_peers.py INPUT.csv PEER

INPUT.csv has the columns ``region,activity,year,value`` (what ``smartspec bench --save``
writes; absent rows are zeros). PEER is one of ``ecomplexity``, ``econcomplex``,
``economic_complexity``. Every year is computed independently, with the same calls as
``make_fixtures.py``:

* ecomplexity: ``ecomplexity(df, cols)`` (loops over the years itself) and
  ``proximity(df, cols)`` (idem);
* econcomplex, per year: ``pivot_to_matrix`` -> ``rca``, ``mcp``, ``diversity``, ``ubiquity``,
  ``eci_pci`` (eigenvector), ``eci_pci(method='fitness')`` (20 iterations), ``proximity``,
  ``relatedness_density``, ``coi``, ``cog``;
* economic_complexity, per year: ``pivot`` -> ``rca`` -> ``complexity`` (reflections) ->
  ``proximity`` -> ``relatedness`` -> ``opportunity_gain``. A stage that raises (e.g.
  "assignment destination is read-only" in ``proximity`` under some pandas versions) is
  recorded in ``errors`` and the stages that depend on it are skipped; ``complete`` is
  then false and ``compute_s`` times only what ran.

Prints one JSON object: ``peer``, ``read_s`` (``pd.read_csv``), ``compute_s`` (all the peer
calls, including the per-year split and pivot, excluding reading), ``peak_rss_mib``
(``ru_maxrss`` / 1024), plus ``stages`` (seconds per call, summed over years), ``years``,
``rows``, ``complete``, ``errors`` and ``warnings`` (distinct warning messages).

BLAS threads: set to the machine's core count (not restricted to 1, unlike
make_fixtures.py, which wants bit-reproducible output rather than speed). Override with
``BENCH_THREADS=N``.
"""

from __future__ import annotations

import os

_THREADS = os.environ.get("BENCH_THREADS") or str(os.cpu_count() or 1)
for _v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_v] = _THREADS

import contextlib  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402
from collections import defaultdict  # noqa: E402

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

PEERS = ("ecomplexity", "econcomplex", "economic_complexity")
PYE_COLS = {"time": "year", "loc": "region", "prod": "activity", "val": "value"}


class Stages:
    """Accumulates seconds per named stage; records the first error of each stage."""

    def __init__(self):
        self.seconds: dict[str, float] = defaultdict(float)
        self.errors: dict[str, str] = {}

    def run(self, name, fn, *args, **kwargs):
        t0 = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        except Exception as e:  # noqa: BLE001 - recorded, the caller decides what to skip
            self.errors.setdefault(name, f"{type(e).__name__}: {e}")
            return None
        finally:
            self.seconds[name] += time.perf_counter() - t0


def run_ecomplexity(df: pd.DataFrame, st: Stages) -> None:
    import ecomplexity as pye

    data = df[["year", "region", "activity", "value"]]
    # As in make_fixtures.py: the log-supermodularity check samples with the global RNG.
    np.random.seed(0)
    st.run("ecomplexity", pye.ecomplexity, data, PYE_COLS)
    st.run("proximity", pye.proximity, data, PYE_COLS)


def run_econcomplex(df: pd.DataFrame, st: Stages) -> None:
    import econcomplex as ecx

    for _, sub in st.run("split_years", lambda: list(df.groupby("year", sort=True))):
        mat = st.run("pivot", ecx.pivot_to_matrix, sub, index="region", columns="activity",
                     values="value")
        if mat is None:
            continue
        st.run("rca", ecx.rca, mat)
        st.run("mcp", ecx.mcp, mat)
        st.run("diversity", ecx.diversity, mat)
        st.run("ubiquity", ecx.ubiquity, mat)
        r = st.run("eci_pci", ecx.eci_pci, mat)
        st.run("fitness", ecx.eci_pci, mat, method="fitness", iterations=20)
        prox = st.run("proximity", ecx.proximity, mat, compute="product")
        phi = None if prox is None else prox["product"]
        if phi is None:
            continue
        st.run("relatedness_density", ecx.relatedness_density, mat, phi=phi)
        if r is None:
            continue
        pci = r[1]
        st.run("coi", ecx.coi, mat, pci, phi=phi)
        st.run("cog", ecx.cog, mat, pci, phi=phi)


def run_economic_complexity(df: pd.DataFrame, st: Stages) -> None:
    import economic_complexity as dw

    for _, sub in st.run("split_years", lambda: list(df.groupby("year", sort=True))):
        tbl = st.run("pivot", sub.pivot, index="region", columns="activity", values="value")
        if tbl is None:
            continue
        rca = st.run("rca", dw.rca, tbl)
        if rca is None:
            continue
        r = st.run("complexity", dw.complexity, rca)
        st.run("proximity", dw.proximity, rca)
        # relatedness() and opportunity_gain() compute their own proximity when none is passed
        # (the calls of make_fixtures.py); each is attempted even if proximity() failed above.
        st.run("relatedness", dw.relatedness, rca)
        if r is None:
            continue
        st.run("opportunity_gain", dw.opportunity_gain, rca, pci=r[1])


RUNNERS = {
    "ecomplexity": run_ecomplexity,
    "econcomplex": run_econcomplex,
    "economic_complexity": run_economic_complexity,
}


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[1] not in PEERS:
        print(f"usage: bench_peers.py INPUT.csv {{{'|'.join(PEERS)}}}", file=sys.stderr)
        return 2
    path, peer = argv
    from importlib.metadata import version

    t0 = time.perf_counter()
    df = pd.read_csv(path, dtype={"region": str, "activity": str})
    read_s = time.perf_counter() - t0

    st = Stages()
    sink = io.StringIO()  # the peers print progress (years, diagnostics)
    with warnings.catch_warnings(record=True) as wrec, contextlib.redirect_stdout(sink):
        warnings.simplefilter("always")
        t0 = time.perf_counter()
        RUNNERS[peer](df, st)
        compute_s = time.perf_counter() - t0
    msgs = sorted({f"{w.category.__name__}: {str(w.message)[:200]}" for w in wrec})

    out = {
        "peer": peer,
        "version": version(peer.replace("_", "-")),
        "input": path,
        "rows": int(len(df)),
        "years": int(df["year"].nunique()),
        "read_s": read_s,
        "compute_s": compute_s,
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0,
        "complete": not st.errors,
        "errors": st.errors,
        "stages": {k: round(v, 6) for k, v in st.seconds.items()},
        "warnings": msgs[:20],
        "blas_threads": int(_THREADS),
    }
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
