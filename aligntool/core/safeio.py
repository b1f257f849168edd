"""The single place where input files are opened and decoded: OS errors become one-line messages.

``open_input``/``read_bytes`` turn a missing file, a directory, an unreadable or oversized file into an
:class:`~aligntool.core.errors.InputError`; ``decode_document`` turns bytes into text with ``\n`` line ends
(BOM dropped, UTF-16 and bad bytes refused with the line); ``read_text`` is for line-oriented UTF-8 files
(aligned line files, word lists), ``read_utf8`` for files edited in place (line ends kept).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import BinaryIO

from aligntool.core.errors import InputError, ParseError

#: Inputs larger than this are refused before they are read (a reader holds one document in memory).
MAX_INPUT_BYTES = 512 * 1024 * 1024


def open_input(path: str | Path, what: str = "document") -> BinaryIO:
    """Open a file for reading in binary (streaming readers); OS errors become one InputError line."""
    path = Path(path)
    try:
        if path.is_dir():
            raise IsADirectoryError
        return open(path, "rb")
    except OSError as exc:
        raise _input_error(path, exc, what) from None


def read_bytes(path: str | Path, what: str = "document", max_bytes: int = MAX_INPUT_BYTES) -> bytes:
    """A file's bytes; a missing file, a directory, an unreadable or oversized file raise InputError."""
    path = Path(path)
    with open_input(path, what) as handle:
        size = os.fstat(handle.fileno()).st_size
        if size > max_bytes:
            raise InputError(f"{path}: {size / 2**20:.0f} MiB is more than the {max_bytes / 2**20:.0f} MiB "
                             f"aligntool reads as one {what}; split it into smaller files")
        try:
            return handle.read()
        except OSError as exc:
            raise _input_error(path, exc, what) from None


def _input_error(path: Path, exc: OSError, what: str) -> InputError:
    if isinstance(exc, FileNotFoundError):
        return InputError(f"{path}: no such file")
    if isinstance(exc, IsADirectoryError):
        return InputError(f"{path}: is a directory, not a {what} file")
    if isinstance(exc, PermissionError):
        return InputError(f"{path}: permission denied; check the file's permissions")
    return InputError(f"{path}: cannot read ({exc.strerror})")


def decode_document(data: bytes, path: str | Path = "<input>") -> str:
    """Decode UTF-8 bytes to text with ``\\n`` line ends; a BOM is dropped."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(f"{path}: the file is UTF-16; save it as UTF-8 and try again")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(
            f"{path}:{line}: not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "re-save the file as UTF-8 (e.g. iconv -f cp1251 -t utf-8)"
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_utf8(path: str | Path, what: str = "text") -> str:
    """A UTF-8 file exactly as written (BOM dropped, line ends kept: files that are edited in place, such as
    glossaries); a bad byte is a ParseError with its line."""
    raw = read_bytes(path, what)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ParseError(f"not UTF-8 text; save the {what} as UTF-8", path,
                         raw[: exc.start].count(b"\n") + 1) from None


def read_text(path: str | Path, what: str = "text") -> str:
    """A UTF-8 text file (aligned line files, word lists), ``\\n`` line ends."""
    return decode_document(read_bytes(path, what), path)
