#!/usr/bin/env python3
"""Writes Fixtures/export/ from Fixtures/demo/: the same book shaped the way a
CS platform or warehouse exports it, so tests can check that healthcal reads it
with a column mapping and gives exactly the demo's figures.

What changes, value for value nothing:
- headers: "Account ID", "Snapshot Date", "Segment", "ARR", "Plan Tier",
  "License Utilization %" (signals keep their names otherwise);
- dates as MM/DD/YYYY; license utilisation as a percentage ("88.7%"), written
  by moving the decimal point, never by floating-point arithmetic;
- text columns no model reads: plan name (with commas, so quoted), region,
  CSM owner, a last-login timestamp;
- plan tiers capitalised ("Premier"), rows ordered by date (as a warehouse
  query returns them), CRLF line ends and a UTF-8 byte-order mark;
- outcomes: "Account ID", "Status" (Won/Lost), "Close Date" (MM/DD/YYYY),
  "ARR", and an opportunity name.

Run from the repository root: python3 Fixtures/export/make_export.py
"""
import csv
import io
from decimal import Decimal

DEMO = "Fixtures/demo"
OUT = "Fixtures/export"

REGIONS = ["EMEA", "North America", "APAC", "LATAM"]
OWNERS = ["Dana Reyes", "Sam O'Neill", "Priya Natarajan", "Lee Chen", "Ola Nordmann"]
PLAN_NAMES = {"premier": "Premier, annual", "standard": "Standard, annual", "basic": "Basic, monthly"}


def us_date(iso):
    if not iso:
        return ""
    year, month, day = iso.split("-")
    return f"{month}/{day}/{year}"


def percent(text):
    if text == "":
        return ""
    shifted = Decimal(text).scaleb(2)
    return f"{shifted:f}%"


def number(account_id):
    return int(account_id.split("-")[1])


def main():
    with open(f"{DEMO}/snapshots.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    signals = [c for c in rows[0].keys() if c not in ("account_id", "as_of", "segment", "arr", "plan_tier")]
    renamed = {"license_utilization": "License Utilization %"}
    header = ["Account ID", "Snapshot Date", "Segment", "ARR", "Plan Name", "Plan Tier", "Region", "CSM Owner", "Last Login"]
    header += [renamed.get(s, s) for s in signals]
    rows.sort(key=lambda r: (r["as_of"], r["account_id"]))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for r in rows:
        k = number(r["account_id"])
        line = [
            r["account_id"], us_date(r["as_of"]), r["segment"], r["arr"], PLAN_NAMES[r["plan_tier"]],
            r["plan_tier"].capitalize(), REGIONS[k % len(REGIONS)], OWNERS[k % len(OWNERS)],
            f"{r['as_of']}T09:{k % 60:02d}:00Z",
        ]
        line += [percent(r[s]) if s == "license_utilization" else r[s] for s in signals]
        writer.writerow(line)
    with open(f"{OUT}/snapshots.csv", "w", encoding="utf-8-sig", newline="") as handle:
        handle.write(out.getvalue())

    with open(f"{DEMO}/outcomes.csv", newline="") as handle:
        outcomes = list(csv.DictReader(handle))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["Opportunity", "Account ID", "Status", "Close Date", "ARR"])
    for o in outcomes:
        status = {"churned": "Lost", "renewed": "Won"}[o["outcome"]]
        writer.writerow([f"Renewal {o['account_id']}", o["account_id"], status, us_date(o["date"]), o["arr"]])
    with open(f"{OUT}/outcomes.csv", "w", encoding="utf-8-sig", newline="") as handle:
        handle.write(out.getvalue())


if __name__ == "__main__":
    main()
