#!/usr/bin/env python3
"""An independent numpy reference of healthcal's audit and lattice weight search.

Reads the same inputs as `healthcal` (snapshots CSV, outcomes CSV, model JSON)
and reproduces, in vectorised numpy, every step between them and the figures:

  load      snapshots sorted by (account id bytes, as_of); signals parsed as a
            number first, then true/false/yes/no/1/0, empty = missing
  pick      per horizon h, each outcome's latest snapshot with as_of <= T - h
            and no older than T - h - max_staleness (HorizonPicker)
  score     linear / bands / boolean / delta transforms, neutral / zero /
            renormalize missing policies, signal-weighted component
            sub-scores, score = sum(w * s) / sum(w * present) (Scorer,
            SubScoreMatrix)
  audit     per horizon: band counts, green-churn rate, at-risk recall,
            precision, false-alarm and alert rates, exact ROC AUC (ties half),
            average precision, KS, logistic calibration and Brier score
            (GroupMetrics, RankedScores, LogisticCalibration)
  search    the step-N lattice over the component weights with the default
            `tune` objective (green-churn, alert budget = the current model's
            non-green share per horizon, horizon weights 0.5/0.3/0.2), the
            2000-bucket counting AUC, and the same ranking (loss, then higher
            horizon-weighted AUC, then smaller total move, then lexicographic
            weights) (CandidateEvaluator, Objective, WeightSearch)

Nothing is imported from the Swift side: the only shared things are the input
files. Floating-point sums are accumulated in the same order as the Swift code
(component by component, left to right) so that scores agree bit for bit and
a score that lands exactly on a band cut-off falls on the same side; a BLAS
matrix product would reassociate and fuse those sums and could not promise
that.

Two AUC variants for the search:
  numpy    per-candidate bucket histograms with one np.bincount, AUC from
           cumulative sums (the same integer formula as the Swift evaluator)
  sklearn  sklearn.metrics.roc_auc_score on each candidate's bucketed scores
           (churned = positive class, score negated because churned accounts
           should score lower); ties count half there too, so it computes the
           same counting AUC by a sort-based route

Usage:
  healthcal_ref.py audit  --snapshots S --outcomes O --model M.json [--out F]
  healthcal_ref.py search --snapshots S --outcomes O --model M.json --step 5
                          [--variant numpy|sklearn] [--sample-every K] [--out F]
"""

import argparse
import csv
import json
import math
import sys
import time

import numpy as np

HORIZONS = (90, 60, 30)
MAX_STALENESS = 31
HORIZON_WEIGHTS = {90: 0.5, 60: 0.3, 30: 0.2}
BUCKETS = 2000
RESERVED = ("account_id", "as_of", "segment", "arr")
BOOLEAN_WORDS = {"true": 1.0, "yes": 1.0, "1": 1.0, "false": 0.0, "no": 0.0, "0": 0.0}


# --------------------------------------------------------------------------
# Loading


def days_since_epoch(texts):
    """ISO dates to days since 1970-01-01 (the Swift CalendarDate scale)."""
    return np.asarray(texts, dtype="datetime64[D]").astype(np.int64)


def parse_signal_column(cells):
    """One signal column: a finite number, else a boolean word, empty = NaN.

    Tries numpy's string-to-float conversion for the whole column first (the
    common case, and correctly rounded like Swift's parser); only a column
    holding words falls back to cell-by-cell parsing. Unlike healthcal this
    does not reject `nan`/`inf` spellings: the reference trusts its input.
    """
    stripped = [c.strip(" \t") for c in cells]
    try:
        return np.array([c if c else "nan" for c in stripped], dtype=np.float64)
    except ValueError:
        out = np.empty(len(stripped))
        for i, c in enumerate(stripped):
            if not c:
                out[i] = np.nan
                continue
            try:
                out[i] = float(c)
            except ValueError:
                out[i] = BOOLEAN_WORDS[c.lower()]
        return out


class Snapshots:
    """The snapshot table sorted by (account id, as_of), as SnapshotTable is."""

    def __init__(self, path):
        with open(path, newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle)
            header = next(reader)
            columns = list(zip(*reader))
        index = {name: i for i, name in enumerate(header)}
        ids = np.array(columns[index["account_id"]])
        dates = days_since_epoch(columns[index["as_of"]])
        # Account ids sort by their UTF-8 bytes in Swift; Python's code-point
        # order is the same order.
        self.account_ids, accounts = np.unique(ids, return_inverse=True)
        order = np.lexsort((dates, accounts))
        self.row_account = accounts[order].astype(np.int64)
        self.row_date = dates[order]
        # Like healthcal, text columns (plan_tier) are the export's business:
        # only columns of numbers and booleans are signals.
        self.values = {}
        for name in header:
            if name in RESERVED:
                continue
            try:
                self.values[name] = parse_signal_column(columns[index[name]])[order]
            except KeyError:
                continue
        self.signal_names = list(self.values)
        # One sortable key per row: account in the high bits, date below.
        self._keys = self.row_account * (1 << 32) + (self.row_date + (1 << 31))
        self.row_count = len(order)
        self.latest_date = int(self.row_date.max())
        self._index = {account_id: i for i, account_id in enumerate(self.account_ids.tolist())}

    def account_index(self, account_id):
        return self._index.get(account_id)

    def latest_rows(self, accounts, on_or_before, not_before):
        """Vectorised SnapshotTable.latestRow: the account's latest row dated
        <= on_or_before and >= not_before, or -1."""
        keys = accounts * (1 << 32) + (on_or_before + (1 << 31))
        rows = np.searchsorted(self._keys, keys, side="right") - 1
        safe = np.maximum(rows, 0)
        ok = (rows >= 0) & (self.row_account[safe] == accounts) & (self.row_date[safe] >= not_before)
        return np.where(ok, rows, -1)


class Outcomes:
    """Outcomes in account-index order (OutcomeLoader sorts them so)."""

    def __init__(self, path, snapshots):
        accounts, churned, dates = [], [], []
        with open(path, newline="", encoding="utf-8-sig") as handle:
            for row in csv.DictReader(handle):
                accounts.append(snapshots.account_index(row["account_id"].strip()))
                churned.append(row["outcome"].strip().lower() == "churned")
                text = (row.get("date") or "").strip()
                dates.append(text if text else None)
        order = np.argsort(np.array(accounts), kind="stable")
        self.accounts = np.array(accounts, dtype=np.int64)[order]
        self.is_churned = np.array(churned)[order]
        # A renewed account without a date is observed until the latest snapshot.
        filled = [d if d is not None else "1970-01-01" for d in dates]
        days = days_since_epoch(filled)
        days[[d is None for d in dates]] = snapshots.latest_date
        self.dates = days[order]


# --------------------------------------------------------------------------
# Scoring


def transform_subscore(transform, value):
    """Transform.subScore over an array (NaN in, NaN out)."""
    kind = transform["type"]
    if kind in ("linear", "delta"):
        low, high = float(transform["low"]), float(transform["high"])
        t = (value - low) / (high - low)
        return 100 * np.minimum(1.0, np.maximum(0.0, t))
    if kind == "bands":
        # The first threshold the value is below stops the walk, as in Swift.
        index = np.zeros(value.shape, dtype=np.int64)
        still = np.ones(value.shape, dtype=bool)
        for threshold in transform["thresholds"]:
            still &= value >= float(threshold)
            index += still
        out = np.asarray(transform["scores"], dtype=np.float64)[index]
        return np.where(np.isnan(value), np.nan, out)
    if kind == "boolean":
        out = np.where(value != 0, float(transform["true_score"]), float(transform["false_score"]))
        return np.where(np.isnan(value), np.nan, out)
    raise ValueError(f"unknown transform {kind!r}")


def raw_values(snapshots, rows, column, transform):
    """Scorer.rawValue: the cell, or for `delta` the change since the account's
    snapshot `days` earlier (latest on or before, at most max_gap older)."""
    current = snapshots.values[column][rows]
    if transform["type"] != "delta":
        return current
    target = snapshots.row_date[rows] - int(transform["days"])
    earlier = snapshots.latest_rows(snapshots.row_account[rows], target, target - int(transform.get("max_gap", 31)))
    past = np.where(earlier >= 0, snapshots.values[column][np.maximum(earlier, 0)], np.nan)
    return current - past


def component_matrix(model, snapshots, rows):
    """Dense (rows x components) sub-scores and presence flags."""
    default_missing = model.get("missing", "neutral")
    k = len(model["components"])
    sub = np.zeros((len(rows), k))
    present = np.zeros((len(rows), k))
    for c, component in enumerate(model["components"]):
        total = np.zeros(len(rows))
        weight = np.zeros(len(rows))
        for signal in component["signals"]:
            transform = signal["transform"]
            score = transform_subscore(transform, raw_values(snapshots, rows, signal["column"], transform))
            policy = signal.get("missing", default_missing)
            if policy == "neutral":
                score = np.where(np.isnan(score), 50.0, score)
            elif policy == "zero":
                score = np.where(np.isnan(score), 0.0, score)
            w = float(signal.get("weight", 1))
            has = ~np.isnan(score)
            # Accumulate in signal order, skipping missing signals, as Swift does.
            total = np.where(has, total + w * np.where(has, score, 0.0), total)
            weight = np.where(has, weight + w, weight)
        ok = weight > 0
        sub[:, c] = np.where(ok, total / np.where(ok, weight, 1.0), 0.0)
        present[:, c] = ok
    return sub, present


class Horizon:
    """One horizon's picked accounts with their sub-score matrix (TrainingSet.Horizon)."""

    def __init__(self, horizon, accounts, is_churned, sub, present):
        self.horizon = horizon
        self.accounts = accounts
        self.is_churned = is_churned
        self.sub = sub
        self.present = present


def training_set(model, snapshots, outcomes):
    if model.get("segments"):
        raise SystemExit("the reference does not implement per-segment overrides")
    horizons = []
    for h in HORIZONS:
        target = outcomes.dates - h
        rows = snapshots.latest_rows(outcomes.accounts, target, target - MAX_STALENESS)
        picked = rows >= 0
        sub, present = component_matrix(model, snapshots, rows[picked])
        horizons.append(Horizon(h, outcomes.accounts[picked], outcomes.is_churned[picked], sub, present))
    return horizons


def scores_for(weights, sub, present):
    """Sum(w*s) / sum(w*p) per row, NaN where no weighted component is present.

    Left-to-right accumulation over components, exactly as the Swift loop."""
    numerator = np.zeros(sub.shape[0])
    denominator = np.zeros(sub.shape[0])
    for c, w in enumerate(weights):
        numerator += w * sub[:, c]
        denominator += w * present[:, c]
    ok = denominator > 0
    return np.where(ok, numerator / np.where(ok, denominator, 1.0), np.nan)


# --------------------------------------------------------------------------
# Audit metrics


def ranked_metrics(scores, churned):
    """ROC AUC (ties half), average precision, KS on risk = 100 - score."""
    risk = 100.0 - scores
    distinct, inverse = np.unique(risk, return_inverse=True)
    positives = np.bincount(inverse, weights=churned, minlength=len(distinct)).astype(np.int64)
    negatives = np.bincount(inverse, minlength=len(distinct)).astype(np.int64) - positives
    p_total, n_total = int(positives.sum()), int(negatives.sum())
    out = {"roc_auc": None, "average_precision": None, "ks": None}
    if p_total > 0 and n_total > 0:
        negatives_below = np.concatenate(([0], np.cumsum(negatives)[:-1]))
        twice_u = int(np.sum(positives * (2 * negatives_below + negatives)))
        out["roc_auc"] = twice_u / (2 * p_total * n_total)
        gaps = np.abs(np.cumsum(positives) * n_total - np.cumsum(negatives) * p_total)
        out["ks"] = int(gaps.max()) / (p_total * n_total)
    if p_total > 0:
        # Flag from the riskiest value down; one precision term per distinct
        # value holding churned accounts, weighted by how many it holds.
        tp = np.cumsum(positives[::-1])
        flagged = np.cumsum((positives + negatives)[::-1])
        p = positives[::-1]
        terms = p[p > 0] * tp[p > 0] / flagged[p > 0]
        out["average_precision"] = math.fsum(terms.tolist()) / p_total
    return out


def logistic(eta):
    e = np.exp(-np.abs(eta))
    return np.where(eta >= 0, 1 / (1 + e), e / (1 + e))


def calibration(scores, churned, ridge=1e-6):
    """Ridge-penalised logistic fit of churn on x = (50 - score) / 50 by Newton
    steps until they stop moving; the optimum is unique, so any converged
    method gives the same intercept and slope to rounding."""
    x = (50 - scores) / 50
    y = churned.astype(np.float64)
    a = b = 0.0

    def loss(a, b):
        eta = a + b * x
        return ridge / 2 * (a * a + b * b) + float(np.sum(np.maximum(eta, 0) + np.log1p(np.exp(-np.abs(eta))) - y * eta))

    for _ in range(200):
        p = logistic(a + b * x)
        r, w = p - y, p * (1 - p)
        ga, gb = ridge * a + r.sum(), ridge * b + (r * x).sum()
        haa, hab, hbb = ridge + w.sum(), (w * x).sum(), ridge + (w * x * x).sum()
        det = haa * hbb - hab * hab
        sa, sb = (hbb * ga - hab * gb) / det, (haa * gb - hab * ga) / det
        scale, current = 1.0, loss(a, b)
        while max(abs(sa), abs(sb)) >= 0.01 and scale > 2**-40 and loss(a - scale * sa, b - scale * sb) > current:
            scale /= 2
        a, b = a - scale * sa, b - scale * sb
        if max(abs(sa), abs(sb)) < 1e-13:
            break
    brier = float(np.mean((logistic(a + b * x) - y) ** 2))
    return {"intercept": a, "slope": b, "brier": brier}


def audit(model, horizons):
    """Per horizon, overall: the figures `healthcal audit --at-risk amber` reports."""
    weights = [float(c["weight"]) for c in model["components"]]
    green_at, red_below = float(model["bands"]["green_at_or_above"]), float(model["bands"]["red_below"])
    report = []
    for sample in horizons:
        scores = scores_for(weights, sample.sub, sample.present)
        ok = ~np.isnan(scores)
        scores, churned = scores[ok], sample.is_churned[ok]
        green, red = scores >= green_at, scores < red_below
        c, r = int(churned.sum()), int((~churned).sum())
        flagged_c, flagged_r = int((churned & ~green).sum()), int((~churned & ~green).sum())

        def ratio(n, d):
            return n / d if d > 0 else None

        entry = {
            "horizon_days": sample.horizon,
            "churned_scored": c,
            "renewed_scored": r,
            "red_churned": int((churned & red).sum()),
            "green_churned": int((churned & green).sum()),
            "green_churn_rate": ratio(int((churned & green).sum()), c),
            "at_risk_recall": ratio(flagged_c, c),
            "precision": ratio(flagged_c, flagged_c + flagged_r),
            "false_alarm_rate": ratio(flagged_r, r),
            "alert_rate": ratio(flagged_c + flagged_r, c + r),
        }
        entry.update(ranked_metrics(scores, churned))
        entry.update(calibration(scores, churned) if c > 0 and r > 0 else {"intercept": None, "slope": None, "brier": None})
        report.append(entry)
    return report


# --------------------------------------------------------------------------
# Lattice search


def lattice(k, step):
    """Every vector of k multiples of `step` summing to 100, lexicographic."""
    units = 100 // step
    points = []

    def visit(prefix, remaining):
        if len(prefix) == k - 1:
            points.append(prefix + [remaining])
            return
        for v in range(remaining + 1):
            visit(prefix + [v], remaining - v)

    visit([], units)
    return np.array(points, dtype=np.float64) * step


class CountingEvaluator:
    """CandidateEvaluator for a batch of candidates at once.

    Scores are a (batch x accounts) array built by the same left-to-right
    multiply-adds; bucket counts for all candidates and both classes come
    from one np.bincount."""

    def __init__(self, horizons, bands, variant):
        self.horizons = horizons
        self.green_at = float(bands["green_at_or_above"])
        self.red_below = float(bands["red_below"])
        self.variant = variant
        if variant == "sklearn":
            from sklearn.metrics import roc_auc_score

            self.roc_auc_score = roc_auc_score

    def evaluate(self, weights):
        """Per horizon, per candidate: counts and counting AUC (NaN = undefined)."""
        batch = weights.shape[0]
        out = []
        for sample in self.horizons:
            n = sample.sub.shape[0]
            numerator = np.zeros((batch, n))
            denominator = np.zeros((batch, n))
            for c in range(weights.shape[1]):
                numerator += weights[:, c : c + 1] * sample.sub[:, c]
                denominator += weights[:, c : c + 1] * sample.present[:, c]
            scored = denominator > 0
            with np.errstate(invalid="ignore", divide="ignore"):
                score = numerator / denominator
            churned = np.broadcast_to(sample.is_churned, (batch, n))
            green = scored & (score >= self.green_at)
            red = scored & (score < self.red_below)
            m = {
                "churned": (scored & churned).sum(axis=1),
                "renewed": (scored & ~churned).sum(axis=1),
                "green_churned": (green & churned).sum(axis=1),
                "green_renewed": (green & ~churned).sum(axis=1),
                "red_churned": (red & churned).sum(axis=1),
                "red_renewed": (red & ~churned).sum(axis=1),
            }
            bucket = np.minimum(BUCKETS - 1, np.where(scored, score, 0.0) * (BUCKETS / 100)).astype(np.int64)
            if self.variant == "numpy":
                m["auc"] = self._counting_auc(bucket, churned, scored, m)
            else:
                m["auc"] = self._sklearn_auc(bucket, sample.is_churned, scored, m)
            out.append(m)
        return out

    @staticmethod
    def _counting_auc(bucket, churned, scored, m):
        batch = bucket.shape[0]
        slot = (np.arange(batch)[:, None] * 2 + churned) * BUCKETS + bucket
        counts = np.bincount(slot[scored], minlength=batch * 2 * BUCKETS).reshape(batch, 2, BUCKETS)
        renewed_h, churned_h = counts[:, 0, :], counts[:, 1, :]
        # Renewed accounts strictly above each bucket, and half of those in it.
        above = m["renewed"][:, None] - np.cumsum(renewed_h, axis=1)
        concordant2 = np.sum(churned_h * (2 * above + renewed_h), axis=1)
        valid = (m["churned"] > 0) & (m["renewed"] > 0)
        with np.errstate(invalid="ignore", divide="ignore"):
            auc = concordant2.astype(np.float64) / (2 * m["churned"].astype(np.float64) * m["renewed"])
        return np.where(valid, auc, np.nan)

    def _sklearn_auc(self, bucket, is_churned, scored, m):
        auc = np.full(bucket.shape[0], np.nan)
        for i in range(bucket.shape[0]):
            if m["churned"][i] > 0 and m["renewed"][i] > 0:
                keep = scored[i]
                auc[i] = self.roc_auc_score(is_churned[keep], -bucket[i][keep])
        return auc


def search(model, horizons, step, variant, sample_every=1, batch=None):
    """The default `tune` lattice search; returns the winner and timings."""
    weights_now = np.array([float(c["weight"]) for c in model["components"]])
    current = weights_now * 100 / sum(weights_now.tolist())
    hw = np.array([HORIZON_WEIGHTS[s.horizon] for s in horizons])
    hw = hw / sum(hw.tolist())
    evaluator = CountingEvaluator(horizons, model["bands"], variant)

    def metrics(weights):
        per_h = evaluator.evaluate(weights)
        n = weights.shape[0]
        loss = np.zeros(n)
        mean_auc = np.zeros(n)
        feasible = np.ones(n, dtype=bool)
        for h, m in enumerate(per_h):
            scored = m["churned"] + m["renewed"]
            with np.errstate(invalid="ignore", divide="ignore"):
                rate = m["green_churned"] / m["churned"]
                non_green = (scored - m["green_churned"] - m["green_renewed"]) / scored
            feasible &= m["churned"] > 0
            if budgets is not None:
                feasible &= ~(non_green > budgets[h] + 1e-12)
            loss = loss + hw[h] * rate
            mean_auc = mean_auc + hw[h] * np.where(np.isnan(m["auc"]), 0.5, m["auc"])
        shift = np.zeros(n)
        for c in range(weights.shape[1]):
            shift = shift + np.abs(weights[:, c] - current[c])
        return per_h, loss, mean_auc, shift, feasible

    # The alert budget, as Tuner sets it: the current weights' non-green share
    # at each horizon. `metrics` reads `budgets` when called, so this first
    # evaluation runs unconstrained.
    budgets = None
    per_h, *_ = metrics(current[None, :])
    budgets = []
    for m in per_h:
        scored = int(m["churned"][0] + m["renewed"][0])
        budgets.append((scored - int(m["green_churned"][0]) - int(m["green_renewed"][0])) / scored if scored else math.inf)

    points = lattice(len(current), step)
    total = len(points)
    points = points[::sample_every]
    accounts = max(s.sub.shape[0] for s in horizons)
    # Candidates per batch: enough to amortise numpy's per-call overhead, few
    # enough that each (batch x accounts) temporary stays near 32 MB.
    batch = batch or max(1, min(512, 4_000_000 // max(1, accounts)))

    start = time.perf_counter()
    losses, aucs, shifts, feasibles = [], [], [], []
    for i in range(0, len(points), batch):
        _, loss, mean_auc, shift, feasible = metrics(points[i : i + batch])
        losses.append(loss)
        aucs.append(mean_auc)
        shifts.append(shift)
        feasibles.append(feasible)
    elapsed = time.perf_counter() - start

    loss = np.concatenate(losses)
    mean_auc = np.concatenate(aucs)
    shift = np.concatenate(shifts)
    feasible = np.concatenate(feasibles)
    # The current weights compete too (they win when nothing beats them).
    _, c_loss, c_auc, c_shift, c_feasible = metrics(current[None, :])
    all_w = np.vstack([points, current[None, :]])
    loss = np.append(loss, c_loss)
    mean_auc = np.append(mean_auc, c_auc)
    shift = np.append(shift, c_shift)
    feasible = np.append(feasible, c_feasible)
    candidates = np.flatnonzero(feasible)
    # Ranking: loss, then higher AUC, then smaller shift, then lexicographic weights.
    keys = [all_w[candidates, c] for c in reversed(range(all_w.shape[1]))] + [shift[candidates], -mean_auc[candidates], loss[candidates]]
    best = candidates[np.lexsort(keys)[0]]
    best_weights = all_w[best]
    per_h, *_ = metrics(best_weights[None, :])
    return {
        "variant": variant,
        "step": step,
        "lattice_points": total,
        "evaluated": len(points),
        "sampled": sample_every > 1,
        "seconds": elapsed,
        "candidates_per_second": len(points) / elapsed,
        "account_evaluations": sum(s.sub.shape[0] for s in horizons),
        "budgets": budgets,
        "best": {
            "weights": best_weights.tolist(),
            "loss": float(loss[best]),
            "mean_auc": float(mean_auc[best]),
            "shift": float(shift[best]),
            "horizons": [{key: (float(v[0]) if key == "auc" else int(v[0])) for key, v in m.items()} for m in per_h],
        },
    }


# --------------------------------------------------------------------------


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=["audit", "search"])
    parser.add_argument("--snapshots", required=True)
    parser.add_argument("--outcomes", required=True)
    parser.add_argument("--model", required=True)
    parser.add_argument("--step", type=int, default=5)
    parser.add_argument("--variant", choices=["numpy", "sklearn"], default="numpy")
    parser.add_argument("--sample-every", type=int, default=1, help="evaluate every K-th lattice point and extrapolate the time")
    parser.add_argument("--out", help="write the result JSON here (default: stdout)")
    args = parser.parse_args(argv)

    with open(args.model) as handle:
        model = json.load(handle)
    t0 = time.perf_counter()
    snapshots = Snapshots(args.snapshots)
    outcomes = Outcomes(args.outcomes, snapshots)
    t1 = time.perf_counter()
    horizons = training_set(model, snapshots, outcomes)
    t2 = time.perf_counter()
    result = {"load_seconds": t1 - t0, "score_seconds": t2 - t1, "rows": snapshots.row_count}
    if args.command == "audit":
        result["horizons"] = audit(model, horizons)
    else:
        result["search"] = search(model, horizons, args.step, args.variant, args.sample_every)
    text = json.dumps(result, indent=1)
    if args.out:
        with open(args.out, "w") as handle:
            handle.write(text + "\n")
    else:
        print(text)


if __name__ == "__main__":
    main(sys.argv[1:])
