"""Outputs that reach their length cap are marked in the TMX (``x-mt-capped``), also after a resumed run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aligntool.cli.app import run_cli
from aligntool.formats.tmx.reader import read_tmx
from aligntool.formats.tmx.writer import PROP_MT_CAPPED


def capped_units(path: Path) -> list[str | None]:
    return [unit.prop(PROP_MT_CAPPED) for unit in read_tmx(path)]


def test_capped_outputs_carry_the_prop_and_match_the_summary(tmp_path: Path, tiny_en_ru: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "doc.txt"
    source.write_text("The CSTO met in Minsk.\n\nPeacekeepers returned home after the long mission.\n",
                      encoding="utf-8")
    args = ["translate", str(source), "--to", "ru", "--model", f"ru={tiny_en_ru}", "--max-length", "3",
            "--out", str(tmp_path / "out"), "--json", "--quiet"]
    assert run_cli(args) == 0
    summary = json.loads(capsys.readouterr().out)
    marks = capped_units(tmp_path / "out" / "doc.en-ru.tmx")
    assert marks.count("1") == summary["languages"]["ru"]["capped_outputs"] > 0  # random weights run to the cap
    assert set(marks) <= {"1", None}
    assert run_cli(args) == 0  # a rerun takes every sentence from the resume journal
    capsys.readouterr()
    assert capped_units(tmp_path / "out" / "doc.en-ru.tmx") == marks
