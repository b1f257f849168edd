"""The review page in a real headless Chromium (Selenium): filter, merge, split, edit, approve, save, XSS.

Skips with the reason when Chromium, chromedriver or selenium is missing (``.ci/run`` installs them).
Screenshots go to ``$ALIGNTOOL_TEST_ARTIFACTS`` (else the test's tmp directory).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from aligntool.cli.app import run_cli
from aligntool.core.datatypes import TranslationUnit
from aligntool.formats.tmx.reader import TmxReader, read_tmx
from aligntool.formats.tmx.writer import TmxHeader, write_tmx
from aligntool.jobs.review.server import ReviewServer, ServerOptions
from aligntool.jobs.review.session import ReviewSession

DATA = Path(__file__).parent / "data" / "alignment"
CHROMIUM = os.environ.get("ALIGNTOOL_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("ALIGNTOOL_CHROMEDRIVER", "/usr/bin/chromedriver")
XSS = '<img src=x onerror="document.body.dataset.pwned=1"><script>document.body.dataset.pwned=2</script> & "ok"'


def _missing_browser() -> str | None:
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install 'aligntool[test]')"
    for path, package in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not Path(path).exists():
            return f"{path} is missing (apt-get install {package})"
    return None


@pytest.fixture(scope="module")
def driver() -> Iterator[Any]:
    """One headless Chromium for the whole module (starting it is the slow part)."""
    reason = _missing_browser()
    if reason:
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="aligntool-review-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--window-size=1280,800", f"--user-data-dir={profile}"):
        options.add_argument(flag)
    try:
        browser = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    except Exception as exc:  # a broken local install: skip with what the driver said
        shutil.rmtree(profile, ignore_errors=True)
        pytest.skip(f"Chromium did not start: {str(exc).splitlines()[0]}")
    # The viewport itself is 1280×800 (the window size would include the browser's frame).
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                            {"width": 1280, "height": 800, "deviceScaleFactor": 1, "mobile": False})
    yield browser
    browser.quit()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def artifacts(tmp_path: Path) -> Path:
    """Where screenshots go: $ALIGNTOOL_TEST_ARTIFACTS, else the test's tmp directory."""
    folder = Path(os.environ.get("ALIGNTOOL_TEST_ARTIFACTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def aligned(tmp_path: Path) -> tuple[Path, Path]:
    """A TMX and report written by ``aligntool align`` on the en–ru news document."""
    out, report = tmp_path / "news.tmx", tmp_path / "news.report.tsv"
    code = run_cli(["align", str(DATA / "csto_news.en"), str(DATA / "csto_news.ru"), "--from", "en",
                    "--to", "ru", "--out", str(out), "--report", str(report)])
    assert code == 0
    return out, report


def _serve(session: ReviewSession) -> ReviewServer:
    server = ReviewServer(session, ServerOptions(idle_timeout=300))
    server.start_in_thread()
    return server


def _rows(browser: Any) -> list[Any]:
    from selenium.webdriver.common.by import By

    return browser.find_elements(By.CSS_SELECTOR, "#rows .row")


def _loaded(browser: Any, action: Any) -> None:
    """Run ``action`` and wait until the page has reloaded its rows."""
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.support.ui import WebDriverWait

    before = browser.execute_script("return document.body.dataset.loaded || ''")
    action()
    try:
        WebDriverWait(browser, 10).until(lambda b: b.execute_script("return document.body.dataset.loaded || ''")
                                         not in ("", before))
    except TimeoutException:
        status = browser.execute_script("return document.getElementById('status').textContent")
        pytest.fail(f"the page did not reload; its status line says: {status!r}")


def _key(browser: Any, keys: str) -> None:
    from selenium.webdriver.common.action_chains import ActionChains

    ActionChains(browser).send_keys(keys).perform()


def _select(browser: Any, position: int) -> None:
    from selenium.webdriver.common.by import By

    _rows(browser)[position].find_element(By.CSS_SELECTOR, ".num").click()
    assert "current" in _rows(browser)[position].get_attribute("class")


def _texts(browser: Any, position: int) -> tuple[str, str]:
    from selenium.webdriver.common.by import By

    row = _rows(browser)[position]
    return (row.find_element(By.CSS_SELECTOR, ".cell.src").text, row.find_element(By.CSS_SELECTOR, ".cell.tgt").text)


def test_review_round_trip(driver: Any, aligned: tuple[Path, Path], artifacts: Path) -> None:
    """Filter doubtful, merge, split at the cursor, edit, approve, save; the file has every change."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    tmx, report = aligned
    original_bytes = tmx.read_bytes()
    original = list(read_tmx(tmx))
    session = ReviewSession(tmx, report=report, glossary=Path(__file__).parents[1] / "glossary" / "csto.yaml")
    reported = len(session.rows) - len(original)
    assert reported > 0  # the document has sentences without counterpart
    server = _serve(session)
    try:
        _loaded(driver, lambda: driver.get(server.url))
        assert len(_rows(driver)) == len(session.rows)

        # Only doubtful rows: the report's beads (and any low score), all marked doubtful.
        _loaded(driver, lambda: driver.find_element(By.ID, "f-doubtful").click())
        doubtful = _rows(driver)
        assert reported <= len(doubtful) < len(session.rows)
        assert all("doubtful" in row.get_attribute("class") for row in doubtful)
        _loaded(driver, lambda: _key(driver, "d"))  # the keyboard toggles it off again
        assert len(_rows(driver)) == len(session.rows)

        # j/k move the current row.
        _select(driver, 2)
        _key(driver, "jjk")
        assert "current" in _rows(driver)[3].get_attribute("class")

        # Merge the first two rows (m).
        first, second = _texts(driver, 0), _texts(driver, 1)
        _select(driver, 0)
        _loaded(driver, lambda: _key(driver, "m"))
        assert _texts(driver, 0) == (f"{first[0]} {second[0]}", f"{first[1]} {second[1]}")

        # Split row 1 at the cursor in both columns (edit mode, Alt+S).
        src3, tgt3 = _texts(driver, 1)
        cut_src, cut_tgt = src3.index(" ", len(src3) // 2), tgt3.index(" ", len(tgt3) // 2)
        _select(driver, 1)
        _key(driver, "e")
        for name, cut in (("edit-src", cut_src), ("edit-tgt", cut_tgt)):
            area = driver.find_element(By.CSS_SELECTOR, f"textarea.{name}")
            area.click()
            driver.execute_script("arguments[0].setSelectionRange(arguments[1], arguments[1])", area, cut)
        _loaded(driver, lambda: ActionChains(driver).key_down(Keys.ALT).send_keys("s").key_up(Keys.ALT).perform())
        assert _texts(driver, 1) == (src3[:cut_src].strip(), tgt3[:cut_tgt].strip())
        assert _texts(driver, 2) == (src3[cut_src:].strip(), tgt3[cut_tgt:].strip())

        # Edit the target of row 6 (e, type, Ctrl+Enter).
        _select(driver, 6)
        _key(driver, "e")
        area = driver.find_element(By.CSS_SELECTOR, "textarea.edit-tgt")
        area.clear()
        area.send_keys("Исправленный перевод.")
        _loaded(driver, lambda: ActionChains(driver).key_down(Keys.CONTROL).send_keys(Keys.ENTER)
                .key_up(Keys.CONTROL).perform())
        assert _texts(driver, 6)[1] == "Исправленный перевод."

        # Approve row 8 (a) with the mouse-free path; undo and redo it once to show undo works.
        approved_source = _texts(driver, 8)[0]
        _select(driver, 8)
        _loaded(driver, lambda: _key(driver, "a"))
        assert "reviewed" in _rows(driver)[8].get_attribute("class")
        _loaded(driver, lambda: _key(driver, "u"))
        assert "reviewed" not in _rows(driver)[8].get_attribute("class")
        _loaded(driver, lambda: _rows(driver)[8].find_element(By.CSS_SELECTOR, ".act-approve").click())
        assert "reviewed" in _rows(driver)[8].get_attribute("class")

        driver.execute_script("window.scrollTo(0, 0)")
        shot = artifacts / "review.png"
        driver.save_screenshot(str(shot))
        assert shot.stat().st_size > 10_000
        assert driver.execute_script("return [window.innerWidth, window.innerHeight]") == [1280, 800]

        driver.find_element(By.ID, "save").click()
        WebDriverWait(driver, 10).until(lambda b: "saved" in b.find_element(By.ID, "status").text)
    finally:
        server.shutdown()

    assert run_cli(["tmx", "validate", str(tmx)]) == 0
    assert tmx.with_name("news.tmx.orig").read_bytes() == original_bytes
    reader = TmxReader(tmx)
    units = list(reader)
    assert any(k == "x-aligntool-reviewer" for k, _ in reader.header.props)
    src, tgt = "en-US", "ru-RU"
    assert len(units) == len(original)  # one merge, one split
    merged = units[0]
    assert merged.variants == {src: f"{first[0]} {second[0]}", tgt: f"{first[1]} {second[1]}"}
    assert merged.tuid == original[0].tuid
    assert all(u.tuid != original[1].tuid for u in units)
    split = [u for u in units if u.variants[src] in (src3[:cut_src].strip(), src3[cut_src:].strip())]
    assert [u.variants[tgt] for u in split] == [tgt3[:cut_tgt].strip(), tgt3[cut_tgt:].strip()]
    edited = next(u for u in units if u.variants[tgt] == "Исправленный перевод.")
    approved = next(u for u in units if u.variants[src] == approved_source)
    for unit in (merged, *split, edited, approved):
        assert unit.prop("x-origin") == "reviewed"
        assert unit.changeid == session.changeid and unit.changedate is not None
    assert all(u.prop("x-align-score") is None for u in (merged, *split))  # the old bead score no longer applies
    # The term status of corrected rows is re-scored (the edited text lost the source's terms).
    expected = session.terms.x_terms(edited.variants[src], edited.variants[tgt], tgt)
    assert expected and "missing" in expected and edited.prop("x-terms") == expected
    untouched = [u for u in units if u.prop("x-origin") == "aligned"]
    assert untouched and all(u.changedate is None and u.changeid is None for u in untouched)
    assert {u.tuid for u in untouched} <= {u.tuid for u in original}


def test_xss_segment_shows_as_text_and_token_is_required(driver: Any, tmp_path: Path) -> None:
    """Markup in a segment is text on the page; requests without the token get 403."""
    from selenium.webdriver.common.by import By

    tmx = tmp_path / "xss.tmx"
    write_tmx(tmx, TmxHeader(srclang="en-US"), [
        TranslationUnit({"en-US": XSS, "ru-RU": "Текст </div><b>жирный</b>"}, [("x-origin", "mt")]),
        TranslationUnit({"en-US": "Plain.", "ru-RU": "Просто."}, [("x-origin", "tm")]),
    ])
    server = _serve(ReviewSession(tmx))
    try:
        _loaded(driver, lambda: driver.get(server.url))
        time.sleep(0.2)  # an injected onerror handler would have fired by now
        assert _texts(driver, 0) == (XSS, "Текст </div><b>жирный</b>")
        assert driver.find_elements(By.CSS_SELECTOR, "#rows img, #rows script, #rows b") == []
        assert driver.execute_script("return document.body.dataset.pwned || ''") == ""

        base = server.url.split("?")[0]
        for url in (base, base + "review.js", base + "api/rows", base + "api/meta?token=wrong"):
            with pytest.raises(urllib.error.HTTPError) as info:
                urllib.request.urlopen(url, timeout=5)
            assert info.value.code == 403
        with urllib.request.urlopen(server.url, timeout=5) as response:
            assert response.status == 200
            assert "script-src 'self'" in response.headers["Content-Security-Policy"]
        # A cookie alone does not allow changes (another site could make the browser send it).
        cookie = f"review_token={server.token}"
        post = urllib.request.Request(base + "api/save", data=b"{}", method="POST", headers={"Cookie": cookie})
        with pytest.raises(urllib.error.HTTPError) as info:
            urllib.request.urlopen(post, timeout=5)
        assert info.value.code == 403
        post = urllib.request.Request(base + "api/op", data=json.dumps({"op": "approve", "ids": [0]}).encode(),
                                      method="POST", headers={"X-Review-Token": server.token})
        with urllib.request.urlopen(post, timeout=5) as response:
            assert json.load(response)["dirty"] is True
    finally:
        server.shutdown()
