"""XLIFF 1.2 and 2.x files as sources: every translatable unit's source text is a paragraph.

Parsed with the project's safe XML parser (no entities, no network, bounded size), streamed unit by unit.
Inline codes (``<ph>``, ``<x/>``, ``<bpt>``…) are left out of the text and counted in ``skipped``.
"""

from __future__ import annotations

import io
from pathlib import Path

from aligntool.formats.documents.base import DocumentReader, Paragraph, SourceDocument
from aligntool.formats.xliff.writer import XliffFile, read_xliff

#: Target states (1.2 and 2.x) of a translation a person finished: such units are not machine-translated.
KEPT_STATES = frozenset({"final", "signed-off", "reviewed"})


class XliffReader(DocumentReader):
    """The source side of an XLIFF file (1.2, or 2.x with its segments joined per unit)."""

    name = "xliff"

    def parse(self, data: bytes, path: Path) -> SourceDocument:

        info = XliffFile()
        document = SourceDocument(path, self.name)
        drafts = 0
        for entry in read_xliff(io.BytesIO(data), info, display_name=str(path)):
            has_target = bool(entry.target and entry.target.strip())
            if not entry.translate:
                document.skipped["unit marked translate=no"] += 1
            elif not entry.source.strip():
                document.skipped["empty unit"] += 1
            elif has_target and (entry.state or "").lower() in KEPT_STATES:  # a person's finished translation
                document.skipped[f"unit with a {entry.state} translation (not machine-translated)"] += 1
            else:
                drafts += has_target
                context = f"unit {entry.id}" + (f" ({entry.context})" if entry.context else "")
                document.paragraphs.append(Paragraph(entry.source.strip(), context))
        if drafts:
            document.warnings.append(f"{path}: {drafts} unit(s) already have a target that is not final; they are "
                                     "machine-translated as well (mark finished ones state=\"final\" to keep "
                                     "them out)")
        for code, count in info.dropped_codes.items():
            document.skipped[f"inline <{code}>"] += count
        return document
