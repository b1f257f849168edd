"""Document readers: each format's paragraph list, what each leaves out, and bad input named by file."""

from __future__ import annotations

import io
import json
import warnings
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aligntool.cli.app import run_cli
from aligntool.core.errors import ConfigError, InputError, ParseError
from aligntool.engines.segmentation.segmenter import segment
from aligntool.engines.segmentation.sentences import document_sentences
from aligntool.formats.documents.base import DocumentWarning
from aligntool.formats.documents.reading import document_lines, read_document, text_document
from aligntool.formats.documents.registry import READERS, detect_format
from tests.formatted_fixtures import with_footnotes
from tests.pdf_factory import write_pdf

pytestmark = pytest.mark.filterwarnings("ignore::aligntool.formats.documents.base.DocumentWarning")

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
FOOTNOTES = (f'<w:footnotes {W_NS}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
             '</w:footnote><w:footnote w:id="1"><w:p><w:r><w:t>See the Charter of 2002.</w:t></w:r></w:p>'
             '</w:footnote></w:footnotes>')
TRACKED = (f'<w:p {W_NS}><w:r><w:t xml:space="preserve">Signed in </w:t></w:r>'
           '<w:del w:id="1" w:author="a"><w:r><w:delText>Moscow</w:delText></w:r></w:del>'
           '<w:ins w:id="2" w:author="a"><w:r><w:t>Minsk</w:t></w:r></w:ins>'
           '<w:r><w:t xml:space="preserve"> on page </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
           '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
           '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r>'
           '<w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>.</w:t></w:r></w:p>')


def make_docx(path: Path) -> Path:
    """Heading, body with runs, tracked changes and a field, a table, header, footer and a footnote."""
    docx = pytest.importorskip("docx")
    from docx.oxml import parse_xml

    document = docx.Document()
    document.add_heading("Annual report", 1)
    paragraph = document.add_paragraph("The CSTO met in ")
    paragraph.add_run("Minsk").bold = True
    paragraph.add_run(". NATO did not.")
    document.element.body.insert(len(document.element.body) - 1, parse_xml(TRACKED))
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Member states"
    table.cell(0, 1).text = "Six countries."
    document.sections[0].header.paragraphs[0].text = "Confidential"
    document.sections[0].footer.paragraphs[0].text = "Prepared by the secretariat"
    buffer = io.BytesIO()
    document.save(buffer)
    return with_footnotes(buffer.getvalue(), FOOTNOTES, path)


HTML_CP1251 = """<!DOCTYPE html><html><head><meta charset="windows-1251"><title>Отчёт ОДКБ</title>
<style>p {color: red}</style><script>var x = "не переводить";</script></head>
<body><nav><a href="/">Главная</a></nav><h1>Встреча в Минске</h1>
<p>Министры встретились
в понедельник. Они <b>договорились</b> о заявлении.<br>Вторая строка.</p>
<ul><li>Армения</li><li>Беларусь</li></ul><pre><code>x = 1</code></pre>
<table><tr><td>Страна</td><td>Столица</td></tr></table></body></html>"""

MARKDOWN = """# Annual report

The ministers met
in Minsk. They agreed on a `joint` statement.

- Armenia
- Belarus and [Kazakhstan](https://example.org)

```python
print("not translated")
```

    indented code

| Country | Capital |
|---|---|
| Russia | Moscow |
"""

XLIFF_12 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
 <file original="ui.properties" source-language="en" target-language="ru" datatype="plaintext"><body>
  <group id="g1">
   <trans-unit id="a"><source>Save the <ph id="1">&lt;b&gt;</ph>file<ph id="2">&lt;/b&gt;</ph>.</source></trans-unit>
   <trans-unit id="b" translate="no"><source>APP_NAME</source></trans-unit>
   <trans-unit id="c"><source>Open a <g id="3">new</g> window.</source><target>Откройте окно.</target></trans-unit>
   <trans-unit id="d"><source> </source></trans-unit>
  </group>
 </body></file>
</xliff>"""

XLIFF_20 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="kk">
 <file id="f1"><unit id="u1"><segment><source>First sentence.</source></segment>
  <segment><source> Second <pc id="1">one</pc>.</source></segment></unit>
  <unit id="u2"><segment><source>Press <ph id="1"/> to go.</source></segment></unit></file>
</xliff>"""


def _paragraphs(path: Path, input_format: str | None = None) -> list[tuple[str, str]]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DocumentWarning)
        return [(p.context, p.text) for p in read_document(path, input_format).paragraphs]


def test_registry_detects_by_extension_and_checks_names(tmp_path: Path) -> None:
    assert [detect_format(f"a{ext}") for ext in (".docx", ".HTM", ".md", ".xlf", ".pdf", ".txt", ".log")] == [
        "docx", "html", "markdown", "xliff", "pdf", "text", "text"]
    assert detect_format("a.txt", "markdown") == "markdown"
    assert list(READERS) == ["text", "docx", "html", "markdown", "xliff", "pdf"]
    with pytest.raises(ConfigError, match="--input-format must be one of text, docx"):
        detect_format("a.txt", "rtf")


def test_text_reader_keeps_the_segmenter_paragraphs_and_offsets(tmp_path: Path) -> None:
    path = tmp_path / "news.txt"
    path.write_bytes(b"\xef\xbb\xbfMinsk, 10 February\r\nThe CSTO met. NATO did not.\r\n\r\nHeading\r\nBody text here.")
    document = read_document(path)
    # blank lines separate paragraphs when there are any (the segmentation policy every command shares)
    assert _paragraphs(path) == [("line 1", "Minsk, 10 February\nThe CSTO met. NATO did not."),
                                 ("line 4", "Heading\nBody text here.")]
    sentences = document_sentences(document, "en")
    assert [s.text for s in sentences] == [s.text for s in segment(document.text or "", "en")]
    assert all(document.text[s.start:s.end] == s.text for s in sentences)
    assert [(s.paragraph, s.context) for s in sentences] == [(0, "line 1"), (0, "line 2"), (0, "line 2"),
                                                              (1, "line 4"), (1, "line 5")]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from([*list("ab. ,?!\n\t\r"), "Mr.", "Ab", "1.", "\n\n"]), max_size=40).map("".join),
       st.sampled_from(["break", "space"]))
def test_segmenting_by_paragraph_equals_segmenting_the_whole_text(text: str, newlines: str) -> None:
    text = text.replace("\r", "\n")
    whole = [(s.text, s.start, s.end) for s in segment(text, "en", newlines=newlines)]
    by_paragraph = [(s.text, s.start, s.end) for s in document_sentences(text_document(text), "en", newlines)]
    assert by_paragraph == whole


def test_docx_reader_reads_body_tables_headers_footers_footnotes(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "report.docx")
    assert _paragraphs(path) == [
        ("heading 1", "Annual report"),
        ("body", "The CSTO met in Minsk. NATO did not."),
        ("body", "Signed in Minsk on page 3."),  # insertion kept, deletion and field code dropped
        ("table 1, row 1, cell 1", "Member states"),
        ("table 1, row 1, cell 2", "Six countries."),
        ("header", "Confidential"),
        ("footer", "Prepared by the secretariat"),
        ("footnote 1", "See the Charter of 2002."),
    ]
    assert read_document(path).skipped == {"deleted revision": 1}


def test_html_reader_uses_the_meta_charset_and_skips_code(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(HTML_CP1251.encode("cp1251"))
    assert _paragraphs(path) == [
        ("title", "Отчёт ОДКБ"), ("h1", "Встреча в Минске"),
        ("p", "Министры встретились в понедельник. Они договорились о заявлении.\nВторая строка."),
        ("li", "Армения"), ("li", "Беларусь"), ("td", "Страна"), ("td", "Столица")]
    left_out = r"page\.html: left out: code block \(1\), nav \(1\), script \(1\), style \(1\)"
    with pytest.warns(DocumentWarning, match=left_out):
        assert read_document(path).skipped == {"script": 1, "style": 1, "nav": 1, "code block": 1}


def test_html_in_an_undeclared_legacy_encoding_is_refused_with_the_file_name(tmp_path: Path) -> None:
    path = tmp_path / "legacy.htm"
    path.write_bytes("<p>Привет</p>".encode("cp1251"))
    with pytest.raises(InputError, match=r"legacy.htm:1: not valid utf-8 .*<meta charset>"):
        read_document(path)


def test_markdown_reader_keeps_headings_paragraphs_lists_and_drops_code(tmp_path: Path) -> None:
    path = tmp_path / "README.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    assert _paragraphs(path) == [
        ("h1, line 1", "Annual report"),
        ("paragraph, line 3", "The ministers met in Minsk. They agreed on a statement."),  # `joint`: a code
        ("list item, line 6", "Armenia"), ("list item, line 7", "Belarus and Kazakhstan"),
        ("table cell, line 15", "Country"), ("table cell, line 15", "Capital"),
        ("table cell, line 17", "Russia"), ("table cell, line 17", "Moscow")]
    assert read_document(path).skipped == {"code block": 2}


def test_xliff_reader_takes_translatable_sources_of_12_and_20(tmp_path: Path) -> None:
    path = tmp_path / "ui.xlf"
    path.write_text(XLIFF_12, encoding="utf-8")
    assert _paragraphs(path) == [("unit a", "Save the file."), ("unit c", "Open a new window.")]
    document = read_document(path)
    assert document.skipped == {"unit marked translate=no": 1, "empty unit": 1}
    assert [len(p.codes) for p in document.paragraphs] == [2, 2]  # <ph> and <g> are codes now, not dropped
    path2 = tmp_path / "app.xliff"
    path2.write_text(XLIFF_20, encoding="utf-8")
    assert _paragraphs(path2) == [("unit u1", "First sentence. Second one."), ("unit u2", "Press to go.")]


def test_xliff_reader_refuses_entities_and_other_xml(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.xlf"
    bomb.write_text('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><xliff version="1.2" '
                    'xmlns="urn:oasis:names:tc:xliff:document:1.2"><file><body><trans-unit id="1"><source>&a;'
                    "</source></trans-unit></body></file></xliff>", encoding="utf-8")
    with pytest.raises(ParseError, match=r"bomb\.xlf"):
        read_document(bomb)
    other = tmp_path / "other.xlf"
    other.write_text('<tmx version="1.4"><body/></tmx>', encoding="utf-8")
    with pytest.raises(ParseError, match=r"other\.xlf.*not an XLIFF file"):
        read_document(other)


def _pdf_pages() -> list[list[str]]:
    body = ["The Collective Security Treaty Organization met in Minsk on Monday to discuss the",
            "situation on the border. The ministers agreed on a common state-",
            "ment about the exercises.", "", "A heading",
            "Another line of text that is long enough to be a full line of the page body text"]
    return [["CSTO Bulletin", *body, "Page 1"], ["CSTO Bulletin", "Text on page two.", "Page 2"],
            ["CSTO Bulletin", "Final words.", "Page 3"]]


def test_pdf_reader_dehyphenates_and_drops_running_headers(tmp_path: Path) -> None:
    pytest.importorskip("pypdf")
    path = write_pdf(tmp_path / "bulletin.pdf", _pdf_pages())
    assert _paragraphs(path) == [
        ("page 1", "The Collective Security Treaty Organization met in Minsk on Monday to discuss the situation "
                   "on the border. The ministers agreed on a common statement about the exercises."),
        ("page 1", "A heading"),
        ("page 1", "Another line of text that is long enough to be a full line of the page body text"),
        ("page 2", "Text on page two."), ("page 3", "Final words.")]
    with pytest.warns(DocumentWarning, match="bulletin.pdf: PDF layout is lossy"):
        assert read_document(path).skipped == {"running header/footer line": 6}


def test_pdf_paragraph_running_across_a_page_break_is_joined(tmp_path: Path) -> None:
    pytest.importorskip("pypdf")
    path = write_pdf(tmp_path / "two.pdf", [["Bulletin", "The meeting of the ministers went on until late in the",
                                             "Page 1"],
                                            ["Bulletin", "evening. Then it ended with a state-", "ment.", "Page 2"]])
    assert _paragraphs(path) == [("page 1", "The meeting of the ministers went on until late in the evening. "
                                            "Then it ended with a statement.")]


def test_pdf_pages_without_text_are_reported(tmp_path: Path) -> None:
    pytest.importorskip("pypdf")
    scanned = write_pdf(tmp_path / "scan.pdf", [[], []])
    with pytest.raises(InputError, match=r"scan.pdf: the PDF has no text layer .*OCR"):
        read_document(scanned)
    mixed = write_pdf(tmp_path / "mixed.pdf", [["Some text here."], []])
    with pytest.warns(DocumentWarning, match=r"mixed.pdf: page\(s\) 2 have no text layer"):
        assert _paragraphs(mixed) == [("page 1", "Some text here.")]
        read_document(mixed)


def test_bad_input_is_one_line_naming_the_file(tmp_path: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    corrupt = tmp_path / "corrupt.docx"
    corrupt.write_bytes(b"this is not a zip archive")
    encrypted_docx = tmp_path / "secret.docx"
    encrypted_docx.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)  # what Word writes when encrypting
    writer = pypdf.PdfWriter(clone_from=str(write_pdf(tmp_path / "plain.pdf", [["Hello there."]])))
    writer.encrypt("secret", algorithm="RC4-128")
    encrypted_pdf = tmp_path / "secret.pdf"
    writer.write(str(encrypted_pdf))
    cases = [(corrupt, "corrupt.docx: not a .docx file"), (encrypted_docx, "secret.docx: the document is password"),
             (encrypted_pdf, "secret.pdf: the PDF is password-protected"), (tmp_path / "missing.md", "no such file"),
             (tmp_path, "is a directory")]
    for path, message in cases:
        with pytest.raises(InputError, match=message) as caught:
            read_document(path)
        assert "\n" not in str(caught.value)


def test_document_lines_give_file_line_for_text_and_context_for_others(tmp_path: Path) -> None:
    text = tmp_path / "a.txt"
    text.write_text("One.\nTwo.\n", encoding="utf-8")
    assert list(document_lines(read_document(text))) == [(f"{text}:1", "One."), (f"{text}:2", "Two."),
                                                         (f"{text}:3", "")]
    page = tmp_path / "b.html"
    page.write_text("<h1>Title</h1><p>Line one<br>line two</p>", encoding="utf-8")
    assert list(document_lines(read_document(page))) == [(f"{page} (h1)", "Title"),
                                                         (f"{page} (p)", "Line one line two")]


def test_segment_cli_reads_any_format_with_paragraph_and_context(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    path = make_docx(tmp_path / "report.docx")
    assert run_cli(["segment", str(path), "--format", "jsonl"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["text"], r["paragraph"], r["context"]) for r in records[:4]] == [
        ("Annual report", 0, "heading 1"), ("The CSTO met in Minsk.", 1, "body"), ("NATO did not.", 1, "body"),
        ("Signed in Minsk on page 3.", 2, "body")]
    out = tmp_path / "out.txt"
    assert run_cli(["segment", str(path), "--input-format", "text", "-o", str(out)]) == 1
    assert not out.exists()  # a docx read as text is not UTF-8: nothing half-written
    assert "report.docx" in capsys.readouterr().err


def test_align_takes_two_documents_of_different_formats(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "en.md"
    source.write_text("# Meeting in Minsk\n\nThe ministers met on Monday. They signed a statement.\n\n"
                      "- Armenia\n- Belarus\n", encoding="utf-8")
    target = tmp_path / "ru.html"
    target.write_text("<h1>Встреча в Минске</h1><p>Министры встретились в понедельник. Они подписали заявление."
                      "</p><ul><li>Армения</li><li>Беларусь</li></ul>", encoding="utf-8")
    assert run_cli(["align", str(source), str(target), "--from", "en", "--to", "ru",
                    "--format", "tsv"]) == 0
    rows = [line.split("\t")[:2] for line in capsys.readouterr().out.splitlines()]
    assert rows == [["Meeting in Minsk", "Встреча в Минске"],
                    ["The ministers met on Monday.", "Министры встретились в понедельник."],
                    ["They signed a statement.", "Они подписали заявление."], ["Armenia", "Армения"],
                    ["Belarus", "Беларусь"]]
