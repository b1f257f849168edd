"""Formatted documents built from scratch for the CAT-tool tests: a DOCX made with python-docx (bold
organisation name, italic, hyperlink, real footnotes, a superscript, a table, a header and a footer) and an
HTML page with the same kinds of inline markup. The sentences come from the CSTO news the project was
commissioned for, including the two places where OmegaT's default rules cut elsewhere ("U.S.", a dateline).
"""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document

from tests.formatted_fixtures import _footnote_reference, _hyperlink, with_footnotes

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

#: (id, text) of each footnote the DOCX carries
FOOTNOTES = (
    (1, "The conference was held on 30-31 October 2024."),
    (2, "Alexander Pankin is Deputy Minister of Foreign Affairs of Russia."),
)


def _footnotes_xml() -> str:
    notes = ['<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
             '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r>'
             "</w:p></w:footnote>"]
    for number, text in FOOTNOTES:
        notes.append(f'<w:footnote w:id="{number}"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                     f'<w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:footnote>')
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes xmlns:w="{_W}">'
            + "".join(notes) + "</w:footnotes>")


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
    _hyperlink(paragraph, "https://example.org/minsk", "Minsk")
    paragraph.add_run(". The CSTO Secretary General arrived in Minsk to participate in the II Minsk International "
                      "Conference on Eurasian Security")
    _footnote_reference(paragraph, "1")
    paragraph.add_run(".")
    document.add_paragraph("10.02.2022February 9. /TASS/. The Collective Security Treaty Organization (CSTO) has "
                           "established security contacts with a number of international structures, but interaction "
                           "with the North Atlantic Alliance has failed.")
    paragraph = document.add_paragraph("The area of responsibility of NATO is global at least because the U.S. area "
                                       "of responsibility is proclaimed to be global. That's the ")
    paragraph.add_run("difference").italic = True
    paragraph.add_run(", ")
    paragraph.add_run("Pankin").bold = True
    _footnote_reference(paragraph, "2")
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
    buffer = io.BytesIO()
    document.save(buffer)
    return with_footnotes(buffer.getvalue(), _footnotes_xml(), path)


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
