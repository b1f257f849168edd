"""Word documents (.docx) with python-docx: body, tables, headers/footers, footnotes and endnotes.

python-docx opens the package (zip, content types, relationships); the text is taken from each part's
WordprocessingML so that every place a translator sees text is covered the same way: runs are joined,
tracked insertions kept and deletions dropped (the document as it would read with all changes accepted).
Inline formatting, links, note references, tabs, breaks, images and fields are inline codes
(:mod:`aligntool.formats.documents.docx_codes`): a field's result (a page number, a cross-reference) is kept in its
code, never sent to MT.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from aligntool.core.errors import InputError
from aligntool.core.safexml import parse_safe
from aligntool.core.safezip import check_ooxml
from aligntool.formats.documents.base import DocumentReader, Paragraph, SourceDocument
from aligntool.formats.documents.docx_codes import coded_paragraph

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
#: an OLE2 compound file: an encrypted (password-protected) .docx, or a legacy .doc
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_PARTS = (("header", re.compile(r"/word/header\d*\.xml")), ("footer", re.compile(r"/word/footer\d*\.xml")),
          ("footnote", re.compile(r"/word/footnotes\.xml")), ("endnote", re.compile(r"/word/endnotes\.xml")))


def _blocks(parent: Any, context: str, skipped: dict[str, int], tables: list[int]) -> Iterator[tuple[str, Any]]:
    """(context, ``w:p``) for every paragraph under a body, cell, header or note, tables included."""
    for child in parent:
        if child.tag == f"{_W}sdtPr":
            continue
        if child.tag == f"{_W}p":
            style = child.find(f"{_W}pPr/{_W}pStyle")
            style_name = style.get(f"{_W}val", "") if style is not None else ""
            where = (re.sub(r"(\D)(\d)", r"\1 \2", style_name.lower())
                     if style_name.lower().startswith(("heading", "title")) else context)
            yield where, child
        elif child.tag == f"{_W}tbl":
            tables[0] += 1
            table = tables[0]
            for row_number, row in enumerate(child.iter(f"{_W}tr"), start=1):
                if row.getparent() is not child:
                    continue  # a nested table's rows are read through its cell
                for cell_number, cell in enumerate(row.findall(f"{_W}tc"), start=1):
                    yield from _blocks(cell, f"table {table}, row {row_number}, cell {cell_number}", skipped,
                                       tables)
        elif child.tag in (f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml", f"{_W}ins"):
            yield from _blocks(child, context, skipped, tables)  # content controls: their content counts


class DocxReader(DocumentReader):
    """Word 2007+ documents: body paragraphs and tables, then headers, footers, footnotes, endnotes."""

    name = "docx"
    requires = ("docx", "formats")

    def parse(self, data: bytes, path: Path) -> SourceDocument:
        package = _open(data, path)
        document = SourceDocument(path, self.name)
        skipped: dict[str, int] = {}
        for _part, context, element, rels in docx_paragraphs(package, path, skipped):
            coded, wrap = coded_paragraph(element, rels, skipped)
            if coded.text:
                document.paragraphs.append(Paragraph(coded.text, context, codes=coded.codes, wrap=wrap))
        document.skipped.update(skipped)
        return document


def _rels(part: Any) -> dict[str, str]:
    """Relationship id → target (a hyperlink's URL) of one package part."""
    return {rid: rel.target_ref for rid, rel in part.rels.items()}


def docx_paragraphs(package: Any, path: Path, skipped: dict[str, int],
                    roots: dict[str, Any] | None = None) -> Iterator[tuple[Any, str, Any, dict[str, str]]]:
    """(part, context, ``w:p``, the part's relationships) for every paragraph of a document, in reading order:
    body and tables, then headers, footers, footnotes and endnotes. ``roots`` (part name → parsed root) is
    filled with the parts other than the body, for a writer that changes them."""
    tables = [0]
    body_rels = _rels(package.part)
    body = getattr(package.element, "body", None)
    if body is None:  # the main part is well-formed XML but not a Word document (<w:document><w:body>)
        raise InputError(f"{path}: word/document.xml has no document body (it is not a Word document); "
                         "open and re-save it in Word")
    for context, element in _blocks(body, "body", skipped, tables):
        yield package.part, context, element, body_rels
    for part in package.part.package.iter_parts():
        for kind, pattern in _PARTS:
            if not pattern.fullmatch(str(part.partname)):
                continue
            root = parse_safe(io.BytesIO(part.blob), display_name=f"{path}:{part.partname}").getroot()
            if roots is not None:
                roots[str(part.partname)] = root
            rels = _rels(part)
            if kind in ("footnote", "endnote"):
                for note in root.findall(f"{_W}{kind}"):
                    if note.get(f"{_W}type") in ("separator", "continuationSeparator", "continuationNotice"):
                        continue
                    for context, element in _blocks(note, f"{kind} {note.get(f'{_W}id')}", skipped, tables):
                        yield part, context, element, rels
            else:
                for context, element in _blocks(root, kind, skipped, tables):
                    yield part, context, element, rels


def _open(data: bytes, path: Path) -> Any:
    """python-docx's Document, or an InputError that says what the file is instead."""
    if data.startswith(_OLE_MAGIC):
        raise InputError(f"{path}: the document is password-protected (encrypted) or a legacy .doc file; "
                         "remove the password or save it as .docx in Word, then try again")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise InputError(f"{path}: not a .docx file (a .docx is a zip archive; this one is damaged or another "
                         "format); open and re-save it in Word, or pass --input-format")
    check_ooxml(data, path)  # sizes bounded before and during inflation; every XML part through the safe parser
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        return docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, zipfile.BadZipFile) as exc:
        raise InputError(f"{path}: a damaged .docx ({exc}); open and re-save it in Word") from None
    except ValueError as exc:  # e.g. "file '…' is not a Word file, content type is '…'"
        raise InputError(f"{path}: not a Word document ({exc})") from None
