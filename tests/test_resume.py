"""Killed translation runs: SIGTERM and SIGKILL during a real ``translate`` subprocess on a tiny model, then a
rerun: no temporary files, output identical to an uninterrupted run, resumed sentences reported."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from aligntool.cli.app import run_cli
from aligntool.jobs.journal import JOURNAL_NAME, recorded

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}
SENTENCES = 48


@pytest.fixture(scope="module")
def document(tmp_path_factory: pytest.TempPathFactory) -> Path:
    corpus = (ROOT / "corpora" / "csto_news_en.txt").read_text(encoding="utf-8")
    lines = [line.strip() for line in corpus.splitlines() if line.strip()]
    path = tmp_path_factory.mktemp("resume") / "doc.txt"
    path.write_text("\n".join(f"Item {i}: {lines[i % len(lines)].split('. ')[0]}." for i in range(SENTENCES))
                    + "\n", encoding="utf-8")
    return path


def _args(document: Path, out: Path, model: Path, *extra: str) -> list[str]:
    # The transformers engine: slow enough on the tiny model that the kill lands half way (the default engine can
    # finish all 48 sentences between two polls of the journal).
    return ["translate", str(document), "--to", "ru", "--model", f"ru={model}", "--out", str(out), "--beams", "1",
            "--max-length", "6", "--threads", "1", "--batch-tokens", "160", "--engine", "transformers", *extra]


def _journal_rows(out: Path) -> int:
    return recorded(out / JOURNAL_NAME)


def _recovered_rows(out: Path) -> int:
    """Rows a rerun will find: after SIGKILL the last commit may sit in the WAL with a stale index, which only a
    connection that may write recovers (the read-only count of ``recorded`` can lag behind it)."""
    with contextlib.closing(sqlite3.connect(out / JOURNAL_NAME)) as db:
        return int(db.execute("SELECT COUNT(*) FROM translations").fetchone()[0])


def _units(path: Path) -> str:
    """The TMX without its creation dates (the only thing two runs may differ in)."""
    return re.sub(r' creationdate="[^"]*"', "", path.read_text(encoding="utf-8"))


def _kill_half_way(document: Path, out: Path, model: Path, signum: int) -> subprocess.CompletedProcess[str]:
    proc = subprocess.Popen([sys.executable, "-m", "aligntool", *_args(document, out, model)], env=ENV,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 240
    while _journal_rows(out) < 12 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert proc.poll() is None, "the run finished before it could be killed"
    proc.send_signal(signum)
    stdout, stderr = proc.communicate(timeout=120)
    return subprocess.CompletedProcess(proc.args, proc.returncode, stdout, stderr)


@pytest.fixture(scope="module")
def reference(document: Path, tiny_en_ru: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The TMX of one uninterrupted run without the journal."""
    out = tmp_path_factory.mktemp("reference")
    assert run_cli(_args(document, out, tiny_en_ru, "--no-resume", "-q")) == 0
    assert sorted(p.name for p in out.iterdir()) == ["doc.en-ru.tmx"]  # --no-resume: no journal either
    return out / "doc.en-ru.tmx"


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_killed_run_resumes_to_identical_output(document: Path, tiny_en_ru: Path, reference: Path, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str], signum: int) -> None:
    out = tmp_path / "out"
    killed = _kill_half_way(document, out, tiny_en_ru, signum)
    leftovers = sorted(p.name for p in out.iterdir())
    if signum == signal.SIGTERM:
        assert killed.returncode == 143, killed.stderr
        last = killed.stderr.strip().splitlines()[-1]
        assert last.startswith("aligntool: terminated (SIGTERM); nothing was written (not written: ")
        assert "kept in" in last and "run the same command again to resume" in last
        assert leftovers == [JOURNAL_NAME]  # no temporary file, no half TMX (the WAL files are closed)
    else:
        assert killed.returncode == -signal.SIGKILL
        assert any(name.endswith(".tmp") for name in leftovers)  # SIGKILL cannot be caught: debris stays
    journaled = _recovered_rows(out)
    assert 12 <= journaled < SENTENCES

    assert run_cli([*_args(document, out, tiny_en_ru), "--json"]) == 0
    captured = capsys.readouterr()
    summary = json.loads(captured.out)
    assert summary["resumed"] == journaled == summary["languages"]["ru"]["resumed"]
    assert f"{journaled} resumed" in captured.err
    assert sorted(p.name for p in out.iterdir()) == sorted([
        "doc.en-ru.tmx", JOURNAL_NAME])  # the killed run's temporary file was removed
    assert _units(out / "doc.en-ru.tmx") == _units(reference)


def test_no_resume_decodes_everything(document: Path, tiny_en_ru: Path, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert run_cli([*_args(document, out, tiny_en_ru), "--json", "-q"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert first["resumed"] == 0 and first["sentences"] >= SENTENCES
    assert run_cli([*_args(document, out, tiny_en_ru), "--json", "-q"]) == 0
    assert json.loads(capsys.readouterr().out)["resumed"] == first["sentences"]
    assert run_cli([*_args(document, out, tiny_en_ru), "--json", "-q", "--no-resume"]) == 0
    assert json.loads(capsys.readouterr().out)["resumed"] == 0  # ignored, though it holds every sentence
    assert run_cli([*_args(document, out, tiny_en_ru), "--beams", "2", "--json", "-q"]) == 0
    assert json.loads(capsys.readouterr().out)["resumed"] == 0  # other decoding options: other context


def test_full_disk_keeps_the_previous_tmx_and_the_finished_work(document: Path, tiny_en_ru: Path, reference: Path,
                                                                 tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    import errno

    from aligntool.core import atomic

    out = tmp_path / "out"
    out.mkdir()
    previous = out / "doc.en-ru.tmx"
    previous.write_bytes(reference.read_bytes())

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", full)
    assert run_cli([*_args(document, out, tiny_en_ru), "-q"]) == 4
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"aligntool: error: {previous}: no space left on device; nothing was written; ")
    assert err.endswith("run the same command again to resume") and "\n" not in err
    assert previous.read_bytes() == reference.read_bytes()
    assert sorted(p.name for p in out.iterdir()) == sorted(["doc.en-ru.tmx", JOURNAL_NAME])
