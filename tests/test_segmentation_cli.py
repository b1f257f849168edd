"""aligntool segment and aligntool segment-srx through run_cli."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aligntool.cli.app import run_cli

SEED = Path(__file__).resolve().parents[1] / "corpora" / "csto_news_en.txt"


def test_segment_text_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "doc.txt"
    source.write_bytes("\ufeffMr. Smith came.\r\nHe left at 6 p.m. Then it rained.\r\nA heading\n".encode())
    assert run_cli(["segment", str(source), "--lang", "en"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "Mr. Smith came.", "He left at 6 p.m.", "Then it rained.", "A heading"]


def test_segment_jsonl_offsets_point_into_the_decoded_text(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["segment", str(SEED), "--format", "jsonl", "-l", "en"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    text = SEED.read_text(encoding="utf-8")
    assert len(records) == 36
    assert all(text[r["start"]:r["end"]] == r["text"] for r in records)
    assert [r["index"] for r in records] == list(range(36))


def test_segment_newlines_space_and_output_file(tmp_path: Path) -> None:
    source = tmp_path / "pdf.txt"
    source.write_text("Это строка\nпереноса. Вторая.\n\nНовый абзац", encoding="utf-8")
    out = tmp_path / "out" / "segments.txt"
    assert run_cli(["segment", str(source), "--lang", "ru", "--newlines", "space", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").splitlines() == ["Это строка переноса.", "Вторая.", "Новый абзац"]


def test_segment_with_srx_and_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    srx = tmp_path / "rules.srx"
    assert run_cli(["segment-srx", "--lang", "en,kk", "-o", str(srx)]) == 0
    assert "aligntool-kk" in srx.read_text(encoding="utf-8")
    capsys.readouterr()
    assert run_cli(["segment", str(SEED), "--srx", str(srx)]) == 0
    via_srx = capsys.readouterr().out
    assert run_cli(["segment", str(SEED)]) == 0
    assert capsys.readouterr().out == via_srx


@pytest.mark.parametrize(("args", "code", "message"), [
    (["segment", "/nonexistent/doc.txt"], 1, "no such file"),
    (["segment", str(SEED), "--format", "xml"], 2, "--format must be one of text, jsonl"),
    (["segment", str(SEED), "--newlines", "wrap"], 2, "newlines must be one of break, space"),
    (["segment", str(SEED), "--srx", "/nonexistent/rules.srx"], 1, "no such SRX file"),
])
def test_segment_errors_are_one_line(args: list[str], code: int, message: str,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(args) == code
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
