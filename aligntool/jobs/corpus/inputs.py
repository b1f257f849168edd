"""What a corpus run works through: work items from directories, globs, manifests and big line files.

A work item is one document file, or a *shard* of a file that holds one document per line (a news crawl):
the shard is a byte range of that file, found by one streaming pass, so a million-line file is never
loaded whole and each worker reads only its shard. Items are plain data, so they travel to Ray workers.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from aligntool.core.errors import ConfigError, InputError
from aligntool.core.safeglob import expand
from aligntool.formats.documents.registry import EXTENSIONS
from aligntool.formats.manifest import MANIFEST_SUFFIXES, iter_document_manifest

#: Lines (documents) per shard of a one-document-per-line file.
SHARD_LINES = 500


@dataclass(frozen=True)
class WorkItem:
    """One document file (``start == -1``) or a shard ``[start, end)`` of a one-document-per-line file."""

    id: str
    path: str
    src_lang: str | None = None
    to: tuple[str, ...] = ()
    start: int = -1
    end: int = -1
    first_line: int = 0  # 1-based line number of the shard's first document
    target: str = ""  # alignment: the translation of ``path``

    @property
    def sharded(self) -> bool:
        """A shard of a one-document-per-line file."""
        return self.start >= 0

    def lines(self) -> Iterator[tuple[int, str]]:
        """``(line number, text)`` of each non-blank line of the shard (UTF-8; a bad line raises)."""
        with open(self.path, "rb") as handle:
            handle.seek(self.start)
            number = self.first_line
            while handle.tell() < self.end:
                raw = handle.readline()
                if not raw:
                    break
                text = raw.decode("utf-8-sig" if number == 1 else "utf-8").rstrip("\r\n")
                if text.strip():
                    yield number, text
                number += 1


def is_pattern(value: str) -> bool:
    """A glob pattern rather than a path."""
    return any(char in value for char in "*?[")


def is_collection(value: str) -> bool:
    """A directory, a glob or a manifest: an input that stands for many documents."""
    path = Path(value)
    return is_pattern(value) or path.is_dir() or path.suffix.lower() in MANIFEST_SUFFIXES


def _document_files(directory: Path) -> list[Path]:

    readable = {".txt", ".text", *EXTENSIONS}
    return sorted(p for p in directory.rglob("*") if p.is_file() and p.suffix.lower() in readable
                  and not any(part.startswith(".") for part in p.relative_to(directory).parts))


def _file_id(path: Path, root: Path | None) -> str:
    relative = path.relative_to(root) if root is not None else Path(path.name)
    return "__".join(relative.with_suffix("").parts)


def shards(path: Path, shard_lines: int = SHARD_LINES) -> Iterator[WorkItem]:
    """Byte ranges of ``shard_lines`` lines each (one streaming pass; nothing but offsets is kept)."""
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    with path.open("rb") as handle:
        start, first = 0, 1
        for number, _line in enumerate(iter(handle.readline, b""), start=1):
            if number - first + 1 == shard_lines:
                end = handle.tell()
                yield WorkItem(f"{path.stem}@{first}", str(path), start=start, end=end, first_line=first)
                start, first = end, number + 1
        if handle.tell() > start:
            yield WorkItem(f"{path.stem}@{first}", str(path), start=start, end=handle.tell(), first_line=first)


def collect(inputs: Iterable[str | Path], *, lines_as_documents: bool = False,
            shard_lines: int = SHARD_LINES) -> list[WorkItem]:
    """The work items of every input, in a stable order; document ids must be unique across them.

    A manifest row whose file is missing still becomes an item: it is reported as failed by the run, so
    one bad row does not stop the others.
    """
    items: list[WorkItem] = []
    for value in inputs:
        text = str(value)
        path = Path(text)
        if is_pattern(text):
            matches = [Path(p) for p in expand(text)]  # ** never follows folder links; each file once
            if not matches:
                raise InputError(f"{text}: no file matches this pattern")
            items += [WorkItem(_file_id(p, None), str(p)) for p in matches]
        elif path.is_dir():
            files = _document_files(path)
            if not files:
                raise InputError(f"{path}: no documents in this directory (looked for .txt, .docx, .html, .md, "
                                 ".xlf, .pdf)")
            items += [WorkItem(_file_id(p, path), str(p)) for p in files]
        elif path.suffix.lower() in MANIFEST_SUFFIXES and not lines_as_documents:
            items += [WorkItem(row.id, str(row.path), row.src_lang, row.to) for row in iter_document_manifest(path)]
        elif lines_as_documents:
            items += list(shards(path, shard_lines))
        else:
            if not path.is_file():
                raise InputError(f"{path}: no such file or directory")
            items.append(WorkItem(path.stem, str(path)))
    seen: dict[str, str] = {}
    for item in items:
        if item.id in seen and not item.sharded:
            raise ConfigError(f"two inputs give the same document id {item.id!r} ({seen[item.id]} and {item.path}); "
                              "outputs are named by id: rename one or list them in a manifest with ids")
        seen[item.id] = item.path
    return items
