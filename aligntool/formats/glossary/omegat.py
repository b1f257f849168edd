"""OmegaT glossary: UTF-8, tab-separated ``source<TAB>target<TAB>comment``, one language pair.

OmegaT reads ``*.txt``/``*.utf8``/``*.tab`` files in the project's ``glossary/`` folder; lines starting
with ``#`` are comments. One row per allowed source term, with the preferred target of the same kind
(CSTO → ОДКБ, the full name → the full name); the comment column carries the entry note.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from aligntool.core.errors import ParseError
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

#: the first line of an aligntool export: "# aligntool glossary export en→ru (source, target, comment)"
_HEADER = re.compile(r"# aligntool glossary export ([^\s→]+)→([^\s→]+)(?:\s|$)")


class OmegatFormat(GlossaryFormat):
    """Tab-separated pairs; the target language is the first of ``--to``."""

    name = "omegat"
    extension = "utf8"
    description = "OmegaT tab-separated glossary (source, target, comment)"
    carries = ("source term", "target term", "comment (entry note)")

    def dumps(self, entries: Sequence[Entry], source: str, targets: Sequence[str]) -> str:
        check_languages(entries, source, targets)
        lines = [f"# aligntool glossary export {source}→{targets[0]} (source, target, comment)\n"]
        for source_text, target_text, entry in pair_rows(entries, source, targets[0]):
            cells = (guard_cell(one_line(text)) for text in (source_text, target_text, entry.note))
            lines.append("\t".join(cells) + "\n")
        return "".join(lines)

    def loads(self, text: str, path: str = "<input>", source: str = "en", target: str = "ru") -> list[Entry]:
        pair = _HEADER.match(text.split("\n", 1)[0])
        if pair:  # our own export names its languages; any other comment line is just a comment
            source, target = pair.group(1), pair.group(2)
        rows: list[tuple[str, dict[str, str], str]] = []
        raw: list[tuple[int, str]] = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip() or line.startswith("#"):
                continue
            raw.extend((number, cell.strip()) for cell in line.split("\t"))
            cells = [unguard_cell(cell.strip()) for cell in line.split("\t")]
            if len(cells) < 2 or not cells[0].strip():
                raise ParseError("expected 'source<TAB>target[<TAB>comment]'", path, number)
            rows.append((cells[0].strip(), {target: cells[1].strip()},
                         cells[2].strip() if len(cells) > 2 else ""))
        warn_formulas(raw, path)
        return entries_from_pairs(rows, source)
