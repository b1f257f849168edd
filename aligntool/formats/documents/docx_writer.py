"""The translated Word document: the source .docx with each paragraph's runs rebuilt from its translation.

Everything outside the paragraphs' runs is the source's: styles, numbering, sections, tables, headers, footers,
footnotes, images, relationships, paragraph properties. A paragraph is found again by the reader's own walk
(:func:`aligntool.formats.documents.docx.docx_paragraphs`), so the n-th translation goes to the reader's n-th paragraph.
Its runs are made from the translation's text and codes (:mod:`aligntool.formats.documents.docx_codes`): the formatting
of the whole paragraph plus that of every open pair in each run's properties, hyperlinks as ``w:hyperlink``
around their runs, isolated codes written back as they were read. Bookmarks keep their place at the start of
the paragraph (their position inside it is lost).
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from aligntool.core.inline import CodedText, CodeKind, InlineCode
from aligntool.formats.documents.docx import _open, docx_paragraphs
from aligntool.formats.documents.docx_codes import RPR_ORDER, W, coded_paragraph, local, parse_native

_KEEP = ("pPr", "bookmarkStart", "bookmarkEnd")


def write_docx(data: bytes, path: Path, translations: Sequence[CodedText | None]) -> bytes:
    """The document in ``data`` (read from ``path``) with its paragraphs replaced by ``translations`` (one per
    paragraph the reader returns, in its order; None keeps a paragraph as it is); the new .docx as bytes."""
    from lxml import etree

    package = _open(data, path)
    roots: dict[str, Any] = {}
    skipped: dict[str, int] = {}
    index = 0
    for _part, _context, element, rels in docx_paragraphs(package, path, skipped, roots):
        coded, wrap = coded_paragraph(element, rels, {})
        if not coded.text:
            continue
        if index < len(translations) and translations[index] is not None:
            rebuild(element, translations[index], wrap, _nsmap(element))  # type: ignore[arg-type]
        index += 1
    for part in package.part.package.iter_parts():
        root = roots.get(str(part.partname))
        if root is None:
            continue
        blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        if hasattr(part, "_element"):  # python-docx parsed it (header, footer): replace its tree
            from docx.oxml.parser import parse_xml

            part._element = parse_xml(blob)
        else:
            part._blob = blob
    out = io.BytesIO()
    package.save(out)
    return out.getvalue()


def _nsmap(element: Any) -> dict[str | None, str]:
    root = element.getroottree().getroot()
    found = dict(root.nsmap)
    found.update(element.nsmap)
    found.setdefault("w", W[1:-1])
    return found


_PARAGRAPH_LEVEL = frozenset({"r", "fldSimple", "commentRangeStart", "commentRangeEnd", "oMath", "oMathPara",
                              "AlternateContent", "hyperlink", "bookmarkStart", "bookmarkEnd"})


def _rpr(properties: list[Any]) -> Any:
    """A ``w:rPr`` from run-property elements (later ones win), in schema order; None if there are none."""
    from copy import deepcopy

    from lxml import etree

    children: dict[str, Any] = {}
    for element in properties:
        children[element.tag] = element
    if not children:
        return None
    rpr = etree.Element(f"{W}rPr", nsmap={"w": W[1:-1]})
    for element in sorted(children.values(), key=lambda e: RPR_ORDER.get(local(e.tag), len(RPR_ORDER))):
        rpr.append(deepcopy(element))
    return rpr


def rebuild(paragraph: Any, coded: CodedText, wrap: Sequence[InlineCode], nsmap: Mapping[str | None, str]) -> None:
    """Replace the runs of ``paragraph`` by ``coded`` (see the module doc). A code merged from several (a link
    that is also underlined) holds all their markup: hyperlinks and runs go in place, the rest is formatting."""
    from lxml import etree

    for child in list(paragraph):
        if local(child.tag) not in _KEEP:
            paragraph.remove(child)
    base = [e for code in wrap if code.kind is CodeKind.OPEN and code.attr("docx") == "rpr"
            for e in parse_native(code.native, nsmap)]
    active: dict[int, list[Any]] = {}  # open pairs → their run properties, in opening order
    links: set[int] = set()  # open pairs that opened a hyperlink
    state = {"container": paragraph}

    def add_run(children: list[Any]) -> None:
        run = etree.SubElement(state["container"], f"{W}r")
        rpr = _rpr([*base, *(e for props in active.values() for e in props)])
        if rpr is not None:
            run.append(rpr)
        for child in children:
            run.append(child)

    def add_text(text: str) -> None:
        for number, line in enumerate(text.split("\n")):
            children = [etree.Element(f"{W}br", nsmap={"w": W[1:-1]})] if number else []
            if line:
                t = etree.Element(f"{W}t", nsmap={"w": W[1:-1]})
                t.text = line
                if line != line.strip():
                    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                children.append(t)
            if children:
                add_run(children)

    def place(elements: list[Any], pair: int | None) -> list[Any]:
        """Hyperlinks open a container, paragraph-level elements go in place, run content gets a run; the
        rest (run properties) is returned."""
        properties = []
        for element in elements:
            name = local(element.tag)
            if name == "hyperlink":
                paragraph.append(element)
                state["container"] = element
                if pair is not None:
                    links.add(pair)
            elif name in _PARAGRAPH_LEVEL:
                state["container"].append(element)
            elif pair is None:  # an isolated code's element inside a run (tab, break, symbol)
                add_run([element])
            else:
                properties.append(element)
        return properties

    position = 0
    for placed in coded.codes:
        add_text(coded.text[position:placed.offset])
        position = max(position, placed.offset)
        code = placed.code
        if code.kind is CodeKind.OPEN:
            active[code.pair] = place(parse_native(code.native, nsmap), code.pair)
        elif code.kind is CodeKind.CLOSE:
            active.pop(code.pair, None)
            place(parse_native(code.native.replace("</w:hyperlink>", ""), nsmap), None)
            if code.pair in links:
                links.discard(code.pair)
                state["container"] = paragraph
        else:
            place(parse_native(code.native, nsmap), None)
        stands_for = code.attr("text")
        if stands_for and coded.text.startswith(stands_for, position):
            position += len(stands_for)  # the character the reader put in the text for this code
    add_text(coded.text[position:])
