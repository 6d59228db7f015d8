"""`healthcal signals` and `healthcal drift` on the demo, recomputed from
their definitions.

Observations (renewal design, which `auto` runs on the demo): each account
with an outcome, at its latest snapshot on or before T - h and no more than
31 days older (T = the outcome date, or the latest snapshot date for a
renewal without one). For every column and horizon:

  ROC AUC            sklearn.metrics.roc_auc_score on the present values
                     (higher value = churn), to 1e-12.
  bins, WoE, IV      optbinning.OptimalBinning with healthcal's thresholds
                     as fixed user splits and no constraints: counts per bin
                     exactly, WoE per bin and total IV to 1e-9.
  bin edges          optbinning's own OptimalBinning(monotonic_trend=
                     "auto_asc_desc", max_n_bins, min_bin_size) at 90 days,
                     printed beside healthcal's (the README explains where
                     and why they differ); not asserted.

And `drift --reference-before 2026-04-01` on the demo: for every signal the
model reads at a point in time, the reference deciles (tied values kept in
one bin) and the counts per period are rebuilt with numpy, and the PSI is
optbinning's Jeffreys divergence (optbinning.binning.metrics.jeffrey) of the
shares, floored at 0.0001 as healthcal documents, to 1e-12.

The first run installs optbinning and scikit-learn into .build/oracle-venv.

Usage: python3 Tests/Oracle/check_signals.py path/to/healthcal
"""

import csv
import datetime
import json
import math
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import venv_tools  # noqa: E402

VENV = os.path.join(".build", "oracle-venv")
SNAPSHOTS = "Fixtures/demo/snapshots.csv"
OUTCOMES = "Fixtures/demo/outcomes.csv"
STALENESS = 31


def day(text):
    return datetime.date.fromisoformat(text).toordinal()


def observations(horizon):
    """(snapshot row, churned) per account scored at `horizon`."""
    rows = {}
    with open(SNAPSHOTS, newline="", encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            rows.setdefault(row["account_id"], []).append(row)
    latest = max(day(r["as_of"]) for account in rows.values() for r in account)
    found = []
    with open(OUTCOMES, newline="", encoding="utf-8-sig") as handle:
        for outcome in csv.DictReader(handle):
            target = (day(outcome["date"]) if outcome["date"] else latest) - horizon
            candidates = [r for r in rows.get(outcome["account_id"], []) if target - STALENESS <= day(r["as_of"]) <= target]
            if candidates:
                found.append((max(candidates, key=lambda r: r["as_of"]), outcome["outcome"] == "churned"))
    return found


def value(cell):
    if cell == "":
        return math.nan
    lowered = cell.strip().lower()
    if lowered in ("true", "yes"):
        return 1.0
    if lowered in ("false", "no"):
        return 0.0
    return float(cell)


def main(argv):
    venv_tools.ensure_venv(VENV, ["optbinning", "scikit-learn", "numpy"], "import optbinning, sklearn", __file__)
    import numpy as np
    from optbinning import OptimalBinning
    from sklearn.metrics import roc_auc_score

    report = json.loads(subprocess.run(
        [argv[1], "signals", "--demo", "--bootstrap", "0", "--format", "json", "--quiet"],
        check=True, capture_output=True, text=True).stdout)
    assert report["design"] == "renewal", report["design"]
    failures = []
    checked = 0
    by_horizon = {}
    for column in report["columns"]:
        for profile in column["horizons"]:
            horizon = profile["horizon_days"]
            if horizon not in by_horizon:
                by_horizon[horizon] = observations(horizon)
            found = by_horizon[horizon]
            x = np.array([value(r[column["column"]]) for r, _ in found])
            y = np.array([1 if churned else 0 for _, churned in found])
            where = f'{column["column"]} at {horizon} days'
            if profile["observations"] != len(found) or profile["present"] != int((~np.isnan(x)).sum()):
                failures.append(f"{where}: observations {profile['observations']}/{profile['present']} vs {len(found)}")
                continue
            present = ~np.isnan(x)
            auc = roc_auc_score(y[present], x[present])
            if abs(auc - profile["roc_auc"]) > 1e-12:
                failures.append(f"{where}: AUC {profile['roc_auc']} vs sklearn {auc}")
            splits = [b["lower"] for b in profile["bins"] if b["lower"] is not None]
            numeric = [b for b in profile["bins"] if not b["missing"]]
            missing = [b for b in profile["bins"] if b["missing"]]
            if not splits:
                # One bin: optbinning would choose its own, so the figures are
                # the definition's: IV comes from the missing bin alone.
                events, nonevents = y.sum(), len(y) - y.sum()
                iv = 0.0
                for mask in (present, ~present):
                    e, n = y[mask].sum(), mask.sum() - y[mask].sum()
                    if mask.sum() and e and n:
                        iv += (n / nonevents - e / events) * math.log((n / nonevents) / (e / events))
                if (numeric[0]["count"], numeric[0]["churned"]) != (int(present.sum()), int(y[present].sum())):
                    failures.append(f"{where}: one bin counts {numeric[0]['count']}/{numeric[0]['churned']}")
                if abs(iv - profile["information_value"]) > 1e-12:
                    failures.append(f"{where}: IV {profile['information_value']} vs {iv}")
                checked += 1
                continue
            binning = OptimalBinning(
                name=column["column"], dtype="numerical", user_splits=splits, user_splits_fixed=[True] * len(splits),
                monotonic_trend=None, min_bin_size=None, max_pvalue=None, max_n_prebins=100)
            binning.fit(x, y)
            table = binning.binning_table.build()
            if list(binning.splits) != splits:
                failures.append(f"{where}: optbinning kept splits {list(binning.splits)} of {splits}")
                continue
            ours = numeric + missing
            theirs = list(range(len(numeric))) + ([len(table) - 2] if missing else [])
            for bin, row in zip(ours, theirs):
                counts = (int(table["Count"].iloc[row]), int(table["Event"].iloc[row]))
                if counts != (bin["count"], bin["churned"]):
                    failures.append(f"{where}: bin {bin['lower']}: counts {bin['count']}/{bin['churned']} vs {counts}")
                if bin["woe"] is not None and abs(float(table["WoE"].iloc[row]) - bin["woe"]) > 1e-9:
                    failures.append(f"{where}: bin {bin['lower']}: WoE {bin['woe']} vs {table['WoE'].iloc[row]}")
            iv = float(table["IV"].iloc[-1])
            if abs(iv - profile["information_value"]) > 1e-9:
                failures.append(f"{where}: IV {profile['information_value']} vs optbinning {iv}")
            checked += 1

    settings = report["settings"]
    first = report["columns"][0]["horizons"][0]["horizon_days"]
    print(f"bin edges at {first} days: healthcal (significance-merged) vs optbinning (IV-maximising MIP)")
    for column in report["columns"]:
        profile = column["horizons"][0]
        found = by_horizon[first]
        x = np.array([value(r[column["column"]]) for r, _ in found])
        y = np.array([1 if churned else 0 for _, churned in found])
        theirs = OptimalBinning(
            name=column["column"], dtype="numerical", monotonic_trend="auto_asc_desc",
            max_n_bins=settings["max_bins"], min_bin_size=settings["min_bin_share"])
        theirs.fit(x, y)
        theirs_iv = float(theirs.binning_table.build()["IV"].iloc[-1])
        ours = [b["lower"] for b in profile["bins"] if b["lower"] is not None]
        print(f"  {column['column']:<20} healthcal {ours} IV {profile['information_value']:.4f}; "
              f"optbinning {[round(float(s), 4) for s in theirs.splits]} IV {theirs_iv:.4f}")

    drift_checked = check_drift(argv[1], failures)
    category_checked = check_category(argv[1], failures)
    if failures:
        print("\n".join(failures))
        print(f"signals oracle: {len(failures)} disagreements")
        return 1
    print(f"signals oracle: {checked} column-horizons agree (AUC with scikit-learn to 1e-12; counts, WoE and IV with optbinning to 1e-9)")
    print(f"category oracle: plan_tier at {category_checked} horizons agrees (counts per label and IV from the definition, to 1e-12)")
    print(f"drift oracle: {drift_checked} signals agree (deciles and counts with numpy, PSI with optbinning's jeffrey to 1e-12)")
    return 0


def check_category(binary, failures):
    """plan_tier, a category of Fixtures/models/chs-4-tier.json: one bin per label."""
    report = json.loads(subprocess.run(
        [binary, "signals", "--demo", "--model", "Fixtures/models/chs-4-tier.json", "--bootstrap", "0", "--format", "json", "--quiet"],
        check=True, capture_output=True, text=True).stdout)
    column = next(c for c in report["columns"] if c["column"] == "plan_tier")
    checked = 0
    for profile in column["horizons"]:
        found = observations(profile["horizon_days"])
        events = sum(1 for _, churned in found if churned)
        nonevents = len(found) - events
        iv = 0.0
        for bin in profile["bins"]:
            members = [churned for row, churned in found if (row["plan_tier"].strip().lower() or None) == bin["label"]]
            e, n = sum(members), len(members) - sum(members)
            if (len(members), e) != (bin["count"], bin["churned"]):
                failures.append(f"plan_tier {bin['label']} at {profile['horizon_days']}: {bin['count']}/{bin['churned']} vs {len(members)}/{e}")
            if e and n:
                iv += (n / nonevents - e / events) * math.log((n / nonevents) / (e / events))
        if abs(iv - profile["information_value"]) > 1e-12:
            failures.append(f"plan_tier at {profile['horizon_days']}: IV {profile['information_value']} vs {iv}")
        checked += 1
    return checked


def check_drift(binary, failures):
    """PSI of every point-in-time model signal on the demo, split at 2026-04-01."""
    import numpy as np
    from optbinning.binning.metrics import jeffrey

    cut = "2026-04-01"
    result = subprocess.run([binary, "drift", "--demo", "--reference-before", cut, "--format", "json"], capture_output=True, text=True)
    if result.returncode not in (0, 3):
        failures.append(f"drift exited {result.returncode}: {result.stderr}")
        return 0
    report = json.loads(result.stdout)
    with open(SNAPSHOTS, newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    checked = 0
    for signal in report["signals"]:
        if signal["look_back_days"] is not None:
            continue
        column = signal["column"]
        reference = np.array([value(r[column]) for r in rows if r["as_of"] < cut])
        current = np.array([value(r[column]) for r in rows if r["as_of"] >= cut])
        present = np.sort(reference[~np.isnan(reference)])
        edges, previous = [], None
        for v in np.unique(present):
            decile = (10 * int(np.searchsorted(present, v, side="left"))) // len(present)
            if previous is not None and decile != previous:
                edges.append(float(v))
            previous = decile
        def counts(values):
            found = values[~np.isnan(values)]
            tally = np.bincount(np.searchsorted(np.array(edges), found, side="right"), minlength=len(edges) + 1).tolist()
            missing = int(np.isnan(values).sum())
            return tally, missing
        ref_counts, ref_missing = counts(reference)
        cur_counts, cur_missing = counts(current)
        if ref_missing or cur_missing:
            ref_counts, cur_counts = ref_counts + [ref_missing], cur_counts + [cur_missing]
        bins = signal["stability"]["bins"]
        ours = ([b["reference_count"] for b in bins], [b["current_count"] for b in bins])
        lowers = [b["lower"] for b in bins if b["lower"] is not None]
        if lowers != edges or ours != (ref_counts, cur_counts):
            failures.append(f"drift {column}: bins {lowers} {ours} vs {edges} {(ref_counts, cur_counts)}")
            continue
        r = np.maximum(np.array(ref_counts) / len(reference), 0.0001)
        c = np.maximum(np.array(cur_counts) / len(current), 0.0001)
        psi = float(jeffrey(c, r, return_sum=True))
        if abs(psi - signal["stability"]["psi"]) > 1e-12:
            failures.append(f"drift {column}: PSI {signal['stability']['psi']} vs optbinning {psi}")
        checked += 1
    return checked


if __name__ == "__main__":
    sys.exit(main(sys.argv))
