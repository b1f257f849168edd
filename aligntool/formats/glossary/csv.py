"""CSV glossaries for MT services.

* ``csv``: DeepL and Google Translate unidirectional glossaries: ``source,target`` rows, no header.
* ``amazon``: Amazon Translate custom terminology: a header row of language codes (``en,ru,kk``),
  then one row per source term.

Cells that start like a spreadsheet formula (``= + - @``) get a leading apostrophe, removed on read.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence

from aligntool.core.errors import ParseError
from aligntool.core.languages import base_language
from aligntool.formats.glossary.base import (
    GlossaryFormat,
    check_languages,
    entries_from_pairs,
    one_line,
    pair_rows,
    warn_formulas,
)
from aligntool.formats.glossary.model import Entry
from aligntool.formats.spreadsheet import guard_cell, unguard_cell

_CODE = re.compile(r"^[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")


def is_language_header(cells: list[str]) -> bool:
    """True for a row of language codes (``en,ru`` or ``en,zh-TW``), as Amazon Translate wants."""
    return len(cells) >= 2 and all(_CODE.match(cell) for cell in cells)


def _rows(text: str, path: str) -> list[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    out = []
    raw: list[tuple[int, str]] = []
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                raw.extend((reader.line_num, cell.strip()) for cell in row)
                out.append((reader.line_num, [unguard_cell(cell.strip()) for cell in row]))
    except csv.Error as exc:
        raise ParseError(f"malformed CSV: {exc}", path, reader.line_num) from None
    warn_formulas(raw, path)
    return out


def _dump(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for row in rows:
        writer.writerow([guard_cell(one_line(cell)) for cell in row])
    return buffer.getvalue()


class CsvFormat(GlossaryFormat):
    """DeepL / Google: ``source,target``, no header, one language pair."""

    name = "csv"
    extension = "csv"
    description = "CSV source,target without header (DeepL, Google Translate)"
    carries = ("source term", "target term")

    def dumps(self, entries: Sequence[Entry], source: str, targets: Sequence[str]) -> str:
        check_languages(entries, source, targets)
        return _dump([[s, t] for s, t, _e in pair_rows(entries, source, targets[0])])

    def loads(self, text: str, path: str = "<input>", source: str = "en", target: str = "ru") -> list[Entry]:
        pairs = []
        for line, row in _rows(text, path):
            if len(row) < 2 or not row[0]:
                raise ParseError("expected two columns: source,target", path, line)
            pairs.append((row[0], {target: row[1]}, ""))
        return entries_from_pairs(pairs, source)


class AmazonFormat(GlossaryFormat):
    """Amazon Translate: header row of language codes, then terms; several targets allowed."""

    name = "amazon"
    extension = "csv"
    description = "CSV with a header row of language codes (Amazon Translate)"
    multilingual = True
    carries = ("source term", "target terms")

    def dumps(self, entries: Sequence[Entry], source: str, targets: Sequence[str]) -> str:
        check_languages(entries, source, targets)
        rows = [[source, *targets]]
        for entry in entries:
            for term in entry.terms_in(source, ("preferred", "admitted")):
                cells = [entry.target_for(term.text, source, lang) for lang in targets]
                if any(cells):
                    rows.append([term.text, *cells])
        return _dump(rows)

    def loads(self, text: str, path: str = "<input>", source: str = "en", target: str = "ru") -> list[Entry]:
        rows = _rows(text, path)
        if not rows:
            return []
        header_line, header = rows[0]
        languages = [base_language(cell) for cell in header]
        if not is_language_header(header):
            raise ParseError("the first row must be language codes, e.g. en,ru", path, header_line)
        pairs = []
        for line, row in rows[1:]:
            if len(row) != len(languages) or not row[0]:
                raise ParseError(f"expected {len(languages)} columns ({','.join(header)})", path, line)
            pairs.append((row[0], dict(zip(languages[1:], row[1:], strict=True)), ""))
        return entries_from_pairs(pairs, languages[0])
