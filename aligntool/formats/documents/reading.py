"""The one document reader every command calls: bytes from disk with clear errors, then a format reader.

``read_document(path)`` picks a reader from :mod:`aligntool.formats.documents.registry` (by ``input_format`` or
the file's extension) and returns a :class:`~aligntool.formats.documents.base.SourceDocument`; sentences come
from :mod:`aligntool.engines.segmentation.sentences`.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

from aligntool.core.safeio import read_bytes
from aligntool.formats.documents.base import DocumentWarning, SourceDocument
from aligntool.formats.documents.registry import detect_format, get_reader
from aligntool.formats.documents.text import text_paragraphs


def read_document(path: str | Path, input_format: str | None = None) -> SourceDocument:
    """Read any supported document (``input_format``: a name from
    ``aligntool.formats.documents.registry.READERS``, or None
    to choose by extension); errors name the file, and nothing is written."""
    path = Path(path)
    reader = get_reader(detect_format(path, input_format))
    document = reader.parse(read_bytes(path), path)
    for message in document.warnings:
        warnings.warn(message, DocumentWarning, stacklevel=2)
    if document.skipped:  # what a translator will not find in the output, said once per document
        warnings.warn(f"{path}: left out: {document.skipped_summary()}", DocumentWarning, stacklevel=2)
    return document


def document_lines(document: SourceDocument) -> Iterator[tuple[str, str]]:
    """``(where, line)`` for line-oriented consumers: plain text line by line (``file:line``), other
    formats paragraph by paragraph (``file (context)``, line breaks inside read as spaces)."""
    if document.text is not None:
        for number, line in enumerate(document.text.split("\n"), start=1):
            yield f"{document.path}:{number}", line
        return
    for paragraph in document.paragraphs:
        yield f"{document.path} ({paragraph.context})", " ".join(paragraph.text.split())


def text_document(text: str, name: str = "<stdin>") -> SourceDocument:
    """A plain-text document from a string (stdin, the Python API); paragraphs as the text reader draws them."""
    return SourceDocument(Path(name), "text", text_paragraphs(text), text=text)
