"""Plain text: UTF-8 (BOM and CRLF tolerated); paragraphs come from the segmenter's paragraph policy."""

from __future__ import annotations

from pathlib import Path

from aligntool.core.paragraphs import paragraph_separator
from aligntool.core.safeio import decode_document
from aligntool.formats.documents.base import DocumentReader, Paragraph, SourceDocument


def text_paragraphs(text: str) -> list[Paragraph]:
    """Paragraphs as ``aligntool.engines.segmentation.document`` draws them: blank-line separated when the text has
    blank lines, else one per line; whitespace-only ones left out."""
    separator = paragraph_separator(text)
    found, start = [], 0
    for end, next_start in [*((m.start(), m.end()) for m in separator.finditer(text)), (len(text), len(text))]:
        if text[start:end].strip():
            found.append(Paragraph(text[start:end], f"line {text.count(chr(10), 0, start) + 1}", start))
        start = next_start
    return found


class TextReader(DocumentReader):
    """UTF-8 text; one paragraph per line (soft-wrapped lines joined), as the segmenter sees it."""

    name = "text"

    def parse(self, data: bytes, path: Path) -> SourceDocument:

        text = decode_document(data, path)
        return SourceDocument(path, self.name, text_paragraphs(text), text=text)
