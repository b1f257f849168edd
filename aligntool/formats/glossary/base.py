"""One contract for every glossary exchange format: ``dumps``/``loads`` plus atomic ``write``/``read``.

Subclasses declare what differs (name, extension, which languages and fields they carry) as class
attributes and implement the two text hooks. Formats that carry one language pair take the first
target language.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from aligntool.core.atomic import atomic_output
from aligntool.core.errors import AligntoolWarning, InputError
from aligntool.core.safeio import read_utf8
from aligntool.formats.glossary.model import ALLOWED_STATUSES, Entry, Term, default_case, default_kind
from aligntool.formats.spreadsheet import looks_like_formula


class GlossaryWarning(AligntoolWarning):
    """Something in an imported glossary file that a terminologist should look at."""


class GlossaryFormat:
    """Base class: subclasses set the class attributes and implement ``dumps`` and ``loads``."""

    name: ClassVar[str] = ""
    extension: ClassVar[str] = ""
    description: ClassVar[str] = ""
    multilingual: ClassVar[bool] = False  # carries every target language, not one pair
    #: what a round trip preserves (documentation and tests)
    carries: ClassVar[tuple[str, ...]] = ()

    def dumps(self, entries: Sequence[Entry], source: str, targets: Sequence[str]) -> str:
        """The file's text."""
        raise NotImplementedError

    def loads(self, text: str, path: str = "<input>", source: str = "en", target: str = "ru") -> list[Entry]:
        """Entries from the file's text (pair formats: in languages source→target); errors name the line."""
        raise NotImplementedError

    def write(self, entries: Sequence[Entry], path: str | Path, source: str = "en",
              targets: Sequence[str] = ("ru",)) -> None:
        """Write atomically (the file appears only when complete)."""
        text = self.dumps(entries, source, targets)
        with atomic_output(path, "w", encoding="utf-8") as handle:
            handle.write(text)

    def read(self, path: str | Path, source: str = "en", target: str = "ru") -> list[Entry]:
        """Read a file in this format (UTF-8, BOM allowed)."""
        return self.loads(read_utf8(path, "glossary file"), str(path), source, target)


def slug(text: str) -> str:
    """An entry id from a term: lower case, letters and digits joined by hyphens."""
    value = re.sub(r"[^\w]+", "-", text.casefold()).strip("-_")
    return value or "entry"


def make_term(text: str, lang: str, status: str = "preferred", kind: str | None = None,
              note: str = "") -> Term:
    """A term with the default kind and case rule for its text."""
    return Term(text, lang, status, kind or default_kind(text), default_case(text), note=note)


def pair_rows(entries: Sequence[Entry], source: str, target: str) -> list[tuple[str, str, Entry]]:
    """One row per allowed source term: ``(source term, preferred target of the same kind, entry)``."""
    rows = []
    for entry in entries:
        for term in entry.terms_in(source, ALLOWED_STATUSES):
            target_text = entry.target_for(term.text, source, target)
            if target_text:
                rows.append((term.text, target_text, entry))
    return rows


def entries_from_pairs(pairs: Sequence[tuple[str, dict[str, str], str]], source: str) -> list[Entry]:
    """One entry per row: ``(source term, {lang: target}, note)``; ids from the source term."""
    entries: list[Entry] = []
    used: set[str] = set()
    for source_text, targets, note in pairs:
        base = slug(source_text)
        entry_id, n = base, 2
        while entry_id in used:
            entry_id, n = f"{base}-{n}", n + 1
        used.add(entry_id)
        terms = [make_term(source_text, source)]
        terms.extend(make_term(text, lang) for lang, text in targets.items() if text)
        entries.append(Entry(entry_id, "concept", terms, note=note))
    return entries


def warn_formulas(cells: Sequence[tuple[int, str]], path: str) -> None:
    """One warning for the cells of an imported table that start like a spreadsheet formula (kept as text)."""
    found = [(line, value) for line, value in cells if looks_like_formula(value)]
    if found:
        line, value = found[0]
        shown = value if len(value) <= 30 else value[:29] + "…"
        warnings.warn(f"{path}: {len(found)} cell(s) start like a spreadsheet formula (line {line}: {shown!r}); "
                      "they are imported as plain text: check that the file is the one you meant",
                      GlossaryWarning, stacklevel=3)


def one_line(text: str) -> str:
    """Tabs and line breaks become spaces (TSV and CSV cells are one line here)."""
    return re.sub(r"[\t\r\n]+", " ", text).strip()


def check_languages(entries: Sequence[Entry], source: str, targets: Sequence[str]) -> None:
    """Refuse an export with no target language."""
    if not targets:
        raise InputError("give at least one target language with --to (e.g. --to ru)")
