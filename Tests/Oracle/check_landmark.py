#!/usr/bin/env python3
"""Recomputes the landmark (time-matched) design independently, from the
definition in the issue and the README, not from the Swift code.

For each book (the demo, and a synthetic book with a planted calendar
confound: renewals undated, a tenure column that only tracks time), it
  1. reads the snapshot calendar and the outcomes from the CSV files;
  2. gets every snapshot's score from `healthcal score --as-of D` for each
     snapshot date D (each account's latest snapshot on or before D);
  3. builds the landmark design itself: at landmark L (each distinct as_of)
     and horizon h, cases are the churned accounts whose horizon pick (latest
     as_of <= T - h, at most 31 days older) is at L; controls are the other
     accounts with a snapshot at L (same staleness rule) known to still be
     customers at L + h (churn date after L + h and before their own case
     landmark; renewed and observed until at least L + h), at landmarks
     that have a case;
  4. computes the pooled within-landmark ROC AUC (scipy's Mann-Whitney U per
     landmark, ties half, summed over landmarks and divided by the pairs),
     the green-churn rate over cases, and the false-alarm rate with each
     landmark's control rate weighted by its share of the cases;
and compares them with `healthcal audit --design landmark --format json` to 1e-9.

Usage: python3 Tests/Oracle/check_landmark.py path/to/healthcal
"""

import csv
import datetime
import io
import json
import os
import subprocess
import sys

import numpy as np
from scipy.stats import mannwhitneyu

TOLERANCE = 1e-9
HORIZONS = (90, 60, 30)
STALENESS = 31
RED_BELOW, GREEN_AT = 50.0, 70.0  # chs-4 bands


def run(binary, *arguments):
    return subprocess.run([binary, *arguments], check=True, capture_output=True, text=True).stdout


def day(text):
    return datetime.date.fromisoformat(text).toordinal()


def latest(dates, on_or_before):
    """The latest date in sorted `dates` on or before the day, at most STALENESS days older."""
    chosen = [d for d in dates if d <= on_or_before]
    if not chosen or chosen[-1] < on_or_before - STALENESS:
        return None
    return chosen[-1]


def oracle(binary, snapshots, outcomes_path):
    with open(snapshots, newline="") as f:
        rows = list(csv.DictReader(f))
    dates = {}
    for row in rows:
        dates.setdefault(row["account_id"], []).append(day(row["as_of"]))
    for account in dates:
        dates[account].sort()
    calendar = sorted({d for ds in dates.values() for d in ds})
    observed_until = calendar[-1]

    with open(outcomes_path, newline="") as f:
        outcomes = {r["account_id"]: (r["outcome"], day(r["date"]) if r["date"] else None) for r in csv.DictReader(f)}

    score = {}
    for d in calendar:
        listing = run(binary, "score", "--snapshots", snapshots, "--model", "chs-4",
                      "--as-of", datetime.date.fromordinal(d).isoformat())
        for r in csv.DictReader(io.StringIO(listing)):
            score[(r["account_id"], day(r["as_of"]))] = float(r["score"])

    results = {}
    for h in HORIZONS:
        cases = {}  # landmark -> [(account, score)]
        case_landmark = {}
        for account, (kind, t) in outcomes.items():
            if kind != "churned":
                continue
            pick = latest(dates.get(account, []), t - h)
            if pick is None or (account, pick) not in score:
                continue
            cases.setdefault(pick, []).append(score[(account, pick)])
            case_landmark[account] = pick
        controls = {}
        for landmark in cases:
            for account, (kind, t) in outcomes.items():
                if case_landmark.get(account) == landmark:
                    continue
                at = latest(dates.get(account, []), landmark)
                if at is None or (account, at) not in score:
                    continue
                if kind == "churned":
                    own = case_landmark.get(account)
                    if not (t > landmark + h and (own is None or landmark < own)):
                        continue
                elif max(t if t is not None else observed_until, observed_until) < landmark + h:
                    continue
                controls.setdefault(landmark, []).append(score[(account, at)])

        u_sum, pairs = 0.0, 0
        for landmark, case_scores in cases.items():
            control_scores = controls.get(landmark, [])
            if not control_scores:
                continue
            # Risk = 100 - score: the case is "greater" when its score is lower.
            u = mannwhitneyu(-np.array(case_scores), -np.array(control_scores), method="asymptotic").statistic
            u_sum += u
            pairs += len(case_scores) * len(control_scores)
        all_cases = [s for scores in cases.values() for s in scores]
        n_cases = len(all_cases)
        far = sum(
            len(cases[l]) / n_cases * np.mean(np.array(controls[l]) < RED_BELOW)
            for l in cases if controls.get(l))
        far_weight = sum(len(cases[l]) / n_cases for l in cases if controls.get(l))
        results[h] = {
            "roc_auc": u_sum / pairs,
            "green_churn_rate": float(np.mean(np.array(all_cases) >= GREEN_AT)),
            "false_alarm_rate": far / far_weight,
            "cases": n_cases,
            "controls": sum(len(controls.get(l, [])) for l in cases),
        }
    return results


def check(binary, label, snapshots, outcomes, failures):
    expected = oracle(binary, snapshots, outcomes)
    report = json.loads(run(binary, "audit", "--snapshots", snapshots, "--outcomes", outcomes, "--model", "chs-4",
                            "--design", "landmark", "--format", "json", "--bootstrap", "0"))
    for result in report["horizons"]:
        h = result["horizon_days"]
        overall = result["overall"]
        got = {
            "roc_auc": overall["roc_auc"]["value"],
            "green_churn_rate": overall["green_churn_rate"]["value"],
            "false_alarm_rate": overall["false_alarm_rate"]["value"],
            "cases": overall["coverage"]["churned_scored"],
            "controls": overall["coverage"]["renewed_scored"],
        }
        for key, value in expected[h].items():
            if abs(got[key] - value) > TOLERANCE:
                failures.append(f"{label} {h} days {key}: healthcal {got[key]!r}, oracle {value!r}")
        print(f"{label} {h} days: AUC {got['roc_auc']:.6f}, green churn {got['green_churn_rate']:.4f}, "
              f"false alarms {got['false_alarm_rate']:.6f} ({got['cases']} cases, {got['controls']} controls): agree")


def main(argv):
    binary = argv[1] if len(argv) > 1 else ".build/debug/healthcal"
    failures = []
    check(binary, "demo", "Fixtures/demo/snapshots.csv", "Fixtures/demo/outcomes.csv", failures)
    book = ".build/oracle-landmark"
    run(binary, "synth", "--accounts", "600", "--seed", "11", "--calendar-confound", "--out", book, "--force", "--quiet")
    check(binary, "confounded", f"{book}/snapshots.csv", f"{book}/outcomes.csv", failures)
    for failure in failures:
        print("MISMATCH", failure)
    if failures:
        sys.exit(1)
    print("landmark oracle: every figure agrees to 1e-9")


if __name__ == "__main__":
    main(sys.argv)
