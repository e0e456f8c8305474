#!/usr/bin/env python3
"""Generate reference fixtures from the established Python economic-complexity peers.

Writes ``crates/smartspec-core/tests/fixtures/peers/<input>/``:

* ``input.csv`` (``region,activity,value``; absent rows = 0) -- or ``input.csv.gz`` for ``trade``;
* ``<peer>__<indicator>.csv`` for every (peer, indicator) the peer offers, with
  peer in {ecomplexity, econcomplex, economic_complexity};
* ``meta.json``: the exact calls, parameters, package versions, timings, warnings.

Then runs ``check_fixtures.py`` (convention identities, cross-peer equalities), which writes
``crates/smartspec-core/tests/fixtures/peers/checks.json`` and prints a summary.

Deterministic and re-runnable:

    bash scripts/peers/setup.sh
    scripts/peers/.venv/bin/python scripts/peers/make_fixtures.py

Float values are written with ``repr(float(v))`` (shortest round-trip repr, i.e. enough
significant digits to reproduce the double exactly); NaN is written as an empty field.
"""

from __future__ import annotations

import os

# Single-threaded BLAS: bit-for-bit reproducible eigenvectors / matmuls across runs.
for _v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

import argparse
import contextlib
import gzip
import io
import json
import platform
import shutil
import sys
import time
import warnings
from importlib.metadata import version
from pathlib import Path

import numpy as np
import pandas as pd

import ecomplexity as pye
import econcomplex as ecx
import economic_complexity as dw

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
OUT = ROOT / "crates" / "smartspec-core" / "tests" / "fixtures" / "peers"
TRADE_SRC = ROOT.parent / "shared" / "data" / "trade"
TRADE_FILE = "world_trade_sitc2_4d_avg_1998_2000.csv.gz"

PEERS = ("ecomplexity", "econcomplex", "economic_complexity")
PACKAGES = ("ecomplexity", "econcomplex", "economic-complexity", "pandas", "numpy", "scipy",
            "scikit-learn")
TRADE_MAX_SECONDS = 180.0

# --------------------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------------------

F2 = [
    [100, 0, 0, 0, 0],
    [0, 15, 5, 70, 10],
    [0, 20, 10, 20, 50],
    [0, 25, 30, 5, 40],
    [0, 40, 55, 5, 0],
]


def input_f2() -> pd.DataFrame:
    rows = []
    for i, row in enumerate(F2):
        for j, v in enumerate(row):
            if v != 0:
                rows.append((f"R{i + 1}", f"I{j + 1}", v))
    return pd.DataFrame(rows, columns=["region", "activity", "value"])


def synthetic(n_regions: int, n_activities: int, seed: int, share: float = 0.25,
              noise_sd: float = 0.15) -> pd.DataFrame:
    """Seeded nested count panel (one year).

    capability c_r ~ U(0,1), difficulty d_p ~ U(0,1), score = c_r - d_p + N(0, noise_sd);
    a cell is positive when its score is above the (1 - share) quantile of all scores
    (so exactly round(share * R * A) cells, ~25 %), value = round(exp(N(0,1)) * 1000) >= 1.
    Every region and activity is then given at least one positive cell (its best-score cell).
    """
    rng = np.random.default_rng(seed)
    cap = rng.uniform(0.0, 1.0, n_regions)
    dif = rng.uniform(0.0, 1.0, n_activities)
    score = cap[:, None] - dif[None, :] + rng.normal(0.0, noise_sd, (n_regions, n_activities))
    values = np.maximum(np.round(np.exp(rng.normal(0.0, 1.0, (n_regions, n_activities))) * 1000.0), 1.0)
    k = int(round(share * n_regions * n_activities))
    cut = np.sort(score, axis=None)[::-1][k - 1]
    present = score >= cut
    for r in np.flatnonzero(~present.any(axis=1)):
        present[r, np.argmax(score[r])] = True
    for p in np.flatnonzero(~present.any(axis=0)):
        present[np.argmax(score[:, p]), p] = True
    wr = len(str(n_regions)) if n_regions >= 10 else 1
    wp = len(str(n_activities)) if n_activities >= 10 else 1
    wr, wp = max(wr, 2), max(wp, 2)
    regions = [f"R{i + 1:0{wr}d}" for i in range(n_regions)]
    acts = [f"P{j + 1:0{wp}d}" for j in range(n_activities)]
    rows = [(regions[i], acts[j], int(values[i, j]))
            for i in range(n_regions) for j in range(n_activities) if present[i, j]]
    return pd.DataFrame(rows, columns=["region", "activity", "value"])


def write_input_csv(df: pd.DataFrame, path: Path) -> None:
    with open(path, "w", newline="") as fh:
        fh.write("region,activity,value\n")
        for r, a, v in df.itertuples(index=False):
            fh.write(f"{r},{a},{v}\n")


def copy_trade_input(src: Path, dst: Path) -> pd.DataFrame:
    """Copy the trade file byte-for-byte except the header (country,product -> region,activity).

    Re-gzipped with mtime=0 so that the output is reproducible.
    """
    with gzip.open(src, "rt", newline="") as fh:
        text = fh.read()
    header, rest = text.split("\n", 1)
    assert header == "country,product,value", header
    text = "region,activity,value\n" + rest
    with open(dst, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0,
                                               compresslevel=9) as gz:
        gz.write(text.encode())
    return pd.read_csv(io.StringIO(text), dtype={"region": str, "activity": str})


# --------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------

def fmt(v) -> str:
    v = float(v)
    return "" if np.isnan(v) else repr(v)


def write_text(path: Path, text: str, gz: bool) -> None:
    if gz:  # deterministic gzip: no file name, mtime 0
        with open(path, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0,
                                                   compresslevel=9) as fh:
            fh.write(text.encode())
    else:
        path.write_text(text)


def write_indicator(dirpath: Path, peer: str, name: str, kind: str, obj,
                    gz: bool = False) -> tuple[str, int, int]:
    """Write one indicator file; return (file name, rows, NaN count)."""
    path = dirpath / f"{peer}__{name}.csv{'.gz' if gz else ''}"
    n_nan = 0
    lines = []
    if kind in ("region", "activity"):
        s = obj.sort_index()
        lines.append(f"{kind},value")
        for k, v in s.items():
            n_nan += bool(np.isnan(float(v)))
            lines.append(f"{k},{fmt(v)}")
    elif kind in ("cell", "pair"):
        m = obj.sort_index(axis=0).sort_index(axis=1)
        lines.append("region,activity,value" if kind == "cell" else "activity_a,activity_b,value")
        vals = m.to_numpy(dtype=float)
        for i, r in enumerate(m.index):
            for j, a in enumerate(m.columns):
                n_nan += bool(np.isnan(vals[i, j]))
                lines.append(f"{r},{a},{fmt(vals[i, j])}")
    else:
        raise ValueError(kind)
    write_text(path, "\n".join(lines) + "\n", gz)
    return path.name, len(lines) - 1, n_nan


# --------------------------------------------------------------------------------------
# Peers
# --------------------------------------------------------------------------------------

class Capture:
    """Capture stdout and warnings of a peer call."""

    def __enter__(self):
        self.buf = io.StringIO()
        self._out = contextlib.redirect_stdout(self.buf)
        self._out.__enter__()
        self._w = warnings.catch_warnings(record=True)
        self.records = self._w.__enter__()
        warnings.simplefilter("always")
        self.t0 = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.t0
        self._w.__exit__(*exc)
        self._out.__exit__(*exc)
        return False

    def log(self) -> dict:
        out = [ln for ln in self.buf.getvalue().splitlines() if ln.strip()]
        w = sorted({f"{r.category.__name__}: {r.message}" for r in self.records})
        return {"stdout": out, "warnings": w}


PYE_COLS = {"time": "year", "loc": "region", "prod": "activity", "val": "value"}


def run_ecomplexity(inp: pd.DataFrame) -> tuple[dict, dict]:
    data = inp.assign(year=2000)[["year", "region", "activity", "value"]]
    # The (default) log-supermodularity check samples with the global numpy RNG when the
    # matrix has >= 1e4 cells; it only prints a diagnostic, seeded for a stable log.
    np.random.seed(0)
    with Capture() as c1:
        out = pye.ecomplexity(data, PYE_COLS)
    with Capture() as c2:
        prox = pye.proximity(data, PYE_COLS)

    def cell(col):
        return out.pivot(index="region", columns="activity", values=col)

    def first(key, col):
        g = out.groupby(key)[col]
        assert (g.nunique(dropna=False) <= 1).all(), col
        return g.first()

    res = {
        "rca": ("cell", cell("rca")),
        "mcp": ("cell", cell("mcp")),
        "diversity": ("region", first("region", "diversity")),
        "ubiquity": ("activity", first("activity", "ubiquity")),
        "proximity": ("pair", prox.pivot(index="activity_1", columns="activity_2", values="proximity")),
        "density": ("cell", cell("density")),
        "eci": ("region", first("region", "eci")),
        "pci": ("activity", first("activity", "pci")),
        "coi": ("region", first("region", "coi")),
        "cog": ("cell", cell("cog")),
    }
    meta = {
        "package": "ecomplexity",
        "version": version("ecomplexity"),
        "import": "from ecomplexity import ecomplexity, proximity",
        "input_prep": "data = input.assign(year=2000)[['year','region','activity','value']]  "
                      "(long format, absent rows = 0); np.random.seed(0) before the call",
        "calls": [
            "ecomplexity(data, {'time':'year','loc':'region','prod':'activity','val':'value'})",
            "proximity(data, {'time':'year','loc':'region','prod':'activity','val':'value'})",
        ],
        "parameters": {
            "presence_test": "rca", "rca_mcp_threshold": 1, "val_errors_flag": "coerce",
            "continuous": False, "asymmetric": False, "knn": None, "proximity_edgelist": None,
            "check_logsupermodularity": True, "report_logsupermodularity": False,
            "verbose": True, "note": "all defaults",
        },
        "indicators": {
            "rca": "output column rca", "mcp": "output column mcp",
            "diversity": "output column diversity", "ubiquity": "output column ubiquity",
            "proximity": "proximity() long table (prod_1, prod_2, proximity), full matrix incl. diagonal",
            "density": "output column density", "eci": "output column eci",
            "pci": "output column pci", "coi": "output column coi", "cog": "output column cog",
        },
        "log": {"ecomplexity": c1.log(), "proximity": c2.log()},
    }
    return res, meta


def _iterations_used(fn, cap: int):
    """Smallest k <= cap whose output (run with iterations=k) equals the iterations=cap output.

    Returns (k, outputs at cap-1, cap, cap+1) so that the last relative change can be reported.
    Works because the peer loops are deterministic and stop either at tol or at `iterations`.
    """
    full = fn(cap)
    used = cap
    for k in range(1, cap):
        a, b = fn(k)
        if np.array_equal(a.to_numpy(), full[0].to_numpy(), equal_nan=True) and \
                np.array_equal(b.to_numpy(), full[1].to_numpy(), equal_nan=True):
            used = k
            break
    return used, fn(cap - 1), full, fn(cap + 1)


def _rel_change(new: pd.Series, old: pd.Series) -> float:
    """The peer's own convergence measure: max|new - old| / (max|old| + 1e-15)."""
    n, o = new.to_numpy(float), old.to_numpy(float)
    return float(np.max(np.abs(n - o)) / (np.max(np.abs(o)) + 1e-15))


def run_econcomplex(inp: pd.DataFrame) -> tuple[dict, dict]:
    with Capture() as c:
        mat = ecx.pivot_to_matrix(inp, index="region", columns="activity", values="value")
        rca = ecx.rca(mat)
        mcp = ecx.mcp(mat)
        div = ecx.diversity(mat)
        ubi = ecx.ubiquity(mat)
        eci, pci = ecx.eci_pci(mat)
        eci_r, pci_r = ecx.eci_pci(mat, method="reflections")
        fit, fcc = ecx.eci_pci(mat, method="fitness")
        phi = ecx.proximity(mat, compute="product")["product"]
        dens = ecx.relatedness_density(mat, phi=phi)
        coi = ecx.coi(mat, pci, phi=phi)
        cog = ecx.cog(mat, pci, phi=phi)

    # Iterations actually used (both loops stop at tol=1e-10 or at the cap of 20).
    with Capture():  # silences the non-convergence warnings of the capped re-runs
        fit_used, fit_prev, fit_full, fit_next = _iterations_used(
            lambda k: ecx.eci_pci(mat, method="fitness", iterations=k), 20)
        ref_used, _, _, _ = _iterations_used(
            lambda k: ecx.eci_pci(mat, method="reflections", iterations=k), 20)
    assert np.array_equal(fit_full[0].to_numpy(), fit.to_numpy(), equal_nan=True)

    res = {
        "rca": ("cell", rca),
        "mcp": ("cell", mcp),
        "diversity": ("region", div),
        "ubiquity": ("activity", ubi),
        "proximity": ("pair", phi),
        "density": ("cell", dens),
        "eci": ("region", eci),
        "pci": ("activity", pci),
        "eci_reflections": ("region", eci_r),
        "pci_reflections": ("activity", pci_r),
        "fitness": ("region", fit),
        "fc_complexity": ("activity", fcc),
        "coi": ("region", coi),
        "cog": ("cell", cog),
    }
    meta = {
        "package": "econcomplex",
        "version": version("econcomplex"),
        "import": "import econcomplex as ec",
        "input_prep": "mat = ec.pivot_to_matrix(input, index='region', columns='activity', values='value')"
                      "  (pivot_table, aggfunc sum, fill_value 0; rows/cols sorted)",
        "calls": [
            "ec.rca(mat)",
            "ec.mcp(mat)",
            "ec.diversity(mat)",
            "ec.ubiquity(mat)",
            "ec.eci_pci(mat)",
            "ec.eci_pci(mat, method='reflections')",
            "ec.eci_pci(mat, method='fitness')",
            "phi = ec.proximity(mat, compute='product')['product']",
            "ec.relatedness_density(mat, phi=phi)",
            "ec.coi(mat, pci, phi=phi)   # pci = eigenvector PCI from ec.eci_pci(mat)",
            "ec.cog(mat, pci, phi=phi)",
        ],
        "parameters": {
            "threshold": 1.0, "use_rca": True, "presence_test": "rca",
            "eci_pci": {"method": "eigenvector", "trim": True, "dmin": 1, "umin": 1},
            "reflections": {"iterations": 20, "tol": 1e-10, "iterations_used": ref_used},
            "fitness": {"iterations": 20, "tol": 1e-10, "extremality": 1.0, "log_fitness": False,
                        "iterations_used": fit_used,
                        "converged": fit_used < 20,
                        "last_rel_change_fitness": _rel_change(fit_full[0], fit_prev[0]),
                        "last_rel_change_complexity": _rel_change(fit_full[1], fit_prev[1]),
                        "next_step_rel_change_fitness": _rel_change(fit_next[0], fit_full[0]),
                        "next_step_rel_change_complexity": _rel_change(fit_next[1], fit_full[1]),
                        "note": "rel change = max|new-old|/(max|old|+1e-15), the peer's own test; "
                                "iterations_used = smallest cap k giving the same output as cap 20; "
                                "next_step = what iteration 21 would still change"},
            "proximity": {"method": "max", "continuous": False},
        },
        "indicators": {
            "eci": "eigenvector ECI (z-score ddof 0)", "pci": "eigenvector PCI (z-score ddof 0)",
            "eci_reflections": "method of reflections (z-scored, sign-oriented)",
            "pci_reflections": "method of reflections (z-scored, sign-oriented)",
            "fitness": "fitness-complexity F (mean 1)", "fc_complexity": "fitness-complexity Q (mean 1)",
            "density": "relatedness_density, 0-100 scale",
        },
        "log": {"all_calls": c.log()},
    }
    return res, meta


def run_economic_complexity(inp: pd.DataFrame) -> tuple[dict, dict]:
    with Capture() as c:
        tbl = inp.pivot(index="region", columns="activity", values="value")
        rca = dw.rca(tbl)
        eci, pci = dw.complexity(rca)
        prox = dw.proximity(rca)
        dens = dw.relatedness(rca)
        og = dw.opportunity_gain(rca, pci=pci)
    mcp = rca.ge(1).astype(int)
    res = {
        "rca": ("cell", rca),
        "mcp": ("cell", mcp),
        "diversity": ("region", mcp.sum(axis=1)),
        "ubiquity": ("activity", mcp.sum(axis=0)),
        "proximity": ("pair", prox),
        "density": ("cell", dens),
        "eci_reflections": ("region", eci),
        "pci_reflections": ("activity", pci),
        "cog": ("cell", og),
    }
    meta = {
        "package": "economic-complexity",
        "version": version("economic-complexity"),
        "import": "import economic_complexity as dw",
        "input_prep": "tbl = input.pivot(index='region', columns='activity', values='value')"
                      "  (absent cells NaN; dw.rca fills NaN with 0)",
        "calls": [
            "rca = dw.rca(tbl)",
            "eci, pci = dw.complexity(rca)",
            "dw.proximity(rca)",
            "dw.relatedness(rca)",
            "dw.opportunity_gain(rca, pci=pci)",
        ],
        "parameters": {
            "cutoff": 1, "complexity": {"drop": True, "iterations": 20},
            "proximity": {"procedure": "max"}, "relatedness": {"proximities": None},
            "opportunity_gain": {"proximities": None},
        },
        "derived_here": {
            "mcp": "rca.ge(1).astype(int)  (the package's own binarisation rule; not returned by it)",
            "diversity": "mcp.sum(axis=1)", "ubiquity": "mcp.sum(axis=0)",
        },
        "indicators": {
            "eci_reflections": "complexity() geo index: z-score (ddof 1) of k_c after 18 updates",
            "pci_reflections": "complexity() product index: z-score (ddof 1) of k_p after 19 updates",
            "density": "relatedness(), fraction 0-1, diagonal of proximity 0",
            "cog": "opportunity_gain()",
        },
        "log": {"all_calls": c.log()},
    }
    return res, meta


RUNNERS = {
    "ecomplexity": run_ecomplexity,
    "econcomplex": run_econcomplex,
    "economic_complexity": run_economic_complexity,
}


# --------------------------------------------------------------------------------------
# Trade cross-checks against the R economiccomplexity reference outputs
# --------------------------------------------------------------------------------------

def trade_cross_checks(inp: pd.DataFrame, results: dict, ref_dir: Path) -> dict:
    out = {}
    ones = pd.read_csv(ref_dir / "balassa_index_binary_ones.csv", dtype=str)
    ref_set = set(zip(ones["country"], ones["product"]))
    for peer, res in results.items():
        m = res["mcp"][1]
        st = m.stack()
        mine = set(st[st == 1].index)
        out[f"mcp_{peer}_vs_R_balassa_index"] = {
            "peer_ones": len(mine), "R_ones": len(ref_set),
            "only_peer": len(mine - ref_set), "only_R": len(ref_set - mine),
        }
    # Proximity (econcomplex, 'max') vs R proximity(): strict upper triangle, values > 0.
    mat = ecx.pivot_to_matrix(inp, index="region", columns="activity", values="value")
    prox = ecx.proximity(mat)
    for side, fname, a, b in (("product", "proximity_product_upper.csv.gz", "product_i", "product_j"),
                              ("location", "proximity_country_upper.csv.gz", "country_i", "country_j")):
        ref = pd.read_csv(ref_dir / fname, dtype={a: str, b: str})
        phi = prox[side]
        labels = list(phi.index)
        pos = {k: i for i, k in enumerate(labels)}
        arr = phi.to_numpy()
        iu = np.triu_indices(len(labels), 1)
        up = arr[iu]
        n_pos = int((up > 0).sum())
        ii = ref[a].map(pos).to_numpy()
        jj = ref[b].map(pos).to_numpy()
        lo, hi = np.minimum(ii, jj), np.maximum(ii, jj)
        diff = np.abs(arr[lo, hi] - ref["proximity"].to_numpy())
        out[f"proximity_{side}_econcomplex_vs_R"] = {
            "R_rows": len(ref), "econcomplex_upper_positive": n_pos,
            "max_abs_diff": float(diff.max()),
            "note": "R country proximity = C_cc'/max(d_c, d_c') (econcomplex compute='location', 'max')",
        }
    # Fitness vs R complexity_measures(method='fitness', iterations=20, extremality=1)
    for side, fname, key, ours in (("country", "complexity_index_country_fitness.csv", "country",
                                    results["econcomplex"]["fitness"][1]),
                                   ("product", "complexity_index_product_fitness.csv", "product",
                                    results["econcomplex"]["fc_complexity"][1])):
        ref = pd.read_csv(ref_dir / fname, dtype={key: str}).set_index(key)["fitness_complexity_index"]
        o = ours.reindex(ref.index)
        ratio = (o / ref).to_numpy()
        out[f"fitness_{side}_econcomplex_vs_R"] = {
            "pearson": float(np.corrcoef(o, ref)[0, 1]),
            "spearman": float(o.rank().corr(ref.rank())),
            "max_abs_diff": float(np.max(np.abs(o - ref))),
            "max_rel_diff": float(np.max(np.abs(o - ref) / np.abs(ref))),
            "ratio_min": float(np.min(ratio)), "ratio_max": float(np.max(ratio)),
            "R_mean": float(ref.mean()), "econcomplex_mean": float(o.mean()),
        }
    return out


# --------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------

def environment() -> dict:
    cfg = {}
    try:
        from threadpoolctl import threadpool_info  # shipped with scikit-learn
        cfg["blas"] = sorted(({k: d.get(k) for k in ("internal_api", "version", "num_threads")}
                              for d in threadpool_info()), key=lambda x: json.dumps(x, sort_keys=True))
    except Exception as e:  # pragma: no cover
        cfg["blas"] = str(e)
    return {
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "packages": {p: version(p) for p in PACKAGES},
        "env": {v: os.environ.get(v) for v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")},
        **cfg,
    }


def process(name: str, inp: pd.DataFrame, description: dict, write_kinds=None, env=None,
            max_seconds=None, gzip_kinds=()) -> dict:
    d = OUT / name
    results, metas, files = {}, {}, {}
    for peer in PEERS:
        t0 = time.perf_counter()
        try:
            res, meta = RUNNERS[peer](inp)
        except Exception as e:  # record and continue
            metas[peer] = {"error": f"{type(e).__name__}: {e}"}
            print(f"  {peer}: FAILED {type(e).__name__}: {e}")
            continue
        secs = time.perf_counter() - t0
        # Wall-clock times are printed, not stored: meta.json stays byte-for-byte reproducible.
        if max_seconds is not None and secs > max_seconds:
            meta["skipped"] = f"took more than {max_seconds} s"
            metas[peer] = meta
            continue
        results[peer], metas[peer] = res, meta
        files[peer] = {}
        for ind, (kind, obj) in res.items():
            if write_kinds is not None and kind not in write_kinds:
                continue
            fname, nrows, nnan = write_indicator(d, peer, ind, kind, obj, gz=kind in gzip_kinds)
            files[peer][ind] = {"file": fname, "level": kind, "rows": nrows, "nan": nnan}
        print(f"  {peer}: {secs:.2f} s, {len(files[peer])} files")
    meta = {
        "input": description,
        "generated_by": "scripts/peers/make_fixtures.py",
        "environment": env,
        "float_format": "repr(float(v)) (shortest round-trip); NaN written as empty field",
        "files": files,
        "peers": metas,
    }
    return {"results": results, "meta": meta}


def write_meta(name: str, meta: dict) -> None:
    (OUT / name / "meta.json").write_text(json.dumps(meta, indent=2, sort_keys=False) + "\n")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--only", nargs="*", help="subset of inputs (f2 syn30x50 syn100x200 trade)")
    ap.add_argument("--no-check", action="store_true", help="skip check_fixtures.py")
    args = ap.parse_args()
    todo = args.only or ["f2", "syn30x50", "syn100x200", "trade"]
    OUT.mkdir(parents=True, exist_ok=True)
    env = environment()

    syn_desc = ("seeded synthetic nested count panel: c_r ~ U(0,1), d_p ~ U(0,1), "
                "score = c_r - d_p + N(0, 0.15); positive iff score >= the (1-0.25) quantile "
                "(top 25 % of cells), value = max(1, round(exp(N(0,1)) * 1000)); every region/activity "
                "then gets >= 1 positive cell (its best-score cell). numpy default_rng(seed), draw order: "
                "c, d, noise, values. See synthetic() in make_fixtures.py")
    specs = {
        "f2": (input_f2, {"name": "f2", "source": "EconGeo location.quotient example (5 regions x 5 "
                          "industries), zeros as absent rows",
                          "matrix_rows_R1_to_R5_cols_I1_to_I5": [",".join(map(str, r)) for r in F2]}),
        "syn30x50": (lambda: synthetic(30, 50, 3), {"name": "syn30x50", "generator": syn_desc,
                                                     "regions": 30, "activities": 50, "seed": 3}),
        "syn100x200": (lambda: synthetic(100, 200, 7), {"name": "syn100x200", "generator": syn_desc,
                                                         "regions": 100, "activities": 200, "seed": 7}),
    }
    for name in todo:
        print(f"[{name}]")
        d = OUT / name
        if name == "trade":
            src = TRADE_SRC / TRADE_FILE
            if not src.exists():
                print(f"  {src} not found: trade fixtures left as they are")
                continue
            if d.exists():
                shutil.rmtree(d)
            d.mkdir(parents=True)
            inp = copy_trade_input(src, d / "input.csv.gz")
            ref_src = TRADE_SRC / "reference_economiccomplexity"
            ref_dst = d / "reference_economiccomplexity"
            ref_dst.mkdir()
            for f in sorted(ref_src.iterdir()):
                shutil.copyfile(f, ref_dst / f.name)
            desc = {"name": "trade", "source": f"shared/data/trade/{TRADE_FILE} (header renamed "
                    "country,product -> region,activity; values unchanged)",
                    "regions": int(inp.region.nunique()), "activities": int(inp.activity.nunique()),
                    "rows": len(inp),
                    "reference_economiccomplexity": "copied unchanged from shared/data/trade/"
                    "reference_economiccomplexity (R economiccomplexity, Apache-2.0)",
                    "note": "only region- and activity-level peer outputs are written (cell-level "
                            "177k rows and pairs 616k rows would exceed the size budget); cell/pair "
                            "outputs are cross-checked against the R reference in meta.json "
                            "cross_checks_vs_R"}
            r = process(name, inp, desc, write_kinds={"region", "activity"}, env=env,
                        max_seconds=TRADE_MAX_SECONDS)
            r["meta"]["cross_checks_vs_R"] = trade_cross_checks(inp, r["results"], ref_dst)
            write_meta(name, r["meta"])
            continue
        make, desc = specs[name]
        if d.exists():
            shutil.rmtree(d)
        d.mkdir(parents=True)
        inp = make()
        write_input_csv(inp, d / "input.csv")
        desc = {**desc, "rows": len(inp),
                "positive_share": round(len(inp) / (inp.region.nunique() * inp.activity.nunique()), 4)}
        # syn100x200: the cell- and pair-level files (20k / 40k rows, ~7 MB as text) are gzipped
        gzk = {"cell", "pair"} if name == "syn100x200" else set()
        r = process(name, inp, desc, env=env, gzip_kinds=gzk)
        write_meta(name, r["meta"])

    if not args.no_check:
        sys.path.insert(0, str(HERE))
        import check_fixtures
        return check_fixtures.main([])
    return 0


if __name__ == "__main__":
    sys.exit(main())
