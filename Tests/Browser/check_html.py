#!/usr/bin/env python3
"""Open a healthcal HTML report in headless Chromium the way a person would.

Renders the page to a PNG screenshot and dumps the DOM after scripts ran, then
checks that:
  * the page loaded with no console output at all (errors, uncaught exceptions);
  * it has at least --min-svgs <svg> elements, each with a non-zero width and
    height, and at least one in every <figure>;
  * every sortable table was wired up by the page's script (data-sort-ready),
    and clicking each numeric header really sorts its rows ascending, then
    descending (checked on a copy of the page with a probe script appended);
  * no chart contains NaN or Infinity;
  * the screenshot is a PNG of the requested width with a non-trivial size.

Usage: check_html.py REPORT.html [--screenshot OUT.png] [--min-svgs N]
Exit 0 when every check passes, 1 with one line per failure otherwise.
Needs Chromium (Debian package `chromium`) on PATH, or CHROMIUM=/path/to/it.
The screenshot belongs under .build/ or /tmp, never in git.
"""
import argparse
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile

WIDTH = 1280


def chromium_binary():
    for name in [os.environ.get("CHROMIUM"), "chromium", "chromium-browser", "google-chrome"]:
        if name and shutil.which(name):
            return shutil.which(name)
    sys.exit("check_html: chromium not found; install the Debian package `chromium` or set CHROMIUM")


def run_chromium(binary, profile, extra, url):
    command = [
        binary, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
        "--no-first-run", "--disable-extensions", f"--user-data-dir={profile}",
        "--enable-logging=stderr", "--v=0",
    ] + extra + [url]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


def console_errors(log):
    # Chromium logs every console message at INFO whatever its level, so the
    # level cannot tell console.error from console.log. The report never writes
    # to the console, so any console line at all is a failure.
    return [line.strip() for line in log.splitlines() if ":CONSOLE" in line or "Uncaught" in line]


# Clicks every numeric header of every sortable table twice and records on
# <body> whether the rows came out ascending, then descending, by data-sort.
SORT_PROBE = """
<script>
(function () {
  var problems = [];
  document.querySelectorAll("table.sortable").forEach(function (table, t) {
    table.querySelectorAll("th").forEach(function (header, column) {
      if (header.getAttribute("data-type") !== "number") { return; }
      [1, -1].forEach(function (direction) {
        header.click();
        var keys = Array.prototype.map.call(table.tBodies[0].rows, function (row) {
          var cell = row.cells[column];
          return parseFloat(cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent);
        }).filter(function (key) { return !isNaN(key); });
        for (var i = 1; i < keys.length; i++) {
          if ((keys[i] - keys[i - 1]) * direction < 0) {
            problems.push("table " + t + " column " + column + (direction > 0 ? " ascending" : " descending"));
            break;
          }
        }
      });
    });
  });
  document.body.setAttribute("data-sort-check", problems.length ? problems.join("; ") : "ok");
})();
</script>
"""


def png_size(path):
    with open(path, "rb") as handle:
        header = handle.read(24)
    if len(header) < 24 or header[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    return struct.unpack(">II", header[16:24])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("html")
    parser.add_argument("--screenshot", default=None)
    parser.add_argument("--min-svgs", type=int, default=1)
    parser.add_argument("--height", type=int, default=4000)
    args = parser.parse_args()

    path = os.path.abspath(args.html)
    if not os.path.isfile(path):
        sys.exit(f"check_html: no such file {path}")
    url = "file://" + path
    screenshot = os.path.abspath(args.screenshot or os.path.join(tempfile.gettempdir(), "healthcal-report.png"))
    os.makedirs(os.path.dirname(screenshot), exist_ok=True)
    binary = chromium_binary()
    failures = []

    with tempfile.TemporaryDirectory(prefix="healthcal-chromium-") as profile:
        shot = run_chromium(binary, profile, [f"--screenshot={screenshot}", f"--window-size={WIDTH},{args.height}"], url)
        dom = run_chromium(binary, profile, ["--dump-dom", "--virtual-time-budget=2000"], url)
        with open(path, encoding="utf-8") as handle:
            page = handle.read()
        probe_path = os.path.join(profile, "sort-probe.html")
        with open(probe_path, "w", encoding="utf-8") as handle:
            handle.write(page.replace("</body>", SORT_PROBE + "</body>"))
        probe = run_chromium(binary, profile, ["--dump-dom", "--virtual-time-budget=2000"], "file://" + probe_path)

    if dom.returncode != 0:
        failures.append(f"chromium --dump-dom exited {dom.returncode}")
    for line in console_errors(shot.stderr + dom.stderr):
        failures.append(f"console error: {line}")

    html = dom.stdout
    svgs = re.findall(r"<svg\b[^>]*>", html)
    if len(svgs) < args.min_svgs:
        failures.append(f"expected at least {args.min_svgs} <svg> elements, found {len(svgs)}")
    for index, tag in enumerate(svgs, 1):
        width = re.search(r'\swidth="([0-9.]+)"', tag)
        height = re.search(r'\sheight="([0-9.]+)"', tag)
        if not width or not height or float(width.group(1)) <= 0 or float(height.group(1)) <= 0:
            failures.append(f"svg #{index} has no positive width and height: {tag[:120]}")
    figures = re.findall(r"<figure>(.*?)</figure>", html, flags=re.S)
    for index, figure in enumerate(figures, 1):
        if "<svg" not in figure:
            failures.append(f"figure #{index} has no chart")
    for match in re.finditer(r"<svg\b.*?</svg>", html, flags=re.S):
        if re.search(r'="[^"]*\b(NaN|Infinity)\b', match.group(0)):
            failures.append("a chart has NaN or Infinity in an attribute")
            break
    sortable = re.findall(r"<table\b[^>]*class=\"sortable\"[^>]*>", html)
    for tag in sortable:
        if "data-sort-ready" not in tag:
            failures.append("a sortable table was not wired up by the page script")
    if sortable:
        for line in console_errors(probe.stderr):
            failures.append(f"console error while sorting: {line}")
        check = re.search(r'<body[^>]*data-sort-check="([^"]*)"', probe.stdout)
        if not check:
            failures.append("the sort probe did not run")
        elif check.group(1) != "ok":
            failures.append(f"clicking a header did not sort: {check.group(1)}")

    size = png_size(screenshot) if os.path.exists(screenshot) else None
    if size is None:
        failures.append(f"no PNG screenshot at {screenshot} (chromium exited {shot.returncode})")
    elif size[0] != WIDTH or size[1] <= 0 or os.path.getsize(screenshot) < 20_000:
        failures.append(f"screenshot {screenshot} looks empty: {size[0]}x{size[1]}, {os.path.getsize(screenshot)} bytes")

    if failures:
        for failure in failures:
            print(f"check_html: {failure}")
        return 1
    print(f"check_html: {os.path.basename(path)}: {len(svgs)} charts, {len(figures)} figures, "
          f"{len(sortable)} sortable tables{' (sorting checked)' if sortable else ''}, no console errors; "
          f"screenshot {screenshot}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
