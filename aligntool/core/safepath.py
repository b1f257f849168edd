"""Output names made from ids that come from inputs (manifest rows, document ids): confined under ``--out``.

A manifest is third-party data. Its ``id`` names the output files (``<out>/<id>.en-ru.tmx``), so an id such
as ``../../etc/x`` or ``/home/me/x`` must never leave the output folder. :func:`id_problem` says what is wrong
with an id (the manifest reader reports it with the row); :func:`confined_output` is the one place an output
path is joined from an id, and refuses anything that would resolve outside the folder.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath, PureWindowsPath

from aligntool.core.errors import InputError

#: The longest id accepted, in UTF-8 bytes: room for ``.en-ru.tmx`` and the atomic writer's temporary prefix
#: within the usual 255-byte file-name limit.
MAX_ID_BYTES = 200


def id_problem(value: str) -> str | None:
    """Why ``value`` cannot name an output file inside the output folder, or None when it can."""
    if not value or not value.strip():
        return "it is empty"
    if "\x00" in value:
        return "it contains a NUL character"
    if any(ord(char) < 0x20 for char in value):
        return "it contains a control character"
    if value in (".", ".."):
        return f"'{value}' is not a file name"
    if "/" in value or "\\" in value:
        return "it contains a path separator ('/' or '\\'); an id names one file in the output folder"
    if PurePosixPath(value).is_absolute() or PureWindowsPath(value).drive:
        return "it is an absolute path"
    if len(value.encode("utf-8")) > MAX_ID_BYTES:
        return f"it is longer than {MAX_ID_BYTES} bytes"
    return None


def confined_output(out_dir: str | Path, name: str) -> Path:
    """``out_dir / name`` when that stays directly inside ``out_dir``; otherwise an InputError.

    ``name`` is a file name made from an id (``id.en-ru.tmx``). The check is on the text (no separator,
    not ``..``) and on the resolved result, so nothing an input supplies can point the writer elsewhere.
    """
    problem = id_problem(name)
    if problem is not None:
        raise InputError(f"{name!r}: refusing to write an output named after this id: {problem}")
    folder = Path(out_dir)
    path = folder / name
    resolved_folder = Path(os.path.realpath(folder))
    if Path(os.path.realpath(path)).parent != resolved_folder and not path.is_symlink():
        raise InputError(f"{path}: refusing to write outside the output folder {folder}")
    return path
