"""Issue #27, item 12: damaged rows in the resume journal are translated again (one warning), never a traceback
and never an empty TMX; a directory in the journal's place is named as such."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from aligntool.cli.app import run_cli
from aligntool.formats.tmx.reader import read_tmx
from aligntool.jobs.journal import JOURNAL_NAME, decode_result, is_translation_record


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALIGNTOOL_CACHE", str(tmp_path / "aligntool-cache"))


def _run(model: Path, source: Path, out: Path) -> int:
    return run_cli(["translate", str(source), "--to", "ru", "--model", f"ru={model}", "--max-length", "6",
                    "--out", str(out), "--quiet"])


DAMAGE = ["not json", '{"text": 5}', "[1, 2]", "{}", '{"text": "x", "capped": "yes"}', '{"text": "x", "bogus": 1}',
          "X'00ff'", "42", "NULLTEXT", '{"text": "x", "engines": ' + "[" * 5000 + "]" * 5000 + "}"]


def _damage(db: sqlite3.Connection, damage: str) -> None:
    if damage == "X'00ff'":
        db.execute("UPDATE translations SET result = X'00ff'")
    elif damage == "42":
        db.execute("UPDATE translations SET result = 42")
    elif damage == "NULLTEXT":
        db.execute("UPDATE translations SET result = ''")
    else:
        db.execute("UPDATE translations SET result = ?", (damage,))


@pytest.mark.parametrize("damage", DAMAGE)
def test_journal_lookup_skips_damaged_rows(tmp_path: Path, damage: str) -> None:
    from aligntool.jobs.journal import Journal, JournalWarning

    with Journal(tmp_path / JOURNAL_NAME) as journal:
        journal.record("ctx", [("One.", {"text": "Один."}), ("Two.", {"text": "Два."})])
        _damage(journal._db, damage)
        with pytest.warns(JournalWarning, match="2 damaged row"):
            assert journal.lookup("ctx", ["One.", "Two."], is_translation_record) == {}


@pytest.mark.parametrize("damage", ["{}", "not json"])
def test_damaged_journal_rows_are_translated_again(tmp_path: Path, tiny_en_ru: Path, damage: str,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "doc.txt"
    source.write_text("The CSTO met in Minsk. Peacekeepers returned home. NATO did not comment.", encoding="utf-8")
    out = tmp_path / "out"
    assert _run(tiny_en_ru, source, out) == 0
    tmx = out / "doc.en-ru.tmx"
    clean = [u.variants for u in read_tmx(tmx)]
    assert len(clean) == 3
    capsys.readouterr()
    with sqlite3.connect(out / JOURNAL_NAME) as db:
        _damage(db, damage)
    code = _run(tiny_en_ru, source, out)
    err = capsys.readouterr().err
    assert code == 0, err
    assert "Traceback" not in err
    warnings = [line for line in err.splitlines() if "damaged row(s)" in line]
    assert len(warnings) == 1 and warnings[0].startswith("aligntool: warning: ")
    assert [u.variants for u in read_tmx(tmx)] == clean  # the same TMX, not an empty one
    with sqlite3.connect(out / JOURNAL_NAME) as db:  # the rows were journaled again, whole
        rows = db.execute("SELECT result FROM translations").fetchall()
    assert rows and all(is_translation_record(decode_result(result)[1]) for (result,) in rows)


def test_a_directory_in_the_journals_place_is_named(tmp_path: Path, tiny_en_ru: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "doc.txt"
    source.write_text("One sentence.", encoding="utf-8")
    out = tmp_path / "out"
    (out / JOURNAL_NAME).mkdir(parents=True)
    code = _run(tiny_en_ru, source, out)
    err = capsys.readouterr().err
    assert code == 1 and "is a directory, not a resume journal" in err and "permission" not in err
    assert len(err.strip().splitlines()) == 1


def test_translation_records_are_checked_field_by_field() -> None:
    record = {"text": "Привет.", "engines": "marian", "constrained": True, "unconstrained": None, "capped": False}
    assert is_translation_record(decode_result(json.dumps(record))[1])
    assert is_translation_record({"text": ""})
    assert not is_translation_record({"text": "x", "unconstrained": 3})
