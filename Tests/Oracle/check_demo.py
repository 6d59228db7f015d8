#!/usr/bin/env python3
"""Cross-checks the demo audit's metrics against independent numpy/scipy code.

Runs `healthcal score --outcomes` (the exact per-account scores the audit uses
at each horizon) and `healthcal audit --format json` on Fixtures/demo, then
recomputes ROC AUC, average precision, KS, Brier, the green-churn rate and the
Wilson intervals with metrics_oracle.py and fails on any difference > 1e-9.

Usage: python3 Tests/Oracle/check_demo.py [path/to/healthcal]
"""

import csv
import io
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import metrics_oracle as oracle  # noqa: E402

TOLERANCE = 1e-9


def run(binary, *arguments):
    result = subprocess.run([binary, *arguments], check=True, capture_output=True, text=True)
    return result.stdout


def main(argv):
    binary = argv[1] if len(argv) > 1 else ".build/debug/healthcal"
    snapshots, outcomes = "Fixtures/demo/snapshots.csv", "Fixtures/demo/outcomes.csv"
    listing = run(binary, "score", "--snapshots", snapshots, "--outcomes", outcomes, "--model", "chs-4")
    report = json.loads(run(binary, "audit", "--demo", "--format", "json"))

    by_horizon = {}
    for row in csv.DictReader(io.StringIO(listing)):
        by_horizon.setdefault(int(row["horizon_days"]), []).append(row)

    failures = []
    compared = 0

    def check(label, expected, actual):
        nonlocal compared
        compared += 1
        if expected is None or actual is None:
            if expected is not actual:
                failures.append(f"{label}: oracle {expected}, healthcal {actual}")
            return
        if abs(expected - actual) > TOLERANCE:
            failures.append(f"{label}: oracle {expected!r}, healthcal {actual!r}, diff {abs(expected - actual):.3e}")

    for entry in report["horizons"]:
        horizon = entry["horizon_days"]
        overall = entry["overall"]
        rows = by_horizon.get(horizon, [])
        scores = [float(r["score"]) for r in rows]
        churned = [1 if r["outcome"] == "churned" else 0 for r in rows]
        risk = [100.0 - s for s in scores]
        label = f"{horizon}d"
        if len(rows) != overall["coverage"]["scored"]:
            failures.append(f"{label}: score listing has {len(rows)} rows, audit scored {overall['coverage']['scored']}")
        check(f"{label} roc_auc", oracle.roc_auc(risk, churned), overall["roc_auc"]["value"])
        check(f"{label} average_precision", oracle.average_precision(risk, churned), overall["average_precision"])
        check(f"{label} ks", oracle.ks(risk, churned), overall["ks"])
        check(f"{label} brier", oracle.platt_brier(scores, churned), overall["calibration"]["brier"])
        green = sum(1 for r, c in zip(rows, churned) if c and r["band"] == "green")
        rate = overall["green_churn_rate"]
        check(f"{label} green_churn_rate", green / sum(churned) if sum(churned) else None, rate["value"])
        low, high = oracle.wilson(green, sum(churned))
        check(f"{label} green_churn ci low", low, rate["ci95"][0])
        check(f"{label} green_churn ci high", high, rate["ci95"][1])

    if failures:
        print("oracle check FAILED:")
        for failure in failures:
            print("  " + failure)
        return 1
    print(f"oracle check: {compared} metrics over {len(report['horizons'])} horizons agree with numpy/scipy to {TOLERANCE}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
