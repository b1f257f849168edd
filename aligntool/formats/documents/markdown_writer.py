"""The translated Markdown file: the source with each paragraph's inline text replaced in its lines.

Paragraphs are found by the reader's own walk (:func:`aligntool.formats.documents.markdown.markdown_paragraphs`), which
gives each one's source lines; there, its inline source is replaced by the translation with its codes written
back as the markup they were read from (``**``, ``[``…``](url)``, inline code). Headings, list markers, quotes,
table pipes, code blocks and raw HTML stay as they were. A paragraph wrapped over several lines becomes one
line. Characters that would start markup in the translation (``*``, ``_``, backticks, brackets) are escaped.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from aligntool.core.inline import CodedText
from aligntool.formats.documents.html_writer import coded_markup
from aligntool.formats.documents.markdown import markdown_paragraphs

_SPECIAL = re.compile(r"([\\`*_\[\]<>])")


def escape_markdown(text: str) -> str:
    """Text that reads back as itself, not as markup."""
    return _SPECIAL.sub(r"\\\1", text)


def write_markdown(text: str, translations: Sequence[CodedText | None]) -> str:
    """``text`` (a decoded Markdown file) with its paragraphs replaced by ``translations`` (the reader's order;
    None keeps one)."""
    lines = text.split("\n")
    cursor: dict[int, int] = {}  # line → where the next search on it starts (several table cells on one line)
    for paragraph, translation in zip(markdown_paragraphs(text, Counter()), translations, strict=False):
        raw = paragraph.raw
        if translation is None:
            continue
        markup = coded_markup(translation, paragraph.wrap, escape=escape_markdown, newline=" ")
        if paragraph.lines is None:
            continue
        first, end = paragraph.lines
        pieces = raw.split("\n")
        for number, piece in enumerate(pieces):
            line = first + number
            while line < end and piece.strip() and piece.strip() not in lines[line]:
                line += 1
            if line >= end:
                break
            start = lines[line].find(piece.strip(), cursor.get(line, 0))
            if start < 0:
                break
            replacement = markup if number == 0 else ""
            lines[line] = lines[line][:start] + replacement + lines[line][start + len(piece.strip()):]
            cursor[line] = start + len(replacement)
            if number and not lines[line].strip(" >"):
                lines[line] = "\x00"  # a continuation line now empty: dropped below
    return "\n".join(line for line in lines if line != "\x00")
