"""Analyse a finished sweep: sensitivity of each outcome to each input, and scenario
discovery (which lever settings keep an outcome below a threshold in most scenarios).

Sensitivity uses the SALib analyser that matches the design: Sobol (S1, ST) for a Sobol design,
Morris (mu*, sigma) for a Morris design, RBD-FAST (S1) for Latin hypercube and factorial
designs. The numeric analysis runs on the mean over replications and categories of each
numeric design point; categorical factors get the correlation ratio (eta squared) of the
point means. The share of variance between replications of the same point says how much is
noise rather than input.
"""

from __future__ import annotations

import json
import shlex
import sys
import warnings
from pathlib import Path
from typing import Any

import numpy as np

from staffsim.experiments.design import make_design
from staffsim.model.outcomes import column_title, headline_columns
from staffsim.results.folder import atomic_folder, manifest, write_json
from staffsim.results.plots import draw
from staffsim.results.sweep_folder import load_results, outcome_columns
from staffsim.results.tables import csv_writer
from staffsim.scenarios.errors import ScenarioError, quote
from staffsim.scenarios.params import Params

MAX_EXACT_SETTINGS = 30  # more distinct lever settings than this are binned per lever
ANALYSIS_FIGURES = ("sensitivity", "discovery")


def _finite(a: np.ndarray) -> bool:
    return bool(np.all(np.isfinite(a)))


def numeric_indices(method: str, problem: dict, x: np.ndarray, y: np.ndarray,
                    seed: int) -> dict[str, list[float | None]]:
    """SALib indices of one outcome (per numeric factor, in problem order)."""
    # deferred (SALib imports pandas): only the analysis needs it
    from SALib.analyze import morris, rbd_fast, sobol

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if method == "sobol":
            r = sobol.analyze(problem, y, calc_second_order=False, seed=seed)
            keys = ("S1", "S1_conf", "ST", "ST_conf")
        elif method == "morris":
            r = morris.analyze(problem, x, y, seed=seed)
            keys = ("mu_star", "mu_star_conf", "sigma")
        else:
            # SALib's bootstrap of RBD-FAST divides by zero when the harmonics M are many for
            # the sample; about one per ten points (at most SALib's default 10) is stable
            m = int(min(10, max(1, len(y) // 10)))
            r = rbd_fast.analyze(problem, x, y, M=m, seed=seed)
            keys = ("S1", "S1_conf")
    return {k: [None if not np.isfinite(v) else float(v) for v in np.asarray(r[k], float)]
            for k in keys}


def eta_squared(y: np.ndarray, groups: list) -> float | None:
    """Share of the variance of ``y`` explained by the group means."""
    total = float(np.var(y))
    if total <= 0:
        return None
    labels = [json.dumps(g) for g in groups]
    means = {g: float(np.mean(y[[lab == g for lab in labels]])) for g in set(labels)}
    return float(np.var([means[lab] for lab in labels]) / total)


def _label(v: Any) -> str:
    if isinstance(v, str):
        return v
    if isinstance(v, float | int) and not isinstance(v, bool):
        return f"{v:.4g}"
    return json.dumps(v, ensure_ascii=False)


def _bins(values: list, n_bins: int, numeric: bool) -> list[str]:
    """A label per run: the value itself, or its quantile bin for a many-valued number."""
    if not numeric or len(set(values)) <= n_bins:
        return [_label(v) for v in values]
    v = np.asarray(values, float)
    edges = np.unique(np.quantile(v, np.linspace(0, 1, n_bins + 1)))
    idx = np.clip(np.searchsorted(edges, v, side="right") - 1, 0, len(edges) - 2)
    return [f"{edges[i]:.4g} to {edges[i + 1]:.4g}" for i in idx]


def discovery(spec: dict, cols: dict, params: Params, threshold: float | None) -> dict:
    """Per lever setting: the share of its runs (scenarios x replications) below threshold."""
    dp = params.sweep.discovery
    if dp.outcome not in cols:
        raise ScenarioError("sweep.json", "sweep.discovery.outcome", f"{quote(dp.outcome)} is not "
                            f"an outcome; allowed: {', '.join(outcome_columns(cols))}")
    y = np.asarray(cols[dp.outcome], float)
    thr = threshold if threshold is not None else dp.threshold
    if thr is None:
        thr = float(np.nanmedian(y))
    levers = [f for f in spec["factors"] if f["role"] == "lever"]
    raw = [list(cols[f"in:{f['key']}"]) for f in levers]
    if len({json.dumps(s) for s in zip(*raw, strict=True)}) <= MAX_EXACT_SETTINGS:
        # few settings (crossed or factorial levers): each is judged on its own
        labels = [_bins(v, len(v), False) for v in raw]
    else:
        labels = [_bins(v, dp.bins, f["range"] is not None) for v, f in zip(raw, levers,
                                                                            strict=True)]
    settings: dict[tuple, list[int]] = {}
    for i in range(len(y)):
        settings.setdefault(tuple(lab[i] for lab in labels), []).append(i)
    rows = []
    for key, idx in settings.items():
        vals = y[idx]
        share = float(np.mean(vals < thr))
        rows.append({"setting": dict(zip([f["key"] for f in levers], key, strict=True)),
                     "runs": len(idx), "success_share": share,
                     "mean": float(np.nanmean(vals)), "robust": share >= dp.robust_share})
    rows.sort(key=lambda r: (-r["success_share"], r["mean"]))
    return {"outcome": dp.outcome, "threshold": thr, "robust_share": dp.robust_share,
            "levers": [f["key"] for f in levers], "settings": rows}


def analyse_sweep(folder: Path, outcomes: list[str] | None = None,
                  threshold: float | None = None) -> dict[str, Any]:
    """Sensitivity indices of each outcome to each input, and scenario discovery."""
    folder = Path(folder)
    spec, cols = load_results(folder)
    params = Params.model_validate(spec["params"])
    available = outcome_columns(cols)
    chosen = outcomes or [o for o in headline_columns() if o in cols]
    bad = [o for o in chosen if o not in cols]
    if bad:
        raise ScenarioError("command line", "--outcome", f"{quote(bad[0])} is not an outcome of "
                            f"this sweep; allowed: {', '.join(available)}")
    design = make_design(params.sweep, spec["seed"], str(folder))
    reps = spec["replications"]
    n_cat = len(design.categories)
    point = np.asarray(cols["point"], int)
    members = [np.flatnonzero(point == p) for p in range(design.n_points)]
    numeric = [f.key for f in design.numeric]
    problem = design.problem()
    out: dict[str, Any] = {"sweep": str(folder), "design": design.method, "runs": len(point),
                           "replications": reps, "numeric_factors": numeric,
                           "categorical_factors": [f.key for f in design.categorical],
                           "labels": {f.key: f.label for f in design.factors},
                           "sensitivity": {}}
    for name in chosen:
        y = np.asarray(cols[name], float)
        entry: dict[str, Any] = {}
        point_mean = np.array([np.nanmean(y[m]) for m in members])
        total = float(np.nanvar(y))
        within = float(np.nanmean([np.nanvar(y[m]) for m in members]))
        entry["replication_noise_share"] = within / total if total > 0 else None
        if not _finite(point_mean) or np.ptp(point_mean) == 0:
            entry["note"] = "the outcome does not vary (or is undefined) across design points"
            out["sensitivity"][name] = entry
            continue
        if numeric:
            row_mean = point_mean.reshape(len(design.x), n_cat).mean(axis=1)
            try:
                entry["numeric"] = numeric_indices(design.method, problem, design.x,
                                                   row_mean, spec["seed"])
            except (ValueError, ZeroDivisionError, IndexError) as e:
                entry["note"] = f"too few design points for {design.method} indices ({e})"
        if design.categorical:
            cats = [design.categories[p % n_cat] for p in range(design.n_points)]
            entry["categorical"] = {f.key: eta_squared(point_mean, [c[j] for c in cats])
                                    for j, f in enumerate(design.categorical)}
        out["sensitivity"][name] = entry
    out["discovery"] = discovery(spec, cols, params, threshold)
    return out


def write_analysis(folder: Path, result: dict[str, Any], force: bool = False) -> Path:
    """SWEEP_DIR/analysis: analysis.json, sensitivity.csv, discovery.csv and figures."""
    final = Path(folder) / "analysis"
    with atomic_folder(final, force=force) as tmp:
        write_json(tmp / "analysis.json", result)
        with open(tmp / "sensitivity.csv", "w", encoding="utf-8", newline="") as f:
            w = csv_writer(f)
            w.writerow(["outcome", "factor", "index", "value", "conf"])
            for name, e in result["sensitivity"].items():
                num = e.get("numeric", {})
                for key in [k for k in num if not k.endswith("_conf")]:
                    for fac, v, c in zip(result["numeric_factors"], num[key],
                                         num.get(f"{key}_conf", [None] * len(num[key])),
                                         strict=True):
                        w.writerow([name, fac, key, _fmt(v), _fmt(c)])
                for fac, v in e.get("categorical", {}).items():
                    w.writerow([name, fac, "eta2", _fmt(v), ""])
        d = result["discovery"]
        with open(tmp / "discovery.csv", "w", encoding="utf-8", newline="") as f:
            w = csv_writer(f)
            w.writerow([*d["levers"], "runs", "success_share", "mean", "robust"])
            for r in d["settings"]:
                w.writerow([*(r["setting"][k] for k in d["levers"]), r["runs"],
                            _fmt(r["success_share"]), _fmt(r["mean"]),
                            str(r["robust"]).lower()])
        draw(tmp, ANALYSIS_FIGURES)
        write_json(tmp / "manifest.json", manifest(
            command=shlex.join(["staffsim", *sys.argv[1:]]),
            sweep_folder=str(Path(folder).resolve())))
    return final


def _fmt(v: float | None) -> str:
    return "" if v is None else f"{v:.6g}"


def report_lines(result: dict[str, Any]) -> list[str]:
    """The analysis as text tables."""
    lines = [f"{result['design']} design, {result['runs']} runs "
             f"({result['replications']} replications per point)", ""]
    for name, e in result["sensitivity"].items():
        noise = e.get("replication_noise_share")
        lines.append(f"{column_title(name)}  [{name}]  (replication noise: "
                     f"{'n/a' if noise is None else f'{noise:.0%}'} of the variance)")
        if "note" in e:
            lines.append(f"  {e['note']}")
        num = e.get("numeric", {})
        keys = [k for k in num if not k.endswith("_conf")]
        if keys:
            lines.append(f"  {'input':44}" + "".join(f"{k:>10}" for k in keys))
            for j, f in enumerate(result["numeric_factors"]):
                lines.append(f"  {f:44}" + "".join(
                    f"{'n/a' if num[k][j] is None else format(num[k][j], '.3g'):>10}"
                    for k in keys))
        for f, v in e.get("categorical", {}).items():
            lines.append(f"  {f:44}{'eta2':>10}{'n/a' if v is None else format(v, '.3g'):>10}")
        lines.append("")
    d = result["discovery"]
    lines.append(f"Scenario discovery: {column_title(d['outcome'])} < {d['threshold']:.4g} "
                 f"(robust: in at least {d['robust_share']:.0%} of scenarios)")
    for r in d["settings"][:15]:
        setting = ", ".join(f"{k}={v}" for k, v in r["setting"].items()) or "all runs"
        lines.append(f"  {'ROBUST ' if r['robust'] else '       '}{r['success_share']:>6.0%}  "
                     f"mean {r['mean']:>10.4g}  ({r['runs']} runs)  {setting}")
    if len(d["settings"]) > 15:
        lines.append(f"  ... {len(d['settings']) - 15} more settings in discovery.csv")
    return lines
