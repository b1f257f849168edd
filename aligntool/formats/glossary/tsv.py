"""aligntool's own tab-separated table: ``id, type, <languages…>, note`` with a header row.

``aligntool glossary extract --format tsv`` writes candidates in this layout (target columns empty) so
that a terminologist can fill them in a spreadsheet and ``aligntool glossary import`` them.
"""

from __future__ import annotations

from collections.abc import Sequence

from aligntool.core.errors import ParseError
from aligntool.formats.glossary.base import GlossaryFormat, make_term, one_line, slug, warn_formulas
from aligntool.formats.glossary.model import ENTRY_TYPES, Entry
from aligntool.formats.spreadsheet import guard_cell, unguard_cell


class TsvFormat(GlossaryFormat):
    """One row per entry with its preferred term in each language."""

    name = "tsv"
    extension = "tsv"
    description = "aligntool TSV table (id, type, one column per language, note)"
    multilingual = True
    carries = ("id", "type", "preferred terms", "note")

    def dumps(self, entries: Sequence[Entry], source: str, targets: Sequence[str]) -> str:
        languages = [source, *[t for t in targets if t != source]]
        lines = ["\t".join(["id", "type", *languages, "note"]) + "\n"]
        for entry in entries:
            cells = [entry.id, entry.type, *[entry.preferred(lang) for lang in languages], entry.note]
            lines.append("\t".join(guard_cell(one_line(cell)) for cell in cells) + "\n")
        return "".join(lines)

    def loads(self, text: str, path: str = "<input>", source: str = "en", target: str = "ru") -> list[Entry]:
        lines = [(n, line) for n, line in enumerate(text.splitlines(), start=1)
                 if line.strip() and not line.startswith("#")]
        if not lines:
            return []
        header_line, header = lines[0]
        columns = header.split("\t")
        if columns[:2] != ["id", "type"] or columns[-1] != "note" or len(columns) < 4:
            raise ParseError("the header must be: id, type, language codes…, note (tab-separated)",
                             path, header_line)
        languages = columns[2:-1]
        entries = []
        raw: list[tuple[int, str]] = []
        for number, line in lines[1:]:
            raw.extend((number, cell.strip()) for cell in line.split("\t"))
            cells = [unguard_cell(cell.strip()) for cell in line.split("\t")]
            if len(cells) != len(columns):
                raise ParseError(f"expected {len(columns)} tab-separated columns, found {len(cells)}",
                                 path, number)
            entry_type = cells[1].strip() or "concept"
            if entry_type not in ENTRY_TYPES:
                raise ParseError(f"type '{entry_type}' is not one of {', '.join(ENTRY_TYPES)}", path, number)
            terms = [make_term(cell.strip(), lang)
                     for lang, cell in zip(languages, cells[2:-1], strict=True) if cell.strip()]
            entry_id = cells[0].strip() or slug(terms[0].text if terms else f"entry-{number}")
            entries.append(Entry(entry_id, entry_type, terms, note=cells[-1].strip(), line=number))
        warn_formulas(raw, path)
        return entries
