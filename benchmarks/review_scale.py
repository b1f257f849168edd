"""``aligntool review`` on a large TMX: load, time to first paint in headless Chromium, filtered pages, save.

    python benchmarks/review_scale.py                 # 50,000 units
    python benchmarks/review_scale.py --units 5000    # quicker

The baseline, measured in the same run on the same file, is one plain pass of the project's TMX reader
(``read_tmx``) and one of its writer (``write_tmx``): the review's load and save are printed as ratios to
them. First paint is measured from ``driver.get`` until the first page of rows is in the DOM (and the
browser's own first-contentful-paint). Needs /usr/bin/chromium, /usr/bin/chromedriver and selenium for
the browser figures; without them only the server-side figures are printed.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

from aligntool.core.datatypes import TranslationUnit
from aligntool.formats.tmx.reader import read_tmx
from aligntool.formats.tmx.writer import TmxHeader, write_tmx
from aligntool.jobs.review.server import ReviewServer, ServerOptions
from aligntool.jobs.review.session import ReviewSession

WORDS_EN = ["the", "organisation", "member", "states", "security", "council", "meeting", "agreed", "to",
            "strengthen", "cooperation"]
WORDS_RU = ["организация", "государства", "члены", "безопасности", "совет", "заседание", "договорились",
            "укрепить", "сотрудничество"]


def make_tmx(path: Path, units: int) -> None:
    """An aligned-looking TMX: two 12-word sentences per unit, a score, every 50th unit doubtful."""
    def unit(i: int) -> TranslationUnit:
        en = " ".join(WORDS_EN[(i + k) % len(WORDS_EN)] for k in range(12)).capitalize() + f" {i}."
        ru = " ".join(WORDS_RU[(i + k) % len(WORDS_RU)] for k in range(12)).capitalize() + f" {i}."
        score = 0.2 if i % 50 == 0 else 0.95
        return TranslationUnit({"en-US": en, "ru-RU": ru}, [("x-document", "big.txt"), ("x-segment", str(i)),
                                                          ("x-origin", "aligned"), ("x-align-score", f"{score:.3f}"),
                                                          ("x-align-bead", f"[{i}]:[{i}]")])
    write_tmx(path, TmxHeader(srclang="en-US"), (unit(i) for i in range(units)))


def timed(action: Callable[[], Any], repeat: int = 1) -> tuple[float, Any]:
    """Median seconds over ``repeat`` runs, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def browser_figures(server: ReviewServer) -> dict[str, float] | None:
    """Seconds from navigation to the first rows in the DOM, and Chromium's first-contentful-paint."""
    if not (Path("/usr/bin/chromium").exists() and Path("/usr/bin/chromedriver").exists()):
        return None
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
        from selenium.webdriver.support.ui import WebDriverWait
    except ImportError:
        return None
    profile = tempfile.mkdtemp(prefix="review-bench-")
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--window-size=1280,800", f"--user-data-dir={profile}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    try:
        driver.get("about:blank")
        start = time.perf_counter()
        driver.get(server.url)
        WebDriverWait(driver, 60).until(lambda d: d.execute_script("return document.body.dataset.loaded || ''"))
        rows_seconds = time.perf_counter() - start
        paint = driver.execute_script(
            "const p = performance.getEntriesByName('first-contentful-paint')[0]; return p ? p.startTime : null")
        rows_in_page = driver.execute_script("return document.querySelectorAll('#rows .row').length")
        expected = f"of {server.session.query(filters=['doubtful'], limit=1)['total']}"
        server.session._matching = None  # time the page's filter with the full scan, not the cached result
        start = time.perf_counter()
        driver.execute_script("document.getElementById('f-doubtful').click()")
        WebDriverWait(driver, 60, poll_frequency=0.02).until(
            lambda d: d.execute_script("return document.getElementById('range').textContent").endswith(expected))
        filter_seconds = time.perf_counter() - start
        return {"rows_seconds": rows_seconds, "fcp_seconds": (paint or 0) / 1000, "rows_in_page": rows_in_page,
                "filter_seconds": filter_seconds}
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=50_000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="review-scale-"))
    try:
        tmx = work / "big.tmx"
        make_tmx(tmx, args.units)
        size_mb = tmx.stat().st_size / 1e6
        read_seconds, units = timed(lambda: list(read_tmx(tmx)))
        write_seconds, _ = timed(lambda: write_tmx(work / "copy.tmx", TmxHeader(srclang="en-US"), units))
        load_seconds, session = timed(lambda: ReviewSession(tmx))
        page_seconds, _ = timed(lambda: session.query(offset=25_000 % max(args.units, 1), limit=100), repeat=5)
        filter_seconds, _ = timed(lambda: session.query(filters=["doubtful"], limit=100))
        next_seconds, _ = timed(lambda: session.query(filters=["doubtful"], offset=100, limit=100), repeat=5)
        search_seconds, _ = timed(lambda: session.query(search="сотрудничество 4999", limit=100))

        server = ReviewServer(session, ServerOptions(idle_timeout=600))
        server.start_in_thread()
        try:
            http_seconds, _ = timed(lambda: urllib.request.urlopen(
                server.url.replace("/?", "/api/rows?limit=100&"), timeout=60).read(), repeat=5)
            browser = browser_figures(server)
            session.edit(session.rows[10].id, target="Исправлено.")
            session.merge(session.rows[20].id)
            request = urllib.request.Request(server.url.replace("/?", "/api/save?"), data=json.dumps({}).encode(),
                                             method="POST", headers={"X-Review-Token": server.token})
            save_seconds, response = timed(lambda: json.load(urllib.request.urlopen(request, timeout=600)))
        finally:
            server.shutdown()
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(f"review_scale: {args.units:,} units, {size_mb:.1f} MB TMX")
    print(f"  baseline  read_tmx pass            {read_seconds:7.2f} s")
    print(f"  baseline  write_tmx pass           {write_seconds:7.2f} s")
    print(f"  load      ReviewSession            {load_seconds:7.2f} s  ({load_seconds / read_seconds:.2f}× read)")
    print(f"  page      100 rows at offset       {page_seconds * 1000:7.1f} ms (median of 5)")
    print(f"  page      over HTTP (JSON)         {http_seconds * 1000:7.1f} ms (median of 5)")
    print(f"  filter    doubtful, first page     {filter_seconds * 1000:7.1f} ms (scans every row)")
    print(f"  filter    doubtful, next page      {next_seconds * 1000:7.1f} ms (median of 5)")
    print(f"  search    both languages           {search_seconds * 1000:7.1f} ms (scans every row)")
    if browser is None:
        print("  browser   skipped (no chromium/chromedriver/selenium)")
    else:
        print(f"  browser   first rows in the DOM    {browser['rows_seconds']:7.2f} s  "
              f"({browser['rows_in_page']} rows on the page; first-contentful-paint "
              f"{browser['fcp_seconds']:.2f} s)")
        print(f"  browser   doubtful filter applied  {browser['filter_seconds']:7.2f} s")
    print(f"  save      {response['units']:,} units            {save_seconds:7.2f} s  "
          f"({save_seconds / write_seconds:.2f}× write)")


if __name__ == "__main__":
    main()
