"""The translated web page: the source page with each paragraph's inline content replaced by its translation.

The page is parsed as the reader parses it and walked by the reader's own walker
(:func:`aligntool.formats.documents.html.html_paragraphs`), which says where each paragraph's text and inline elements
are; those are replaced by the translation with its codes written back as the markup they were read from.
Everything else (head, scripts, styles, attributes, blocks, tables) is the source's. The page is written in the
encoding it declares (characters that encoding lacks as character references) and ``<html lang>`` names the
target language.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from aligntool.core.errors import InputError
from aligntool.core.inline import CodedText, CodeKind, InlineCode
from aligntool.core.nesting import parse_html
from aligntool.formats.documents.html import html_encoding, html_paragraphs


def coded_markup(coded: CodedText, wrap: Sequence[InlineCode] = (), escape: Any = html.escape,
                 newline: str = "\n") -> str:
    """Text with its codes' native markup in place (text escaped by ``escape``; a line feed a code does not
    stand for becomes ``newline``); ``wrap``: whole-paragraph pairs, written around it all."""
    parts = [code.native for code in wrap if code.kind is CodeKind.OPEN]
    position = 0
    for placed in coded.codes:
        parts.append(escape(coded.text[position:placed.offset]).replace("\n", newline))
        position = max(position, placed.offset)
        parts.append(placed.code.native)
        stands_for = placed.code.attr("text")
        if stands_for and coded.text.startswith(stands_for, position):
            position += len(stands_for)
    parts.append(escape(coded.text[position:]).replace("\n", newline))
    parts.extend(code.native for code in wrap if code.kind is CodeKind.CLOSE)
    return "".join(parts)


def write_html(data: bytes, path: Path, translations: Sequence[CodedText | None], lang: str) -> bytes:
    """The page in ``data`` with its paragraphs replaced by ``translations`` (the reader's order; None keeps
    one); the new page as bytes in the page's encoding."""
    import re
    from collections import Counter

    from lxml import etree

    encoding = html_encoding(data, path)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        raise InputError(f"{path}: not valid {encoding}; re-save the page as UTF-8") from None
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text.lstrip("\ufeff"))
    root, _flattened = parse_html(text)  # as the reader parses it: a page too deep is flattened, not cut short
    paragraphs = html_paragraphs(root, Counter())
    for paragraph, translation in zip(paragraphs, translations, strict=False):
        if translation is not None:
            _replace(paragraph.slots, coded_markup(translation, paragraph.wrap))
    if root.tag == "html":
        root.set("lang", lang)
    doctype = root.getroottree().docinfo.doctype or "<!DOCTYPE html>"
    out: bytes = etree.tostring(root, method="html", encoding=encoding, doctype=doctype)
    return out


def _replace(slots: list[tuple[str, Any]], markup: str) -> None:
    """Put ``markup`` where the slots' text and inline elements were."""
    import lxml.html

    holder = lxml.html.fragment_fromstring(markup or " ", create_parent="div")
    for kind, node in slots:
        if kind == "text":
            node.text = None
        elif kind == "tail":
            node.tail = None
    for kind, node in slots:
        if kind == "element" and node.getparent() is not None:
            node.getparent().remove(node)
    kind, anchor = slots[0]
    new_children = list(holder)
    if kind == "text":
        parent, index = anchor, 0
        anchor.text = holder.text
    else:
        parent = anchor.getparent()
        index = parent.index(anchor) + 1
        anchor.tail = holder.text
    if parent.tag == "title":  # text only
        parent.text = holder.text_content()
        return
    for offset, child in enumerate(new_children):
        parent.insert(index + offset, child)
