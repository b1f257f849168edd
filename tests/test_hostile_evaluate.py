"""Issue #27, item 14: evaluate's samples and metrics are bounded and checked; one line, never a numpy traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from aligntool.cli.app import run_cli

pytest.importorskip("sacrebleu")


def _files(tmp_path: Path, lines: int = 6) -> list[str]:
    ref = tmp_path / "ref.txt"
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    ref.write_text("".join(f"The reference sentence number {i}.\n" for i in range(lines)), encoding="utf-8")
    a.write_text("".join(f"The reference sentence {i}.\n" for i in range(lines)), encoding="utf-8")
    b.write_text("".join(f"A sentence number {i}.\n" for i in range(lines)), encoding="utf-8")
    return [str(a), str(b), "--ref", str(ref)]


@pytest.mark.parametrize(("extra", "code", "needle"), [
    (["--samples", "100000000"], 2, "more than the limit of 100000"),
    (["--samples", "-5"], 2, "--samples -5"),
    (["--metrics", ","], 2, "give at least one metric"),
    (["--metrics", "BLEU,BLEU"], 2, "listed twice"),
    (["--metrics", "BLEU,nope"], 2, "unknown metric"),
])
def test_bad_bounds_are_one_line(tmp_path: Path, extra: list[str], code: int, needle: str,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    got = run_cli(["evaluate", *_files(tmp_path), *extra])
    err = capsys.readouterr().err
    assert got == code, err
    assert len(err.strip().splitlines()) == 1 and needle in err and "Traceback" not in err


def test_resampling_that_would_not_fit_memory_is_refused_before_it_starts(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("ALIGNTOOL_MAX_RESAMPLED_SEGMENTS", "5000")
    got = run_cli(["evaluate", *_files(tmp_path, 10), "--samples", "1000"])
    err = capsys.readouterr().err
    assert got == 2 and "give --samples 500 or fewer" in err and "ALIGNTOOL_MAX_RESAMPLED_SEGMENTS" in err
    assert run_cli(["evaluate", *_files(tmp_path, 10), "--samples", "500"]) == 0
    assert run_cli(["evaluate", *_files(tmp_path, 10), "--samples", "1000", "--significance", "none"]) == 0


def test_a_bad_limit_variable_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("ALIGNTOOL_MAX_SAMPLES", "lots")
    assert run_cli(["evaluate", *_files(tmp_path), "--samples", "10"]) == 2
    assert "ALIGNTOOL_MAX_SAMPLES='lots'" in capsys.readouterr().err
