"""Review session and server without a browser: corrections, undo, save rules, multilingual props, idle stop."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from aligntool.cli.app import run_cli
from aligntool.core.datatypes import TranslationUnit
from aligntool.engines.alignment.beads import format_bead
from aligntool.formats.tmx.reader import read_tmx
from aligntool.formats.tmx.writer import TmxHeader, write_tmx
from aligntool.jobs.review.rows import row_to_unit
from aligntool.jobs.review.server import ReviewServer, ServerOptions
from aligntool.jobs.review.session import ReviewError, ReviewSession, SaveConflict

DATA = Path(__file__).parent / "data" / "alignment"


def _bilingual(path: Path) -> Path:
    write_tmx(path, TmxHeader(srclang="en-US"), [
        TranslationUnit({"en-US": "One. Two.", "ru-RU": "Один."}, [("x-origin", "aligned"), ("x-align-score", "0.2")],
                        tuid="a"),
        TranslationUnit({"en-US": "Three.", "ru-RU": "Два. Три."}, [("x-origin", "aligned")], tuid="b"),
        TranslationUnit({"en-US": "Four.", "ru-RU": "Четыре."}, [("x-origin", "tm")], tuid="c",
                        notes=["keep me"]),
    ])
    return path


def test_move_sentence_undo_and_save_keep_untouched_units(tmp_path: Path) -> None:
    tmx = _bilingual(tmp_path / "t.tmx")
    original = tmx.read_bytes()
    session = ReviewSession(tmx, changeid="anna")
    assert session.query(filters=["doubtful"])["total"] == 1  # x-align-score 0.2
    first, second = session.rows[0].id, session.rows[1].id
    session.move(second, "up", column="target")  # "Два." joins row 1's target
    assert [r.variants["ru-RU"] for r in session.rows[:2]] == ["Один. Два.", "Три."]
    session.move(first, "down", column="source")  # "Two." goes to row 2's source
    assert [r.variants["en-US"] for r in session.rows[:2]] == ["One.", "Two. Three."]
    session.undo()
    assert session.rows[0].variants["en-US"] == "One. Two."
    assert session.query(filters=["doubtful"])["total"] == 0  # the correction cleared the old bead's score
    result = session.save()
    assert result["units"] == 3 and tmx.with_name("t.tmx.orig").read_bytes() == original
    units = list(read_tmx(tmx))
    assert units[0].variants == {"en-US": "One. Two.", "ru-RU": "Один. Два."}
    assert units[0].prop("x-origin") == "reviewed" and units[0].prop("x-align-score") is None
    assert units[0].changeid == "anna" and units[0].changedate is not None
    assert (units[2].prop("x-origin"), units[2].notes, units[2].changeid) == ("tm", ["keep me"], None)
    assert run_cli(["tmx", "validate", str(tmx)]) == 0
    # A second save keeps the first backup: the .orig stays the file as it was before any review.
    session.approve([session.rows[2].id])
    session.save()
    assert tmx.with_name("t.tmx.orig").read_bytes() == original


def test_no_counterpart_rows_leave_the_tm_and_undo_restores_them(tmp_path: Path) -> None:
    tmx = _bilingual(tmp_path / "t.tmx")
    session = ReviewSession(tmx)
    row = session.rows[1].id
    session.no_counterpart(row)
    assert session.query()["rows"][1]["no_counterpart"] is True
    assert session.save()["left_out"] == 1
    assert [u.tuid for u in read_tmx(tmx)] == ["a", "c"]
    session.undo()
    session.save()
    assert [u.tuid for u in read_tmx(tmx)] == ["a", "b", "c"]


def test_concurrent_change_on_disk_is_not_overwritten(tmp_path: Path) -> None:
    tmx = _bilingual(tmp_path / "t.tmx")
    session = ReviewSession(tmx)
    session.edit(session.rows[0].id, target="Один и два.")
    tmx.write_bytes(tmx.read_bytes().replace("Четыре".encode(), "Четыре!".encode()))
    with pytest.raises(SaveConflict, match="changed on disk"):
        session.save()
    assert "Четыре!" in tmx.read_text(encoding="utf-8")  # the other change is still there
    session.save(force=True)  # the reviewer chose to overwrite
    assert next(u.variants["ru-RU"] for u in read_tmx(tmx)) == "Один и два."


def test_multilingual_units_get_per_language_origin(tmp_path: Path) -> None:
    tmx = tmp_path / "m.tmx"
    write_tmx(tmx, TmxHeader(srclang="en-US"), [
        TranslationUnit({"en-US": "The CSTO.", "ru-RU": "ОДКБ.", "kk-KZ": "ҰҚШҰ."},
                        [("x-origin-ru", "mt"), ("x-origin-kk", "mt")], tuid="1"),
    ])
    session = ReviewSession(tmx)
    assert session.target_langs == ["ru-RU", "kk-KZ"]
    row = session.rows[0].id
    session.approve([row], lang="kk-KZ")
    assert session.query(lang="kk-KZ")["rows"][0]["origin"] == "reviewed"
    assert session.query(lang="ru-RU")["rows"][0]["origin"] == "mt"
    with pytest.raises(ReviewError, match="two-language"):
        session.split(row, lang="ru-RU", source_at=3, target_at=2)
    session.save()
    unit = next(iter(read_tmx(tmx)))
    assert (unit.prop("x-origin-kk"), unit.prop("x-origin-ru"), unit.prop("x-origin")) == ("reviewed", "mt", None)
    assert run_cli(["tmx", "validate", str(tmx)]) == 0


def test_report_beads_join_in_document_order_and_enter_the_tm_when_fixed(tmp_path: Path) -> None:
    tmx, report = tmp_path / "news.tmx", tmp_path / "news.tsv"
    assert run_cli(["align", str(DATA / "csto_news.en"), str(DATA / "csto_news.ru"), "--from", "en",
                    "--to", "ru", "--out", str(tmx), "--report", str(report)]) == 0
    units = list(read_tmx(tmx))
    session = ReviewSession(tmx, report=report)
    reported = [i for i, r in enumerate(session.rows) if not r.in_tm]
    assert len(session.rows) == len(units) + len(reported) and reported
    # Beads the report lists as kept are TMX rows already: they get the reason, not a second row.
    kept = [line.split("\t")[0] for line in report.read_text(encoding="utf-8").splitlines() if "\tkept\t" in line]
    flagged = [r for r in session.rows if r.in_tm and r.reasons]
    assert len(flagged) == len(kept)
    assert all(r.doubtful("ru-RU", session.doubt_below) for r in flagged)
    for i in reported:  # each report bead sits between the kept beads around it
        bead = session.rows[i].bead
        before = next((r.bead for r in reversed(session.rows[:i]) if r.in_tm), None)
        after = next((r.bead for r in session.rows[i + 1:] if r.in_tm), None)
        side = 0 if bead.src else 1
        if before is not None:
            assert before.key()[side][-1] < bead.key()[side][0]
        if after is not None:
            assert bead.key()[side][-1] < after.key()[side][0]
    # Giving a one-sided report row its missing side puts it into the TM.
    index = reported[0]
    row = session.rows[index]
    session.edit(row.id, target="Перевод.", source=row.variants["en-US"] or "Source.")
    session.save()
    saved = list(read_tmx(tmx))
    assert len(saved) == len(units) + 1
    assert len({u.tuid for u in saved}) == len(saved)  # the new unit got a tuid of its own ("4.2")
    added = next(u for u in saved if u.variants["ru-RU"] == "Перевод.")
    assert added.prop("x-origin") == "reviewed" and added.prop("x-align-bead") == format_bead(row.bead)


def test_paging_search_and_idle_stop(tmp_path: Path) -> None:
    tmx = tmp_path / "many.tmx"
    write_tmx(tmx, TmxHeader(srclang="en"), [
        TranslationUnit({"en": f"Sentence {i}.", "ru": f"Предложение {i}."}) for i in range(250)])
    session = ReviewSession(tmx)
    page = session.query(offset=200, limit=100)
    assert page["total"] == 250 and len(page["rows"]) == 50 and page["rows"][0]["index"] == 200
    assert session.query(search="предложение 24")["total"] == 11  # 24, 240–249: either language matches
    server = ReviewServer(session, ServerOptions(idle_timeout=0.5))
    thread = server.start_in_thread()
    request = urllib.request.Request(server.url.replace("/?", "/api/meta?"))
    with urllib.request.urlopen(request, timeout=5) as response:
        assert json.load(response)["row_count"] == 250
    time.sleep(0.2)
    thread.join(timeout=5)
    assert not thread.is_alive() and server.stopped_idle


def test_command_prints_a_token_address_and_stops_cleanly_on_ctrl_c(tmp_path: Path) -> None:
    tmx = _bilingual(tmp_path / "t.tmx")
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": str(root)}
    process = subprocess.Popen([sys.executable, "-m", "aligntool", "review", str(tmx), "--no-browser"],
                               stderr=subprocess.PIPE, text=True, env=env, cwd=tmp_path,
                               # A shell running the tests in the background ignores SIGINT for its
                               # children, and Python keeps an inherited "ignore": restore the default.
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        line = process.stderr.readline()
        match = re.search(r"at (http://127\.0\.0\.1:\d+/\?token=[\w-]{20,})", line)
        assert match, line
        with urllib.request.urlopen(match.group(1), timeout=10) as response:
            assert response.status == 200
        process.send_signal(signal.SIGINT)
        rest = process.communicate(timeout=20)[1]
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0
    assert "review stopped" in rest and "Traceback" not in rest


def test_a_save_that_fails_half_way_leaves_the_file_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tmx = _bilingual(tmp_path / "t.tmx")
    before = tmx.read_bytes()
    session = ReviewSession(tmx)
    session.edit(session.rows[2].id, target="Четыре!")
    calls = []

    def failing(*args: object, **kwargs: object) -> TranslationUnit:
        calls.append(1)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return row_to_unit(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("aligntool.jobs.review.session.row_to_unit", failing)
    with pytest.raises(OSError):
        session.save()
    assert tmx.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.tmx", "t.tmx.orig"]  # no temporary file left
    assert session.dirty  # the correction is still there to save again
