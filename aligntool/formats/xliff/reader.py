"""XLIFF 1.2 and 2.x files as sources: every translatable unit's source text is a paragraph.

Parsed with the project's safe XML parser (no entities, no network, bounded size), streamed unit by unit.
Inline codes (``<ph>``, ``<x/>``, ``<bpt>``…) are left out of the text and counted in ``skipped``.
"""

from __future__ import annotations

import io
from pathlib import Path

from aligntool.formats.documents.base import DocumentReader, Paragraph, SourceDocument
from aligntool.formats.xliff.writer import XliffFile, read_xliff


class XliffReader(DocumentReader):
    """The source side of an XLIFF file (1.2, or 2.x with its segments joined per unit)."""

    name = "xliff"

    def parse(self, data: bytes, path: Path) -> SourceDocument:

        info = XliffFile()
        document = SourceDocument(path, self.name)
        for entry in read_xliff(io.BytesIO(data), info, display_name=str(path)):
            if not entry.translate:
                document.skipped["unit marked translate=no"] += 1
            elif not entry.source.strip():
                document.skipped["empty unit"] += 1
            else:
                context = f"unit {entry.id}" + (f" ({entry.context})" if entry.context else "")
                document.paragraphs.append(Paragraph(entry.source.strip(), context))
        for code, count in info.dropped_codes.items():
            document.skipped[f"inline <{code}>"] += count
        return document
