"""Atomic file output: write to a temporary file beside the target, rename on success.

Temporary files are named ``.NAME.aligntool-PID-RANDOM.tmp`` so that a later run can tell its own debris
(left by a run that was killed with SIGKILL or lost power) from another live run's file, and remove it.
The finished file gets the permissions a plain ``open(path, "w")`` would give: an existing file keeps its
mode, a new one gets 0666 minus the umask. This module also records which outputs the current run has
finished and which are still being written, so an interrupted or failed run can say what state it left.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import stat
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

TEMP_SUFFIX = ".tmp"
STALE_AFTER_SECONDS = 24 * 3600  # a temp file untouched for a day is debris even if its pid was reused
_TEMP_NAME = re.compile(r"^\.(?P<name>.+)\.aligntool-(?P<pid>\d+)-[0-9a-f]+\.tmp$")

_written: list[Path] = []  # outputs this run has finished (renamed into place)
_pending: dict[str, Path] = {}  # temporary file → target, while being written
_abandoned: list[Path] = []  # outputs whose writing was cut short (their temporary file was removed)
_swept: set[Path] = set()  # directories already cleaned of stale temporary files by this process


def _umask() -> int:
    """The process umask, read without changing it where Linux allows (``os.umask`` sets it too)."""
    with contextlib.suppress(OSError, ValueError), open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def output_mode(path: Path) -> int:
    """The permission bits ``open(path, "w")`` would leave: the existing file's, else 0666 minus the umask."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        return 0o666 & ~_umask()


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


def remove_stale_temp_files(directory: Path) -> list[Path]:
    """Delete aligntool temporary files in ``directory`` whose run is gone (dead pid, or untouched for a day).

    Another live run's temporary file is left alone. Returns the removed paths.
    """
    removed: list[Path] = []
    try:
        names = os.listdir(directory)
    except OSError:
        return removed
    now = time.time()
    for name in names:
        match = _TEMP_NAME.match(name)
        if not match:
            continue
        candidate = directory / name
        try:
            age = now - candidate.stat().st_mtime
        except OSError:
            continue
        if str(candidate) in _pending:
            continue
        if _pid_alive(int(match["pid"])) and age < STALE_AFTER_SECONDS:
            continue
        with contextlib.suppress(OSError):
            candidate.unlink()
            removed.append(candidate)
    return removed


def _sweep_once(directory: Path) -> None:
    key = directory.resolve()
    if key not in _swept:
        _swept.add(key)
        remove_stale_temp_files(directory)


@contextlib.contextmanager
def atomic_output(path: str | Path, mode: str = "wb", encoding: str | None = None) -> Iterator[IO]:
    """Yield a file object; the target appears only if the block finishes without an exception.

    An OSError raised while writing (a full disk has no file name) is re-raised naming the target.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    _sweep_once(path.parent)
    tmp_name = str(path.parent / f".{path.name}.aligntool-{os.getpid()}-{secrets.token_hex(4)}{TEMP_SUFFIX}")
    fd = os.open(tmp_name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    _pending[tmp_name] = path
    try:
        os.fchmod(fd, output_mode(path))
        with os.fdopen(fd, mode, encoding=encoding, newline="" if "b" not in mode else None) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
        _written.append(path)
    except OSError as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        _abandoned.append(path)
        if exc.errno is not None and exc.filename in (None, tmp_name):
            raise OSError(exc.errno, exc.strerror, str(path)) from exc
        raise
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        _abandoned.append(path)
        raise
    finally:
        _pending.pop(tmp_name, None)


def written_outputs() -> list[Path]:
    """The outputs finished (renamed into place) since the last :func:`reset_output_log`."""
    return list(_written)


def abandoned_outputs() -> list[Path]:
    """Outputs whose writing was cut short by an error or a signal (nothing of them was written)."""
    return [p for p in dict.fromkeys(_abandoned) if p not in _written]


def reset_output_log() -> None:
    """Forget finished and abandoned outputs (the CLI calls this when a command starts)."""
    _written.clear()
    _abandoned.clear()


@contextlib.contextmanager
def text_output(path: str | Path | None) -> Iterator[IO[str]]:
    """Standard output for None or ``-``, else an atomically written UTF-8 text file."""
    if path is None or str(path) == "-":
        import sys

        yield sys.stdout
        return
    with atomic_output(path, "w", encoding="utf-8") as handle:
        yield handle
