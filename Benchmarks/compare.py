#!/usr/bin/env python3
"""Runs healthcal (Swift) and the Python reference on the same data in one run.

Generates a deterministic book with `healthcal synth`, then:
  audit   `healthcal audit --model chs-5 --at-risk amber` against the reference's
          audit: every per-horizon figure must agree to 1e-9
  tune    the step-N lattice (default tune objective) in Swift (1 thread and all
          cores), in numpy, and in numpy + scikit-learn's roc_auc_score: the
          same best weights, and loss, AUC and counts agreeing to 1e-9
and prints the search times, the ratios, and the compute bound (candidates x
account-horizons x components multiply-adds at the machine's measured
throughput: as Swift compiles the library, and the hardware's fused-FMA peak
from fma_peak.c). Exits 1 on any disagreement. Times are figures, not checks.

Run through Benchmarks/compare.sh, which builds and installs what this needs.
"""

import argparse
import json
import math
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "reference"))
import healthcal_ref as ref  # noqa: E402

TOLERANCE = 1e-9
AUDIT_FIELDS = [
    "green_churn_rate", "at_risk_recall", "precision", "false_alarm_rate", "alert_rate",
    "roc_auc", "average_precision", "ks", "intercept", "slope", "brier",
]


def run(*command, capture=True):
    result = subprocess.run(command, check=True, capture_output=capture, text=True)
    return result.stdout if capture else None


class Agreement:
    """Collects comparisons; the largest difference is reported, failures listed."""

    def __init__(self):
        self.failures = []
        self.compared = 0
        self.max_diff = 0.0

    def check(self, label, swift, python):
        self.compared += 1
        if swift is None or python is None:
            if swift is not python:
                self.failures.append(f"{label}: healthcal {swift}, reference {python}")
            return
        diff = abs(float(swift) - float(python))
        self.max_diff = max(self.max_diff, diff)
        if not diff <= TOLERANCE:
            self.failures.append(f"{label}: healthcal {swift!r}, reference {python!r}, diff {diff:.3e}")


def swift_audit_figures(report):
    """The audit JSON's overall figures per horizon, keyed like the reference's."""
    out = []
    for entry in report["horizons"]:
        o = entry["overall"]
        cal = o.get("calibration") or {}
        out.append({
            "horizon_days": entry["horizon_days"],
            "churned_scored": o["coverage"]["churned_scored"],
            "renewed_scored": o["coverage"]["renewed_scored"],
            "green_churned": o["bands"]["green"]["churned"],
            "red_churned": o["bands"]["red"]["churned"],
            "green_churn_rate": o["green_churn_rate"]["value"],
            "at_risk_recall": o["at_risk_recall"]["value"],
            "precision": o["precision"]["value"],
            "false_alarm_rate": o["false_alarm_rate"]["value"],
            "alert_rate": o["alert_rate"]["value"],
            "roc_auc": o["roc_auc"]["value"],
            "average_precision": o["average_precision"],
            "ks": o["ks"],
            "intercept": cal.get("intercept"),
            "slope": cal.get("slope"),
            "brier": cal.get("brier"),
        })
    return out


def fma_peak(threads):
    """The hardware's fused-FMA rate (one core, all cores), or None without a C compiler."""
    binary = os.path.join(".build", "fma-peak")
    try:
        if not os.path.exists(binary):
            run("cc", "-O2", "-march=native", "-pthread", os.path.join(HERE, "fma_peak.c"), "-o", binary)
        one, all_cores = run(binary, str(threads)).split("\n")[1].split()
        return float(one), float(all_cores)
    except (OSError, subprocess.CalledProcessError, IndexError, ValueError):
        return None


def main(argv):
    parser = argparse.ArgumentParser(description="healthcal vs the Python reference, same data, one run")
    parser.add_argument("--bin", required=True, help="directory holding healthcal and healthcal-bench")
    parser.add_argument("--accounts", type=int, default=20000)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--step", type=int, default=5)
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--sklearn", choices=["full", "sample", "skip"], default="full",
                        help="sample: time every 50th candidate and extrapolate (no best-weight check)")
    parser.add_argument("--numpy-sample", type=int, default=1, metavar="K",
                        help="time the numpy variant on every K-th candidate and extrapolate (no best-weight check)")
    parser.add_argument("--data", default=".build/bench-data")
    parser.add_argument("--no-bound", action="store_true", help="skip the throughput measurements (debug builds)")
    args = parser.parse_args(argv)

    healthcal = os.path.join(args.bin, "healthcal")
    bench = os.path.join(args.bin, "healthcal-bench")
    data = os.path.join(args.data, f"{args.accounts}x{args.months}")
    snapshots, outcomes = os.path.join(data, "snapshots.csv"), os.path.join(data, "outcomes.csv")
    if not os.path.exists(snapshots):
        run(healthcal, "synth", "--accounts", str(args.accounts), "--months", str(args.months), "--seed", "2026", "--out", data, "--quiet")
    model_path = os.path.join(data, "chs-5.json")
    with open(model_path, "w") as handle:
        handle.write(run(healthcal, "presets", "chs-5"))
    with open(model_path) as handle:
        model = json.load(handle)
    if "debug" in os.path.abspath(args.bin):
        print("note      debug build: the agreement check is the point here, its times and ratios mean nothing")
    print(f"data      {snapshots}: {args.accounts} accounts x {args.months} months (healthcal synth --seed 2026), model chs-5")

    agreement = Agreement()

    # --- audit ------------------------------------------------------------
    start = time.perf_counter()
    report = json.loads(run(healthcal, "audit", "--snapshots", snapshots, "--outcomes", outcomes, "--model", model_path,
                            "--at-risk", "amber", "--bootstrap", "0", "--segment-by", "none", "--format", "json"))
    swift_audit_seconds = time.perf_counter() - start
    start = time.perf_counter()
    table = ref.Snapshots(snapshots)
    outs = ref.Outcomes(outcomes, table)
    loaded = time.perf_counter()
    horizons = ref.training_set(model, table, outs)
    scored = time.perf_counter()
    python_audit = ref.audit(model, horizons)
    audited = time.perf_counter()
    for swift, python in zip(swift_audit_figures(report), python_audit, strict=True):
        h = swift["horizon_days"]
        for key in ["churned_scored", "renewed_scored", "green_churned", "red_churned"] + AUDIT_FIELDS:
            agreement.check(f"audit {h}d {key}", swift[key], python[key])
    print(f"audit     healthcal audit (process, incl. ingest) {swift_audit_seconds:.3f} s; reference: CSV load {loaded - start:.3f} s, "
          f"horizon pick + scoring {scored - loaded:.3f} s, metrics {audited - scored:.3f} s; "
          f"{agreement.compared} figures compared over {len(python_audit)} horizons")

    # --- lattice search ------------------------------------------------------
    result_path = os.path.join(data, f"swift-lattice-step{args.step}.json")
    run(bench, "lattice", "--data", data, "--steps", str(args.step), "--threads", str(args.threads), "--result", result_path)
    with open(result_path) as handle:
        swift = json.load(handle)
    swift_times = {t["threads"]: t["seconds"] for t in swift["timings"]}
    variants = [("numpy", args.numpy_sample)]
    if args.sklearn != "skip":
        try:
            import sklearn  # noqa: F401

            variants.append(("sklearn", 50 * args.numpy_sample if args.sklearn == "sample" else 1))
        except ImportError:
            print("sklearn   not installed in this Python; run Benchmarks/reference/setup.sh (compare.sh does)")
    results = {}
    for variant, every in variants:
        found = ref.search(model, horizons, args.step, variant, sample_every=every)
        results[variant] = found
        if found["sampled"]:
            found["seconds"] = found["seconds"] * found["lattice_points"] / found["evaluated"]
            continue
        best = found["best"]
        if best["weights"] != [float(w) for w in swift["best"]["weights"]]:
            agreement.failures.append(f"{variant}: best weights {best['weights']} != healthcal {swift['best']['weights']}")
        for key in ["loss", "mean_auc", "shift"]:
            agreement.check(f"{variant} best {key}", swift["best"][key], best[key])
        for h, (s, p) in enumerate(zip(swift["best"]["horizons"], best["horizons"], strict=True)):
            for key in s:
                agreement.check(f"{variant} best h{h} {key}", s[key], p[key])
        for h, (s, p) in enumerate(zip(swift["budgets"], found["budgets"])):
            agreement.check(f"{variant} budget h{h}", s, p)

    # --- figures -------------------------------------------------------------
    candidates = swift["lattice_points"]
    evaluations = swift["account_evaluations"]
    components = len(model["components"])
    multiply_adds = candidates * evaluations * components
    print(f"tune      step-{args.step} lattice, {candidates} candidates x {evaluations} account-horizons x {components} components "
          f"= {multiply_adds / 1e9:.2f} G multiply-adds; best weights {swift['best']['weights']}")
    threads = max(swift_times)
    for t in sorted(swift_times):
        print(f"  healthcal  {t} thread(s)  {swift_times[t]:9.3f} s")
    for variant, found in results.items():
        label = "numpy" if variant == "numpy" else "numpy+sklearn roc_auc_score"
        extrapolated = f" (extrapolated from {found['evaluated']} candidates)" if found["sampled"] else ""
        ratios = ", ".join(f"{found['seconds'] / swift_times[t]:.1f}x vs healthcal {t} thread(s)" for t in sorted(swift_times))
        print(f"  {label:<28} 1 thread {found['seconds']:9.3f} s{extrapolated}: {ratios}")

    if args.no_bound:
        return finish(agreement, results)
    lines = run(bench, "fma", "--threads", str(threads)).splitlines()
    fma_line = next((line for line in lines if line.startswith("fma")), "")
    print(fma_line)
    rate_parallel = None
    for part in fma_line.split(";"):
        if "Double" in part:
            rate_parallel = float(part.split(",")[-1].split("G/s")[0].strip()) * 1e9
    peak = fma_peak(threads)
    if peak:
        print(f"fma-peak  fused Double FMA, -march=native (Benchmarks/fma_peak.c): {peak[0] / 1e9:.2f} G/s one core, {peak[1] / 1e9:.2f} G/s {threads} cores")
    best_time = swift_times[threads]
    if rate_parallel:
        bound = multiply_adds / rate_parallel
        print(f"bound     {multiply_adds / 1e9:.2f} G multiply-adds at {rate_parallel / 1e9:.2f} G/s (as compiled, {threads} cores) = {bound:.3f} s; "
              f"healthcal {best_time:.3f} s is {best_time / bound:.1f}x the bound")
    if peak:
        bound = multiply_adds / peak[1]
        print(f"bound     at the fused-FMA peak {peak[1] / 1e9:.2f} G/s ({threads} cores) = {bound:.3f} s; healthcal is {best_time / bound:.1f}x that bound")
    return finish(agreement, results)


def finish(agreement, results):
    """Prints the agreement verdict; the exit status."""
    if agreement.failures:
        print(f"agreement FAILED: {len(agreement.failures)} of {agreement.compared} comparisons")
        for failure in agreement.failures[:40]:
            print(f"  {failure}")
        return 1
    checked = [v for v, f in results.items() if not f["sampled"]]
    weights = f"best weights identical in healthcal and {', '.join(checked)}" if checked else "best weights not compared (sampled runs)"
    print(f"agreement ok: {agreement.compared} figures within {TOLERANCE:g} (max |diff| {agreement.max_diff:.2e}); {weights}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
