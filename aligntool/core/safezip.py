"""Bounded reading of zip archives from untrusted files (.docx): sizes checked before and during inflation.

A 1 MB .docx can declare, or simply contain, a part that inflates to gigabytes. Before anything is inflated,
the central directory is checked (number of members, the sizes they declare); then every member is inflated
as a stream, counting the bytes that actually come out (a member may lie about its size), and reading stops
at the limit. Nothing is held in memory beyond the 64 KiB being counted, unless the caller asks for a member.
"""

from __future__ import annotations

import io
import lzma
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from aligntool.core.errors import InputError
from aligntool.core.limits import ARCHIVE_INFLATED, ARCHIVE_MEMBERS
from aligntool.core.safexml import iterparse_safe

_BLOCK = 1 << 16


class _Counted(io.RawIOBase):
    """A member's inflated stream that raises once the archive's budget of inflated bytes is spent."""

    def __init__(self, raw: IO[bytes], budget: list[int], limit: int, where: str) -> None:
        self._raw, self._budget, self._limit, self._where = raw, budget, limit, where

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        try:
            data = self._raw.read(min(len(buffer), _BLOCK))
        except (zlib.error, lzma.LZMAError, zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
            # a damaged deflate stream, a bad CRC, a truncated member: whichever the decompressor noticed
            raise InputError(f"{self._where}: the part is damaged ({exc}); open and re-save the file") from None
        self._budget[0] += len(data)
        if self._budget[0] > self._limit:
            raise InputError(f"{self._where}: inflates to more than {self._limit >> 20} MiB (a zip bomb?); "
                             f"{ARCHIVE_INFLATED.hint()}")
        buffer[:len(data)] = data
        return len(data)


class BoundedZip:
    """A zip archive in memory whose members are inflated within the limits of :mod:`aligntool.core.limits`."""

    def __init__(self, data: bytes, path: str | Path, max_inflated: int | None = None,
                 max_members: int | None = None) -> None:
        self.path = str(path)
        self.max_inflated = max_inflated if max_inflated is not None else ARCHIVE_INFLATED.value()
        max_members = max_members if max_members is not None else ARCHIVE_MEMBERS.value()
        try:
            self.archive = zipfile.ZipFile(io.BytesIO(data))
            members = self.archive.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
            raise InputError(f"{path}: a damaged zip archive ({exc}); open and re-save it") from None
        if len(members) > max_members:
            raise InputError(f"{path}: {len(members)} files inside the archive, more than the limit of "
                             f"{max_members}; {ARCHIVE_MEMBERS.hint()}")
        declared = sum(info.file_size for info in members)
        if declared > self.max_inflated:  # checked before inflating anything
            raise InputError(f"{path}: its parts declare {declared >> 20} MiB uncompressed, more than the limit "
                             f"of {self.max_inflated >> 20} MiB (a zip bomb?); {ARCHIVE_INFLATED.hint()}")
        self.members = members
        self._spent = [0]

    def open(self, info: zipfile.ZipInfo) -> IO[bytes]:
        """A member's inflated bytes as a stream, counted against the archive's limit."""
        try:
            raw = self.archive.open(info)
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, ValueError) as exc:
            raise InputError(f"{self.path}: cannot read {info.filename} ({exc}); open and re-save it") from None
        return io.BufferedReader(_Counted(raw, self._spent, self.max_inflated, f"{self.path}:{info.filename}"),
                                 _BLOCK)

    def drain(self, info: zipfile.ZipInfo) -> None:
        """Inflate a member without keeping it (checks its real size and CRC)."""
        stream = self.open(info)
        try:
            while stream.read(_BLOCK):
                pass
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
            if isinstance(exc, InputError):
                raise
            raise InputError(f"{self.path}: {info.filename} is damaged ({exc}); open and re-save it") from None

    def __iter__(self) -> Iterator[zipfile.ZipInfo]:
        return iter(self.members)


def check_ooxml(data: bytes, path: str | Path) -> None:
    """Check an Office Open XML package (.docx) before a library opens it: bounded inflation of every member,
    and every XML part through the one safe XML parser (no entities, no DTD, depth and size bounded).

    Raises InputError (sizes, damaged zip) or ParseError (``FILE:PART:LINE``) in one line.
    """
    archive = BoundedZip(data, path)
    for info in archive:
        if info.is_dir():
            continue
        if info.filename.lower().endswith((".xml", ".rels")):
            stream = archive.open(info)
            try:
                for _event, element in iterparse_safe(stream, ("end",), display_name=f"{path}:{info.filename}",
                                                      max_bytes=archive.max_inflated):
                    element.clear(keep_tail=True)  # validation only: keep memory flat
                    while element.getprevious() is not None:
                        del element.getparent()[0]
            except (zipfile.BadZipFile, EOFError) as exc:
                raise InputError(f"{path}: {info.filename} is damaged ({exc}); open and re-save it") from None
        else:
            archive.drain(info)
