"""An empty (or whitespace-only) input is not an error, but it is never silent (translate: test_translate_cli)."""

from __future__ import annotations

from pathlib import Path

import pytest

from aligntool.cli.app import run_cli


def test_segment_warns_and_writes_an_empty_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text(" \n\n", encoding="utf-8")
    assert run_cli(["segment", str(empty), "-o", str(tmp_path / "out.txt")]) == 0
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == ""
    assert f"aligntool: warning: {empty} has no text to segment" in capsys.readouterr().err


def test_align_refuses_an_empty_document(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "a.en"
    src.write_text("The CSTO met in Minsk.\nNATO did not.\n", encoding="utf-8")
    tgt = tmp_path / "a.ru"
    tgt.write_text(" \n", encoding="utf-8")
    out = tmp_path / "a.tmx"
    assert run_cli(["align", str(src), str(tgt), "--from", "en", "--to", "ru", "--out", str(out)]) == 1
    assert f"aligntool: error: {tgt}: the document is empty; nothing to align" in capsys.readouterr().err
    assert not out.exists()
