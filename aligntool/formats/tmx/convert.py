"""TMX ↔ TSV/CSV: one column per language, a header row of language tags, the source language first.

TSV escapes backslash, tab, CR and LF as ``\\\\``, ``\\t``, ``\\r``, ``\\n`` so that each unit stays on one
line. CSV follows RFC 4180 (quoted cells) and, because spreadsheets run cells that start with ``=``,
``+``, ``-`` or ``@`` as formulas, prefixes such cells with ``'``; reading CSV removes that prefix again.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from aligntool.core.atomic import atomic_output
from aligntool.core.datatypes import TranslationUnit
from aligntool.core.errors import ConfigError, InputError, ParseError
from aligntool.core.languages import base_language, normalise_tag
from aligntool.core.safeio import decode_document, read_bytes
from aligntool.core.signature import base_signature
from aligntool.formats.spreadsheet import guard_cell, unguard_cell
from aligntool.formats.tmx.reader import TmxReader, read_tmx
from aligntool.formats.tmx.writer import TmxHeader, TmxWriter

_TSV_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
_TSV_UNESCAPES = {"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}


def tsv_escape(text: str) -> str:
    """One-line form of a cell."""
    return "".join(_TSV_ESCAPES.get(char, char) for char in text)


def tsv_unescape(text: str) -> str:
    """Inverse of :func:`tsv_escape` (an unknown escape is kept as written)."""
    out: list[str] = []
    chars = iter(text)
    for char in chars:
        if char == "\\":
            nxt = next(chars, "")
            out.append(_TSV_UNESCAPES.get(nxt, "\\" + nxt))
        else:
            out.append(char)
    return "".join(out)


def _table_format(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in (".tsv", ".tab", ".txt"):
        return "tsv"
    if suffix == ".csv":
        return "csv"
    raise ConfigError(f"{path}: cannot tell the table format from the extension; use .tsv or .csv")


def tmx_languages(path: str | Path) -> list[str]:
    """Every language of a TMX file, the header's source language first (one streaming pass)."""
    reader = TmxReader(path)
    seen: dict[str, None] = {}
    for unit in reader:
        for tag in unit.variants:
            seen.setdefault(tag, None)
    langs = list(seen)
    srclang = reader.header.srclang if reader.header else ""
    if srclang in langs:
        langs.remove(srclang)
        langs.insert(0, srclang)
    return langs


def tmx_to_table(path: str | Path, output: str | Path) -> int:
    """Write the units of a TMX as TSV or CSV (format from the output's extension); returns rows written."""
    output = Path(output)
    kind = _table_format(output)
    langs = tmx_languages(path)
    rows = 0
    with atomic_output(output, "w", encoding="utf-8") as handle:
        if kind == "tsv":
            handle.write("\t".join(langs) + "\n")
            for unit in read_tmx(path):
                handle.write("\t".join(tsv_escape(unit.variants.get(tag, "")) for tag in langs) + "\n")
                rows += 1
        else:
            writer = csv.writer(handle, lineterminator="\r\n")
            writer.writerow(langs)
            for unit in read_tmx(path):
                writer.writerow([guard_cell(unit.variants.get(tag, "")) for tag in langs])
                rows += 1
    return rows


def _decode_csv(data: bytes, path: Path) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return decode_document(data, path)  # raises InputError with the line of the bad byte


def _table_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    kind = _table_format(path)
    data = read_bytes(path, "table")
    if kind == "tsv":
        text = decode_document(data, path)
        for number, line in enumerate(text.split("\n"), start=1):
            if line:
                yield number, [tsv_unescape(cell) for cell in line.split("\t")]
    else:
        # Not decode_document: a CR inside a quoted cell is data and must survive.
        text = _decode_csv(data, path)
        reader = csv.reader(io.StringIO(text, newline=""))
        for row in reader:
            yield reader.line_num, [unguard_cell(cell) for cell in row]


def _source_column(wanted: str, langs: list[str], path: Path) -> str:
    """The column named ``wanted``; a bare language (``en``) also picks the one column of that language (``en-US``)."""
    if wanted in langs:
        return wanted
    same = [tag for tag in langs if "-" not in wanted and base_language(tag) == wanted]
    if len(same) == 1:
        return same[0]
    if same:
        raise ConfigError(f"{path}: --from {wanted} matches several columns ({', '.join(same)}); give one of them")
    raise ConfigError(f"{path}: the source language {wanted} is not one of the columns {', '.join(langs)}")


def table_to_tmx(path: str | Path, output: str | Path, *, srclang: str | None = None) -> TmxWriter:
    """Read a TSV/CSV whose first row names the languages; the first column (or ``srclang``) is the source."""
    path = Path(path)
    rows = _table_rows(path)
    first = next(rows, None)
    if first is None:
        raise InputError(f"{path}: the table is empty; expected a first row of language tags (en-US, ru-RU)")
    try:
        langs = [normalise_tag(cell) for cell in first[1]]
    except ConfigError as exc:
        raise ParseError(f"the first row must name the languages of the columns: {exc}",
                         path, first[0]) from None
    source = _source_column(normalise_tag(srclang), langs, path) if srclang else langs[0]
    order = [source, *(tag for tag in langs if tag != source)]
    props = base_signature().with_fields(**{"converted-from": path.name}).props()
    with TmxWriter(output, TmxHeader(srclang=source, props=props)) as writer:
        for number, cells in rows:
            if len(cells) != len(langs):
                raise ParseError(f"{len(cells)} cells, expected {len(langs)} (one per language of the "
                                 "first row)", path, number)
            by_lang = dict(zip(langs, cells, strict=True))
            writer.write(TranslationUnit(variants={tag: by_lang[tag] for tag in order}))
    return writer
