#!/usr/bin/env python3
"""Runs `healthcal export-sql` in a real SQL engine and checks it against `healthcal score`.

Loads Fixtures/demo/snapshots.csv into an in-memory SQLite table `snapshots`
(booleans true/yes/1 -> 1 and false/no/0 -> 0, empty -> NULL, numbers as
REAL, as_of and plan_tier as TEXT, unique index on (account_id, as_of)), runs the query that `healthcal export-sql --dialect
sqlite` prints for each model, and compares it with healthcal's own scores:

1. the latest snapshot of every account, from `healthcal score`;
2. every snapshot row, from `healthcal score --as-of DATE` for each distinct
   snapshot date (each row is the latest on or before its own date, so the
   union of those listings covers every row that has a score).

Scores must agree to 1e-9 and bands exactly; a row the SQL scores NULL must
be one healthcal leaves out (no usable component), and vice versa. Then a
model whose all-100 weighted mean rounds to 100.00000000000001 must score
exactly 100 in SQL, as in healthcal. Prints the counts compared and the
largest difference per model; exits 1 on any mismatch.

Usage: python3 Tests/Oracle/check_sql.py [path/to/healthcal]
"""

import csv
import io
import os
import sqlite3
import subprocess
import sys
import tempfile

TOLERANCE = 1e-9
SNAPSHOTS = "Fixtures/demo/snapshots.csv"
MODELS = ["chs-4", "chs-5", "Fixtures/models/sql-check.json", "Fixtures/models/chs-4-tier.json"]
# Text columns: the reserved ones and plan_tier, which chs-4-tier reads as a category.
RESERVED_TEXT = {"account_id", "as_of", "segment", "plan_tier"}
TRUE_WORDS = {"true", "yes", "1"}
FALSE_WORDS = {"false", "no", "0"}


def run(binary, *arguments):
    result = subprocess.run([binary, *arguments], check=True, capture_output=True, text=True)
    return result.stdout


def cell(column, text):
    """One CSV field as the SQLite value a warehouse would hold."""
    stripped = text.strip(" \t")
    if column in RESERVED_TEXT:
        return stripped if stripped else None
    if not stripped:
        return None
    lowered = stripped.lower()
    if lowered in TRUE_WORDS:
        return 1.0
    if lowered in FALSE_WORDS:
        return 0.0
    return float(stripped)


def load(connection, path):
    """Creates `snapshots` from the CSV and returns the distinct as_of dates."""
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        rows = [[cell(column, field) for column, field in zip(header, record)] for record in reader]
    columns = ", ".join(
        f'"{name}" {"TEXT" if name in RESERVED_TEXT else "REAL"}' for name in header)
    connection.execute(f"CREATE TABLE snapshots ({columns})")
    placeholders = ", ".join("?" for _ in header)
    connection.executemany(f"INSERT INTO snapshots VALUES ({placeholders})", rows)
    # The key a warehouse table would have; without it every trajectory look-up scans the table.
    connection.execute("CREATE UNIQUE INDEX snapshots_key ON snapshots (account_id, as_of)")
    return [date for (date,) in connection.execute("SELECT DISTINCT as_of FROM snapshots ORDER BY as_of")]


def listing(binary, model, *extra):
    text = run(binary, "score", "--snapshots", SNAPSHOTS, "--model", model, "--format", "csv", *extra)
    return {(row["account_id"], row["as_of"]): row for row in csv.DictReader(io.StringIO(text))}


CLAMP_MODEL = """{"schema": 1, "name": "clamp", "components": [
  {"name": "a", "weight": 0.001, "signals": [{"column": "a", "transform": {"type": "linear", "low": 0, "high": 1}}]},
  {"name": "b", "weight": 13.7, "signals": [{"column": "b", "transform": {"type": "linear", "low": 0, "high": 1}}]},
  {"name": "c", "weight": 13.7, "signals": [{"column": "c", "transform": {"type": "linear", "low": 0, "high": 1}}]}],
  "bands": {"red_below": 50, "green_at_or_above": 100}}"""


def check_clamp(binary):
    """The weights of Tests/HealthCalTests/Scoring/ScoreRangeTests.swift: the SQL clamps as healthcal does."""
    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, "clamp.json")
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(CLAMP_MODEL)
        query = run(binary, "export-sql", "--model", path, "--dialect", "sqlite")
    connection = sqlite3.connect(":memory:")
    connection.execute('CREATE TABLE snapshots ("account_id" TEXT, "as_of" TEXT, "a" REAL, "b" REAL, "c" REAL)')
    connection.execute("INSERT INTO snapshots VALUES ('A', '2025-03-01', 1, 1, 1)")
    rows = connection.execute(query).fetchall()
    unclamped = (0.001 * 100 + 13.7 * 100 + 13.7 * 100) / (0.001 + 13.7 + 13.7)
    if unclamped <= 100:
        return [f"clamp: the test weights no longer round above 100 ({unclamped!r})"]
    if len(rows) != 1 or rows[0][2] != 100.0 or rows[0][3] != "green":
        return [f"clamp: expected score 100.0 and band green, SQL gave {rows!r}"]
    print(f"clamp: an all-100 mean that rounds to {unclamped!r} scores exactly 100.0 in SQL")
    return []


def main(argv):
    binary = argv[1] if len(argv) > 1 else ".build/debug/healthcal"
    connection = sqlite3.connect(":memory:")
    dates = load(connection, SNAPSHOTS)
    total_rows = connection.execute("SELECT COUNT(*) FROM snapshots").fetchone()[0]
    failures = []
    overall_max = 0.0

    for model in MODELS:
        query = run(binary, "export-sql", "--model", model, "--dialect", "sqlite")
        cursor = connection.execute(query)
        names = [description[0] for description in cursor.description]
        sql = {}
        for values in cursor.fetchall():
            row = dict(zip(names, values))
            sql[(row["account_id"], row["as_of"])] = row
        if len(sql) != total_rows:
            failures.append(f"{model}: SQL returned {len(sql)} distinct rows, table has {total_rows}")

        max_difference = 0.0

        def compare(label, key, expected):
            nonlocal max_difference
            actual = sql.get(key)
            if actual is None or actual["score"] is None:
                failures.append(f"{model} {label} {key}: healthcal scores {expected['score']}, SQL has no score")
                return
            difference = abs(float(expected["score"]) - actual["score"])
            max_difference = max(max_difference, difference)
            if difference > TOLERANCE:
                failures.append(
                    f"{model} {label} {key}: healthcal {expected['score']}, SQL {actual['score']!r}, diff {difference:.3e}")
            if expected["band"] != actual["band"]:
                failures.append(f"{model} {label} {key}: healthcal band {expected['band']}, SQL band {actual['band']}")
            if "segment" in actual and (actual["segment"] or "") != expected["segment"]:
                failures.append(f"{model} {label} {key}: healthcal segment {expected['segment']!r}, SQL {actual['segment']!r}")

        latest = listing(binary, model)
        for key, expected in latest.items():
            compare("latest", key, expected)

        every = {}
        for date in dates:
            for key, expected in listing(binary, model, "--as-of", date).items():
                previous = every.setdefault(key, expected)
                if previous["score"] != expected["score"] or previous["band"] != expected["band"]:
                    failures.append(f"{model} {key}: healthcal scores differ between --as-of listings")
        for key, expected in every.items():
            compare("all rows", key, expected)
        unscored = [key for key, row in sql.items() if row["score"] is not None and key not in every]
        for key in unscored:
            failures.append(f"{model} {key}: SQL scores {sql[key]['score']!r}, healthcal leaves the row out")
        null_rows = sum(1 for row in sql.values() if row["score"] is None)

        overall_max = max(overall_max, max_difference)
        print(
            f"{model}: {len(latest)} latest rows and {len(every)} of {len(sql)} rows compared "
            f"({null_rows} NULL scores), max |score difference| {max_difference:.3e}, bands all compared")

    failures += check_clamp(binary)
    if failures:
        for failure in failures[:50]:
            print("FAIL", failure)
        if len(failures) > 50:
            print(f"... and {len(failures) - 50} more")
        print(f"{len(failures)} mismatches")
        return 1
    print(f"ok: SQL export matches healthcal score on {len(MODELS)} models, max difference {overall_max:.3e} (tolerance {TOLERANCE:g})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
