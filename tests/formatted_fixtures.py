"""Formatted documents built here (python-docx, strings): DOCX, HTML, Markdown and XLIFF with inline markup.

Used by the inline-code tests and ``benchmarks/inline_codes.py``. Each builder says what a reader must find.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from aligntool.core.inline import CodedBuilder, CodedText

#: code types the DOCX fixture holds (pairs once, isolated codes each), as ``code_counts`` counts them
DOCX_CODES = {"bold": 2, "italic": 2, "link": 1, "footnote": 2, "tab": 1, "break": 1, "underline": 1}


def _hyperlink(paragraph, url: str, text: str) -> None:  # type: ignore[no-untyped-def]
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rid = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rid)
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    style = OxmlElement("w:u")
    style.set(qn("w:val"), "single")
    props.append(style)
    run.append(props)
    t = OxmlElement("w:t")
    t.text = text
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def _footnote_reference(paragraph, note_id: str) -> None:  # type: ignore[no-untyped-def]
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    align = OxmlElement("w:vertAlign")
    align.set(qn("w:val"), "superscript")
    props.append(align)
    run.append(props)
    ref = OxmlElement("w:footnoteReference")
    ref.set(qn("w:id"), note_id)
    run.append(ref)
    paragraph._p.append(run)


def formatted_docx(path: Path) -> Path:
    """A news item: a heading, a bold organisation name split over two runs (one code), an italic phrase, a
    typed superscript note number and a real footnote reference (its note has an italic word), a hyperlink
    (underlined), a tab, a line break, a whole-paragraph bold line (no code), a table, a header and a footer."""
    import docx

    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "CSTO press service"
    section.footer.paragraphs[0].add_run("Moscow, ").italic = False
    section.footer.paragraphs[0].add_run("2024")
    document.add_heading("Collective security news", level=1)
    p = document.add_paragraph("The ")
    p.add_run("Collective Security ").bold = True
    p.add_run("Treaty Organization").bold = True  # Word splits runs; still one bold code
    p.add_run(" Secretary General met the ")
    p.add_run("Foreign Minister").italic = True
    p.add_run(" of Belarus. They discussed the Council on Collective Security")
    note = p.add_run("1")
    note.font.superscript = True
    p.add_run(". The talks went well")
    _footnote_reference(p, "2")
    p.add_run(".")
    q = document.add_paragraph("Read the statement on the ")
    _hyperlink(q, "https://odkb-csto.org/news/", "official website")
    q.add_run(" of the organisation. ")
    q.add_run("Contact").bold = True
    q.add_run(":")
    q.add_run().add_tab()
    q.add_run("press office")
    r = document.add_paragraph("First line of the address")
    r.add_run().add_break()
    r.add_run("second line of the address.")
    document.add_paragraph().add_run("A whole bold paragraph.").bold = True
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Member states"
    table.cell(0, 1).paragraphs[0].add_run("Six countries.")
    buffer = io.BytesIO()
    document.save(buffer)
    return with_footnotes(buffer.getvalue(), FOOTNOTES, path)


def with_footnotes(docx_bytes: bytes, footnotes: str, path: Path) -> Path:
    """A .docx at ``path``: ``docx_bytes`` plus a footnotes part (python-docx cannot add one): the part, its
    relationship and its content type."""
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", b'<Override PartName="/word/footnotes.xml" ContentType="application/'
                                    b'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>')
            elif item.filename == "word/_rels/document.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rIdFn1" Type="http://schemas.openxml'
                                    b'formats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"'
                                    b"/></Relationships>")
            target.writestr(item, data)
        target.writestr("word/footnotes.xml", footnotes)
    return path

FOOTNOTES = ('<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
             '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
             '<w:footnote w:id="2"><w:p><w:r><w:t xml:space="preserve">See the </w:t></w:r><w:r><w:rPr><w:i/>'
             '</w:rPr><w:t>Charter</w:t></w:r><w:r><w:t xml:space="preserve"> of 2002.</w:t></w:r></w:p>'
             '</w:footnote></w:footnotes>')


HTML = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>CSTO news</title></head>
<body>
<h1>Collective <em>security</em> news</h1>
<p>The <b>Collective Security Treaty Organization</b> Secretary General met the <i>Foreign Minister</i> of
Belarus. They discussed the Council on Collective Security<sup>1</sup>. Read the
<a href="https://odkb-csto.org/news/">official statement</a> on the website.</p>
<p>Run <code>aligntool translate</code> on the file.<br>Then open it in <span class="app">OmegaT</span>.</p>
<p><strong>A whole bold paragraph.</strong></p>
<ul><li>Armenia and <b>Belarus</b></li><li>Kazakhstan <img src="flag.png" alt="flag"></li></ul>
</body></html>
"""

#: what the HTML fixture holds (pairs once, isolated codes each)
HTML_CODES = {"italic": 2, "bold": 2, "footnote": 1, "link": 1, "code": 1, "break": 1, "span": 1, "image": 1}

MARKDOWN = """# Collective *security* news

The **Collective Security Treaty Organization** Secretary General met the _Foreign Minister_ of Belarus.
Read the [official statement](https://odkb-csto.org/news/ "CSTO") on the website.

Run `aligntool translate` on the file and then ~~close~~ open it.

- Armenia and **Belarus**
- Kazakhstan ![flag](flag.png)
"""

MARKDOWN_CODES = {"italic": 2, "bold": 2, "link": 1, "code": 1, "strike": 1, "image": 1}

XLIFF_12 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
 <file original="news.html" source-language="en" target-language="ru" datatype="html"><body>
  <trans-unit id="1"><source>The <g id="1" ctype="bold">Collective Security Treaty Organization</g> met.</source>
  </trans-unit>
  <trans-unit id="2"><source>Press <x id="2" ctype="x-tab"/> to go <bx id="3" ctype="italic"/>now<ex id="4" rid="3"/>.
  </source></trans-unit>
  <trans-unit id="3"><source>A <bpt id="5">&lt;b&gt;</bpt>bold<ept id="5">&lt;/b&gt;</ept> word and a note<ph id="6">
  &lt;sup&gt;1&lt;/sup&gt;</ph>.</source></trans-unit>
  <trans-unit id="4"><source>Half <it id="7" pos="open">&lt;i&gt;</it>open.</source></trans-unit>
 </body></file>
</xliff>
"""

XLIFF_20 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="kk">
 <file id="f1">
  <unit id="u1"><segment><source>The <pc id="1" type="fmt">Collective Security</pc> Council.</source></segment></unit>
  <unit id="u2"><segment><source>Press <ph id="2"/> to go <sc id="3"/>now<ec startRef="3"/>.</source></segment></unit>
 </file>
</xliff>
"""


#: English-Russian pairs written and marked up by hand on both sides (benchmarks/inline_codes.py scores on them)
PAIRS = Path(__file__).resolve().parents[1] / "benchmarks" / "data" / "inline_pairs.tsv"
_TAG = re.compile(r"<(/?)(b|i|a|fn/)>")


def marked(text: str) -> CodedText:
    """``The <b>CSTO</b> met.<fn/>`` → code-free text with codes (b, i, a pairs; fn/ isolated)."""
    builder = CodedBuilder()
    stack: list[tuple[int, str]] = []
    position = 0
    for match in _TAG.finditer(text):
        builder.text(text[position:match.start()])
        position = match.end()
        closing, name = match.groups()
        if name == "fn/":
            builder.isolated("footnote", "<fn/>")
        elif closing:
            pair, opened = stack.pop()
            builder.close(pair, opened, f"</{opened}>")
        else:
            stack.append((builder.open(name, f"<{name}>"), name))
    builder.text(text[position:])
    return builder.exact()


def load_pairs() -> list[tuple[CodedText, CodedText]]:
    """The hand-marked pairs."""
    pairs = []
    for line in PAIRS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            source, target = line.split("\t")
            pairs.append((marked(source), marked(target)))
    return pairs
