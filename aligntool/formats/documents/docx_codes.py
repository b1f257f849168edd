"""A Word paragraph (``w:p``) as text with inline codes, and back: the one walk the reader and the
translated-document writer share.

Formatting a translator sees (bold, italic, underline, strike, sub/superscript, font and colour, character
styles) is a property of runs; a paired code opens where a property starts and closes where it ends, so Word's
habit of splitting one formatted word into several runs (spell-check marks, revision ids) makes no extra code.
Formatting that covers the whole paragraph is not a code (it stays in every run the writer makes). Hyperlinks
(``w:hyperlink`` and ``HYPERLINK`` fields) are paired codes holding their URL; footnote and endnote
references, tabs, breaks, images, symbols, comment anchors and simple fields are isolated codes (a simple
field keeps its result text in the code, never sent to MT); a complex field with a result is a pair around its
result (a page number, a cross-reference: text MT sees), one without is isolated. Every code holds its
WordprocessingML, and its ``docx`` attribute says how the writer puts it back: ``rpr`` (run properties),
``hyperlink`` (the element, without its runs), ``inline`` (an element inside a run), ``runs`` (runs or
elements written as they were).
Tracked deletions are left out (the text as it reads with all changes accepted); text boxes are counted.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from aligntool.core.inline import NOTE_MARK, CodedBuilder, CodedText, CodeKind, InlineCode

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"


def _table() -> dict[str, Any]:
    text = resources.files("aligntool.formats.documents.data").joinpath("docx_codes.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


_TABLE = _table()
RUN_PROPERTIES: dict[str, str] = _TABLE["run_properties"]
VERT_ALIGN: dict[str, str] = _TABLE["vert_align"]
IGNORED = frozenset(_TABLE["ignored"])
INLINE_ISOLATED: dict[str, dict[str, str]] = _TABLE["inline_isolated"]
PARAGRAPH_ISOLATED: dict[str, str] = dict(_TABLE["paragraph_isolated"])
RPR_ORDER: dict[str, int] = {name: index for index, name in enumerate(_TABLE["rpr_order"])}
_OFF = frozenset({"0", "false", "off", "none"})
#: elements whose content is not in the accepted document (tracked deletions, field codes, duplicates)
_DELETED = {f"{W}del", f"{W}moveFrom", f"{W}delText"}
#: containers whose runs count as the paragraph's own (revisions, content controls, smart tags)
_CONTAINERS = {f"{W}ins", f"{W}moveTo", f"{W}smartTag", f"{W}customXml", f"{W}sdt", f"{W}sdtContent", f"{W}dir",
               f"{W}bdo"}
_HYPERLINK_FIELD = re.compile(r"^\s*HYPERLINK\s+(?:\\[a-z]\s+\S+\s+)*\"?([^\"\s]+)\"?", re.IGNORECASE)


def local(tag: Any) -> str:
    """``{ns}name`` → ``name`` ('' for comments and processing instructions)."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


_XMLNS = re.compile(r'\s+xmlns(?::[\w.-]+)?="[^"]*"')


def xml(element: Any) -> str:
    """An element as WordprocessingML with prefixes and without namespace declarations (``<w:b/>``, what a CAT
    tool shows as the code); :func:`parse_native` reads it back with the document's namespaces."""
    from lxml import etree

    return _XMLNS.sub("", etree.tostring(element, encoding="unicode", with_tail=False))


def parse_native(native: str, nsmap: Mapping[str | None, str]) -> list[Any]:
    """The elements of native markup made by :func:`xml` (``nsmap``: the part's namespace prefixes)."""
    from lxml import etree

    declarations = "".join(f' xmlns:{prefix}="{uri}"' for prefix, uri in nsmap.items() if prefix)
    root = etree.fromstring(f"<native{declarations}>{native}</native>".encode(),
                            etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False))
    return list(root)


def run_properties(rpr: Any) -> dict[str, str]:
    """Code type → the run-property XML that makes it (``{"bold": "<w:b/><w:bCs/>"}``), ignored ones left out."""
    found: dict[str, str] = {}
    if rpr is None:
        return found
    for child in rpr:
        name = local(child.tag)
        if not name or name in IGNORED or child.get(f"{W}val") in _OFF:
            continue  # w:i w:val="0" is no italic: the same as no w:i (outside a style that sets it)
        if name == "vertAlign":
            kind = VERT_ALIGN.get(child.get(f"{W}val", ""), "font")
        else:
            kind = RUN_PROPERTIES.get(name, "font")
        found[kind] = found.get(kind, "") + xml(child)
    return found


@dataclass
class _Piece:
    """Text or an isolated code, with the formatting and link in force."""

    props: frozenset[tuple[str, str]]
    link: tuple[str, str, tuple[tuple[str, str], ...]] | None  # (native, type, attrs) of the open link
    text: str = ""
    code: InlineCode | None = None


@dataclass
class _Walk:
    """State of one paragraph's walk."""

    rels: Mapping[str, str]
    skipped: dict[str, int]
    pieces: list[_Piece] = field(default_factory=list)
    link: tuple[str, str, tuple[tuple[str, str], ...]] | None = None
    field_depth: int = 0  # inside a complex field's begin … end
    field_runs: list[str] = field(default_factory=list)
    field_code: list[str] = field(default_factory=list)
    field_result: list[str] = field(default_factory=list)
    field_separated: bool = False
    field_link: bool = False  # the field's result is being read as text (in a field or link pair)

    def count(self, what: str) -> None:
        self.skipped[what] = self.skipped.get(what, 0) + 1

    def add_code(self, type_: str, native: str, how: str, content: str = "", text: str = "",
                 props: frozenset[tuple[str, str]] = frozenset()) -> None:
        attrs = (("docx", how),) + ((("text", text),) if text else ())
        self.pieces.append(_Piece(props, self.link, code=InlineCode(
            kind=CodeKind.ISOLATED, pair=0, type=type_, native=native, content=content, attrs=attrs)))
        if text:
            self.pieces.append(_Piece(props, self.link, text=text))

    def children(self, parent: Any) -> None:
        for child in parent:
            tag = child.tag
            name = local(tag)
            if not name or name in ("pPr", "rPr", "proofErr", "bookmarkStart", "bookmarkEnd", "permStart",
                                    "permEnd", "lastRenderedPageBreak", "sdtPr", "sdtEndPr"):
                continue
            if tag in _DELETED:
                self.count("deleted revision")
            elif tag == f"{W}r":
                self.run(child)
            elif tag == f"{W}hyperlink":
                self.hyperlink(child)
            elif tag in _CONTAINERS:
                self.children(child)
            elif name in PARAGRAPH_ISOLATED and self.field_depth == 0:
                content = "".join(t.text or "" for t in child.iter(f"{W}t", f"{_M}t"))
                self.add_code(PARAGRAPH_ISOLATED[name], xml(child), "runs", content)
            elif tag == f"{MC}AlternateContent":
                self.add_code("image", xml(child), "runs")

    def hyperlink(self, element: Any) -> None:
        if self.link is not None or self.field_depth:  # a link inside a link: its runs only
            self.children(element)
            return
        shell = element.makeelement(element.tag, dict(element.attrib), nsmap=element.nsmap)
        target = self.rels.get(element.get(f"{R}id", ""), "")
        anchor = element.get(f"{W}anchor")
        attrs = (("docx", "hyperlink"),) + ((("href", target),) if target else ()) + \
            ((("anchor", anchor),) if anchor else ())
        self.link = (xml(shell), "link", attrs)
        self.children(element)
        self.link = None

    def run(self, run: Any) -> None:
        props = frozenset(run_properties(run.find(f"{W}rPr")).items())
        if self.field_depth or run.find(f"{W}fldChar") is not None:
            self.field_run(run, props)
            return
        whole = next((c for c in run if local(c.tag) in ("footnoteReference", "endnoteReference", "drawing",
                                                         "pict", "object", "AlternateContent")), None)
        if whole is not None:  # a note reference or an image is its run: written back as it was
            kind = INLINE_ISOLATED[local(whole.tag)]["type"]
            if next(run.iter(f"{W}txbxContent"), None) is not None:
                self.count("text box")
            self.add_code(kind, xml(run), "runs")
            return
        text = "".join(t.text or "" for t in run.iter(f"{W}t"))
        superscript = any(kind == "sup" for kind, _ in props)
        if superscript and NOTE_MARK.match(text) and self.pieces and self.pieces[-1].text:
            # a typed note number ("Security¹"): a code, so that the word before it stays clean
            self.add_code("footnote", xml(run), "runs", text.strip())
            return
        for child in run:
            name = local(child.tag)
            if child.tag == f"{W}t":
                self.pieces.append(_Piece(props, self.link, text=child.text or ""))
            elif child.tag == f"{W}noBreakHyphen":
                self.pieces.append(_Piece(props, self.link, text="\u2011"))
            elif name in INLINE_ISOLATED:
                spec = INLINE_ISOLATED[name]
                self.add_code(spec["type"], xml(child), "inline", text=spec.get("text", ""), props=props)
            elif child.tag in _DELETED:
                self.count("deleted revision")

    def field_run(self, run: Any, props: frozenset[tuple[str, str]]) -> None:
        """A run of a complex field (begin … instruction … separate … result … end)."""
        for child in run:
            if child.tag == f"{W}fldChar":
                kind = child.get(f"{W}fldCharType")
                if kind == "begin":
                    self.field_depth += 1
                    if self.field_depth == 1:
                        self.field_runs, self.field_code, self.field_result = [], [], []
                        self.field_separated = self.field_link = False
                elif kind == "separate" and self.field_depth == 1:
                    self.field_separated = True
                    if self.link is None:  # the result is text in a field (or link) pair: translated
                        self.field_runs.append(xml(run))
                        self.field_link = True
                        match = _HYPERLINK_FIELD.match("".join(self.field_code))
                        attrs = (("docx", "runs"),) + ((("href", match.group(1)),) if match else ())
                        self.link = ("".join(self.field_runs), "link" if match else "field", attrs)
                        self.field_runs = []
                        return
                elif kind == "end":
                    self.field_depth -= 1
                    if self.field_depth == 0:
                        self.field_runs.append(xml(run))
                        native = "".join(self.field_runs)
                        if self.field_link and self.link is not None:
                            self.pieces.append(_Piece(frozenset(), self.link, code=InlineCode(
                                kind=CodeKind.CLOSE, pair=0, type=self.link[1], native=native,
                                attrs=(("docx", "runs"),))))
                            self.link = None
                        else:  # no result: the field is one code
                            self.add_code("field", native, "runs", "".join(self.field_result))
                        return
            elif child.tag == f"{W}instrText" and self.field_depth == 1 and not self.field_separated:
                self.field_code.append(child.text or "")
            elif child.tag == f"{W}t" and self.field_separated:
                if self.field_link and self.field_depth == 1:
                    self.pieces.append(_Piece(props, self.link, text=child.text or ""))
                else:
                    self.field_result.append(child.text or "")
        if not (self.field_link and self.field_depth == 1 and self.field_separated):
            self.field_runs.append(xml(run))


def coded_paragraph(paragraph: Any, rels: Mapping[str, str],
                    skipped: dict[str, int]) -> tuple[CodedText, tuple[InlineCode, ...]]:
    """A ``w:p`` as code-free text with its codes, and the whole-paragraph formatting (see the module doc)."""
    walk = _Walk(rels, skipped)
    walk.children(paragraph)
    if walk.field_depth and walk.field_runs:  # a field that does not end in this paragraph: keep what it holds
        walk.add_code("field", "".join(walk.field_runs), "runs", "".join(walk.field_result))
    return _build(walk.pieces)


def _build(pieces: list[_Piece]) -> tuple[CodedText, tuple[InlineCode, ...]]:
    """Codes from formatting changes between pieces: a stack of open properties, the longest-lasting opened
    first, so that a property spanning several others stays one pair."""
    builder = CodedBuilder()
    stack: list[tuple[tuple[str, str, tuple[tuple[str, str], ...]], int]] = []  # (key, pair)

    def wanted(index: int) -> list[tuple[str, str, tuple[tuple[str, str], ...]]]:
        piece = pieces[index]
        if piece.code is not None:
            return [key for key, _pair in stack]  # an isolated code leaves every property open
        keys = [(kind, native, (("docx", "rpr"),)) for kind, native in sorted(piece.props)]
        if piece.link is not None:
            keys.insert(0, (piece.link[1], piece.link[0], piece.link[2]))
        return keys

    def extent(index: int, key: tuple[str, str, tuple[tuple[str, str], ...]]) -> int:
        end = index
        while end < len(pieces) and key in wanted(end):
            end += 1
        return end

    for index, piece in enumerate(pieces):
        if piece.code is not None and piece.code.kind is not CodeKind.ISOLATED:  # a HYPERLINK field's end
            while stack:
                key, pair = stack.pop()
                if key[2] == (("docx", "runs"),) or key[2][:1] == (("docx", "runs"),):
                    builder.close(pair, key[0], piece.code.native)
                    break
                builder.close(pair, key[0])
            continue
        if piece.code is not None:  # an isolated code changes no formatting around it
            code = piece.code
            builder.isolated(code.type, code.native, code.content, code.attrs)
            continue
        keys = wanted(index)
        active = [key for key, _pair in stack]
        keep = 0
        while keep < len(stack) and stack[keep][0] in keys:
            keep += 1
        while len(stack) > keep:
            key, pair = stack.pop()
            builder.close(pair, key[0], _close_native(key))
        new = [key for key in keys if key not in active[:keep]]
        new.sort(key=lambda k: (k[0] != "link", -extent(index, k)))
        for key in new:
            stack.append((key, builder.open(key[0], key[1], key[2])))
        builder.text(piece.text)
    while stack:
        key, pair = stack.pop()
        builder.close(pair, key[0], _close_native(key))
    return builder.build()


def _close_native(key: tuple[str, str, tuple[tuple[str, str], ...]]) -> str:
    return "" if key[0] != "link" else "</w:hyperlink>"
