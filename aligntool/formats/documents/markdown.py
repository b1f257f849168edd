"""Markdown (CommonMark plus tables) with markdown-it-py: headings, paragraphs, list items, table cells.

Code blocks (fenced and indented) and raw HTML blocks are not translated. Inline markup is kept as codes
(:mod:`aligntool.core.inline`): emphasis, strong, strikethrough and links are pairs around their text (a
link's URL is in its closing code), inline code, images, hard breaks and inline HTML are isolated codes whose
content never reaches MT.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aligntool.core.inline import CodedBuilder, CodedText, InlineCode
from aligntool.core.safeio import decode_document
from aligntool.formats.documents.base import DocumentReader, Paragraph, SourceDocument

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


def _coded_inline(token: Any, skipped: Any) -> tuple[CodedText, tuple[InlineCode, ...]]:
    """An inline token's text with its emphasis, links, inline code, images and inline HTML as codes."""
    builder = CodedBuilder()
    stack: list[tuple[int, str, str]] = []  # (pair, type, native of the close)
    for child in token.children or ():
        kind = child.type
        if kind == "text":
            builder.text(child.content)
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
            builder.isolated("html", child.content)
            skipped["inline HTML"] += 1
        elif kind.endswith("_open"):
            type_ = _TYPES.get(kind[:-5], "span")
            if kind == "link_open":
                href = child.attrGet("href") or ""
                stack.append((builder.open(type_, "[", (("href", href),)), type_, _link_close(child)))
            else:
                stack.append((builder.open(type_, child.markup), type_, child.markup))
        elif kind.endswith("_close") and stack:
            pair, type_, native = stack.pop()
            builder.close(pair, type_, native)
    return builder.build()


def markdown_paragraphs(text: str, skipped: Any) -> list[MarkdownParagraph]:
    """Every paragraph of a Markdown text, in order (the reader's paragraphs, with their source lines)."""
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark").enable("table").enable("strikethrough")
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
            coded, wrap = _coded_inline(token, skipped)
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
        document.paragraphs.extend(Paragraph(p.coded.text, p.context, codes=p.coded.codes, wrap=p.wrap)
                                   for p in markdown_paragraphs(text, document.skipped))
        return document
