"""XLIFF 1.2 and 2.x files as sources: every translatable unit's source text is a paragraph.

Parsed with the project's safe XML parser (no entities, no network, bounded size), streamed unit by unit.
Inline codes (1.2 ``g/x/bx/ex/bpt/ept/ph/it``, 2.x ``pc/ph/sc/ec``) are kept as codes
(:mod:`aligntool.formats.xliff.codes`), their native content never in the text.
"""

from __future__ import annotations

import io
from pathlib import Path

from aligntool.formats.documents.base import DocumentReader, Paragraph, SourceDocument
from aligntool.formats.xliff.writer import XliffFile, is_finished, read_xliff


class XliffReader(DocumentReader):
    """The source side of an XLIFF file (1.2, or 2.x with its segments joined per unit)."""

    name = "xliff"

    def parse(self, data: bytes, path: Path) -> SourceDocument:

        info = XliffFile()
        document = SourceDocument(path, self.name)
        drafts = 0
        for entry in read_xliff(io.BytesIO(data), info, display_name=str(path)):
            if not entry.translate:
                document.skipped["unit marked translate=no"] += 1
            elif not entry.source.strip():
                document.skipped["empty unit"] += 1
            elif is_finished(entry):  # a person's finished translation
                document.skipped[f"unit with a {entry.state} translation (not machine-translated)"] += 1
            else:
                drafts += bool(entry.target and entry.target.strip())
                context = f"unit {entry.id}" + (f" ({entry.context})" if entry.context else "")
                coded = entry.coded
                if coded is None or not coded.text:
                    document.paragraphs.append(Paragraph(entry.source.strip(), context))
                else:
                    document.paragraphs.append(Paragraph(coded.text, context, codes=coded.codes, wrap=entry.wrap))
        if drafts:
            document.warnings.append(f"{path}: {drafts} unit(s) already have a target that is not final; they are "
                                     "machine-translated as well (mark finished ones state=\"final\" to keep "
                                     "them out)")
        return document
