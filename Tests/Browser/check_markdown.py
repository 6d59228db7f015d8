#!/usr/bin/env python3
"""Renders healthcal's Markdown reports with a GitHub-flavoured Markdown
renderer (markdown-it-py with tables, from PyPI, in its own venv under
.build/) and checks that every table renders as written: as many tables as
the text has header separators, and as many rows as the text has table lines.
A line of prose right after a table would be swallowed into it as an extra
row, which is what this catches.

Usage: python3 Tests/Browser/check_markdown.py path/to/healthcal
"""

import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Oracle"))
import venv_tools  # noqa: E402

VENV = os.path.join(".build", "markdown-venv")


def ensure_venv():
    """Re-runs this script under its venv, creating it if needed."""
    venv_tools.ensure_venv(VENV, ["markdown-it-py"], "import markdown_it", __file__)


def run(binary, *arguments, statuses=(0,)):
    result = subprocess.run([binary, *arguments], capture_output=True, text=True)
    if result.returncode not in statuses:
        sys.exit(f"{arguments[0]} exited {result.returncode}: {result.stderr}")
    return result.stdout


def check(label, text, failures):
    from markdown_it import MarkdownIt

    html = MarkdownIt("commonmark").enable("table").render(text)
    lines = text.split("\n")
    separators = sum(1 for line in lines if re.match(r"^\|( ---:? \|)+$", line))
    table_lines = sum(1 for line in lines if line.startswith("|"))
    tables = html.count("<table>")
    rows = html.count("<tr>")
    expected_rows = table_lines - separators
    if tables != separators or rows != expected_rows:
        failures.append(f"{label}: {tables} tables and {rows} rows rendered, {separators} tables and {expected_rows} rows written")
    else:
        print(f"{label}: {tables} tables, {rows} rows, as written")


def main(argv):
    ensure_venv()
    binary = argv[1] if len(argv) > 1 else ".build/debug/healthcal"
    failures = []
    check("audit", run(binary, "audit", "--demo", "--format", "markdown", "--bootstrap", "0"), failures)
    check("tune", run(binary, "tune", "--demo", "--format", "markdown", "--bootstrap", "100", "--quiet"), failures)
    check("compare", run(binary, "compare", "--demo", "chs-4", "chs-5", "--format", "markdown", "--bootstrap", "0"), failures)
    check("signals", run(binary, "signals", "--demo", "--format", "markdown", "--bootstrap", "100"), failures)
    check("drift", run(binary, "drift", "--demo", "--reference-before", "2026-04-01", "--format", "markdown", statuses=(0, 3)), failures)
    for failure in failures:
        print("MISMATCH", failure)
    if failures:
        sys.exit(1)


if __name__ == "__main__":
    main(sys.argv)
