"""PDF text layer with pypdf: lines rebuilt into paragraphs, hyphenation undone, running heads dropped.

PDF stores glyphs on a page, not paragraphs, so this is lossy: every read carries a warning saying so.
Lines repeated at the top or bottom of most pages (running headers and footers, page numbers) are
dropped; a word hyphenated at a line end is joined; a line that fills the page's width continues on the
next one, a shorter one ends its paragraph. Pages are extracted one at a time.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from pathlib import Path

from aligntool.core.errors import InputError, first_line
from aligntool.formats.documents.base import DocumentReader, Paragraph, SourceDocument

_EDGE_LINES = 2  # lines at the top and bottom of a page that may be a running header or footer
_DIGITS = re.compile(r"\d+")
_HYPHEN_END = re.compile(r"(\w)[-\u00ad]$")
_SENTENCE_END = tuple(".!?:;…»\"”)")
LOSSY_WARNING = ("PDF layout is lossy: paragraphs are rebuilt from text lines; check headings, tables and "
                 "columns in the segments")


def _edge_key(line: str) -> str:
    """Page numbers differ from page to page: compare running lines with digits masked."""
    return _DIGITS.sub("#", " ".join(line.split()).casefold())


def running_lines(pages: list[list[str]]) -> set[str]:
    """Keys of lines that open or close most pages (at least 2 and 60 % of them): headers and footers."""
    if len(pages) < 2:
        return set()
    seen: Counter[str] = Counter()
    for lines in pages:
        edges = lines[:_EDGE_LINES] + lines[-_EDGE_LINES:]
        seen.update({_edge_key(line) for line in edges})
    needed = max(2, round(0.6 * len(pages)))
    return {key for key, count in seen.items() if count >= needed}


def _drop_running(lines: list[str], running: set[str]) -> list[str]:
    """The page without running lines among its first and last lines."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    edges = set(filled[:_EDGE_LINES] + filled[-_EDGE_LINES:])
    return [line for i, line in enumerate(lines) if i not in edges or _edge_key(line) not in running]


def _continues(previous: str, following: str) -> bool:
    """A page's first paragraph continues the previous page's last: no sentence end before, lower case after."""
    return not previous.endswith(_SENTENCE_END) and following[:1].islower()


def _join(line: str, following: str) -> str:
    """Join two pieces of running text, undoing a hyphenation at the break."""
    if _HYPHEN_END.search(line) and following[:1].islower():
        return line[:-1] + following  # "transla-" + "tion" → "translation"
    return f"{line} {following}"


def page_paragraphs(lines: list[str]) -> list[str]:
    """Join a page's lines into paragraphs (hyphenated words rejoined)."""
    lengths = sorted(len(line) for line in lines if line.strip())
    if not lengths:
        return []
    full = lengths[int(0.9 * (len(lengths) - 1))]  # a full line's length on this page
    paragraphs: list[str] = []
    current = ""
    for line in lines:
        line = " ".join(line.split())
        if not line:
            if current:
                paragraphs.append(current)
            current = ""
            continue
        current = _join(current, line) if current else line
        if len(line) < 0.75 * full and (line.endswith(_SENTENCE_END) or len(line) < 0.5 * full):
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return paragraphs


class PdfReader(DocumentReader):
    """The text layer of a PDF (no OCR): paragraphs per page, running headers and footers dropped."""

    name = "pdf"
    requires = ("pypdf", "formats")

    def parse(self, data: bytes, path: Path) -> SourceDocument:
        from pypdf import PdfReader as Reader
        from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError, PyPdfError

        document = SourceDocument(path, self.name, warnings=[f"{path}: {LOSSY_WARNING}"])
        if not data.lstrip()[:5] == b"%PDF-":
            raise InputError(f"{path}: not a PDF file (it does not start with %PDF-); pass --input-format "
                             "for another format")
        try:
            reader = Reader(io.BytesIO(data), strict=False)
            if reader.is_encrypted and not reader.decrypt(""):
                raise FileNotDecryptedError("a password is needed")
            pages: list[list[str]] = []
            empty: list[int] = []
            for number, page in enumerate(reader.pages, start=1):
                text = page.extract_text() or ""
                if not text.strip():
                    empty.append(number)
                pages.append(text.split("\n"))
        except (FileNotDecryptedError, DependencyError):
            raise InputError(f"{path}: the PDF is password-protected; remove the password (or export an "
                             "unprotected copy) and try again") from None
        except PyPdfError as exc:
            if type(exc).__name__ == "LimitReachedError":  # pypdf's own bound on inflated streams (75 MB)
                raise InputError(f"{path}: a compressed stream in the PDF inflates past the PDF reader's limit "
                                 f"({first_line(exc)}): a damaged file or a decompression bomb") from None
            raise InputError(f"{path}: a damaged PDF ({first_line(exc)}); re-export it and try again") from None
        except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError,
                ArithmeticError, AssertionError, LookupError) as exc:  # pypdf on damaged input: no traceback
            raise InputError(f"{path}: a damaged PDF ({first_line(exc)}); re-export it and try again") from None
        if pages and len(empty) == len(pages):
            raise InputError(f"{path}: the PDF has no text layer (scanned pages?); run OCR on it first "
                             "(e.g. ocrmypdf) and try again")
        if empty:
            listed = ", ".join(map(str, empty[:10])) + ("…" if len(empty) > 10 else "")
            document.warnings.append(f"{path}: page(s) {listed} have no text layer and were skipped (no OCR)")
            document.skipped["page without text"] += len(empty)
        running = running_lines([[line for line in lines if line.strip()] for lines in pages])
        for number, lines in enumerate(pages, start=1):
            kept = _drop_running(lines, running)
            if len(kept) < len(lines):
                document.skipped["running header/footer line"] += len(lines) - len(kept)
            found = page_paragraphs(kept)
            if found and document.paragraphs and _continues(document.paragraphs[-1].text, found[0]):
                last = document.paragraphs.pop()  # a paragraph running on from the previous page
                found[0] = _join(last.text, found[0])
                document.paragraphs.append(Paragraph(found.pop(0), last.context))
            document.paragraphs.extend(Paragraph(text, f"page {number}") for text in found)
        return document
