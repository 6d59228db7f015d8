#!/usr/bin/env python3
"""Cross-checks the demo audit against scikit-learn.

Runs `healthcal score --outcomes` (the exact snapshot and score the audit
uses for each account at each horizon) and `healthcal audit --demo --format
json --bootstrap 0`, then recomputes every horizon's metrics, overall and per
segment, with scikit-learn and fails on any difference > 1e-9:

  roc_auc            roc_auc_score(churned, 100 - score). The audit ranks by
                     risk = 100 - score (churned accounts should score lower);
                     both count ties as half.
  average_precision  average_precision_score(churned, 100 - score). healthcal's
                     "PR AUC" is documented as this exact definition, the
                     step-wise sum of (R_k - R_k-1) P_k; the trapezoidal area
                     under the PR curve is a different, optimistic number and
                     is printed beside it for information only.
  ks                 max |tpr - fpr| over roc_curve(churned, 100 - score).
  calibration        LogisticRegression on x = (50 - score) / 50 with the
                     intercept as a penalised feature and C = 1e6, which is
                     exactly healthcal's ridge-penalised Platt fit
                     (lambda = 1e-6 on both parameters); compared are the
                     intercept, the slope, brier_score_loss of sklearn's own
                     probabilities, and brier_score_loss of the probabilities
                     from healthcal's exported coefficients.
  bands              confusion_matrix(churned, band == b) for green, amber and
                     red, with bands recomputed from the score and the model's
                     cut-offs (segment overrides included).
  at-risk flags      confusion_matrix(churned, flagged): green-churn, recall,
                     precision, false-alarm and alert counts and rates
                     (recall_score / precision_score for the rates).
  ARR shares         the same rates with sample_weight = ARR (the outcome's
                     ARR, else the scored snapshot's), accounts without ARR
                     left out as the audit does.

The first run creates a virtual environment in .build/oracle-venv and
installs scikit-learn and numpy into it; later runs reuse it.

Usage: python3 Tests/Oracle/check_sklearn.py path/to/healthcal
"""

import csv
import io
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import venv_tools  # noqa: E402

TOLERANCE = 1e-9
VENV = os.path.join(".build", "oracle-venv")
SNAPSHOTS = "Fixtures/demo/snapshots.csv"
OUTCOMES = "Fixtures/demo/outcomes.csv"
MODEL = "chs-4"


def ensure_venv():
    """Re-runs this script under the oracle venv, creating it if needed."""
    venv_tools.ensure_venv(VENV, ["scikit-learn", "numpy"], "import sklearn, numpy", __file__)


def run(binary, *arguments):
    return subprocess.run([binary, *arguments], check=True, capture_output=True, text=True).stdout


def arr_lookup():
    """ARR per (account, as_of) from the snapshots and per account from the outcomes."""
    snapshot_arr = {}
    with open(SNAPSHOTS, newline="", encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            if row.get("arr"):
                snapshot_arr[(row["account_id"], row["as_of"])] = float(row["arr"])
    outcome_arr = {}
    with open(OUTCOMES, newline="", encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            if row.get("arr"):
                outcome_arr[row["account_id"]] = float(row["arr"])
    return snapshot_arr, outcome_arr


class Comparison:
    """Collects (metric, where, healthcal, sklearn) and summarises them."""

    def __init__(self):
        self.rows = []
        # (where, average precision, trapezoidal PR AUC), for information.
        self.trapezoid = []

    def add(self, metric, where, healthcal, reference):
        if healthcal is None or reference is None:
            diff = 0.0 if healthcal is None and reference is None else float("inf")
        else:
            diff = abs(float(healthcal) - float(reference))
        self.rows.append((metric, where, healthcal, reference, diff))

    def failures(self):
        return [row for row in self.rows if row[4] > TOLERANCE]

    def summary(self):
        """Per metric: the worst case, its values and how many were compared."""
        worst = {}
        counts = {}
        for row in self.rows:
            counts[row[0]] = counts.get(row[0], 0) + 1
            if row[0] not in worst or row[4] > worst[row[0]][4]:
                worst[row[0]] = row
        return [(worst[name], counts[name]) for name in worst]


def fmt(value):
    if value is None:
        return "-"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.12g}"
    return str(value)


def check_group(compare, where, rows, metrics, bands_for, at_risk, arr_of):
    """Recomputes one group's metrics at one horizon from its listing rows."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import (auc, average_precision_score, brier_score_loss, confusion_matrix,
                                 precision_recall_curve, precision_score, recall_score, roc_auc_score,
                                 roc_curve)

    score = np.array([float(r["score"]) for r in rows])
    y = np.array([1 if r["outcome"] == "churned" else 0 for r in rows])
    risk = 100.0 - score
    both = 0 < y.sum() < len(y)
    compare.add("scored accounts", where, metrics["coverage"]["scored"], len(rows))

    def cut(r, s):
        red, green = bands_for(r["segment"])
        return "red" if s < red else "green" if s >= green else "amber"

    band = np.array([cut(r, s) for r, s in zip(rows, score)])
    compare.add("band per account (mismatches)", where, sum(1 for r, b in zip(rows, band) if r["band"] != b), 0)

    compare.add("roc_auc", where, metrics["roc_auc"]["value"], float(roc_auc_score(y, risk)) if both else None)
    compare.add(
        "average_precision", where, metrics["average_precision"],
        float(average_precision_score(y, risk)) if y.sum() > 0 else None)
    if both:
        fpr, tpr, _ = roc_curve(y, risk, drop_intermediate=False)
        ks = float(np.max(np.abs(tpr - fpr)))
        precision, recall, _ = precision_recall_curve(y, risk)
        compare.trapezoid.append((where, metrics["average_precision"], float(auc(recall, precision))))
    else:
        ks = None
    compare.add("ks", where, metrics["ks"], ks)

    calibration = metrics.get("calibration")
    if both:
        x = (50.0 - score) / 50.0
        features = np.column_stack([np.ones_like(x), x])
        fit = LogisticRegression(fit_intercept=False, C=1e6, solver="newton-cholesky", tol=1e-14, max_iter=1000)
        fit.fit(features, y)
        intercept, slope = (float(v) for v in fit.coef_[0])
        compare.add("calibration intercept", where, calibration["intercept"], intercept)
        compare.add("calibration slope", where, calibration["slope"], slope)
        compare.add("brier (sklearn fit)", where, calibration["brier"],
                    float(brier_score_loss(y, fit.predict_proba(features)[:, 1])))
        exported = 1.0 / (1.0 + np.exp(-(calibration["intercept"] + calibration["slope"] * x)))
        compare.add("brier (healthcal fit)", where, calibration["brier"], float(brier_score_loss(y, exported)))
    else:
        compare.add("brier (sklearn fit)", where, (calibration or {}).get("brier"), None)

    for name in ("green", "amber", "red"):
        tn, fp, fn, tp = confusion_matrix(y, band == name, labels=[0, 1]).ravel()
        compare.add("band counts", f"{where} {name} churned", metrics["bands"][name]["churned"], int(tp))
        compare.add("band counts", f"{where} {name} renewed", metrics["bands"][name]["renewed"], int(fp))

    green = band == "green"
    flagged = (band == "red") | ((band == "amber") & (at_risk == "amber"))
    tn, fp, fn, tp = confusion_matrix(y, flagged, labels=[0, 1]).ravel()
    green_tp = int(((y == 1) & green).sum())
    counts = {
        "green_churn_rate": (green_tp, int(y.sum())),
        "at_risk_recall": (int(tp), int(tp + fn)),
        "precision": (int(tp), int(tp + fp)),
        "false_alarm_rate": (int(fp), int(fp + tn)),
        "alert_rate": (int(tp + fp), len(y)),
    }
    for name, (count, of) in counts.items():
        compare.add("flag counts", f"{where} {name}", metrics[name]["count"], count)
        compare.add("flag counts", f"{where} {name} of", metrics[name]["of"], of)
    rates = {
        "green_churn_rate": recall_score(y, green, zero_division=np.nan) if y.sum() else None,
        "at_risk_recall": recall_score(y, flagged, zero_division=np.nan) if y.sum() else None,
        "precision": precision_score(y, flagged, zero_division=np.nan) if flagged.sum() else None,
        "false_alarm_rate": recall_score(1 - y, flagged, zero_division=np.nan) if (1 - y).sum() else None,
        "alert_rate": float(flagged.mean()) if len(y) else None,
    }
    for name, value in rates.items():
        compare.add("flag rates", f"{where} {name}", metrics[name]["value"], None if value is None else float(value))

    arr = np.array([arr_of(r) for r in rows], dtype=float)
    known = ~np.isnan(arr)
    compare.add("accounts without ARR", where, metrics["arr"]["accounts_without_arr"], int((~known).sum()))
    yk, wk, gk, fk = y[known], arr[known], green[known], flagged[known]
    shares = {
        "green_churn_share": (gk, yk),
        "at_risk_recall": (fk, yk),
        "false_alarm_share": (fk, 1 - yk),
    }
    for name, (prediction, truth) in shares.items():
        weight = wk[truth == 1].sum()
        value = float(recall_score(truth, prediction, sample_weight=wk, zero_division=np.nan)) if weight > 0 else None
        compare.add("ARR shares", f"{where} {name}", metrics["arr"][name]["value"], value)
        compare.add("ARR totals", f"{where} {name} of", metrics["arr"][name]["of"], float(weight))


def main(argv):
    if len(argv) != 2:
        raise SystemExit("usage: python3 Tests/Oracle/check_sklearn.py path/to/healthcal")
    ensure_venv()
    import sklearn

    binary = argv[1]
    listing = run(binary, "score", "--snapshots", SNAPSHOTS, "--outcomes", OUTCOMES, "--model", MODEL, "--format", "csv")
    report = json.loads(run(binary, "audit", "--demo", "--format", "json", "--bootstrap", "0"))
    model = json.loads(run(binary, "presets", MODEL))
    at_risk = report["settings"]["at_risk"]
    snapshot_arr, outcome_arr = arr_lookup()

    def bands_for(segment):
        override = (model.get("segments") or {}).get(segment) or {}
        bands = override.get("bands") or model["bands"]
        return bands["red_below"], bands["green_at_or_above"]

    def arr_of(row):
        return outcome_arr.get(row["account_id"], snapshot_arr.get((row["account_id"], row["as_of"]), float("nan")))

    by_horizon = {}
    for row in csv.DictReader(io.StringIO(listing)):
        by_horizon.setdefault(int(row["horizon_days"]), []).append(row)

    compare = Comparison()
    for entry in report["horizons"]:
        horizon = entry["horizon_days"]
        rows = by_horizon.get(horizon, [])
        check_group(compare, f"{horizon}d all", rows, entry["overall"], bands_for, at_risk, arr_of)
        for segment in entry["segments"]:
            name = segment["group"]
            members = [r for r in rows if (r["segment"] or "(none)") == name]
            check_group(compare, f"{horizon}d {name}", members, segment, bands_for, at_risk, arr_of)

    print(f"scikit-learn {sklearn.__version__} oracle on the demo audit ({len(compare.rows)} comparisons, tolerance {TOLERANCE:g})")
    header = ("metric", "worst case", "healthcal", "sklearn", "|diff|", "n")
    table = [header] + [
        (name, where, fmt(h), fmt(r), f"{d:.1e}", str(n)) for (name, where, h, r, d), n in compare.summary()]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    for row in table:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())
    worst_gap = max(compare.trapezoid, key=lambda t: abs(t[1] - t[2]))
    print(f"for information: trapezoidal PR AUC differs from average precision by up to "
          f"{abs(worst_gap[1] - worst_gap[2]):.4f} ({worst_gap[0]}: AP {worst_gap[1]:.6f}, trapezoid {worst_gap[2]:.6f}); "
          f"healthcal reports AP")
    failures = compare.failures()
    if failures:
        print(f"sklearn oracle FAILED: {len(failures)} differences > {TOLERANCE:g}")
        for name, where, h, r, d in failures[:40]:
            print(f"  {name} {where}: healthcal {fmt(h)}, sklearn {fmt(r)}, diff {d:.3e}")
        return 1
    print("sklearn oracle: all metrics agree")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
