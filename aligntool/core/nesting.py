"""Deeply nested markup (HTML, Markdown) read without losing the rest of the document.

Parsers stop at a nesting depth (libxml2's HTML parser at 255 levels, markdown-it at its ``maxNesting``) and
then drop everything after the deep point, silently. Here nothing is dropped: elements nested deeper than the
limit (:data:`aligntool.core.limits.MARKUP_DEPTH`) are *flattened* into their ancestor at the limit (a deep
block becomes a line break in it, a deep inline element just its text), and the reader warns with the count.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

from aligntool.core.limits import MARKUP_DEPTH

#: Elements without an end tag (they never nest).
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                   "track", "wbr", "keygen", "frame", "basefont", "isindex"})
#: Inline elements: flattened, they leave just their text (a block leaves a line break).
_INLINE = frozenset({"a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "font", "i", "kbd", "label",
                     "mark", "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "time", "tt", "u",
                     "var", "nobr", "big"})
#: Start tags that close an open <p> (HTML's implied end tags), so that sloppy pages are not over-counted.
_CLOSES_P = frozenset({"address", "article", "aside", "blockquote", "details", "div", "dl", "fieldset", "figcaption",
                       "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr",
                       "main", "menu", "nav", "ol", "p", "pre", "section", "table", "ul", "li", "dd", "dt"})
#: tag → (the tags it closes when open, the container that stops the search)
_SIBLINGS = {"li": ({"li"}, {"ul", "ol", "menu"}), "td": ({"td", "th"}, {"tr", "table"}),
             "th": ({"td", "th"}, {"tr", "table"}), "tr": ({"tr", "td", "th"}, {"table", "tbody", "thead", "tfoot"}),
             "dt": ({"dt", "dd"}, {"dl"}), "dd": ({"dt", "dd"}, {"dl"}), "option": ({"option"}, {"select"})}
#: libxml2's own HTML depth limit (XML_PARSE_HUGE off): a page deeper than this is flattened before parsing.
LIBXML2_HTML_DEPTH = 255


class _Flattener(HTMLParser):
    """Re-emits the markup as written, leaving out the tags of elements nested deeper than ``limit``."""

    def __init__(self, limit: int) -> None:
        super().__init__(convert_charrefs=False)
        self.limit = limit
        self.out: list[str] = []
        self.stack: list[tuple[str, bool]] = []  # open elements: (tag, kept)
        self.flattened = 0

    def _pop_to(self, index: int) -> None:
        del self.stack[index:]  # an implied end: the parser closes these itself, nothing to write

    def _implied_ends(self, tag: str) -> None:
        if tag in _CLOSES_P and self.stack and self.stack[-1][0] == "p":
            self.stack.pop()
        if tag in _SIBLINGS:
            closes, stop = _SIBLINGS[tag]
            for index in range(len(self.stack) - 1, -1, -1):
                name = self.stack[index][0]
                if name in stop:
                    break
                if name in closes:
                    self._pop_to(index)
                    break

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raw = self.get_starttag_text() or f"<{tag}>"
        if tag in _VOID:
            self.out.append(raw)
            return
        self._implied_ends(tag)
        kept = len(self.stack) < self.limit
        if kept:
            self.out.append(raw)
        else:
            self.flattened += 1
            if tag not in _INLINE:
                self.out.append("<br>")
        self.stack.append((tag, kept))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(self.get_starttag_text() or f"<{tag}/>")

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                kept = self.stack[index][1]
                del self.stack[index:]
                if kept:
                    self.out.append(f"</{tag}>")
                elif tag not in _INLINE:
                    self.out.append("<br>")
                return
        self.out.append(f"</{tag}>")  # a stray end tag: the parser decides

    def handle_data(self, data: str) -> None:
        self.out.append(data)

    def handle_entityref(self, name: str) -> None:
        self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.out.append(f"&#{name};")

    def handle_comment(self, data: str) -> None:
        self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        self.out.append(f"<!{decl}>")

    def handle_pi(self, data: str) -> None:
        self.out.append(f"<?{data}>")

    def unknown_decl(self, data: str) -> None:
        self.out.append(f"<![{data}]>")


def flatten_html(text: str, limit: int) -> tuple[str, int]:
    """The page with elements nested deeper than ``limit`` flattened, and how many were."""
    flattener = _Flattener(limit)
    flattener.feed(text)
    flattener.close()
    return "".join(flattener.out), flattener.flattened


def parse_html(text: str) -> tuple[Any, int]:
    """``lxml.html`` document tree of a page, never cut short by its depth: (root, elements flattened).

    The page is parsed as it is; only when libxml2 reports that it stopped at its depth limit is it flattened
    to :data:`MARKUP_DEPTH` levels (at most 255) and parsed again.
    """
    import lxml.html

    parser = lxml.html.HTMLParser()
    root = lxml.html.document_fromstring(text, parser=parser)
    if not any("Excessive depth" in entry.message for entry in parser.error_log):
        return root, 0
    limit = min(MARKUP_DEPTH.value(), LIBXML2_HTML_DEPTH - 15)
    flattened = 0
    while True:
        text, count = flatten_html(text, limit)
        flattened += count
        parser = lxml.html.HTMLParser()
        root = lxml.html.document_fromstring(text, parser=parser)
        if not any("Excessive depth" in entry.message for entry in parser.error_log) or limit <= 8:
            return root, flattened
        limit //= 2  # the page nests in ways the implied-end rules above do not foresee: flatten harder


# ---- Markdown -------------------------------------------------------------------------------------------

_CONTAINER_MARKS = re.compile(r"^[ \t]*(?:(?:>|[-+*]|\d{1,9}[.)])(?=[ \t]|$)[ \t]*)*")


class MarkdownDepthGuard:
    """A markdown-it block rule, run first: at the depth limit the rest of the container becomes one paragraph
    (container marks such as ``>`` and ``-`` removed from its lines) instead of being dropped.

    Install with :meth:`install`; ``flattened`` counts the containers flattened.
    """

    def __init__(self, limit: int | None = None) -> None:
        self.limit = limit if limit is not None else MARKUP_DEPTH.value()
        self.flattened = 0

    def install(self, md: Any) -> Any:
        """Put the guard in front of markdown-it's block rules and raise its own limit above ours."""
        md.options["maxNesting"] = self.limit + 4
        first = md.block.ruler.get_all_rules()[0]
        md.block.ruler.before(first, "aligntool_depth_guard", self, {"alt": []})
        return md

    def __call__(self, state: Any, start: int, end: int, silent: bool) -> bool:
        if state.level < self.limit:
            return False
        if silent:
            return True
        stop = start + 1  # this block: up to a blank line or a line indented less than the container
        while stop < end and not state.isEmpty(stop) and state.sCount[stop] >= state.blkIndent:
            stop += 1
        lines = state.getLines(start, stop, state.blkIndent, False).split("\n")
        content = "\n".join(_CONTAINER_MARKS.sub("", line) for line in lines).strip()
        state.line = stop
        if not content:
            return True
        self.flattened += 1
        opening = state.push("paragraph_open", "p", 1)
        opening.map = [start, stop]
        inline = state.push("inline", "", 0)
        inline.content = content
        inline.map = [start, stop]
        inline.children = []
        state.push("paragraph_close", "p", -1)
        return True
