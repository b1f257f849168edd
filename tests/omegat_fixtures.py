"""Formatted documents built from scratch for the CAT-tool tests: a DOCX made with python-docx (bold
organisation name, italic, hyperlink, real footnotes, a superscript, a table, a header and a footer) and an
HTML page with the same kinds of inline markup. The sentences come from the CSTO news the project was
commissioned for, including the two places where OmegaT's default rules cut elsewhere ("U.S.", a dateline).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from lxml import etree

from aligntool.core.inline import CodeAt, CodedText, CodeKind, InlineCode

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"

#: (id, text) of each footnote the DOCX carries
FOOTNOTES = (
    (1, "The conference was held on 30-31 October 2024."),
    (2, "Alexander Pankin is Deputy Minister of Foreign Affairs of Russia."),
)


def _hyperlink(paragraph: Paragraph, text: str, url: str) -> None:
    rid = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rid)
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    colour = OxmlElement("w:color")
    colour.set(qn("w:val"), "0563C1")
    props.append(colour)
    props.append(underline)
    run.append(props)
    content = OxmlElement("w:t")
    content.text = text
    run.append(content)
    link.append(run)
    paragraph._p.append(link)


def _footnote_reference(paragraph: Paragraph, number: int) -> None:
    run = paragraph.add_run()
    run.font.superscript = True
    reference = OxmlElement("w:footnoteReference")
    reference.set(qn("w:id"), str(number))
    run._r.append(reference)


def _footnotes_part(document: Document) -> None:
    notes = ['<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
             '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r>'
             "</w:p></w:footnote>"]
    for number, text in FOOTNOTES:
        notes.append(f'<w:footnote w:id="{number}"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                     f'<w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:footnote>')
    blob = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes xmlns:w="{_W}">'
            + "".join(notes) + "</w:footnotes>").encode()
    part = Part(PackURI("/word/footnotes.xml"), _FOOTNOTES_TYPE, blob, document.part.package)
    document.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)


def build_docx(path: Path) -> Path:
    """The formatted DOCX (see the module docstring); returns ``path``."""
    document = Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "CSTO News Digest"
    section.footer.paragraphs[0].text = "Prepared by the CSTO Secretariat."
    document.add_heading("CSTO fails to establish cooperation with NATO", 1)
    paragraph = document.add_paragraph("On October 30, 2024, the ")
    paragraph.add_run("CSTO").bold = True
    paragraph.add_run(" Secretary General ")
    paragraph.add_run("Imangali Tasmagambetov").italic = True
    paragraph.add_run(" met with Belarusian Foreign Minister Maxim Ryzhenkov in ")
    _hyperlink(paragraph, "Minsk", "https://example.org/minsk")
    paragraph.add_run(". The CSTO Secretary General arrived in Minsk to participate in the II Minsk International "
                      "Conference on Eurasian Security")
    _footnote_reference(paragraph, 1)
    paragraph.add_run(".")
    document.add_paragraph("10.02.2022February 9. /TASS/. The Collective Security Treaty Organization (CSTO) has "
                           "established security contacts with a number of international structures, but interaction "
                           "with the North Atlantic Alliance has failed.")
    paragraph = document.add_paragraph("The area of responsibility of NATO is global at least because the U.S. area "
                                       "of responsibility is proclaimed to be global. That's the ")
    paragraph.add_run("difference").italic = True
    paragraph.add_run(", ")
    paragraph.add_run("Pankin").bold = True
    _footnote_reference(paragraph, 2)
    paragraph.add_run(" summarized.")
    paragraph = document.add_paragraph()
    paragraph.add_run("Kanal-Avangard").bold = True
    paragraph.add_run(" was carried out in the territory of CSTO member states in order to suppress the flow of ")
    paragraph.add_run("drugs").italic = True
    paragraph = document.add_paragraph("The sixth meeting is planned for the 2")
    paragraph.add_run("nd").font.superscript = True
    paragraph.add_run(" quarter of the year.")
    document.add_paragraph().add_run("Conducting peacekeeping missions").bold = True
    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).text = "Member state"
    table.cell(0, 1).text = "Capital city"
    table.cell(1, 0).text = "Kazakhstan"
    table.cell(1, 1).paragraphs[0].add_run("Astana").bold = True
    table.cell(2, 0).text = "Armenia"
    cell = table.cell(2, 1).paragraphs[0]
    cell.add_run("Yerevan, ")
    cell.add_run("capital").italic = True
    cell.add_run(" since 1918")
    document.add_paragraph("According to Pankin, many southern and eastern partners send signals that they are ready "
                           "to cooperate with the CSTO.")
    _footnotes_part(document)
    document.save(str(path))
    return path


HTML = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>CSTO news</title></head>
<body>
<h1>CSTO fails to establish cooperation with NATO</h1>
<p>On October 30, 2024, the <b>CSTO</b> Secretary General <i>Imangali Tasmagambetov</i> met with Belarusian \
Foreign Minister Maxim Ryzhenkov in <a href="https://example.org/minsk">Minsk</a>. The CSTO Secretary General arrived \
in Minsk to participate in the II Minsk International Conference on Eurasian Security<sup>1</sup>.</p>
<p>10.02.2022February 9. /TASS/. The Collective Security Treaty Organization (CSTO) has established security \
contacts with a number of international structures, but interaction with the North Atlantic Alliance has failed.</p>
<p>The area of responsibility of NATO is global at least because the U.S. area of responsibility is proclaimed to \
be global. That's the <em>difference</em>, <strong>Pankin</strong> summarized.</p>
<p><b>Kanal-Avangard</b> was carried out in the territory of CSTO member states in order to suppress the flow of \
<i>drugs</i></p>
<p><b>Conducting peacekeeping missions</b></p>
<table>
<tr><td>Member state</td><td>Capital city</td></tr>
<tr><td>Kazakhstan</td><td><b>Astana</b></td></tr>
<tr><td>Armenia</td><td>Yerevan, <i>capital</i> since 1918</td></tr>
</table>
<ul><li>According to <a href="https://example.org/pankin">Pankin</a>, many southern and \
eastern partners send signals that they are ready to cooperate with the <span class="org">CSTO</span>.</li></ul>
</body>
</html>
"""


def build_html(path: Path) -> Path:
    """The formatted HTML page; returns ``path``."""
    path.write_text(HTML, encoding="utf-8")
    return path


# --- Paragraphs with inline codes, read back from the fixtures -------------------------------------------------
# A stand-in for the document readers while they do not keep codes: enough to drive the OmegaT project writer.

_WNS = {"w": _W}
_INLINE_HTML = ("b", "i", "u", "s", "em", "strong", "sup", "sub", "a", "span", "code", "font", "br", "img")
_BLOCK_HTML = ("title", "h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "td", "th")


def _run_key(run: Any) -> str:
    props = run.find("w:rPr", _WNS)
    key = "" if props is None else etree.tostring(props).decode()
    parent = run.getparent()
    if parent is not None and parent.tag == f"{{{_W}}}hyperlink":
        key += f"link:{id(parent)}"
    return key


def _docx_paragraph(paragraph: Any) -> CodedText:
    pieces: list[tuple[str, str, bool]] = []  # (format key, text, is a note reference)
    for run in paragraph.iter(f"{{{_W}}}r"):
        if run.find("w:footnoteReference", _WNS) is not None or run.find("w:footnoteRef", _WNS) is not None:
            pieces.append((_run_key(run), "", True))
            continue
        text = "".join(node.text or "" for node in run.iter(f"{{{_W}}}t"))
        if text:
            pieces.append((_run_key(run), text, False))
    text = ""
    codes: list[CodeAt] = []
    pair = 0
    previous = ""
    for key, piece, note in pieces:
        if note:
            pair += 1
            codes.append(CodeAt(len(text), InlineCode(CodeKind.ISOLATED, pair, "footnote")))
            continue
        if key != previous:
            if previous:
                codes.append(CodeAt(len(text), InlineCode(CodeKind.CLOSE, pair, "font")))
            if key:
                pair += 1
                codes.append(CodeAt(len(text), InlineCode(CodeKind.OPEN, pair, "font")))
            previous = key
        text += piece
    if previous:
        codes.append(CodeAt(len(text), InlineCode(CodeKind.CLOSE, pair, "font")))
    stripped = text.lstrip()
    shift = len(text) - len(stripped)
    end = len(stripped.rstrip())
    placed = tuple(CodeAt(min(max(c.offset - shift, 0), end), c.code) for c in codes)
    return CodedText(stripped.rstrip(), placed)


def docx_coded_paragraphs(path: Path) -> list[CodedText]:
    """Every paragraph with text (body, tables, headers, footers, footnotes), runs of one format between codes."""
    paragraphs = []
    with zipfile.ZipFile(path) as archive:
        for name in sorted(archive.namelist()):
            if not re.fullmatch(r"word/(document|header\d*|footer\d*|footnotes)\.xml", name):
                continue
            root = etree.fromstring(archive.read(name))
            for paragraph in root.iter(f"{{{_W}}}p"):
                note = paragraph.getparent()
                if note is not None and note.get(f"{{{_W}}}type") in ("separator", "continuationSeparator"):
                    continue
                coded = _docx_paragraph(paragraph)
                if coded.text:
                    paragraphs.append(coded)
    return paragraphs


def _html_inline(element: Any, text: list[str], codes: list[CodeAt], pairs: list[int]) -> None:
    for child in element:
        if not isinstance(child.tag, str):
            continue
        name = child.tag.lower()
        pairs[0] += 1
        pair = pairs[0]
        attrs = "".join(f' {k}="{v}"' for k, v in child.attrib.items())
        if name in ("br", "img"):
            codes.append(CodeAt(len("".join(text)), InlineCode(CodeKind.ISOLATED, pair, name, f"<{name}{attrs}>")))
        else:
            codes.append(CodeAt(len("".join(text)), InlineCode(CodeKind.OPEN, pair, name, f"<{name}{attrs}>")))
            text.append(child.text or "")
            _html_inline(child, text, codes, pairs)
            codes.append(CodeAt(len("".join(text)), InlineCode(CodeKind.CLOSE, pair, name, f"</{name}>")))
        text.append(child.tail or "")


def html_coded_paragraphs(path: Path) -> list[CodedText]:
    """Every block of the page with its inline elements as codes (an element around the whole block is not)."""
    from lxml import html as lxml_html

    paragraphs = []
    for block in lxml_html.parse(str(path)).getroot().iter(*_BLOCK_HTML):
        while len(block) == 1 and not (block.text or "").strip() and not (block[0].tail or "").strip() \
                and block[0].tag in _INLINE_HTML:
            block = block[0]  # formatting around the whole block is not a code
        text: list[str] = [block.text or ""]
        codes: list[CodeAt] = []
        _html_inline(block, text, codes, [0])
        joined = " ".join("".join(text).split(" "))
        stripped = joined.strip()
        shift = len(joined) - len(joined.lstrip())
        placed = tuple(CodeAt(min(max(c.offset - shift, 0), len(stripped)), c.code) for c in codes)
        if stripped:
            paragraphs.append(CodedText(stripped, placed))
    return paragraphs
