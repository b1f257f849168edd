"""Document collections: the documents (translate) or pairs (align) a corpus command works through.

A collection of pairs is either a directory pair (files with the same name in both directories) or a
manifest, JSONL (one object per line), CSV/TSV (a header row) or Parquet (with pyarrow), whose rows have

    id        optional: a name for the pair (default: the source file's name)
    src, tgt  paths, relative to the manifest's directory unless absolute
    src_lang, tgt_lang   optional: override the languages given on the command line

A manifest of documents to translate has rows with ``id`` (optional), ``path`` and optional ``src_lang`` and
``to`` (comma-separated target languages); see :func:`iter_document_manifest`.

Rows are read lazily (:func:`iter_manifest`), so a manifest may list more pairs than fit in memory;
problems are reported with the manifest's file name and line.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from aligntool.core.errors import InputError, MissingDependencyError, ParseError
from aligntool.core.safepath import id_problem

FIELDS = ("id", "src", "tgt", "src_lang", "tgt_lang")
REQUIRED = ("src", "tgt")
MANIFEST_SUFFIXES = (".jsonl", ".csv", ".tsv", ".parquet")


@dataclass(frozen=True)
class DocumentPair:
    """One document and its translation, with optional per-pair languages."""

    id: str
    src: Path
    tgt: Path
    src_lang: str | None = None
    tgt_lang: str | None = None

    def languages(self, src_lang: str, tgt_lang: str) -> tuple[str, str]:
        """This pair's languages, falling back to the collection's."""
        return self.src_lang or src_lang, self.tgt_lang or tgt_lang


def _row(values: dict[str, object], base: Path, path: Path, line: int) -> DocumentPair:
    unknown = sorted(set(values) - set(FIELDS))
    if unknown:
        raise ParseError(f"unknown field(s) {', '.join(unknown)} (known: {', '.join(FIELDS)})", path, line)
    missing = [name for name in REQUIRED if not values.get(name)]
    if missing:
        raise ParseError(f"the row needs {' and '.join(missing)} (a path to each document)", path, line)
    for name, value in values.items():
        if value is not None and not isinstance(value, str):
            raise ParseError(f"field {name!r} must be text, not {type(value).__name__}", path, line)
    src, tgt = (base / str(values[name]) for name in REQUIRED)
    return DocumentPair(_output_id(values.get("id"), src.name, path, line), src, tgt,
                        str(values["src_lang"]) if values.get("src_lang") else None,
                        str(values["tgt_lang"]) if values.get("tgt_lang") else None)


def iter_manifest(path: str | Path) -> Iterator[DocumentPair]:
    """The rows of a JSONL, CSV, TSV or Parquet manifest of pairs, in order (ids must be unique)."""
    path = Path(path)
    seen: dict[str, int] = {}
    for line, values in read_records(path):
        pair = _row(values, path.parent, path, line)
        _check_unique(pair.id, seen, path, line)
        yield pair


def _output_id(value: object, default: str, path: Path, line: int) -> str:
    """The row's id (it names the output files), or the default; an id that would escape ``--out`` is refused."""
    row_id = str(value) if value not in (None, "") else default
    problem = id_problem(row_id)
    if problem is not None:
        raise ParseError(f"id {row_id!r} cannot name an output file: {problem}; give the row a plain name "
                         "such as 'report-2024'", path, line)
    return row_id


def _check_unique(row_id: str, seen: dict[str, int], path: Path, line: int) -> None:
    if row_id in seen:
        raise ParseError(f"id {row_id!r} is also on line {seen[row_id]}; ids must be unique", path, line)
    seen[row_id] = line


def read_records(path: Path) -> Iterator[tuple[int, dict[str, object]]]:
    """A manifest's records, lazily, with their line (Parquet: row) numbers: JSONL objects, CSV/TSV rows
    (a header row), or Parquet rows (needs pyarrow)."""
    suffix = path.suffix.lower()
    if suffix not in MANIFEST_SUFFIXES:
        raise InputError(f"{path}: a manifest ends in {', '.join(MANIFEST_SUFFIXES)}")
    if suffix == ".parquet":
        yield from _parquet_records(path)
        return
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise InputError(f"{path}: cannot read the manifest ({exc.strerror or exc})") from exc
    with handle:
        last = 0
        try:
            for line, values in _records(handle, suffix, path):
                last = line
                yield line, values
        except UnicodeDecodeError:
            raise ParseError("not UTF-8 text; save the manifest as UTF-8", path, last + 1) from None
        except csv.Error as exc:
            raise ParseError(f"malformed {suffix[1:].upper()}: {exc}", path, last + 1) from None


def _parquet_records(path: Path) -> Iterator[tuple[int, dict[str, object]]]:
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise MissingDependencyError("pyarrow", "ray", "a Parquet manifest") from None
    try:
        table = pyarrow.parquet.ParquetFile(path)
    except (OSError, pyarrow.ArrowException) as exc:
        raise InputError(f"{path}: cannot read the Parquet manifest ({exc})") from exc
    row = 0
    for batch in table.iter_batches(batch_size=10_000):  # one batch in memory at a time
        for values in batch.to_pylist():
            row += 1
            yield row, {key: value for key, value in values.items() if value is not None}


@dataclass(frozen=True)
class DocumentRow:
    """One document of a translation manifest: its id, file, and optional per-row languages."""

    id: str
    path: Path
    src_lang: str | None = None
    to: tuple[str, ...] = ()
    line: int = 0  # the manifest line, for messages


DOCUMENT_FIELDS = ("id", "path", "src_lang", "to")


def iter_document_manifest(path: str | Path) -> Iterator[DocumentRow]:
    """The rows of a JSONL/CSV/TSV/Parquet manifest of documents to translate, lazily (ids must be unique)."""
    path = Path(path)
    seen: dict[str, int] = {}
    for line, values in read_records(path):
        unknown = sorted(set(values) - set(DOCUMENT_FIELDS))
        if unknown:
            raise ParseError(f"unknown field(s) {', '.join(unknown)} (known: {', '.join(DOCUMENT_FIELDS)})",
                             path, line)
        if not values.get("path") or not isinstance(values["path"], str):
            raise ParseError("the row needs path (the document to translate)", path, line)
        document = path.parent / values["path"]
        to = values.get("to") or ()
        if isinstance(to, str):
            to = tuple(code.strip() for code in to.split(",") if code.strip())
        row = DocumentRow(_output_id(values.get("id"), document.stem, path, line), document,
                          str(values["src_lang"]) if values.get("src_lang") else None, tuple(to), line)
        _check_unique(row.id, seen, path, line)
        yield row


def _records(handle: object, suffix: str, path: Path) -> Iterator[tuple[int, dict[str, object]]]:
    if suffix == ".jsonl":
        for line, text in enumerate(handle, start=1):  # type: ignore[call-overload]
            if not text.strip():
                continue
            try:
                values = json.loads(text)
            except json.JSONDecodeError as exc:
                raise ParseError(f"not valid JSON ({exc.msg})", path, line) from exc
            if not isinstance(values, dict):
                raise ParseError("each line must be a JSON object like {\"src\": …, \"tgt\": …}", path, line)
            yield line, values
        return
    reader = csv.DictReader(handle, delimiter="\t" if suffix == ".tsv" else ",")  # type: ignore[arg-type]
    for values in reader:
        if None in values:
            raise ParseError("the row has more cells than the header", path, reader.line_num)
        if not any((value or "").strip() for value in values.values()):
            continue
        yield reader.line_num, {key.strip(): (value.strip() if value else None) for key, value in values.items()}


def directory_pairs(src_dir: str | Path, tgt_dir: str | Path) -> list[DocumentPair]:
    """Files with the same name in both directories (sorted by name); a file in one only is an error."""
    src_dir, tgt_dir = Path(src_dir), Path(tgt_dir)
    for directory in (src_dir, tgt_dir):
        if not directory.is_dir():
            raise InputError(f"{directory}: not a directory")
    src_names = {p.name for p in src_dir.iterdir() if p.is_file() and not p.name.startswith(".")}
    tgt_names = {p.name for p in tgt_dir.iterdir() if p.is_file() and not p.name.startswith(".")}
    lonely = sorted(src_names ^ tgt_names)
    if lonely:
        shown = ", ".join(lonely[:5]) + (f" and {len(lonely) - 5} more" if len(lonely) > 5 else "")
        raise InputError(f"{src_dir} and {tgt_dir}: these files have no counterpart of the same name: {shown}")
    if not src_names:
        raise InputError(f"{src_dir}: no documents to align")
    return [DocumentPair(name, src_dir / name, tgt_dir / name) for name in sorted(src_names)]
