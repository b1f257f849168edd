"""HTML with lxml.html: block elements become paragraphs; scripts, styles, navigation and code are skipped.

The encoding comes from a byte-order mark, else the ``<meta charset>`` (or ``http-equiv``) declaration,
else UTF-8; a page that is not valid in the encoding it declares is refused with the file name.
"""

from __future__ import annotations

import codecs
import re
import sys
from collections import Counter
from importlib import resources
from pathlib import Path
from typing import Any

from aligntool.core.errors import InputError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib
from aligntool.formats.documents.base import DocumentReader, Paragraph, SourceDocument


def _elements() -> dict[str, frozenset[str]]:
    data = resources.files("aligntool.formats.documents.data")
    text = data.joinpath("html_elements.toml").read_text(encoding="utf-8")
    return {key: frozenset(value) for key, value in tomllib.loads(text).items()}


_ELEMENTS = _elements()
#: elements whose text starts a new paragraph (their inline content is one paragraph)
BLOCKS = _ELEMENTS["blocks"]
#: elements whose content is never translated (counted in ``skipped``)
SKIPPED = _ELEMENTS["skipped"]
_BR = "\x00"  # a line break from markup, kept apart from the source's own whitespace
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def html_encoding(data: bytes, path: Path) -> str:
    """The page's encoding: BOM, then the meta declaration (first 4 KiB), then UTF-8."""
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                      (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return name
    match = _CHARSET.search(data[:4096])
    if match is None:
        return "utf-8"
    declared = match.group(1).decode("ascii").lower()
    try:
        return codecs.lookup(declared).name
    except LookupError:
        raise InputError(f"{path}: the page declares an unknown encoding '{declared}' in its <meta charset>; "
                         "fix the declaration or re-save the page as UTF-8") from None


class HtmlReader(DocumentReader):
    """Web pages: headings, paragraphs, list items, table cells, captions; one paragraph per block."""

    name = "html"

    def parse(self, data: bytes, path: Path) -> SourceDocument:
        import lxml.html
        from lxml import etree

        encoding = html_encoding(data, path)
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            raise InputError(f"{path}:{line}: not valid {encoding} (byte 0x{data[exc.start]:02x}); declare the "
                             "page's real encoding in <meta charset> or re-save it as UTF-8") from None
        document = SourceDocument(path, self.name)
        text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text.lstrip("\ufeff"))  # lxml refuses a str with a declaration
        if not text.strip():
            return document
        try:
            root = lxml.html.document_fromstring(text)
        except (etree.ParserError, ValueError) as exc:
            raise InputError(f"{path}: cannot parse the HTML ({exc})") from None
        walker = _Walker(document.skipped)
        walker.block(root, "body")
        document.paragraphs.extend(Paragraph(t, c) for c, t in walker.found)
        return document


class _Walker:
    """Collects (context, text) per block; nested blocks are flushed as their own paragraphs."""

    def __init__(self, skipped: Counter[str]) -> None:
        self.found: list[tuple[str, str]] = []
        self.skipped = skipped

    def block(self, element: Any, context: str) -> None:
        parts: list[str] = [element.text or ""]
        for child in element:
            tag = child.tag if isinstance(child.tag, str) else ""
            if not tag:  # comment or processing instruction
                parts.append(child.tail or "")
                continue
            if tag in SKIPPED or (tag == "pre") or (tag == "code" and element.tag == "pre"):
                self.skipped["code block" if tag == "pre" else tag] += 1
            elif tag == "head":
                title = child.find("title")
                if title is not None and (title.text or "").strip():
                    self._flush("title", [title.text_content()])
                for dropped in child.iter(*SKIPPED):
                    self.skipped[dropped.tag] += 1
            elif tag in BLOCKS:
                self._flush(context, parts)
                parts = []
                self.block(child, tag)
            elif tag == "br":
                parts.append(_BR)
            else:
                self._inline(child, parts)
            parts.append(child.tail or "")
        self._flush(context, parts)

    def _inline(self, element: Any, parts: list[str]) -> None:
        parts.append(element.text or "")
        for child in element:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag in SKIPPED:
                self.skipped[tag] += 1
            elif tag == "br":
                parts.append(_BR)
            elif tag in BLOCKS:  # a block inside an inline element (invalid, but common): its own line
                parts.append(_BR)
                self._inline(child, parts)
                parts.append(_BR)
            elif tag:
                self._inline(child, parts)
            parts.append(child.tail or "")

    def _flush(self, context: str, parts: list[str]) -> None:
        # Source line breaks are spaces in HTML; only <br> (and a block inside inline markup) breaks a line.
        lines = (" ".join(line.split()) for line in "".join(parts).split(_BR))
        text = "\n".join(line for line in lines if line)
        if text:
            self.found.append((context, text))
