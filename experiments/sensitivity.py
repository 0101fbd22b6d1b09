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

from staffsim.experiments.design import DESIGN_NAMES, make_design, size_warnings
from staffsim.i18n import N_
from staffsim.model.outcomes import headline_columns
from staffsim.results.finding_words import say
from staffsim.results.folder import atomic_folder, manifest, write_json
from staffsim.results.plots import draw
from staffsim.results.sweep_folder import load_results, outcome_columns
from staffsim.results.tables import csv_writer, plain
from staffsim.results.words import Words, column, lever_label, setting_value, text_table, words
from staffsim.scenarios.errors import ScenarioError, quote
from staffsim.scenarios.params import Params

NO_VARIATION = N_("the outcome does not vary (or is undefined) across design points")
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
        return plain(v, 4)
    return json.dumps(v, ensure_ascii=False)


def _bins(values: list, n_bins: int, numeric: bool) -> list[str]:
    """A label per run: the value itself, or its quantile bin for a many-valued number."""
    if not numeric or len(set(values)) <= n_bins:
        return [_label(v) for v in values]
    v = np.asarray(values, float)
    edges = np.unique(np.quantile(v, np.linspace(0, 1, n_bins + 1)))
    idx = np.clip(np.searchsorted(edges, v, side="right") - 1, 0, len(edges) - 2)
    return [f"{plain(edges[i], 4)} to {plain(edges[i + 1], 4)}" for i in idx]


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
    # a scenario is one setting of the uncertainties; without any, each run is one
    unc = [list(cols[f"in:{f['key']}"]) for f in spec["factors"] if f["role"] != "lever"]
    scenario = ([json.dumps(s) for s in zip(*unc, strict=True)] if unc
                else [str(i) for i in range(len(y))])
    rows = []
    for key, idx in settings.items():
        vals = y[idx]
        share = float(np.mean(vals < thr))
        n = len({scenario[i] for i in idx})
        enough = n >= dp.min_scenarios
        rows.append({"setting": dict(zip([f["key"] for f in levers], key, strict=True)),
                     "runs": len(idx), "scenarios": n, "enough_scenarios": enough,
                     "success_share": share, "mean": float(np.nanmean(vals)),
                     "robust": enough and share >= dp.robust_share})
    # judged settings first (best first), then those that met too few scenarios
    rows.sort(key=lambda r: (not r["enough_scenarios"], -r["success_share"], r["mean"]))
    return {"outcome": dp.outcome, "threshold": thr, "robust_share": dp.robust_share,
            "min_scenarios": dp.min_scenarios,
            "too_few": sum(not r["enough_scenarios"] for r in rows),
            "levers": [f["key"] for f in levers], "settings": rows}


# bounds of each index: Sobol and RBD-FAST indices are shares of variance, in [0, 1]; Morris
# mu* is a mean absolute effect, at least 0 (no upper bound)
BOUNDS = {"S1": (0.0, 1.0), "ST": (0.0, 1.0), "mu_star": (0.0, None)}


def index_flags(num: dict[str, list[float | None]]) -> dict[str, list[list[str]]]:
    """Per index with a confidence interval (SALib's bootstrap, 95%: value ± conf), per
    factor: "spans_zero" when the interval reaches zero or below (the input may have no
    effect), "out_of_bounds" when the value or the interval leaves the index's bounds (the
    sample is too small for the estimator)."""
    out: dict[str, list[list[str]]] = {}
    for key, (lo, hi) in BOUNDS.items():
        if key not in num:
            continue
        confs = num.get(f"{key}_conf") or [None] * len(num[key])
        flags = []
        for v, c in zip(num[key], confs, strict=True):
            f: list[str] = []
            if v is None:
                flags.append(["undefined"])
                continue
            c = c or 0.0
            if v - c <= 0:
                f.append("spans_zero")
            if v < lo or (hi is not None and (v > hi or v + c > hi)):
                f.append("out_of_bounds")
            flags.append(f)
        out[key] = flags
    return out


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
            entry["note"] = NO_VARIATION
            out["sensitivity"][name] = entry
            continue
        if numeric:
            row_mean = point_mean.reshape(len(design.x), n_cat).mean(axis=1)
            try:
                entry["numeric"] = numeric_indices(design.method, problem, design.x,
                                                   row_mean, spec["seed"])
                entry["flags"] = index_flags(entry["numeric"])
                s1 = [v for v in entry["numeric"].get("S1", []) if v is not None]
                if s1 and sum(s1) > 1:  # first-order shares of one variance cannot
                    entry["s1_sum"] = float(sum(s1))
            except (ValueError, ZeroDivisionError, IndexError) as e:
                entry["note"] = f"too few design points for {design.method} indices ({e})"
        if design.categorical:
            cats = [design.categories[p % n_cat] for p in range(design.n_points)]
            entry["categorical"] = {f.key: eta_squared(point_mean, [c[j] for c in cats])
                                    for j, f in enumerate(design.categorical)}
        out["sensitivity"][name] = entry
    out["discovery"] = discovery(spec, cols, params, threshold)
    out["design_warnings"] = size_warnings(params.sweep)
    return out


def write_analysis(folder: Path, result: dict[str, Any], force: bool = False) -> Path:
    """SWEEP_DIR/analysis: analysis.json, sensitivity.csv, discovery.csv and figures."""
    final = Path(folder) / "analysis"
    # analyze has no --out: its folder is the sweep's analysis/
    with atomic_folder(final, force=force, field="") as tmp:
        write_json(tmp / "analysis.json", result)
        with open(tmp / "sensitivity.csv", "w", encoding="utf-8", newline="") as f:
            w = csv_writer(f)
            w.writerow(["outcome", "factor", "index", "value", "conf", "flags"])
            for name, e in result["sensitivity"].items():
                num, flags = e.get("numeric", {}), e.get("flags", {})
                for key in [k for k in num if not k.endswith("_conf")]:
                    for j, (fac, v, c) in enumerate(zip(
                            result["numeric_factors"], num[key],
                            num.get(f"{key}_conf", [None] * len(num[key])), strict=True)):
                        f = flags.get(key, [[]] * len(num[key]))[j]
                        w.writerow([name, fac, key, _fmt(v), _fmt(c), " ".join(f)])
                for fac, v in e.get("categorical", {}).items():
                    w.writerow([name, fac, "eta2", _fmt(v), ""])
        d = result["discovery"]
        with open(tmp / "discovery.csv", "w", encoding="utf-8", newline="") as f:
            w = csv_writer(f)
            w.writerow([*d["levers"], "runs", "scenarios", "enough_scenarios",
                        "success_share", "mean", "robust"])
            for r in d["settings"]:
                w.writerow([*(r["setting"][k] for k in d["levers"]), r["runs"],
                            r["scenarios"], str(r["enough_scenarios"]).lower(),
                            _fmt(r["success_share"]), _fmt(r["mean"]),
                            str(r["robust"]).lower()])
        spec = json.loads((Path(folder) / "sweep.json").read_text(encoding="utf-8"))
        draw(tmp, ANALYSIS_FIGURES, scenario=Params.model_validate(spec["params"]))
        write_json(tmp / "manifest.json", manifest(
            command=shlex.join(["staffsim", *sys.argv[1:]]),
            sweep_folder=str(Path(folder).resolve())))
    return final


def _fmt(v: float | None) -> str:
    return plain(v)


FLAG_WORDS = {"spans_zero": N_("interval includes zero"),
              "out_of_bounds": N_("beyond its bounds"),
              "undefined": N_("undefined")}
INDEX_WORDS = {"S1": N_("first-order index S1"), "ST": N_("total index ST"),
               "mu_star": N_("Morris mu*"), "sigma": N_("Morris sigma")}


def _setting(_: Words, key: str, label: str) -> str:
    """A lever's setting as discovery labels it ('4.5e+09', '1e+09 to 2e+09'), in its unit."""
    def one(text: str) -> str:
        try:
            return setting_value(_, key, float(text))
        except ValueError:
            return text
    lo, sep, hi = label.partition(" to ")
    return _("{lo} to {hi}", lo=one(lo), hi=one(hi)) if sep else one(label)


def report_lines(result: dict[str, Any]) -> list[str]:
    """The analysis for people, in the current language: the design's size warnings, each
    outcome's indices with their 95% bootstrap intervals and flags, and scenario discovery
    with the settings that met too few scenarios said so."""
    _ = words()
    lines = [_("{design} design, {runs} runs ({n} replications per point)",
               design=_(DESIGN_NAMES.get(result["design"], result["design"])),
               runs=_.num(result["runs"]), n=_.num(result["replications"]))]
    lines += [_("warning: {text}", text=say(_, w)) for w in result.get("design_warnings", [])]
    lines.append("")
    labels = result.get("labels", {})
    for name, e in result["sensitivity"].items():
        noise = e.get("replication_noise_share")
        lines.append(_("{title} (replication noise: {share} of the variance)",
                       title=column(_, name),
                       share="–" if noise is None else _.pct(noise)))
        if "note" in e:
            lines.append(f"  {_(e['note'])}")
        num, flags = e.get("numeric", {}), e.get("flags", {})
        keys = [k for k in num if not k.endswith("_conf")]
        rows = []
        for j, f in enumerate(result["numeric_factors"]):
            row = [lever_label(_, f) if lever_label(_, f) != f else labels.get(f, f)]
            notes = []
            for k in keys:
                v, c = num[k][j], (num.get(f"{k}_conf") or [None] * len(num[k]))[j]
                row.append("–" if v is None else _.num(v, 3) + (
                    f" ± {_.num(c, 3)}" if c is not None else ""))
                found = flags.get(k, [[]] * len(num[k]))[j]
                if found:
                    notes.append(f"{k}: " + ", ".join(_(FLAG_WORDS[x]) for x in found))
            rows.append([*row, ("⚠ " + "; ".join(notes)) if notes else ""])
        if keys:
            head = ["", *(_(INDEX_WORDS.get(k, k)) + " (± 95%)" if f"{k}_conf" in num
                          else _(INDEX_WORDS.get(k, k)) for k in keys), ""]
            lines += text_table(head, rows, indent="  ")
        if "s1_sum" in e:
            lines.append("  " + _("caution: the first-order indices add up to {sum}, more than "
                                  "1 — the design is too small for them to be read as shares",
                                  sum=_.num(e["s1_sum"], 2)))
        for f, v in e.get("categorical", {}).items():
            lines.append(f"  {labels.get(f, f)}: eta² {'–' if v is None else _.num(v, 3)}")
        lines.append("")
    d = result["discovery"]
    lines.append(_("Scenario discovery: {title} below {threshold} (robust: in at least {share} "
                   "of at least {n} scenarios)", title=column(_, d["outcome"]),
                   threshold=_.num(d["threshold"], 1), share=_.pct(d["robust_share"]),
                   n=_.num(d.get("min_scenarios", 1))))
    if d.get("too_few"):
        lines.append("  " + _("warning: {n} of {m} lever settings met fewer than {k} scenarios: "
                              "too few to judge, never called robust (sweep.lever_samples > 0 "
                              "lets every setting meet every scenario)", n=_.num(d["too_few"]),
                              m=_.num(len(d["settings"])), k=_.num(d["min_scenarios"])))
    for r in d["settings"][:15]:
        setting = ", ".join(f"{lever_label(_, k)} {_setting(_, k, v)}"
                            for k, v in r["setting"].items()) or _("all runs")
        verdict = (_("ROBUST") if r["robust"] else "" if r.get("enough_scenarios", True)
                   else _("too few scenarios"))
        lines.append("  " + _("{verdict:>18}  {share:>5}  mean {mean}  ({n} scenario(s), "
                              "{runs} runs)  {setting}", verdict=verdict,
                              share=_.pct(r["success_share"]),
                              mean=_.num(r["mean"], 1), n=_.num(r.get("scenarios", 0)),
                              runs=_.num(r["runs"]), setting=setting))
    if len(d["settings"]) > 15:
        lines.append("  " + _("… {n} more settings in discovery.csv",
                              n=_.num(len(d["settings"]) - 15)))
    return lines
