"""The one document reader every command calls: bytes from disk with clear errors, then a format reader.

``read_document(path)`` picks a reader from :mod:`aligntool.formats` (by ``input_format`` or the file's
extension) and returns a :class:`~aligntool.formats.SourceDocument`; ``document_sentences`` splits it into
sentences with ``aligntool.segmentation`` (``segmented_document``: the aligner's view). ``read_text`` is for
line-oriented UTF-8 files (aligned line files, word lists), ``read_utf8`` for files edited in place (line ends
kept); ``open_input``/``read_bytes`` are the single place OS errors on input become messages.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from aligntool.core.inline import CodedText, split_coded
from aligntool.errors import InputError, ParseError
from aligntool.formats import DocumentWarning, SourceDocument, detect_format, get_reader
from aligntool.formats.base import Sentence

if TYPE_CHECKING:
    from aligntool.segmentation.document import SegmentedDocument

#: Inputs larger than this are refused before they are read (a reader holds one document in memory).
MAX_INPUT_BYTES = 512 * 1024 * 1024


def open_input(path: str | Path, what: str = "document") -> BinaryIO:
    """Open a file for reading in binary (streaming readers); OS errors become one InputError line."""
    path = Path(path)
    try:
        if path.is_dir():
            raise IsADirectoryError
        return open(path, "rb")
    except OSError as exc:
        raise _input_error(path, exc, what) from None


def read_bytes(path: str | Path, what: str = "document", max_bytes: int = MAX_INPUT_BYTES) -> bytes:
    """A file's bytes; a missing file, a directory, an unreadable or oversized file raise InputError."""
    path = Path(path)
    with open_input(path, what) as handle:
        size = os.fstat(handle.fileno()).st_size
        if size > max_bytes:
            raise InputError(f"{path}: {size / 2**20:.0f} MiB is more than the {max_bytes / 2**20:.0f} MiB "
                             f"aligntool reads as one {what}; split it into smaller files")
        try:
            return handle.read()
        except OSError as exc:
            raise _input_error(path, exc, what) from None


def _input_error(path: Path, exc: OSError, what: str) -> InputError:
    if isinstance(exc, FileNotFoundError):
        return InputError(f"{path}: no such file")
    if isinstance(exc, IsADirectoryError):
        return InputError(f"{path}: is a directory, not a {what} file")
    if isinstance(exc, PermissionError):
        return InputError(f"{path}: permission denied; check the file's permissions")
    return InputError(f"{path}: cannot read ({exc.strerror})")


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


def read_utf8(path: str | Path, what: str = "text") -> str:
    """A UTF-8 file exactly as written (BOM dropped, line ends kept: files that are edited in place, such as
    glossaries); a bad byte is a ParseError with its line."""
    raw = read_bytes(path, what)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ParseError(f"not UTF-8 text; save the {what} as UTF-8", path,
                         raw[: exc.start].count(b"\n") + 1) from None


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
    from aligntool.formats.text import text_paragraphs

    return SourceDocument(Path(name), "text", text_paragraphs(text), text=text)


def document_sentences(document: SourceDocument, lang: str, newlines: str = "break",
                       srx: str | Path | None = None, presegmented: bool = False) -> list[Sentence]:
    """Every sentence of a document in order, with its paragraph and that paragraph's context.

    Plain text goes whole to :func:`aligntool.segmentation.segment_document` (the one segment/paragraph
    policy; offsets count characters of the decoded file). Other formats' paragraphs come from their
    reader, each segmented alone (offsets count characters of the paragraph); ``presegmented``: one
    sentence per line.
    """
    from aligntool.segmentation.document import line_segments, segment_document

    sentences: list[Sentence] = []
    if document.text is not None:
        text = document.text
        segmented = segment_document(text, lang, newlines=newlines, srx=srx, presegmented=presegmented)
        starts = set(segmented.breaks)
        paragraph, line, counted = -1, 1, 0
        for index, piece in enumerate(segmented.segments):
            paragraph += index in starts or index == 0
            line += text.count("\n", counted, piece.start)
            counted = piece.start
            sentences.append(Sentence(piece.text, piece.start, piece.end, paragraph, f"line {line}"))
        return sentences
    from aligntool.segmentation import segment

    for index, paragraph_ in enumerate(document.paragraphs):
        pieces = (line_segments(paragraph_.text) if presegmented
                  else segment(paragraph_.text, lang, newlines=newlines, srx=srx))
        if not paragraph_.codes:
            sentences.extend(Sentence(p.text, p.start, p.end, index, paragraph_.context) for p in pieces)
            continue
        # codes never move a boundary: the text was segmented without them, now each code goes to one piece
        coded = split_coded(CodedText(paragraph_.text, paragraph_.codes), [(p.start, p.end) for p in pieces])
        sentences.extend(Sentence(p.text, p.start, p.end, index, paragraph_.context, c.codes)
                         for p, c in zip(pieces, coded, strict=True))
    return sentences


def segmented_document(document: SourceDocument, lang: str, newlines: str = "break",
                       srx: str | Path | None = None, presegmented: bool = False) -> SegmentedDocument:
    """The aligner's view of any document: its segments and the indices that start a paragraph."""
    from aligntool.datatypes import Segment
    from aligntool.segmentation.document import SegmentedDocument

    sentences = document_sentences(document, lang, newlines, srx, presegmented)
    breaks = [i for i, s in enumerate(sentences) if i == 0 or s.paragraph != sentences[i - 1].paragraph]
    codes = [s.codes for s in sentences] if any(s.codes for s in sentences) else []
    return SegmentedDocument([Segment(s.text, s.start, s.end) for s in sentences], breaks, codes)
