"""Plain text: UTF-8 (BOM and CRLF tolerated); paragraphs come from the segmenter's paragraph policy."""

from __future__ import annotations

from pathlib import Path

from aligntool.formats.base import DocumentReader, Paragraph, SourceDocument


def text_paragraphs(text: str, newlines: str = "break") -> list[Paragraph]:
    """Paragraph spans of plain text, as ``aligntool.segmentation`` draws them (whitespace-only ones left out)."""
    from aligntool.segmentation.base import paragraphs

    found = []
    line, counted = 1, 0
    for start, end in paragraphs(text, newlines):
        line += text.count("\n", counted, start)
        counted = start
        if text[start:end].strip():
            found.append(Paragraph(text[start:end], f"line {line}", start))
    return found


class TextReader(DocumentReader):
    """UTF-8 text; one paragraph per line (soft-wrapped lines joined), as the segmenter sees it."""

    name = "text"
    extensions = (".txt",)
    description = "plain UTF-8 text"
    leaves_out = "nothing (a UTF-16 or non-UTF-8 file is refused with the line of the bad byte)"

    def parse(self, data: bytes, path: Path) -> SourceDocument:
        from aligntool.documents import decode_document

        text = decode_document(data, path)
        return SourceDocument(path, self.name, text_paragraphs(text), text=text)
