#!/usr/bin/env python3
"""Writes small seed inputs for the fuzz targets from Fixtures/.

Usage: Fuzz/seeds.py FIXTURES_DIR CORPUS_ROOT

The demo CSVs are thousands of lines; the fuzzer works best on inputs of a
few hundred bytes, so each seed is a slice: the header, a few accounts'
snapshots, then "\\0\\0" and the outcomes of those accounts (see
Fuzz/Shared/FuzzInput.swift). JSON Lines seeds are the same slices
converted, and model seeds are the model files as they are. A few
hand-written seeds cover what the demo never contains: quoted fields,
CRLF, a byte order mark, blank lines, missing values and booleans.
"""
import csv
import io
import json
import os
import sys

SEPARATOR = b"\0\0"


def slices(rows, outcomes, count, width):
    """Yields (snapshot rows, outcome rows): three snapshots each of `width`
    accounts, `count` times, spread over the file."""
    accounts = []
    for row in rows:
        if not accounts or accounts[-1] != row["account_id"]:
            accounts.append(row["account_id"])
    step = max(1, len(accounts) // count)
    for start in range(0, step * count, step):
        chosen = accounts[start:start + width]
        picked = [r for a in chosen for r in [r for r in rows if r["account_id"] == a][:3]]
        yield picked, [o for o in outcomes if o["account_id"] in chosen]


def to_csv(rows, columns):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def typed(value):
    """A CSV cell as the JSON value an exporter would write."""
    if value == "":
        return None
    if value in ("true", "false"):
        return value == "true"
    try:
        number = float(value)
    except ValueError:
        return value
    return int(number) if number.is_integer() and "." not in value else number


def to_jsonl(rows, keep_strings):
    lines = []
    for row in rows:
        obj = {k: (v if k in keep_strings else typed(v)) for k, v in row.items()}
        lines.append(json.dumps(obj, separators=(",", ":")))
    return ("\n".join(lines) + "\n").encode()


HAND_CSV = [
    b'\xef\xbb\xbfaccount_id,as_of,nps\r\nA,2025-01-01,10\r\n"B, Inc",2025-01-01,""\r\n\0\0account_id,outcome,date\r\nA,churned,2025-03-01\r\n',
    b'account_id,as_of,segment,arr,flag\n"A ""x""",2025-02-28,SMB,100,yes\n\nA ""x"",2025-03-01,SMB,,no\n',
    b'account_id,as_of,note\nA,2024-02-29,"line\nbreak"\rA,2024-03-01,1e3\n\0\0account_id,outcome\nA,renewed\n',
]

HAND_JSONL = [
    b'\xef\xbb\xbf{"account_id":"A","as_of":"2025-01-01","nps":10}\r\n\n  \n{"account_id":"B","as_of":"2025-01-01","nps":null,"flag":"yes"}\0\0{"account_id":"A","outcome":"churned","date":"2025-03-01","arr":1.5e3}\n',
    b'{"account_id":"\\u00e9\\ud83d\\ude00","as_of":"2025-02-28","segment":"SMB","arr":0,"x":-0.0,"y":true}\n',
]


def main():
    fixtures, root = sys.argv[1], sys.argv[2]
    with open(os.path.join(fixtures, "demo", "snapshots.csv"), newline="") as f:
        reader = csv.DictReader(f)
        columns = reader.fieldnames
        rows = list(reader)
    with open(os.path.join(fixtures, "demo", "outcomes.csv"), newline="") as f:
        outcome_reader = csv.DictReader(f)
        outcome_columns = outcome_reader.fieldnames
        outcomes = list(outcome_reader)
    seeds = {"csv": list(HAND_CSV), "jsonl": list(HAND_JSONL), "model": []}
    for picked, matched in slices(rows, outcomes, count=8, width=2):
        seeds["csv"].append(to_csv(picked, columns) + SEPARATOR + to_csv(matched, outcome_columns))
        seeds["jsonl"].append(
            to_jsonl(picked, {"account_id", "as_of", "segment"}) + SEPARATOR
            + to_jsonl(matched, {"account_id", "outcome", "date"}))
    models = os.path.join(fixtures, "models")
    for name in sorted(os.listdir(models)):
        with open(os.path.join(models, name), "rb") as f:
            seeds["model"].append(f.read())
    for target, inputs in seeds.items():
        directory = os.path.join(root, target)
        os.makedirs(directory, exist_ok=True)
        for i, data in enumerate(inputs):
            with open(os.path.join(directory, f"seed-{i:02d}"), "wb") as f:
                f.write(data)


if __name__ == "__main__":
    main()
