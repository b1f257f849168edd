"""HTML with lxml.html: block elements become paragraphs; scripts, styles, navigation and code are skipped.

The encoding comes from a byte-order mark, else the ``<meta charset>`` (or ``http-equiv``) declaration,
else UTF-8; a page that is not valid in the encoding it declares is refused with the file name.
"""

from __future__ import annotations

import codecs
import re
import sys
from collections import Counter
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from aligntool.core.errors import InputError
from aligntool.core.limits import MARKUP_DEPTH
from aligntool.core.nesting import parse_html

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib
from aligntool.core.inline import NOTE_MARK, CodedBuilder, CodedText, InlineCode
from aligntool.formats.documents.base import DocumentReader, Paragraph, SourceDocument


def _elements() -> dict[str, Any]:
    data = resources.files("aligntool.formats.documents.data")
    return tomllib.loads(data.joinpath("html_elements.toml").read_text(encoding="utf-8"))


_ELEMENTS = _elements()
#: elements whose text starts a new paragraph (their inline content is one paragraph)
BLOCKS = frozenset(_ELEMENTS["blocks"])
#: elements whose content is never translated (counted in ``skipped``)
SKIPPED = frozenset(_ELEMENTS["skipped"])
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
        name = codecs.lookup(declared).name
    except LookupError:
        raise InputError(f"{path}: the page declares an unknown encoding '{declared}' in its <meta charset>; "
                         "fix the declaration or re-save the page as UTF-8") from None
    # HTML's rule: a <meta> cannot declare UTF-16 (it would not be readable as ASCII); browsers read UTF-8.
    return "utf-8" if name.startswith("utf-16") else name


class HtmlReader(DocumentReader):
    """Web pages: headings, paragraphs, list items, table cells, captions; one paragraph per block."""

    name = "html"

    def parse(self, data: bytes, path: Path) -> SourceDocument:
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
            root, flattened = parse_html(text)  # never cut short at libxml2's depth limit
        except (etree.ParserError, ValueError) as exc:
            raise InputError(f"{path}: cannot parse the HTML ({exc})") from None
        document.paragraphs.extend(Paragraph(p.coded.text, p.context, codes=p.coded.codes, wrap=p.wrap)
                                   for p in html_paragraphs(root, document.skipped))
        if flattened:
            document.warnings.append(f"{path}: {flattened} element(s) nested deeper than the HTML parser allows "
                                     f"were flattened into their ancestor (their text is kept); {MARKUP_DEPTH.hint()}")
        return document


def html_paragraphs(root: Any, skipped: Counter[str]) -> list[HtmlParagraph]:
    """Every paragraph of a parsed page, in order (what the reader returns, with the tree slots for a writer)."""
    walker = _Walker(skipped)
    walker.block(root, "body")
    return walker.found


#: inline element → code type, for elements kept as a pair around their text / as one isolated code
PAIRED: dict[str, str] = dict(_ELEMENTS["paired"])
ISOLATED: dict[str, str] = dict(_ELEMENTS["isolated"])


def start_tag(element: Any) -> str:
    """``<a href="…">``: an element's start tag as HTML (the native markup of its opening code)."""
    from html import escape

    attrs = "".join(f' {name}="{escape(value, quote=True)}"' for name, value in element.attrib.items())
    return f"<{element.tag}{attrs}>"


def outer_html(element: Any) -> str:
    """An element as HTML, without its tail."""
    import lxml.html

    return lxml.html.tostring(element, encoding="unicode", with_tail=False)


@dataclass
class HtmlParagraph:
    """A paragraph found by the walker: where it is, its text with codes, and the tree slots it came from
    (``("text", element)``: the element's text; ``("tail", element)``: its tail; ``("element", element)``: an
    inline child) so that a writer can put a translation in their place."""

    context: str
    coded: CodedText
    wrap: tuple[InlineCode, ...]
    slots: list[tuple[str, Any]]


class _Walker:
    """Collects a paragraph per block, with its inline codes; nested blocks are flushed as their own paragraphs."""

    def __init__(self, skipped: Counter[str]) -> None:
        self.found: list[HtmlParagraph] = []
        self.skipped = skipped

    def block(self, element: Any, context: str) -> None:
        builder = CodedBuilder()
        builder.text(element.text or "")
        slots: list[tuple[str, Any]] = [("text", element)]
        for child in element:
            tag = child.tag if isinstance(child.tag, str) else ""
            if not tag:  # comment or processing instruction
                pass
            elif tag in SKIPPED or (tag == "pre") or (tag == "code" and element.tag == "pre"):
                self.skipped["code block" if tag == "pre" else tag] += 1
            elif tag == "head":
                title = child.find("title")
                if title is not None and (title.text or "").strip():
                    titled = CodedBuilder()
                    titled.text(title.text_content())
                    self._flush("title", titled, [("text", title)])
                for dropped in child.iter(*SKIPPED):
                    self.skipped[dropped.tag] += 1
            elif tag in BLOCKS:
                self._flush(context, builder, slots)
                builder, slots = CodedBuilder(), []
                self.block(child, tag)
            else:
                slots.append(("element", child))
                self._inline(child, builder)
            builder.text(child.tail or "")
            slots.append(("tail", child))
        self._flush(context, builder, slots)

    def _inline(self, element: Any, builder: CodedBuilder) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if not tag:
            return
        if tag in SKIPPED:
            self.skipped[tag] += 1
            builder.isolated(tag, outer_html(element))  # kept in place, never translated
            return
        if tag in ISOLATED:
            if tag == "br":
                builder.isolated("break", outer_html(element), attrs=(("text", "\n"),))
                builder.text(_BR)
                return
            builder.isolated(ISOLATED[tag], outer_html(element), element.text_content() if tag != "img" else "",
                             _link(element))
            return
        if tag in BLOCKS:  # a block inside an inline element (invalid, but common): its own line
            builder.text(_BR)
        if _is_note_reference(element):  # "Security<sup>1</sup>": a code, so the word stays clean
            builder.isolated("footnote", outer_html(element), element.text_content().strip(), _link(element))
            return
        pair = builder.open(PAIRED.get(tag, "span"), start_tag(element), _link(element))
        builder.text(element.text or "")
        for child in element:
            self._inline(child, builder)
            builder.text(child.tail or "")
        builder.close(pair, PAIRED.get(tag, "span"), f"</{tag}>")
        if tag in BLOCKS:
            builder.text(_BR)

    def _flush(self, context: str, builder: CodedBuilder, slots: list[tuple[str, Any]]) -> None:
        # Source line breaks are spaces in HTML; only <br> (and a block inside inline markup) breaks a line.
        coded, wrap = builder.build(lines=False)
        if coded.text:
            self.found.append(HtmlParagraph(context, coded, wrap, slots))


def _link(element: Any) -> tuple[tuple[str, str], ...]:
    href = element.get("href") if element.tag == "a" else element.get("src") if element.tag == "img" else None
    return (("href", href),) if href else ()


def _is_note_reference(element: Any) -> bool:
    """``<sup>1</sup>``, ``<a href="#fn1"><sup>1</sup></a>``, ``<sup><a href="#fn1">[1]</a></sup>``."""
    if element.tag == "sup":
        return bool(NOTE_MARK.match(element.text_content()))
    if element.tag == "a" and (element.get("href") or "").startswith("#") and len(element) == 1:
        return element[0].tag == "sup" and not (element.text or "").strip() and _is_note_reference(element[0])
    return False
