"""Markdown (CommonMark plus tables) with markdown-it-py: headings, paragraphs, list items, table cells.

Code blocks (fenced and indented) and raw HTML blocks are not translated; inline code stays in its sentence
as written. Markup is dropped: a link keeps its text, an image its alt text is left out.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from aligntool.core.safeio import decode_document
from aligntool.formats.documents.base import DocumentReader, Paragraph, SourceDocument

_SKIPPED = {"fence": "code block", "code_block": "code block", "html_block": "HTML block"}


def _inline_text(token: Any, skipped: Any) -> str:
    parts: list[str] = []
    for child in token.children or ():
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "softbreak":
            parts.append(" ")
        elif child.type == "hardbreak":
            parts.append("\n")
        elif child.type in ("image", "html_inline"):
            skipped["image" if child.type == "image" else "inline HTML"] += 1
    return "\n".join(" ".join(line.split()) for line in "".join(parts).split("\n")).strip()


class MarkdownReader(DocumentReader):
    """Markdown files: one paragraph per heading, paragraph, list item or table cell."""

    name = "markdown"
    requires = ("markdown_it", "formats")

    def parse(self, data: bytes, path: Path) -> SourceDocument:
        from markdown_it import MarkdownIt


        text = decode_document(data, path)
        document = SourceDocument(path, self.name)
        parser = MarkdownIt("commonmark").enable("table")
        kind = "paragraph"
        kinds: list[str] = []  # open containers: list item, blockquote, table cell
        for token in parser.parse(text):
            if token.type in _SKIPPED:
                document.skipped[_SKIPPED[token.type]] += 1
            elif token.type == "heading_open":
                kind = token.tag
            elif token.type in ("list_item_open", "blockquote_open", "th_open", "td_open"):
                kinds.append({"list_item_open": "list item", "blockquote_open": "quote"}.get(token.type, "table cell"))
            elif token.type in ("list_item_close", "blockquote_close", "th_close", "td_close"):
                kinds.pop()
            elif token.type == "inline":
                content = _inline_text(token, document.skipped)
                if content:
                    where = kind if kind != "paragraph" else (kinds[-1] if kinds else "paragraph")
                    line = f", line {token.map[0] + 1}" if token.map else ""
                    document.paragraphs.append(Paragraph(content, where + line))
                kind = "paragraph"
        return document
