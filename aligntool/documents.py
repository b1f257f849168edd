"""The one document reader every command calls: bytes from disk with clear errors, then a format reader.

``read_document(path)`` picks a reader from :mod:`aligntool.formats` (by ``input_format`` or the file's
extension) and returns a :class:`~aligntool.formats.SourceDocument`; ``segment_document`` splits its
paragraphs into sentences with ``aligntool.segmentation``. ``read_text`` is for line-oriented UTF-8 files
(aligned line files, word lists); ``read_bytes`` is the single place OS errors become messages.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

from aligntool.errors import InputError
from aligntool.formats import DocumentWarning, SourceDocument, detect_format, get_reader
from aligntool.formats.base import Sentence

#: Inputs larger than this are refused before they are read (a reader holds one document in memory).
MAX_INPUT_BYTES = 512 * 1024 * 1024


def read_bytes(path: str | Path, what: str = "document", max_bytes: int = MAX_INPUT_BYTES) -> bytes:
    """A file's bytes; a missing file, a directory, an unreadable or oversized file raise InputError."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise IsADirectoryError
        if size > max_bytes:
            raise InputError(f"{path}: {size / 2**20:.0f} MiB is more than the {max_bytes / 2**20:.0f} MiB "
                             f"aligntool reads as one {what}; split it into smaller files")
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, expected a {what} file") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied; check the file's permissions") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None


def decode_document(data: bytes, path: str | Path = "<input>") -> str:
    """Decode UTF-8 bytes to text with ``\\n`` line ends; a BOM is dropped."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(f"{path}: the file is UTF-16; save it as UTF-8 and try again")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(
            f"{path}:{line}: not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "re-save the file as UTF-8 (e.g. iconv -f cp1251 -t utf-8)"
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_text(path: str | Path, what: str = "text") -> str:
    """A UTF-8 text file (aligned line files, word lists), ``\\n`` line ends."""
    return decode_document(read_bytes(path, what), path)


def read_document(path: str | Path, input_format: str | None = None) -> SourceDocument:
    """Read any supported document (``input_format``: a name from ``aligntool.formats.READERS``, or None
    to choose by extension); errors name the file, and nothing is written."""
    path = Path(path)
    reader = get_reader(detect_format(path, input_format))
    document = reader.parse(read_bytes(path), path)
    for message in document.warnings:
        warnings.warn(message, DocumentWarning, stacklevel=2)
    if document.skipped:  # what a translator will not find in the output, said once per document
        warnings.warn(f"{path}: left out {document.skipped_summary()}", DocumentWarning, stacklevel=2)
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
    from aligntool.formats.text import text_paragraphs

    return SourceDocument(Path(name), "text", text_paragraphs(text), text=text)


def segment_document(document: SourceDocument, lang: str, newlines: str = "break",
                     srx: str | Path | None = None) -> list[Sentence]:
    """Every paragraph's sentences, in order; plain text offsets count characters of the decoded file."""
    from aligntool.segmentation import segment

    paragraphs = document.paragraphs
    if document.text is not None and newlines != "break":
        from aligntool.formats.text import text_paragraphs

        paragraphs = text_paragraphs(document.text, newlines)
    sentences: list[Sentence] = []
    for index, paragraph in enumerate(paragraphs):
        base = paragraph.start or 0
        for piece in segment(paragraph.text, lang, newlines=newlines, srx=srx):
            sentences.append(Sentence(piece.text, base + piece.start, base + piece.end, index, paragraph.context))
    return sentences
