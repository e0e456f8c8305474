#!/usr/bin/env python3
"""Sanity checks and convention identities on the peer fixtures (reads the written files only).

    scripts/peers/.venv/bin/python scripts/peers/check_fixtures.py

For every input it verifies, from the CSVs alone:

* RCA equal across the three peers (<= 1e-12), M = [RCA >= 1], diversity/ubiquity equal;
* proximity: off-diagonal equal across peers and = C / max(u_i, u_j); diagonal per peer;
* density formulas (econcomplex 0-100 diag 0, economic_complexity 0-1 diag 0, ecomplexity
  0-1 with the self term);
* ECI / PCI scaling, ddof and sign rules; ecomplexity's ECI = mean PCI of held activities;
* COI / COG formulas per peer (ecomplexity's un-centred PCI offset mu is recovered from the
  eigen-relation Mpp (PCI + mu) = lambda (PCI + mu));
* fitness-complexity normalisation.

Writes ``crates/smartspec-core/tests/fixtures/peers/checks.json`` and prints a summary.
Exit status 1 if a hard check (RCA/M/proximity/density/formula identities) fails.
"""

from __future__ import annotations

import json
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
OUT = HERE.parents[1] / "crates" / "smartspec-core" / "tests" / "fixtures" / "peers"
TOL = 1e-12
PEERS = ("ecomplexity", "econcomplex", "economic_complexity")


class Fixture:
    def __init__(self, name: str):
        self.dir = OUT / name
        self.name = name

    def path(self, peer, ind):
        for ext in (".csv", ".csv.gz"):
            p = self.dir / f"{peer}__{ind}{ext}"
            if p.exists():
                return p
        return None

    def has(self, peer, ind):
        return self.path(peer, ind) is not None

    def vec(self, peer, ind) -> pd.Series:
        df = pd.read_csv(self.path(peer, ind), dtype={0: str}, keep_default_na=False,
                         na_values=[""])
        key = df.columns[0]
        df[key] = df[key].astype(str)
        return df.set_index(key)["value"].astype(float)

    def mat(self, peer, ind) -> pd.DataFrame:
        df = pd.read_csv(self.path(peer, ind), dtype=str, keep_default_na=False)
        a, b = df.columns[:2]
        df["value"] = pd.to_numeric(df["value"].replace("", np.nan))
        m = df.pivot(index=a, columns=b, values="value")
        return m.sort_index(axis=0).sort_index(axis=1)


def maxabs(a, b) -> float:
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    return float(np.nanmax(np.abs(a - b))) if a.size else 0.0


def z0(v):
    v = np.asarray(v, dtype=float)
    return (v - v.mean()) / v.std()


def spearman(a, b) -> float:
    a = pd.Series(np.asarray(a, dtype=float).ravel())
    b = pd.Series(np.asarray(b, dtype=float).ravel())
    return float(a.rank().corr(b.rank()))


def corr(a, b) -> float:
    return float(np.corrcoef(np.asarray(a, float), np.asarray(b, float))[0, 1])


def check_full(fx: Fixture) -> tuple[dict, list]:
    """All checks for an input with cell- and pair-level files."""
    res, fails = {}, []

    def hard(key, value, tol=TOL):
        res[key] = value
        if not (value <= tol):
            fails.append(f"{fx.name}: {key} = {value!r} > {tol}")

    rca = {p: fx.mat(p, "rca") for p in PEERS}
    mcp = {p: fx.mat(p, "mcp") for p in PEERS}
    regions, acts = list(rca["ecomplexity"].index), list(rca["ecomplexity"].columns)
    for p in PEERS:
        assert list(rca[p].index) == regions and list(rca[p].columns) == acts, p
    # ---- RCA / M / diversity / ubiquity
    for i, a in enumerate(PEERS):
        for b in PEERS[i + 1:]:
            hard(f"rca_maxabs_{a}_vs_{b}", maxabs(rca[a], rca[b]))
            hard(f"mcp_cells_differing_{a}_vs_{b}", float((mcp[a] != mcp[b]).to_numpy().sum()), 0)
    for p in PEERS:
        hard(f"mcp_vs_rca_ge_1_{p}", float((mcp[p] != (rca[p] >= 1).astype(float)).to_numpy().sum()), 0)
        hard(f"diversity_{p}", maxabs(fx.vec(p, "diversity").reindex(regions), mcp[p].sum(axis=1)), 0)
        hard(f"ubiquity_{p}", maxabs(fx.vec(p, "ubiquity").reindex(acts), mcp[p].sum(axis=0)), 0)
    res["rca_exactly_1_cells"] = int((rca["ecomplexity"] == 1.0).to_numpy().sum())
    M = mcp["econcomplex"].to_numpy(float)
    d, u = M.sum(axis=1), M.sum(axis=0)
    res["shape"] = [len(regions), len(acts)]
    res["mcp_share"] = float(M.mean())

    # ---- spectrum of Mcc (diagnostic: eigen-gap, repeated eigenvalue 1 = disconnected)
    Mcc = (M / d[:, None]) @ (M / u[None, :]).T
    ev = np.sort(np.linalg.eigvals(Mcc).real)[::-1]
    res["mcc_top_eigenvalues"] = [float(x) for x in ev[:3]]

    # ---- proximity
    prox = {p: fx.mat(p, "proximity").reindex(index=acts, columns=acts).to_numpy(float) for p in PEERS}
    C = M.T @ M
    phi0 = C / np.maximum(u[:, None], u[None, :])
    np.fill_diagonal(phi0, 0.0)
    off = ~np.eye(len(acts), dtype=bool)
    for p in PEERS:
        hard(f"proximity_offdiag_vs_C_over_max_u_{p}", maxabs(prox[p][off], phi0[off]))
        res[f"proximity_diagonal_values_{p}"] = sorted({float(x) for x in np.diag(prox[p])})
    phi1 = phi0 + np.eye(len(acts))

    # ---- density
    dens = {p: fx.mat(p, "density").reindex(index=regions, columns=acts).to_numpy(float) for p in PEERS}
    dens0 = (M @ phi0) / phi0.sum(axis=0)[None, :]
    hard("density_econcomplex_eq_100_M_phi0_over_colsum", maxabs(dens["econcomplex"], 100 * dens0), 1e-10)
    hard("density_economic_complexity_eq_M_phi0_over_colsum", maxabs(dens["economic_complexity"], dens0))
    hard("density_econcomplex_over_100_vs_economic_complexity",
         maxabs(dens["econcomplex"] / 100, dens["economic_complexity"]))
    dens1 = (M @ phi0 + M) / (phi0.sum(axis=0)[None, :] + 1)
    hard("density_ecomplexity_eq_(M_phi0+M)/(colsum_phi0+1)", maxabs(dens["ecomplexity"], dens1))
    res["density_spearman_ecomplexity_vs_economic_complexity"] = spearman(
        dens["ecomplexity"], dens["economic_complexity"])
    diff = dens["ecomplexity"] - dens["economic_complexity"]
    res["density_ecomplexity_minus_diag0_held_cells_mean"] = float(diff[M == 1].mean())
    res["density_ecomplexity_minus_diag0_unheld_cells_mean"] = float(diff[M == 0].mean())

    # ---- ECI / PCI (eigenvector)
    div_s = pd.Series(d, index=regions)
    ubi_s = pd.Series(u, index=acts)
    eci = {p: fx.vec(p, "eci").reindex(regions).to_numpy() for p in ("ecomplexity", "econcomplex")}
    pci = {p: fx.vec(p, "pci").reindex(acts).to_numpy() for p in ("ecomplexity", "econcomplex")}
    res["eci_maxabs_ecomplexity_vs_econcomplex"] = maxabs(eci["ecomplexity"], eci["econcomplex"])
    for p in ("ecomplexity", "econcomplex"):
        res[f"eci_mean_std0_std1_{p}"] = [float(eci[p].mean()), float(eci[p].std()),
                                          float(eci[p].std(ddof=1))]
        res[f"pci_mean_std0_std1_{p}"] = [float(pci[p].mean()), float(pci[p].std()),
                                          float(pci[p].std(ddof=1))]
        res[f"corr_eci_diversity_{p}"] = corr(eci[p], d)
        res[f"corr_pci_ubiquity_{p}"] = corr(pci[p], u)
    zp = z0(pci["ecomplexity"])
    res["pci_z0_ecomplexity_minus_econcomplex_maxabs"] = maxabs(zp, pci["econcomplex"])
    res["pci_z0_ecomplexity_plus_econcomplex_maxabs"] = maxabs(zp, -pci["econcomplex"])
    res["pci_spearman_ecomplexity_vs_econcomplex"] = spearman(pci["ecomplexity"], pci["econcomplex"])
    res["pci_ecomplexity_affine_of_own_z0"] = {
        "scale_std0": float(pci["ecomplexity"].std()), "offset_mean": float(pci["ecomplexity"].mean())}
    Mbar = M / d[:, None]
    hard("eci_ecomplexity_eq_mean_pci_of_held", maxabs(eci["ecomplexity"], Mbar @ pci["ecomplexity"]), 1e-10)
    res["eci_econcomplex_vs_mean_pci_of_held_maxabs"] = maxabs(eci["econcomplex"], Mbar @ pci["econcomplex"])

    # ---- reflections
    er = {p: fx.vec(p, "eci_reflections").reindex(regions).to_numpy()
          for p in ("econcomplex", "economic_complexity")}
    pr = {p: fx.vec(p, "pci_reflections").reindex(acts).to_numpy()
          for p in ("econcomplex", "economic_complexity")}
    n_r, n_a = len(regions), len(acts)
    res["eci_reflections_economic_complexity_std1"] = float(er["economic_complexity"].std(ddof=1))
    res["pci_reflections_economic_complexity_std1"] = float(pr["economic_complexity"].std(ddof=1))
    res["eci_reflections_econcomplex_std0"] = float(er["econcomplex"].std())
    res["sqrt((n-1)/n)"] = float(np.sqrt((n_r - 1) / n_r))
    res["eci_reflections_economic_complexity_vs_sqrt((n-1)/n)*eci_eigen_maxabs"] = maxabs(
        er["economic_complexity"], np.sqrt((n_r - 1) / n_r) * eci["econcomplex"])
    res["eci_reflections_spearman_economic_complexity_vs_eigen"] = spearman(er["economic_complexity"], eci["econcomplex"])
    res["pci_reflections_spearman_economic_complexity_vs_eigen"] = spearman(pr["economic_complexity"], pci["econcomplex"])
    res["eci_reflections_spearman_econcomplex_vs_eigen"] = spearman(er["econcomplex"], eci["econcomplex"])
    res["pci_reflections_spearman_econcomplex_vs_eigen"] = spearman(pr["econcomplex"], pci["econcomplex"])
    res["eci_reflections_econcomplex_vs_z0(economic_complexity)_maxabs"] = maxabs(
        er["econcomplex"], z0(er["economic_complexity"]))
    res["eci_reflections_econcomplex_vs_-z0(economic_complexity)_maxabs"] = maxabs(
        er["econcomplex"], -z0(er["economic_complexity"]))
    res["corr_eci_reflections_diversity_economic_complexity"] = corr(er["economic_complexity"], d)
    res["corr_pci_reflections_ubiquity_economic_complexity"] = corr(pr["economic_complexity"], u)

    # ---- COI
    coi = {p: fx.vec(p, "coi").reindex(regions).to_numpy() for p in ("ecomplexity", "econcomplex")}
    hard("coi_econcomplex_eq_sum_(dens/100)(1-M)pci",
         maxabs(coi["econcomplex"], ((dens["econcomplex"] / 100) * (1 - M) * pci["econcomplex"]).sum(axis=1)), 1e-10)
    # ecomplexity used the raw eigenvector kp = s (PCI + mu): recover mu from Mpp kp = lambda kp,
    # i.e. Mpp PCI = lambda PCI + (lambda - 1) mu 1  (rows of Mpp sum to 1).
    Mpp = (M / u[None, :]).T @ Mbar
    y = Mpp @ pci["ecomplexity"]
    A = np.column_stack([pci["ecomplexity"], np.ones(n_a)])
    (lam, c), *_ = np.linalg.lstsq(A, y, rcond=None)
    res["ecomplexity_eigenvalue_lambda2"] = float(lam)
    res["ecomplexity_eigen_relation_residual"] = maxabs(y, lam * pci["ecomplexity"] + c)
    degenerate = abs(lam - 1) < 1e-8  # disconnected bipartite graph: lambda2 = 1, mu undetermined
    cog = {p: fx.mat(p, "cog").reindex(index=regions, columns=acts).to_numpy(float) for p in PEERS}
    if degenerate:
        res["ecomplexity_raw_pci_offset_mu"] = None
        res["ecomplexity_coi_cog_check"] = "skipped: lambda2 = 1 (disconnected M), offset mu undetermined"
    else:
        mu = c / (lam - 1)
        res["ecomplexity_raw_pci_offset_mu"] = float(mu)
        coi_pye = ((dens["ecomplexity"] * (1 - M)) * (pci["ecomplexity"] + mu)).sum(axis=1)
        hard("coi_ecomplexity_eq_z0(sum_dens(1-M)(pci+mu))", maxabs(coi["ecomplexity"], z0(coi_pye)), 1e-9)
        # ---- COG (ecomplexity)
        k = pci["ecomplexity"] + mu
        cog_pye = (1 - M) * ((1 - M) @ (phi1 * (k / phi1.sum(axis=1))[:, None]))
        hard("cog_ecomplexity_eq_atlas_source_normalised_diag1_(pci+mu)",
             maxabs(cog["ecomplexity"], cog_pye), 1e-10)
    res["coi_mean_std0_ecomplexity"] = [float(np.mean(coi["ecomplexity"])), float(np.std(coi["ecomplexity"]))]
    res["coi_spearman_ecomplexity_vs_econcomplex"] = spearman(coi["ecomplexity"], coi["econcomplex"])

    # ---- COG
    pn = phi0 / phi0.sum(axis=1)[:, None]  # row c = target
    cog_ecx = (1 - M) * ((1 - M) @ (pn * pci["econcomplex"][None, :]).T)
    hard("cog_econcomplex_eq_target_normalised_diag0_zpci", maxabs(cog["econcomplex"], cog_ecx), 1e-10)
    pdw = pr["economic_complexity"]
    og = ((1 - M) * pdw[None, :]) @ (phi0 / phi0.sum(axis=0)[None, :]) - dens0 * pdw[None, :]
    hard("cog_economic_complexity_eq_opportunity_gain_formula", maxabs(cog["economic_complexity"], og), 1e-10)
    res["cog_economic_complexity_nonzero_on_held_cells"] = int((np.abs(cog["economic_complexity"][M == 1]) > 0).sum())
    un = M == 0
    res["cog_spearman_unheld_ecomplexity_vs_econcomplex"] = spearman(cog["ecomplexity"][un], cog["econcomplex"][un])
    res["cog_spearman_unheld_ecomplexity_vs_economic_complexity"] = spearman(cog["ecomplexity"][un], cog["economic_complexity"][un])
    res["cog_spearman_unheld_econcomplex_vs_economic_complexity"] = spearman(cog["econcomplex"][un], cog["economic_complexity"][un])

    # ---- fitness-complexity
    f = fx.vec("econcomplex", "fitness").to_numpy()
    q = fx.vec("econcomplex", "fc_complexity").to_numpy()
    res["fitness_mean"] = float(f.mean())
    res["fc_complexity_mean"] = float(q.mean())
    res["fitness_spearman_vs_eci"] = spearman(fx.vec("econcomplex", "fitness").reindex(regions), eci["econcomplex"])

    # ---- NaN count in all written files
    res["nan_values_in_files"] = int(sum(v["nan"] for p in fx_meta(fx)["files"].values() for v in p.values()))
    return res, fails


def fx_meta(fx: Fixture) -> dict:
    return json.loads((fx.dir / "meta.json").read_text())


def check_trade(fx: Fixture) -> tuple[dict, list]:
    res, fails = {}, []
    if not fx.has("ecomplexity", "eci"):
        return {"skipped": "no trade peer outputs"}, []
    inp = pd.read_csv(fx.dir / "input.csv.gz", dtype={"region": str, "activity": str})
    regions = sorted(inp.region.unique())
    acts = sorted(inp.activity.unique())
    ones = pd.read_csv(fx.dir / "reference_economiccomplexity" / "balassa_index_binary_ones.csv", dtype=str)
    M = pd.crosstab(ones["country"], ones["product"]).reindex(index=regions, columns=acts, fill_value=0)
    M = M.to_numpy(float)
    d = M.sum(axis=1)
    eci = {p: fx.vec(p, "eci").reindex(regions).to_numpy() for p in ("ecomplexity", "econcomplex")}
    pci = {p: fx.vec(p, "pci").reindex(acts).to_numpy() for p in ("ecomplexity", "econcomplex")}
    res["shape"] = [len(regions), len(acts)]
    for p in PEERS:
        dv = fx.vec(p, "diversity").reindex(regions).to_numpy()
        res[f"diversity_vs_R_balassa_ones_maxabs_{p}"] = maxabs(dv, d)
        if res[f"diversity_vs_R_balassa_ones_maxabs_{p}"] != 0:
            fails.append(f"trade: diversity {p} != R balassa_index")
    res["eci_maxabs_ecomplexity_vs_econcomplex"] = maxabs(eci["ecomplexity"], eci["econcomplex"])
    res["pci_z0_ecomplexity_minus_econcomplex_maxabs"] = maxabs(z0(pci["ecomplexity"]), pci["econcomplex"])
    res["pci_ecomplexity_affine_of_own_z0"] = {
        "scale_std0": float(pci["ecomplexity"].std()), "offset_mean": float(pci["ecomplexity"].mean())}
    res["eci_ecomplexity_eq_mean_pci_of_held_maxabs"] = maxabs(eci["ecomplexity"], (M / d[:, None]) @ pci["ecomplexity"])
    er = fx.vec("economic_complexity", "eci_reflections").reindex(regions).to_numpy()
    pr = fx.vec("economic_complexity", "pci_reflections").reindex(acts).to_numpy()
    n = len(regions)
    res["sqrt((n-1)/n)"] = float(np.sqrt((n - 1) / n))
    res["eci_reflections_economic_complexity_vs_sqrt((n-1)/n)*eci_eigen_maxabs"] = maxabs(
        er, np.sqrt((n - 1) / n) * eci["econcomplex"])
    res["eci_reflections_spearman_economic_complexity_vs_eigen"] = spearman(er, eci["econcomplex"])
    res["pci_reflections_spearman_economic_complexity_vs_eigen"] = spearman(pr, pci["econcomplex"])
    res["coi_spearman_ecomplexity_vs_econcomplex"] = spearman(
        fx.vec("ecomplexity", "coi").reindex(regions), fx.vec("econcomplex", "coi").reindex(regions))
    # R economiccomplexity fitness (reference file) vs the two update orders, from M and F=Q=1:
    # sequential (econcomplex: Q_n uses the new F_n) and simultaneous (Q_n uses F_{n-1}).
    ref = fx.dir / "reference_economiccomplexity"
    rf = pd.read_csv(ref / "complexity_index_country_fitness.csv", dtype={"country": str}).set_index(
        "country")["fitness_complexity_index"].reindex(regions).to_numpy()
    rq = pd.read_csv(ref / "complexity_index_product_fitness.csv", dtype={"product": str}).set_index(
        "product")["fitness_complexity_index"].reindex(acts).to_numpy()

    def fc(steps, sequential):
        f, q = np.ones(len(regions)), np.ones(len(acts))
        for _ in range(steps):
            fn = M @ q
            fn /= fn.mean()
            qn = 1 / (M.T @ (1 / (fn if sequential else f)))
            qn /= qn.mean()
            f, q = fn, qn
        return f, q

    fr = {}
    for label, seq in (("sequential", True), ("simultaneous", False)):
        best = None
        for steps in range(1, 41):
            f, q = fc(steps, seq)
            err = max(maxabs(f / rf, 1), maxabs(q / rq, 1))
            if best is None or err < best[1]:
                best = (steps, err)
        fr[label] = {"best_steps": best[0], "max_rel_diff": best[1]}
    res["fitness_R_reference_matches_update_order"] = fr
    ecx_f = fx.vec("econcomplex", "fitness").reindex(regions).to_numpy()
    res["fitness_econcomplex_vs_sequential_20_steps_maxabs"] = maxabs(ecx_f, fc(20, True)[0])
    res["cross_checks_vs_R"] = fx_meta(fx).get("cross_checks_vs_R")
    return res, fails


def fmtv(v):
    if isinstance(v, float):
        return f"{v:.6g}"
    if isinstance(v, list):
        return "[" + ", ".join(fmtv(x) for x in v) + "]"
    return str(v)


def main(argv=None) -> int:
    warnings.filterwarnings("ignore", category=RuntimeWarning)  # corr/z-score of constant vectors (f2)
    names = ["f2", "syn30x50", "syn100x200", "trade"]
    allres, allfails = {}, []
    for name in names:
        fx = Fixture(name)
        if not fx.dir.exists():
            continue
        res, fails = (check_trade if name == "trade" else check_full)(fx)
        allres[name] = res
        allfails += fails
    allres["failures"] = allfails
    (OUT / "checks.json").write_text(json.dumps(allres, indent=2) + "\n")

    keys = ["shape", "mcc_top_eigenvalues", "rca_maxabs_ecomplexity_vs_econcomplex",
            "rca_maxabs_ecomplexity_vs_economic_complexity", "rca_maxabs_econcomplex_vs_economic_complexity",
            "rca_exactly_1_cells", "proximity_diagonal_values_ecomplexity", "proximity_diagonal_values_econcomplex",
            "proximity_diagonal_values_economic_complexity", "density_spearman_ecomplexity_vs_economic_complexity",
            "eci_maxabs_ecomplexity_vs_econcomplex", "pci_z0_ecomplexity_minus_econcomplex_maxabs",
            "pci_z0_ecomplexity_plus_econcomplex_maxabs", "pci_ecomplexity_affine_of_own_z0",
            "eci_reflections_economic_complexity_vs_sqrt((n-1)/n)*eci_eigen_maxabs",
            "eci_reflections_spearman_economic_complexity_vs_eigen", "ecomplexity_raw_pci_offset_mu",
            "ecomplexity_coi_cog_check",
            "coi_spearman_ecomplexity_vs_econcomplex", "cog_spearman_unheld_ecomplexity_vs_econcomplex",
            "nan_values_in_files", "fitness_R_reference_matches_update_order",
            "fitness_econcomplex_vs_sequential_20_steps_maxabs"]
    print("peer fixture checks (full detail in checks.json)")
    for name, res in allres.items():
        if name == "failures":
            continue
        print(f"[{name}]")
        for k in keys:
            if k in res:
                print(f"  {k}: {fmtv(res[k])}")
    if allfails:
        print("FAILED:")
        for f in allfails:
            print("  " + f)
        return 1
    print("all hard checks passed (RCA equal across peers to 1e-12, M, proximity, density, COI/COG formulas)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
