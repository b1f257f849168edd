"""Document readers, by name (imported lazily: python-docx, lxml, pypdf only when that format is read).

Every reader follows :class:`~aligntool.formats.documents.base.DocumentReader`;
:func:`aligntool.formats.documents.reading.read_document`
picks one by ``--input-format`` or by the file's extension and is what every command calls.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from aligntool.core.errors import ConfigError, MissingDependencyError
from aligntool.formats.documents.base import DocumentReader, DocumentWarning, Paragraph, Sentence, SourceDocument

__all__ = ["READERS", "DocumentReader", "DocumentWarning", "Paragraph", "Sentence", "SourceDocument",
           "detect_format", "get_reader"]

#: format name → (module, class); the order is the order of ``--input-format`` choices
READERS: dict[str, tuple[str, str]] = {
    "text": ("aligntool.formats.documents.text", "TextReader"),
    "docx": ("aligntool.formats.documents.docx", "DocxReader"),
    "html": ("aligntool.formats.documents.html", "HtmlReader"),
    "markdown": ("aligntool.formats.documents.markdown", "MarkdownReader"),
    "xliff": ("aligntool.formats.xliff.reader", "XliffReader"),
    "pdf": ("aligntool.formats.documents.pdf", "PdfReader"),
}

#: file extension → format name (anything else is read as plain text)
EXTENSIONS: dict[str, str] = {
    ".docx": "docx", ".docm": "docx",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".md": "markdown", ".markdown": "markdown",
    ".xlf": "xliff", ".xliff": "xliff", ".xlf2": "xliff",
    ".pdf": "pdf",
}


#: ``--input-format`` metavar for every command that reads documents
INPUT_FORMAT_METAVAR = "auto|" + "|".join(READERS)


def get_reader(name: str) -> DocumentReader:
    """The reader for a format name (see :data:`READERS`)."""
    if name not in READERS:
        raise ConfigError(f"--input-format must be one of {', '.join(READERS)}, not {name!r}")
    module_name, cls = READERS[name]
    reader: DocumentReader = getattr(importlib.import_module(module_name), cls)()
    if reader.requires is not None:
        package, extra = reader.requires
        try:
            importlib.import_module(package)
        except ImportError:
            raise MissingDependencyError(package, extra, f"reading {name} documents") from None
    return reader


def detect_format(path: str | Path, input_format: str | None = None) -> str:
    """``input_format`` when given (checked), else the format its extension names, else ``text``."""
    if input_format is not None and input_format != "auto":
        get_reader(input_format)  # validates the name
        return input_format
    return EXTENSIONS.get(Path(path).suffix.lower(), "text")
