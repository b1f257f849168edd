"""Word documents (.docx) with python-docx: body, tables, headers/footers, footnotes and endnotes.

python-docx opens the package (zip, content types, relationships); the text is taken from each part's
WordprocessingML so that every place a translator sees text is covered the same way: runs are joined,
tabs and line breaks kept, tracked insertions kept and deletions dropped (the document as it would read
with all changes accepted), a field shows its result (a page number, a cross-reference), not its code.
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
from aligntool.formats.documents.base import DocumentReader, Paragraph, SourceDocument, clean_text

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
#: an OLE2 compound file: an encrypted (password-protected) .docx, or a legacy .doc
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_PARTS = (("header", re.compile(r"/word/header\d*\.xml")), ("footer", re.compile(r"/word/footer\d*\.xml")),
          ("footnote", re.compile(r"/word/footnotes\.xml")), ("endnote", re.compile(r"/word/endnotes\.xml")))
#: elements whose text is not part of the accepted document, or is a duplicate (mc:Fallback)
_SKIP = {f"{_W}del", f"{_W}moveFrom", f"{_W}instrText", f"{_W}delText", f"{_MC}Fallback", f"{_W}txbxContent"}


def _runs_text(paragraph: Any, skipped: dict[str, int]) -> str:
    """A ``w:p``'s text: runs joined, tabs and breaks kept, deleted text and field codes left out."""
    parts: list[str] = []
    in_field_code = 0
    stack = list(reversed(paragraph))
    while stack:
        element = stack.pop()
        tag = element.tag
        if tag in _SKIP:
            if tag == f"{_W}txbxContent":
                skipped["text box"] = skipped.get("text box", 0) + 1
            elif tag in (f"{_W}del", f"{_W}moveFrom"):
                skipped["deleted revision"] = skipped.get("deleted revision", 0) + 1
            continue
        if tag == f"{_W}fldChar":  # complex field: begin … code … separate … result … end
            kind = element.get(f"{_W}fldCharType")
            in_field_code += kind == "begin"
            in_field_code -= kind == "separate" and in_field_code > 0
            continue
        if tag == f"{_W}t" and not in_field_code:
            parts.append(element.text or "")
        elif tag == f"{_W}tab" and not in_field_code:
            parts.append("\t")
        elif tag in (f"{_W}br", f"{_W}cr") and not in_field_code:
            parts.append("\n")
        elif tag == f"{_W}noBreakHyphen":
            parts.append("\u2011")
        stack.extend(reversed(element))
    return "".join(parts)


def _blocks(parent: Any, context: str, skipped: dict[str, int], tables: list[int]) -> Iterator[tuple[str, str]]:
    """(context, text) for every paragraph under a body, cell, header or note, tables included."""
    for child in parent:
        if child.tag == f"{_W}sdtPr":
            continue
        if child.tag == f"{_W}p":
            style = child.find(f"{_W}pPr/{_W}pStyle")
            style_name = style.get(f"{_W}val", "") if style is not None else ""
            where = (re.sub(r"(\D)(\d)", r"\1 \2", style_name.lower())
                     if style_name.lower().startswith(("heading", "title")) else context)
            yield where, _runs_text(child, skipped)
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
        tables = [0]
        body = package.element.body
        found = list(_blocks(body, "body", skipped, tables))
        for part in package.part.package.iter_parts():
            for kind, pattern in _PARTS:
                if not pattern.fullmatch(str(part.partname)):
                    continue
                root = parse_safe(io.BytesIO(part.blob), display_name=f"{path}:{part.partname}").getroot()
                if kind in ("footnote", "endnote"):
                    for note in root.findall(f"{_W}{kind}"):
                        if note.get(f"{_W}type") in ("separator", "continuationSeparator", "continuationNotice"):
                            continue
                        found.extend(_blocks(note, f"{kind} {note.get(f'{_W}id')}", skipped, tables))
                else:
                    found.extend(_blocks(root, kind, skipped, tables))
        for context, text in found:
            text = clean_text(text.replace("\t", " "))
            if text:
                document.paragraphs.append(Paragraph(text, context))
        document.skipped.update(skipped)
        return document


def _open(data: bytes, path: Path) -> Any:
    """python-docx's Document, or an InputError that says what the file is instead."""
    if data.startswith(_OLE_MAGIC):
        raise InputError(f"{path}: the document is password-protected (encrypted) or a legacy .doc file; "
                         "remove the password or save it as .docx in Word, then try again")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise InputError(f"{path}: not a .docx file (a .docx is a zip archive; this one is damaged or another "
                         "format); open and re-save it in Word, or pass --input-format")
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        return docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, zipfile.BadZipFile) as exc:
        raise InputError(f"{path}: a damaged .docx ({exc}); open and re-save it in Word") from None
    except ValueError as exc:  # e.g. "file '…' is not a Word file, content type is '…'"
        raise InputError(f"{path}: not a Word document ({exc})") from None
