#!/usr/bin/env python3
"""Times healthcal's SQL exports in DuckDB against healthcal itself, on one
synthetic book: the score query over every row and the audit query, each on
tables already loaded, DuckDB limited to --threads threads, one run each;
and `healthcal audit --bootstrap 0` end to end (reading the CSV included).

Usage: python3 Benchmarks/warehouse.py --bin .build/release/healthcal --accounts 100000 --months 24
Needs duckdb (run it with .build/oracle-venv/bin/python after the CI oracles).
"""

import argparse
import os
import subprocess
import time

import duckdb


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--accounts", type=int, default=100000)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--model", default="chs-4")
    parser.add_argument("--dir", default="/tmp/healthcal-bench")
    args = parser.parse_args()
    book = os.path.join(args.dir, f"{args.accounts}x{args.months}")
    snapshots, outcomes = os.path.join(book, "snapshots.csv"), os.path.join(book, "outcomes.csv")
    if not os.path.exists(snapshots):
        subprocess.run([args.bin, "synth", "--accounts", str(args.accounts), "--months", str(args.months), "--seed", "2026",
                        "--out", book, "--quiet"], check=True)
    started = time.perf_counter()
    subprocess.run([args.bin, "audit", "--snapshots", snapshots, "--outcomes", outcomes, "--model", args.model,
                    "--bootstrap", "0", "--design", "renewal", "--format", "json", "--threads", str(args.threads), "--quiet"],
                   check=True, stdout=subprocess.DEVNULL)
    healthcal_audit = time.perf_counter() - started

    connection = duckdb.connect()
    connection.execute(f"SET threads = {args.threads}")
    started = time.perf_counter()
    connection.execute(f"CREATE TABLE snapshots AS SELECT * FROM read_csv_auto('{snapshots}', header = true)")
    connection.execute(f"CREATE TABLE outcomes AS SELECT * FROM read_csv_auto('{outcomes}', header = true)")
    load = time.perf_counter() - started
    rows = connection.execute("SELECT COUNT(*) FROM snapshots").fetchone()[0]

    def timed(*extra):
        sql = subprocess.run([args.bin, "export-sql", "--model", args.model, "--dialect", "duckdb", *extra],
                             check=True, capture_output=True, text=True).stdout
        start = time.perf_counter()
        connection.execute(f"CREATE OR REPLACE TEMP TABLE result AS {sql}")
        return time.perf_counter() - start

    score = timed()
    audit = timed("--audit")
    print(f"{args.accounts} accounts x {args.months} months ({rows} rows), model {args.model}, {args.threads} threads, one run each:")
    print(f"  healthcal audit --bootstrap 0 (end to end, CSV read included): {healthcal_audit:.2f} s")
    print(f"  DuckDB load of the two CSV files (not counted below):          {load:.2f} s")
    print(f"  DuckDB score query, every row scored and sorted:               {score:.2f} s ({score / healthcal_audit:.2f}x healthcal audit)")
    print(f"  DuckDB audit query:                                            {audit:.2f} s ({audit / healthcal_audit:.2f}x healthcal audit)")


if __name__ == "__main__":
    main()
