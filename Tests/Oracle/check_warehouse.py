#!/usr/bin/env python3
"""Runs `healthcal export-sql` (the score query and the audit query) in real
engines and checks every figure against healthcal itself.

Engines:
- PostgreSQL: a throwaway cluster under .build/warehouse/pg, on a Unix
  socket only, started here and stopped whatever happens (Debian's
  `postgresql` package provides the binaries);
- DuckDB (PyPI `duckdb`, in .build/oracle-venv);
- SQLite, with every column loaded as text the way `.import` loads a CSV
  (booleans spelled true/false/yes/no, missing values as empty strings),
  which the SQL must read as healthcal does.

Books: the demo (chs-4 and the plan-tier category model), a 20,000-account
synthetic book with trajectory signals, missing values and segment overrides
(Fixtures/models/sql-check.json), and a 3,000-account book with a planted
calendar confound, where the landmark design is the honest one. Each table is typed as DuckDB's CSV
sniffer types it, so booleans arrive as real BOOLEAN columns and as yes/no
text.

Checks, each to 1e-9:
1. every row's score (and exactly its band) equals `healthcal score
   --as-of DATE` for the row's own date; a row the SQL scores NULL is one
   healthcal leaves out;
2. every audit figure (accounts scored, band counts, green-churn rate,
   at-risk recall, false-alarm rate, ROC AUC, for all accounts and each
   segment, per horizon) equals `healthcal audit --format json`, in the
   renewal design and in the landmark design (weighted false-alarm rate,
   AUC pooled within dates);
3. the Snowflake, BigQuery and Spark exports parse with sqlglot in their own
   dialect and, transpiled to DuckDB, give the same scores and audit on the
   demo;
4. names that need quoting (a space, a reserved word, mixed case) and a
   schema-qualified table work in every engine here and parse in the others.

Usage: python3 Tests/Oracle/check_warehouse.py path/to/healthcal
"""

import csv
import glob
import io
import json
import os
import shutil
import signal
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import venv_tools  # noqa: E402

VENV = os.path.join(".build", "oracle-venv")
WORK = os.path.join(".build", "warehouse")
TOLERANCE = 1e-9
DEMO = ("demo", "Fixtures/demo/snapshots.csv", "Fixtures/demo/outcomes.csv")
DUCKDB_TO_POSTGRES = {"VARCHAR": "TEXT", "DATE": "DATE", "BIGINT": "BIGINT", "DOUBLE": "DOUBLE PRECISION", "BOOLEAN": "BOOLEAN"}


def healthcal(binary, *arguments):
    return subprocess.run([binary, *arguments], check=True, capture_output=True, text=True).stdout


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


# MARK: - Engines


class DuckDB:
    name = "duckdb"

    def __init__(self):
        import duckdb

        self.connection = duckdb.connect()

    def load(self, table, path, schema=None):
        name = f'"{schema}"."{table}"' if schema else f'"{table}"'
        if schema:
            self.connection.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
        self.connection.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM read_csv_auto('{path}', header = true)")

    def types(self, table):
        return [(row[0], row[1]) for row in self.connection.execute(f'DESCRIBE "{table}"').fetchall()]

    def query(self, sql):
        cursor = self.connection.execute(sql)
        columns = [d[0] for d in cursor.description]
        return [dict(zip(columns, row)) for row in cursor.fetchall()]


class Postgres:
    name = "postgres"

    def __init__(self):
        candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
        if not candidates:
            fail("PostgreSQL binaries not found (apt-get install postgresql)")
        self.bin = candidates[-1]
        self.root = os.path.abspath(os.path.join(WORK, "pg"))
        shutil.rmtree(self.root, ignore_errors=True)
        os.makedirs(self.root)
        self.data = os.path.join(self.root, "data")
        self.socket = self.root
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_postgres:
            subprocess.run(["chown", "-R", "postgres", self.root], check=True)
        subprocess.run(
            self.as_postgres + [f"{self.bin}/initdb", "-D", self.data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C"],
            check=True, capture_output=True)
        subprocess.run(
            self.as_postgres + [f"{self.bin}/pg_ctl", "-D", self.data, "-w", "-l", os.path.join(self.root, "log"),
                                "-o", f"-k {self.socket} -c listen_addresses=''", "start"],
            check=True, capture_output=True)
        self.started = True

    def stop(self):
        if getattr(self, "started", False):
            subprocess.run(self.as_postgres + [f"{self.bin}/pg_ctl", "-D", self.data, "-m", "immediate", "stop"], capture_output=True)
            self.started = False

    def psql(self, *arguments, sql=None):
        command = [f"{self.bin}/psql", "-h", self.socket, "-U", "postgres", "-X", "-q", "-v", "ON_ERROR_STOP=1", *arguments]
        result = subprocess.run(command, input=sql, capture_output=True, text=True)
        if result.returncode != 0:
            fail("psql: " + result.stderr.strip()[:2000])
        return result.stdout

    def load(self, table, path, types, schema=None):
        name = f'"{schema}"."{table}"' if schema else f'"{table}"'
        columns = ", ".join(f'"{c}" {DUCKDB_TO_POSTGRES[t]}' for c, t in types)
        create = f'CREATE SCHEMA IF NOT EXISTS "{schema}";' if schema else ""
        self.psql(sql=f"{create} DROP TABLE IF EXISTS {name}; CREATE TABLE {name} ({columns});")
        self.psql("-c", f"\\copy {name} FROM '{os.path.abspath(path)}' WITH (FORMAT csv, HEADER true)")

    def query(self, sql):
        text = self.psql("--csv", sql=sql)
        rows = list(csv.DictReader(io.StringIO(text)))
        return [{k: convert(v) for k, v in row.items()} for row in rows]


class SQLite:
    name = "sqlite"

    def __init__(self):
        import sqlite3

        self.connection = sqlite3.connect(":memory:")

    def load(self, table, path, schema=None):
        """Every column as text, empty cells as empty strings: what `.import` does."""
        name = f'"{schema}"."{table}"' if schema else f'"{table}"'
        if schema:
            self.connection.execute(f"ATTACH DATABASE ':memory:' AS \"{schema}\"")
        with open(path, newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle)
            header = next(reader)
            rows = list(reader)
        self.connection.execute(f"DROP TABLE IF EXISTS {name}")
        self.connection.execute(f"CREATE TABLE {name} ({', '.join(chr(34) + c + chr(34) + ' TEXT' for c in header)})")
        self.connection.executemany(f"INSERT INTO {name} VALUES ({', '.join('?' for _ in header)})", rows)

    def query(self, sql):
        cursor = self.connection.execute(sql)
        columns = [d[0] for d in cursor.description]
        return [dict(zip(columns, row)) for row in cursor.fetchall()]


def convert(text):
    if text == "":
        return None
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        return text


# MARK: - References from healthcal


def score_reference(binary, snapshots, model):
    """(account, as_of) -> (score, band) for every row healthcal scores."""
    with open(snapshots, newline="", encoding="utf-8-sig") as handle:
        dates = sorted({row["as_of"] for row in csv.DictReader(handle)})
    reference = {}
    for date in dates:
        text = healthcal(binary, "score", "--snapshots", snapshots, "--model", model, "--as-of", date, "--format", "csv")
        for row in csv.DictReader(io.StringIO(text)):
            if row["as_of"] == date:
                reference[(row["account_id"], date)] = (float(row["score"]), row["band"])
    return reference


def audit_reference(binary, snapshots, outcomes, model, design="renewal"):
    text = healthcal(binary, "audit", "--snapshots", snapshots, "--outcomes", outcomes, "--model", model,
                     "--format", "json", "--bootstrap", "0", "--design", design, "--quiet")
    audit = json.loads(text)
    reference = {}
    for horizon in audit["horizons"]:
        for group in [horizon["overall"]] + horizon.get("segments", []):
            key = (horizon["horizon_days"], None if group["group"] == "all" else group["group"])
            coverage, bands = group["coverage"], group["bands"]
            if coverage["churned_scored"] + coverage["renewed_scored"] == 0:
                continue
            reference[key] = {
                "churned_scored": coverage["churned_scored"], "renewed_scored": coverage["renewed_scored"],
                **{f"{kind}_{band}": bands[band][kind] for kind in ("churned", "renewed") for band in ("red", "amber", "green")},
                "green_churn_rate": group["green_churn_rate"]["value"],
                "at_risk_recall": group["at_risk_recall"]["value"],
                "false_alarm_rate": group["false_alarm_rate"]["value"],
                "roc_auc": group["roc_auc"]["value"],
            }
    return reference


# MARK: - Comparisons


def text_date(value):
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def compare_scores(label, rows, reference):
    seen = 0
    largest = 0.0
    for row in rows:
        key = (row["account_id"], text_date(row["as_of"]))
        expected = reference.get(key)
        if row["score"] is None:
            if expected is not None:
                fail(f"{label}: {key} scored NULL in SQL, {expected} in healthcal")
            continue
        if expected is None:
            fail(f"{label}: {key} scored {row['score']} in SQL but healthcal leaves it out")
        difference = abs(float(row["score"]) - expected[0])
        largest = max(largest, difference)
        if difference > TOLERANCE or row["band"] != expected[1]:
            fail(f"{label}: {key} SQL {row['score']} {row['band']}, healthcal {expected}")
        seen += 1
    if seen != len(reference):
        fail(f"{label}: SQL scored {seen} rows, healthcal {len(reference)}")
    return f"{seen} rows, largest difference {largest:.1e}"


def compare_audit(label, rows, reference):
    found = {}
    for row in rows:
        key = (int(row["horizon_days"]), row["segment"])
        found[key] = row
    if set(found) != set(reference):
        fail(f"{label}: groups differ: SQL {sorted(found, key=str)}, healthcal {sorted(reference, key=str)}")
    largest = 0.0
    for key, expected in reference.items():
        for field, value in expected.items():
            actual = found[key][field]
            if value is None or actual is None:
                if value is not None or actual is not None:
                    fail(f"{label}: {key} {field}: SQL {actual}, healthcal {value}")
                continue
            difference = abs(float(actual) - value)
            largest = max(largest, difference)
            if difference > TOLERANCE:
                fail(f"{label}: {key} {field}: SQL {actual}, healthcal {value}")
    return f"{len(found)} groups, largest difference {largest:.1e}"


def export(binary, model, dialect, *extra):
    return healthcal(binary, "export-sql", "--model", model, "--dialect", dialect, *extra)


# MARK: - Main


def main(argv):
    venv_tools.ensure_venv(VENV, ["duckdb", "sqlglot"], "import duckdb, sqlglot", __file__)
    import sqlglot

    binary = argv[1] if len(argv) > 1 else ".build/debug/healthcal"
    os.makedirs(WORK, exist_ok=True)
    book = os.path.join(WORK, "book")
    healthcal(binary, "synth", "--accounts", "20000", "--months", "12", "--seed", "7", "--out", book, "--force", "--quiet")
    synthetic = ("synthetic 20k", os.path.join(book, "snapshots.csv"), os.path.join(book, "outcomes.csv"))
    confounded_dir = os.path.join(WORK, "confounded")
    healthcal(binary, "synth", "--accounts", "3000", "--months", "12", "--calendar-confound", "--out", confounded_dir, "--force", "--quiet")
    confounded = ("confounded 3k", os.path.join(confounded_dir, "snapshots.csv"), os.path.join(confounded_dir, "outcomes.csv"))
    cases = [
        (DEMO, "chs-4", ["renewal", "landmark"]),
        (DEMO, "Fixtures/models/chs-4-tier.json", ["renewal"]),
        # The landmark design is checked on the demo and the confounded book;
        # on this one healthcal's own debug build takes half a minute for it.
        (synthetic, "Fixtures/models/sql-check.json", ["renewal"]),
        (confounded, "chs-4", ["landmark"]),
    ]

    duck = DuckDB()
    lite = SQLite()
    # A terminated check still runs the `finally` below, which stops the cluster.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    postgres = Postgres()
    try:
        for (name, snapshots, outcomes), model, designs in cases:
            duck.load("snapshots", snapshots)
            duck.load("outcomes", outcomes)
            postgres.load("snapshots", snapshots, duck.types("snapshots"))
            postgres.load("outcomes", outcomes, duck.types("outcomes"))
            lite.load("snapshots", snapshots)
            lite.load("outcomes", outcomes)
            scores = score_reference(binary, snapshots, model)
            audits = {design: audit_reference(binary, snapshots, outcomes, model, design) for design in designs}
            for engine in (postgres, duck, lite):
                label = f"{engine.name}, {name}, {os.path.basename(model)}"
                results = ["score " + compare_scores(label + ", score", engine.query(export(binary, model, engine.name)), scores)]
                for design, audit in audits.items():
                    rows = engine.query(export(binary, model, engine.name, "--audit", "--design", design))
                    results.append(f"{design} audit " + compare_audit(f"{label}, {design} audit", rows, audit))
                print(f"{label}: " + "; ".join(results))

        # Dialects without an engine here: they parse in their own dialect, and
        # transpiled to DuckDB give the same figures on the demo.
        name, snapshots, outcomes = DEMO
        duck.load("snapshots", snapshots)
        duck.load("outcomes", outcomes)
        scores = score_reference(binary, snapshots, "chs-4")
        audit = audit_reference(binary, snapshots, outcomes, "chs-4")
        for kind, extra in (("score", []), ("audit", ["--audit"])):
            rows = duck.query(export(binary, "chs-4", "ansi", *extra))
            label = f"ansi run as written in duckdb, demo, {kind}"
            result = compare_scores(label, rows, scores) if kind == "score" else compare_audit(label, rows, audit)
            print(f"{label}: {result}")
        for dialect in ("snowflake", "bigquery", "spark", "ansi"):
            for kind, extra in (("score", []), ("audit", ["--audit"])):
                sql = export(binary, "chs-4", dialect, *extra)
                read = None if dialect == "ansi" else dialect
                try:
                    sqlglot.parse(sql, read=read)
                    transpiled = sqlglot.transpile(sql, read=read, write="duckdb")[0]
                except sqlglot.errors.SqlglotError as error:
                    fail(f"{dialect} {kind}: sqlglot: {str(error)[:500]}")
                rows = duck.query(transpiled)
                label = f"{dialect} via sqlglot in duckdb, demo, {kind}"
                result = compare_scores(label, rows, scores) if kind == "score" else compare_audit(label, rows, audit)
                print(f"{label}: {result}")

        check_names(binary, duck, postgres, lite, sqlglot)
    finally:
        postgres.stop()
    print("warehouse: every engine and dialect agrees with healthcal")


def check_names(binary, duck, postgres, lite, sqlglot):
    """The demo with columns that need quoting, in a schema-qualified table
    whose name has a space."""
    renamed = {"dau_mau": "Dau Mau", "tickets_30d": "select", "csat": "CSat", "nps": "Nps Score"}
    os.makedirs(os.path.join(WORK, "names"), exist_ok=True)
    snapshots = os.path.join(WORK, "names", "snapshots.csv")
    with open(DEMO[1], newline="", encoding="utf-8-sig") as source, open(snapshots, "w", newline="") as target:
        rows = list(csv.reader(source))
        rows[0] = [renamed.get(column, column) for column in rows[0]]
        csv.writer(target).writerows(rows)
    model = json.load(open("Fixtures/models/chs-4.json"))
    for component in model["components"]:
        for signal in component["signals"]:
            signal["column"] = renamed.get(signal["column"], signal["column"])
    model["name"] = "chs-4 renamed"
    model_path = os.path.join(WORK, "names", "model.json")
    json.dump(model, open(model_path, "w"), indent=2)
    scores = score_reference(binary, snapshots, model_path)
    table = ["--table", "analytics.Health Snapshots"]
    duck.load("Health Snapshots", snapshots, schema="analytics")
    types = duck.connection.execute('DESCRIBE "analytics"."Health Snapshots"').fetchall()
    postgres.load("Health Snapshots", snapshots, [(row[0], row[1]) for row in types], schema="analytics")
    lite.load("Health Snapshots", snapshots, schema="analytics")
    for engine in (postgres, duck, lite):
        result = compare_scores(f"{engine.name}, quoted names", engine.query(export(binary, model_path, engine.name, *table)), scores)
        print(f"{engine.name}, names with spaces, a reserved word and capitals in a schema-qualified table: {result}")
    for dialect in ("snowflake", "bigquery", "spark"):
        sql = export(binary, model_path, dialect, *table)
        try:
            sqlglot.parse(sql, read=dialect)
        except sqlglot.errors.SqlglotError as error:
            fail(f"{dialect} quoted names: sqlglot: {str(error)[:500]}")
        print(f"{dialect}, quoted names: parses")


if __name__ == "__main__":
    main(sys.argv)
