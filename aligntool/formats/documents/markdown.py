"""Markdown (CommonMark plus tables) with markdown-it-py: headings, paragraphs, list items, table cells.

Code blocks (fenced and indented) and raw HTML blocks are not translated. Inline markup is kept as codes
(:mod:`aligntool.core.inline`): emphasis, strong, strikethrough and links are pairs around their text (a
link's URL is in its closing code), an inline HTML element closed in the same paragraph is a pair too; inline
code, images, hard breaks, footnote references (``[^1]``, ``<sup>1</sup>``) and other inline HTML are isolated
codes whose content never reaches MT.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aligntool.core.inline import NOTE_MARK, CodedBuilder, CodedText, InlineCode
from aligntool.core.limits import MARKUP_DEPTH
from aligntool.core.nesting import MarkdownDepthGuard
from aligntool.core.safeio import decode_document
from aligntool.formats.documents.base import DocumentReader, Paragraph, SourceDocument
from aligntool.formats.documents.html import ISOLATED, PAIRED

#: a footnote reference ``[^label]`` (GitHub, Pandoc, PHP Markdown Extra), ``[^label]:`` where a note starts
_FOOTNOTE = re.compile(r"\[\^([^\]\s]+)\](:[ \t]*)?")
_HTML_OPEN = re.compile(r"^<([A-Za-z][\w-]*)\b[^>]*(?<!/)>$")
_HTML_TAG = re.compile(r"^<([A-Za-z][\w-]*)")
_HTML_CLOSE = re.compile(r"^</([A-Za-z][\w-]*)\s*>$")
_SKIPPED = {"fence": "code block", "code_block": "code block", "html_block": "HTML block"}
#: markdown-it token name → code type
_TYPES = {"em": "italic", "strong": "bold", "s": "strike", "link": "link"}


@dataclass(frozen=True)
class MarkdownParagraph:
    """A paragraph as the reader finds it, with the source lines it spans (``lines``: first, end) and its inline
    source as written (``raw``: the lines' content without container markers, joined by line feeds)."""

    context: str
    coded: CodedText
    wrap: tuple[InlineCode, ...]
    lines: tuple[int, int] | None
    raw: str = ""


def _link_close(token: Any) -> str:
    href = token.attrGet("href") or ""
    title = token.attrGet("title")
    return f"]({href}" + (f' "{title}"' if title else "") + ")"


def _footnotes(builder: CodedBuilder, text: str, first: bool) -> None:
    """Text with its footnote references (``Security[^1]``) as isolated codes, so the word before stays clean;
    a footnote's own marker (``[^1]:`` opening its paragraph, ``first``) too."""
    position = 0
    for match in _FOOTNOTE.finditer(text):
        if match.group(2) and not (first and match.start() == 0):  # "[^1]:" only opens a footnote's text
            continue
        builder.text(text[position:match.start()])
        builder.isolated("footnote", match.group(0))
        position = match.end()
    builder.text(text[position:])


def _closing(token: Any) -> str:
    """The element inline HTML ``token`` closes ('' if it closes none)."""
    found = _HTML_CLOSE.match(token.content) if token.type == "html_inline" else None
    return found.group(1).lower() if found is not None else ""


def _html_pairs(children: list[Any]) -> set[int]:
    """Indices of the inline HTML tags that pair up: an open tag and the close of the same element at the same
    Markdown nesting (so pairs never cross emphasis or links); every other tag stays an isolated code."""
    paired: set[int] = set()
    pending: list[tuple[str, int, int]] = []  # (element, index, Markdown depth) of open tags not yet closed
    depth = 0
    for index, child in enumerate(children):
        if child.type == "html_inline":
            opening, closed = _HTML_OPEN.match(child.content), _closing(child)
            if opening:
                pending.append((opening.group(1).lower(), index, depth))
            elif closed and pending and pending[-1][0] == closed and pending[-1][2] == depth:
                paired.update((pending.pop()[1], index))
        elif child.type.endswith("_open"):
            depth += 1
        elif child.type.endswith("_close"):
            depth -= 1
            while pending and pending[-1][2] > depth:  # left open inside the emphasis or link: no pair
                pending.pop()
    return paired


def _html_inline(children: list[Any], index: int, builder: CodedBuilder, stack: list[tuple[int, str, str, str]],
                 paired: set[int]) -> int:
    """Inline HTML at ``children[index]``: a superscript note number (``<sup>1</sup>``) is one isolated code, a
    tag closed later in the paragraph opens a pair (typed as the HTML reader types it), any other tag is an
    isolated code. ``paired``: :func:`_html_pairs`. Returns how many children it used."""
    content = children[index].content
    opening = _HTML_OPEN.match(content)
    if opening and opening.group(1).lower() == "sup" and index + 2 < len(children):
        note, closing = children[index + 1], children[index + 2]
        if note.type == "text" and NOTE_MARK.match(note.content) and _closing(closing) == "sup":
            builder.isolated("footnote", content + note.content + closing.content)
            return 3
    if index in paired and opening:
        type_ = PAIRED.get(opening.group(1).lower(), "span")
        stack.append((builder.open(type_, content), type_, "", opening.group(1).lower()))
        return 1
    if index in paired and stack and stack[-1][3]:
        pair, type_, _native, _name = stack.pop()
        builder.close(pair, type_, content)
        return 1
    tag = _HTML_TAG.match(content)
    name = tag.group(1).lower() if tag else ""
    if ISOLATED.get(name) == "break":  # <br>, <br/>: a line break, as a hard break
        builder.isolated("break", content, attrs=(("text", "\n"),))
        builder.text("\n")
    else:
        builder.isolated(ISOLATED.get(name, "html"), content)  # kept and written back: not left out
    return 1


def _coded_inline(token: Any) -> tuple[CodedText, tuple[InlineCode, ...]]:
    """An inline token's text with its emphasis, links, inline code, images, footnote references and inline HTML
    as codes."""
    builder = CodedBuilder()
    stack: list[tuple[int, str, str, str]] = []  # (pair, type, native of the close, HTML element or '')
    children = list(token.children or ())
    paired = _html_pairs(children)
    index = 0
    while index < len(children):
        child = children[index]
        kind = child.type
        index += 1
        if kind == "text":
            _footnotes(builder, child.content, index == 1)
        elif kind == "softbreak":
            builder.text(" ")
        elif kind == "hardbreak":
            builder.isolated("break", "\\\n" if child.markup == "\\" else "  \n", attrs=(("text", "\n"),))
            builder.text("\n")
        elif kind == "code_inline":  # never translated
            builder.isolated("code", f"{child.markup}{child.content}{child.markup}", child.content)
        elif kind == "image":
            src, title = child.attrGet("src") or "", child.attrGet("title")
            alt = "".join(c.content for c in child.children or ())
            native = f"![{alt}]({src}" + (f' "{title}"' if title else "") + ")"
            builder.isolated("image", native, alt, (("href", src),))
        elif kind == "html_inline":
            index += _html_inline(children, index - 1, builder, stack, paired) - 1
        elif kind.endswith("_open"):
            type_ = _TYPES.get(kind[:-5], "span")
            if kind == "link_open":
                href = child.attrGet("href") or ""
                stack.append((builder.open(type_, "[", (("href", href),)), type_, _link_close(child), ""))
            else:
                stack.append((builder.open(type_, child.markup), type_, child.markup, ""))
        elif kind.endswith("_close") and stack and not stack[-1][3]:  # HTML pairs close inside (_html_pairs)
            pair, type_, native, _name = stack.pop()
            builder.close(pair, type_, native)
    return builder.build()


def markdown_paragraphs(text: str, skipped: Any, guard: MarkdownDepthGuard | None = None) -> list[MarkdownParagraph]:
    """Every paragraph of a Markdown text, in order (the reader's paragraphs, with their source lines). Nesting
    past the depth limit is flattened by ``guard`` (a new one if not given), which counts what it flattened."""
    from markdown_it import MarkdownIt

    guard = guard if guard is not None else MarkdownDepthGuard()
    parser = guard.install(MarkdownIt("commonmark").enable("table").enable("strikethrough"))
    found: list[MarkdownParagraph] = []
    kind = "paragraph"
    kinds: list[str] = []  # open containers: list item, blockquote, table cell
    for token in parser.parse(text):
        if token.type in _SKIPPED:
            skipped[_SKIPPED[token.type]] += 1
        elif token.type == "heading_open":
            kind = token.tag
        elif token.type in ("list_item_open", "blockquote_open", "th_open", "td_open"):
            kinds.append({"list_item_open": "list item", "blockquote_open": "quote"}.get(token.type, "table cell"))
        elif token.type in ("list_item_close", "blockquote_close", "th_close", "td_close"):
            kinds.pop()
        elif token.type == "inline":
            coded, wrap = _coded_inline(token)
            if coded.text:
                where = kind if kind != "paragraph" else (kinds[-1] if kinds else "paragraph")
                line = f", line {token.map[0] + 1}" if token.map else ""
                found.append(MarkdownParagraph(where + line, coded, wrap, tuple(token.map) if token.map else None,
                                               token.content))
            kind = "paragraph"
    return found


class MarkdownReader(DocumentReader):
    """Markdown files: one paragraph per heading, paragraph, list item or table cell."""

    name = "markdown"
    requires = ("markdown_it", "formats")

    def parse(self, data: bytes, path: Path) -> SourceDocument:
        text = decode_document(data, path)
        document = SourceDocument(path, self.name)
        guard = MarkdownDepthGuard()  # nesting past the limit is flattened into a paragraph, never dropped
        document.paragraphs.extend(Paragraph(p.coded.text, p.context, codes=p.coded.codes, wrap=p.wrap)
                                   for p in markdown_paragraphs(text, document.skipped, guard))
        if guard.flattened:
            document.warnings.append(f"{path}: {guard.flattened} block(s) nested deeper than {guard.limit} levels "
                                     f"were read as plain paragraphs (their text is kept); {MARKUP_DEPTH.hint()}")
        return document
