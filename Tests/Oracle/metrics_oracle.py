#!/usr/bin/env python3
"""Independent reference implementations of healthcal's threshold-free metrics.

An oracle for the Swift code in Sources/HealthCal/Evaluation, written a second
way with numpy and scipy only (no scikit-learn), so a disagreement points at a
bug in one of the two rather than at a shared misunderstanding.

Conventions match the Swift side: ``risk`` is higher for accounts more likely
to churn (risk = 100 - score), ``y`` is 1 for churned (the positive class), and
an undefined metric (a class empty, no data) is ``None``, never NaN.

Functions:
    roc_auc(risk, y)            Mann-Whitney U / (n+ n-) from average ranks.
    average_precision(risk, y)  scikit-learn's average_precision_score, in numpy.
    ks(risk, y)                 scipy.stats.ks_2samp(churned, renewed).statistic.
    platt_brier(score, y)       Brier score of the ridge-penalised Platt fit.
    wilson(k, n, z)             Wilson score interval (lower, upper).

CLI:
    python3 metrics_oracle.py FILE.csv

FILE.csv has a header with columns ``group,score,churned`` (score 0-100,
churned 0/1). One JSON object per group, in order of first appearance:
    {"group": ..., "n": ..., "roc_auc": ..., "average_precision": ...,
     "ks": ..., "brier": ...}
"""

import csv
import json
import sys

import numpy as np
from scipy import optimize, special, stats

RIDGE = 1e-6
Z95 = 1.959963984540054


def _arrays(risk, y):
    risk = np.asarray(risk, dtype=np.float64)
    y = np.asarray(y, dtype=np.int64)
    if risk.shape != y.shape or risk.ndim != 1:
        raise ValueError("risk and y must be 1-D arrays of the same length")
    if not np.all(np.isfinite(risk)):
        raise ValueError("risk must be finite")
    return risk, y


def roc_auc(risk, y):
    """ROC AUC with ties counted half, via average ranks (Mann-Whitney U).

    U = (sum of the churned observations' average ranks) - n+(n+ + 1)/2, and
    AUC = U / (n+ n-). None when either class is empty.
    """
    risk, y = _arrays(risk, y)
    n_pos = int(y.sum())
    n_neg = len(y) - n_pos
    if n_pos == 0 or n_neg == 0:
        return None
    ranks = stats.rankdata(risk, method="average")
    u = ranks[y == 1].sum() - n_pos * (n_pos + 1) / 2.0
    return float(u / (n_pos * n_neg))


def average_precision(risk, y):
    """scikit-learn's average_precision_score, reimplemented.

    Follows sklearn's _binary_clf_curve / precision_recall_curve: thresholds at
    the distinct risk values from high to low, then
    AP = -sum(diff(recall) * precision[:-1]) over the reversed curve with the
    (recall 0, precision 1) end point appended, which equals
    sum_k (R_k - R_{k-1}) P_k. None when there are no churned observations.
    """
    risk, y = _arrays(risk, y)
    if len(y) == 0 or y.sum() == 0:
        return None
    order = np.argsort(risk, kind="mergesort")[::-1]
    risk_sorted = risk[order]
    y_sorted = y[order].astype(np.float64)
    distinct = np.where(np.diff(risk_sorted))[0]
    threshold_idxs = np.r_[distinct, y_sorted.size - 1]
    tps = np.cumsum(y_sorted)[threshold_idxs]
    fps = 1 + threshold_idxs - tps
    precision = tps / (tps + fps)
    recall = tps / tps[-1]
    precision = np.hstack((precision[::-1], 1.0))
    recall = np.hstack((recall[::-1], 0.0))
    return float(-np.sum(np.diff(recall) * precision[:-1]))


def ks(risk, y):
    """Two-sample Kolmogorov-Smirnov statistic, churned vs renewed risk.

    None when either class is empty.
    """
    risk, y = _arrays(risk, y)
    churned = risk[y == 1]
    renewed = risk[y == 0]
    if churned.size == 0 or renewed.size == 0:
        return None
    return float(stats.ks_2samp(churned, renewed).statistic)


def _penalised_loss(theta, x, y):
    eta = theta[0] + theta[1] * x
    return float(np.sum(np.logaddexp(0.0, eta) - y * eta) + RIDGE / 2 * (theta @ theta))


def _penalised_gradient(theta, x, y):
    residual = special.expit(theta[0] + theta[1] * x) - y
    return np.array([residual.sum(), (residual * x).sum()]) + RIDGE * theta


def platt_fit(score, y):
    """(intercept, slope) of the Platt fit p = expit(a + b x), x = (50 - score)/50.

    Minimises sum(log(1 + exp(eta)) - y eta) + (RIDGE/2)(a^2 + b^2) with BFGS to
    a tight tolerance, then polishes with plain Newton steps in numpy (the
    quasi-Newton answer alone is only good to ~1e-8 in the parameters).
    None when there are no observations.
    """
    score = np.asarray(score, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if score.size == 0:
        return None
    x = (50.0 - score) / 50.0
    result = optimize.minimize(
        _penalised_loss, np.zeros(2), args=(x, y), jac=_penalised_gradient,
        method="BFGS", options={"gtol": 1e-12, "maxiter": 10000})
    theta = result.x
    for _ in range(50):
        p = special.expit(theta[0] + theta[1] * x)
        w = p * (1 - p)
        hessian = np.array([[w.sum() + RIDGE, (w * x).sum()],
                            [(w * x).sum(), (w * x * x).sum() + RIDGE]])
        step = np.linalg.solve(hessian, _penalised_gradient(theta, x, y))
        theta = theta - step
        if np.max(np.abs(step)) < 1e-14:
            break
    return float(theta[0]), float(theta[1])


def platt_brier(score, y):
    """Brier score (mean squared error vs 0/1 outcomes) of the Platt fit.

    None when there are no observations.
    """
    fit = platt_fit(score, y)
    if fit is None:
        return None
    score = np.asarray(score, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    p = special.expit(fit[0] + fit[1] * (50.0 - score) / 50.0)
    return float(np.mean((p - y) ** 2))


def wilson(k, n, z=Z95):
    """Wilson score interval (lower, upper) for k successes in n trials.

    None when n == 0. The bounds are exactly 0 at k == 0 and 1 at k == n.
    """
    if n <= 0 or k < 0 or k > n:
        return None
    p = k / n
    centre = p + z * z / (2 * n)
    spread = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    scale = 1 + z * z / n
    lower = 0.0 if k == 0 else max(0.0, (centre - spread) / scale)
    upper = 1.0 if k == n else min(1.0, (centre + spread) / scale)
    return float(lower), float(upper)


def _read_groups(path):
    groups = {}
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = {"group", "score", "churned"} - set(reader.fieldnames or [])
        if missing:
            raise SystemExit(f"{path}: missing column(s) {', '.join(sorted(missing))}")
        for line, row in enumerate(reader, start=2):
            try:
                score = float(row["score"])
                churned = int(row["churned"])
            except ValueError as error:
                raise SystemExit(f"{path}:{line}: {error}")
            if churned not in (0, 1) or not np.isfinite(score):
                raise SystemExit(f"{path}:{line}: expected a finite score and churned 0/1")
            scores, labels = groups.setdefault(row["group"], ([], []))
            scores.append(score)
            labels.append(churned)
    return groups


def main(argv):
    if len(argv) != 2:
        raise SystemExit("usage: python3 metrics_oracle.py FILE.csv")
    for group, (scores, labels) in _read_groups(argv[1]).items():
        score = np.array(scores)
        y = np.array(labels)
        risk = 100.0 - score
        print(json.dumps({
            "group": group,
            "n": int(score.size),
            "roc_auc": roc_auc(risk, y),
            "average_precision": average_precision(risk, y),
            "ks": ks(risk, y),
            "brier": platt_brier(score, y),
        }))


if __name__ == "__main__":
    main(sys.argv)
