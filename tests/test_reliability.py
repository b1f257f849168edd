"""Faults rather than bad files: parallel glossary edits, full disks, refused permissions, closed pipes,
file modes, stale temporary files."""

from __future__ import annotations

import errno
import os
import shutil
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from aligntool.cli.app import run_cli
from aligntool.core import atomic
from aligntool.core.errors import EXIT_OS

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "glossary" / "csto.yaml"
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


@pytest.fixture()
def glossary(tmp_path: Path) -> Path:
    target = tmp_path / "csto.yaml"
    shutil.copyfile(SHIPPED, target)
    os.chmod(target, 0o644)
    return target


def _entry_ids(path: Path) -> set[str]:
    from aligntool.formats.glossary.store import read_glossary_file

    return {entry.id for entry in read_glossary_file(path).entries}


# ---- item 1: concurrent glossary edits ----------------------------------------------------------------

def test_parallel_glossary_adds_all_land(glossary: Path) -> None:
    before = _entry_ids(glossary)
    n = 12
    procs = [subprocess.Popen([sys.executable, "-m", "aligntool", "glossary", "add", f"parallel-{i}", "--type",
                               "concept", "--en", f"Parallel term {i}", "--ru", f"Термин {i}", "--kk", f"Термин {i}",
                               "-g", str(glossary)],
                              env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for i in range(n)]
    results = [(p.wait(timeout=120), p.stderr.read().decode() if p.stderr else "") for p in procs]
    for proc in procs:
        for stream in (proc.stdout, proc.stderr):
            if stream:
                stream.close()
    assert [code for code, _ in results] == [0] * n, results
    assert _entry_ids(glossary) == before | {f"parallel-{i}" for i in range(n)}
    assert run_cli(["glossary", "validate", str(glossary), "--no-warnings"]) == 0
    assert stat.S_IMODE(glossary.stat().st_mode) == 0o644
    assert sorted(p.name for p in glossary.parent.iterdir()) == ["csto.yaml"]  # no lock or temp files left


def test_waiting_edit_says_so_and_a_dead_holder_does_not_block(glossary: Path) -> None:
    # the holder keeps the lock until the test writes a line to it, i.e. until the waiter has said it waits
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys; from aligntool.formats.glossary.store import locked\n"
         "with locked(sys.argv[1]):\n print('held', flush=True); sys.stdin.readline()", str(glossary)],
        env=ENV, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert holder.stdin is not None and holder.stdout is not None
    watchdog = threading.Timer(90, holder.kill)  # if no notice ever comes, the test fails instead of hanging
    watchdog.start()
    try:
        assert holder.stdout.readline().strip() == "held"
        waiter = subprocess.Popen([sys.executable, "-m", "aligntool", "glossary", "remove", "russia", "-g",
                                   str(glossary)], env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert waiter.stderr is not None
        notice = waiter.stderr.readline()  # printed after a second of waiting
        assert "waiting for another run that is editing" in notice
        assert "russia" in _entry_ids(glossary)  # still waiting: nothing changed
        holder.stdin.write("go\n")
        holder.stdin.flush()
        stdout, stderr = waiter.communicate(timeout=60)
    finally:
        watchdog.cancel()
        holder.stdin.close()
        holder.wait(timeout=30)
        holder.stdout.close()
    assert waiter.returncode == 0 and "removed 'russia'" in stdout, stderr
    assert "russia" not in _entry_ids(glossary)
    # a holder killed outright (no cleanup at all) leaves no lock behind: the kernel drops it
    crashed = subprocess.Popen(
        [sys.executable, "-c", "import os,sys; from aligntool.formats.glossary.store import locked\n"
         "with locked(sys.argv[1]):\n os.kill(os.getpid(), 9)", str(glossary)], env=ENV)
    assert crashed.wait(timeout=30) == -9
    done = subprocess.run([sys.executable, "-m", "aligntool", "glossary", "remove", "kazakhstan", "-g",
                           str(glossary)], env=ENV, capture_output=True, text=True, timeout=30)
    assert done.returncode == 0 and "waiting" not in done.stderr


# ---- item 2: operating-system errors ------------------------------------------------------------------

def _fail_writes(monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    """Every write through the atomic writer fails like a full disk / refused permission would."""
    real_fsync = os.fsync

    def failing_fsync(fd: int) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(atomic.os, "fsync", failing_fsync)
    assert real_fsync is not failing_fsync


@pytest.mark.parametrize(("code", "cause"), [(errno.ENOSPC, "no space left on device"),
                                              (errno.EACCES, "permission denied")])
def test_glossary_add_on_a_full_disk_is_one_line_and_changes_nothing(
        glossary: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], code: int,
        cause: str) -> None:
    before = glossary.read_bytes()
    _fail_writes(monkeypatch, code)
    assert run_cli(["glossary", "add", "new-one", "--type", "concept", "--en", "New one", "-g", str(glossary)]) \
        == EXIT_OS
    err = capsys.readouterr().err
    assert err == f"aligntool: error: {glossary}: {cause}; nothing was written\n"
    assert glossary.read_bytes() == before
    assert sorted(p.name for p in glossary.parent.iterdir()) == ["csto.yaml"]


def test_segment_output_refused_keeps_the_previous_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "in.txt"
    source.write_text("One sentence. Another one.\n", encoding="utf-8")
    out = tmp_path / "out.txt"
    out.write_bytes(b"previous output\n")

    def refuse(*args: object, **kwargs: object) -> int:
        raise PermissionError(errno.EACCES, "Permission denied", str(tmp_path / ".out.txt.x.tmp"))

    monkeypatch.setattr(atomic.os, "open", refuse)
    assert run_cli(["segment", str(source), "-o", str(out)]) == EXIT_OS
    err = capsys.readouterr().err
    assert err.startswith("aligntool: error: ") and err.count("\n") == 1
    assert "permission denied; nothing was written" in err
    assert out.read_bytes() == b"previous output\n"


def test_output_path_that_is_a_file_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "in.txt"
    source.write_text("One sentence.\n", encoding="utf-8")
    blocker = tmp_path / "blocker"
    blocker.write_text("a file, not a directory\n", encoding="utf-8")
    assert run_cli(["segment", str(source), "-o", str(blocker / "out.txt")]) == EXIT_OS
    err = capsys.readouterr().err
    assert err == f"aligntool: error: {blocker}: already exists and is not a directory; nothing was written\n"


# ---- #17 item 4: file modes; #17 item 9: closed stdout --------------------------------------------------

def test_outputs_get_the_mode_open_would_give(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        with atomic.atomic_output(tmp_path / "new.txt", "w", encoding="utf-8") as handle:
            handle.write("x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o640
    existing = tmp_path / "existing.txt"
    existing.write_text("old", encoding="utf-8")
    os.chmod(existing, 0o604)
    with atomic.atomic_output(existing, "w", encoding="utf-8") as handle:
        handle.write("new")
    assert stat.S_IMODE(existing.stat().st_mode) == 0o604 and existing.read_text(encoding="utf-8") == "new"


def test_glossary_add_keeps_the_file_mode(glossary: Path) -> None:
    assert run_cli(["glossary", "add", "mode-test", "--type", "concept", "--en", "Mode test", "-g",
                    str(glossary)]) == 0
    assert stat.S_IMODE(glossary.stat().st_mode) == 0o644


def test_closed_stdout_is_not_an_error() -> None:
    # segment-srx writes ~50 kB; head reads one line and closes the pipe
    proc = subprocess.run(f"{sys.executable} -m aligntool segment-srx | head -n 1; exit ${{PIPESTATUS[0]}}",
                          shell=True, executable="/bin/bash", env=ENV, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    assert proc.stdout.startswith("<?xml")


# ---- item 3 (part): stale temporary files ------------------------------------------------------------------

def test_stale_temp_files_of_dead_runs_are_removed_live_ones_kept(tmp_path: Path) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        stale = tmp_path / f".a.tmx.aligntool-{dead.pid}-0badc0de.tmp"
        running = tmp_path / f".b.tmx.aligntool-{live.pid}-0badc0de.tmp"
        foreign = tmp_path / ".c.tmx.1234.tmp"  # not our naming: never touched
        for path in (stale, running, foreign):
            path.write_bytes(b"")
        atomic._swept.discard(tmp_path.resolve())
        with atomic.atomic_output(tmp_path / "a.tmx", "w", encoding="utf-8") as handle:
            handle.write("done")
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["a.tmx", running.name, foreign.name])
        old = 2 * atomic.STALE_AFTER_SECONDS
        os.utime(running, (running.stat().st_atime - old, running.stat().st_mtime - old))
        assert atomic.remove_stale_temp_files(tmp_path) == [running]  # untouched for two days: debris
    finally:
        live.kill()
        live.wait()
