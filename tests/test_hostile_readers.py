"""Issue #27, items 3-8 and 16: hostile and careless documents (zip and entity bombs, deep nesting, wrong
charset declarations, PDF stream bombs, XLIFF with human translations) end in one line or are read whole."""

from __future__ import annotations

import io
import struct
import warnings
import zipfile
import zlib
from pathlib import Path

import pytest

from aligntool.cli.app import run_cli
from aligntool.core.errors import InputError
from aligntool.formats.documents.base import DocumentWarning
from aligntool.formats.documents.reading import read_document
from tests.pdf_factory import write_objects

_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _segment(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = run_cli(["segment", str(path)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _one_line_error(code: int, err: str, *needles: str) -> None:
    assert code == 1, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("aligntool: error: "), err
    assert "Traceback" not in err
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])


def _base_docx(tmp_path: Path) -> bytes:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("First paragraph.")
    document.sections[0].header.paragraphs[0].text = "Header text."
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _replace_parts(data: bytes, parts: dict[str, bytes], compresslevel: int = 6) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel) as target:
        for info in source.infolist():
            target.writestr(info.filename, parts.get(info.filename, source.read(info.filename)))
    return out.getvalue()


def _document_xml(body: str, doctype: str = "") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{doctype}'
            f"<w:document {_W}><w:body>{body}</w:body></w:document>").encode()


def _header_name(data: bytes) -> str:
    return next(n for n in zipfile.ZipFile(io.BytesIO(data)).namelist() if n.startswith("word/header"))


# ---- item 3: zip bombs -------------------------------------------------------------------------------------


def test_docx_zip_bomb_is_refused_before_inflating(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A part that declares 3 GiB uncompressed (the reproduction: 1.1 MB inflating to gigabytes, 2.26 GB peak
    memory and a traceback): refused from the declared sizes, before anything is inflated."""
    data = _replace_parts(_base_docx(tmp_path), {"word/document.xml": _document_xml(
        "<w:p><w:r><w:t>" + "A" * (1 << 20) + "</w:t></w:r></w:p>")})
    bomb = tmp_path / "bomb.docx"
    bomb.write_bytes(_lie_about_size(data, "word/document.xml", 3 << 30))
    code, _out, err = _segment(bomb, capsys)
    _one_line_error(code, err, "bomb.docx", "declare 3072 MiB", "ALIGNTOOL_MAX_INFLATED_MIB")


def test_docx_inflation_is_counted_while_inflating(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The budget holds for what actually comes out, not only what the archive declares."""
    from aligntool.core.safezip import BoundedZip

    data = _replace_parts(_base_docx(tmp_path), {"word/document.xml": _document_xml(
        "<w:p><w:r><w:t>" + "B" * (3 << 20) + "</w:t></w:r></w:p>")})
    archive = BoundedZip(data, "x.docx", max_inflated=64 << 20)
    archive.max_inflated = 1 << 20  # as if the declared sizes had lied
    info = next(i for i in archive if i.filename == "word/document.xml")
    with pytest.raises(InputError, match="inflates to more than 1 MiB"):
        archive.drain(info)
    monkeypatch.setenv("ALIGNTOOL_MAX_INFLATED_MIB", "2")
    path = tmp_path / "big.docx"
    path.write_bytes(data)
    with pytest.raises(InputError, match="more than the limit of 2 MiB"):
        read_document(path)
    monkeypatch.setenv("ALIGNTOOL_MAX_INFLATED_MIB", "8")
    assert read_document(path).paragraphs[0].text.startswith("BBB")


def _lie_about_size(data: bytes, name: str, size: int) -> bytes:
    """Rewrite the uncompressed size a member declares (local header and central directory)."""
    raw = bytearray(data)
    encoded = name.encode()
    position = 0
    while True:
        local = raw.find(b"PK\x03\x04", position)
        if local < 0:
            break
        length = struct.unpack_from("<H", raw, local + 26)[0]
        if raw[local + 30:local + 30 + length] == encoded:
            struct.pack_into("<I", raw, local + 22, size)
        position = local + 4
    central = raw.find(b"PK\x01\x02")
    while central >= 0:
        length = struct.unpack_from("<H", raw, central + 28)[0]
        if raw[central + 46:central + 46 + length] == encoded:
            struct.pack_into("<I", raw, central + 24, size)
        central = raw.find(b"PK\x01\x02", central + 4)
    return bytes(raw)


def test_docx_member_that_lies_about_its_size_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _replace_parts(_base_docx(tmp_path), {"word/document.xml": _document_xml(
        "<w:p><w:r><w:t>" + "C" * (1 << 20) + "</w:t></w:r></w:p>")})
    path = tmp_path / "liar.docx"
    path.write_bytes(_lie_about_size(data, "word/document.xml", 200))
    code, _out, err = _segment(path, capsys)
    _one_line_error(code, err, "liar.docx")


# ---- item 4: every DOCX part through the safe XML parser --------------------------------------------------

_BOMB = ('<!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
         '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>')
_EXTERNAL = '<!DOCTYPE w:document [<!ENTITY ext SYSTEM "file:///etc/hostname">]>'


def _nested_tables(depth: int) -> str:
    return "<w:tbl><w:tr><w:tc>" * depth + "<w:p><w:r><w:t>deep</w:t></w:r></w:p>" + "</w:tc></w:tr></w:tbl>" * depth


@pytest.mark.parametrize(("case", "needle"), [
    ("entity bomb", "declares XML entities"),
    ("external entity", "declares XML entities"),
    ("malformed", "malformed XML"),
    ("deep tables", "nested more than"),
    ("malformed header", "malformed XML"),
])
def test_docx_parts_go_through_the_safe_xml_parser(tmp_path: Path, case: str, needle: str,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    base = _base_docx(tmp_path)
    text = "<w:p><w:r><w:t>Before &{}; after and more words.</w:t></w:r></w:p>"
    parts = {
        "entity bomb": {"word/document.xml": _document_xml(text.format("d"), _BOMB)},
        "external entity": {"word/document.xml": _document_xml(text.format("ext"), _EXTERNAL)},
        "malformed": {"word/document.xml": _document_xml("<w:p><w:r><w:t>unclosed</w:r></w:p>")},
        "deep tables": {"word/document.xml": _document_xml(_nested_tables(100))},
        "malformed header": {_header_name(base): b"<w:hdr " + _W.encode() + b"><w:p>"},
    }[case]
    path = tmp_path / "hostile.docx"
    path.write_bytes(_replace_parts(base, parts))
    code, _out, err = _segment(path, capsys)
    part = next(iter(parts))
    _one_line_error(code, err, f"hostile.docx:{part}", needle)


def _corrupt_deflate(data: bytes, name: str) -> bytes:
    """The archive with one member's deflate stream damaged (its first block gets an invalid block type)."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    info = archive.getinfo(name)
    header = data[info.header_offset:info.header_offset + 30]
    start = info.header_offset + 30 + struct.unpack("<H", header[26:28])[0] + struct.unpack("<H", header[28:30])[0]
    damaged = bytearray(data)
    damaged[start] |= 0b110  # BTYPE 11: reserved, "invalid block type"
    return bytes(damaged)


@pytest.mark.parametrize("case", ["damaged deflate", "not a Word document"])
def test_docx_damaged_parts_found_by_the_fuzzer_are_one_line(tmp_path: Path, case: str,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    base = _base_docx(tmp_path)
    if case == "damaged deflate":  # zlib.error from inside the XML parser's read: was a traceback
        data, needle = _corrupt_deflate(base, "word/document.xml"), "hostile.docx:word/document.xml"
    else:  # well-formed XML whose root is not <w:document>: was AttributeError 'body'
        data = _replace_parts(base, {"word/document.xml": f"<w:documen {_W}><w:p/></w:documen>".encode()})
        needle = "no document body"
    path = tmp_path / "hostile.docx"
    path.write_bytes(data)
    code, _out, err = _segment(path, capsys)
    _one_line_error(code, err, "hostile.docx", needle)


def test_docx_tables_nested_within_the_limit_are_read(tmp_path: Path) -> None:
    base = _base_docx(tmp_path)
    path = tmp_path / "nested.docx"
    path.write_bytes(_replace_parts(base, {"word/document.xml": _document_xml(_nested_tables(60))}))
    texts = [p.text for p in read_document(path).paragraphs]
    assert "deep" in texts and "Header text." in texts


# ---- items 5-7: HTML and Markdown depth, charset declarations ----------------------------------------------


def _read_warned(path: Path) -> tuple[list[str], list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        document = read_document(path)
    return [p.text for p in document.paragraphs], [str(w.message) for w in caught
                                                   if issubclass(w.category, DocumentWarning)]


def test_html_deeper_than_libxml2_keeps_every_paragraph(tmp_path: Path) -> None:
    """401 paragraphs in sloppy unclosed <div>s: all 401 read (was 254 and exit 0), with a warning."""
    page = tmp_path / "deep.html"
    page.write_text("<html><body>" + "".join(f"<div><p>Paragraph number {i}." for i in range(401))
                    + "<p>Shallow ending.</p></body></html>", encoding="utf-8")
    texts, warned = _read_warned(page)
    joined = "\n".join(texts)
    assert all(f"Paragraph number {i}." in joined for i in range(401))
    assert joined.endswith("Shallow ending.")
    assert any("flattened" in w and "deep.html" in w for w in warned)


def test_html_100000_levels_deep_is_read(tmp_path: Path) -> None:
    page = tmp_path / "abyss.html"
    page.write_text("<p>Top text.</p>" + "<span>" * 100_000 + "Bottom text." + "</span>" * 100_000
                    + "<p>After.</p>", encoding="utf-8")
    texts, warned = _read_warned(page)
    joined = " ".join(texts)
    assert "Top text." in joined and "Bottom text." in joined and "After." in joined
    assert warned


def test_shallow_html_is_unchanged_and_not_warned(tmp_path: Path) -> None:
    page = tmp_path / "plain.html"
    page.write_text("<h1>Title</h1><div><p>One.</p><ul><li>Two</li><li>Three</li></ul></div>", encoding="utf-8")
    texts, warned = _read_warned(page)
    assert texts == ["Title", "One.", "Two", "Three"] and not [w for w in warned if "flattened" in w]


def test_markdown_nesting_past_the_parser_limit_keeps_the_rest(tmp_path: Path) -> None:
    """A list nested 10 levels lost its deepest item and the next paragraph; 20 nested quotes lost their text."""
    lists = tmp_path / "lists.md"
    lists.write_text("".join("  " * i + f"- item {i}\n" for i in range(10)) + "\nFollowing paragraph.\n",
                     encoding="utf-8")
    texts, _warned = _read_warned(lists)
    assert texts == [f"item {i}" for i in range(10)] + ["Following paragraph."]
    quotes = tmp_path / "quotes.md"
    quotes.write_text("> " * 20 + "Deep quote.\n\nAfter the quote.\n", encoding="utf-8")
    texts, _warned = _read_warned(quotes)
    assert texts == ["Deep quote.", "After the quote."]


def test_markdown_past_our_own_limit_is_flattened_with_a_warning(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALIGNTOOL_MAX_MARKUP_DEPTH", "6")
    path = tmp_path / "deep.md"
    path.write_text("> " * 30 + "Very deep quote.\n\nAfter.\n\n" + "".join("  " * i + f"- item {i}\n"
                                                                           for i in range(12)) + "\nEnd.\n",
                    encoding="utf-8")
    texts, warned = _read_warned(path)
    joined = "\n".join(texts)
    assert "Very deep quote." in joined and "After." in texts and "End." in texts
    assert all(f"item {i}" in joined for i in range(12))
    assert ">" not in joined.replace("Very deep quote.", "")
    assert any("read as plain paragraphs" in w for w in warned)


def test_meta_charset_utf16_on_utf8_bytes_reads_as_utf8(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_bytes('<html><head><meta charset="utf-16"></head><body><p>Привет, мир — ОДКБ.</p></body></html>'
                     .encode())
    texts, _warned = _read_warned(page)
    assert texts == ["Привет, мир — ОДКБ."]
    bom = tmp_path / "bom.html"  # a real UTF-16 page (with its BOM) is still UTF-16
    bom.write_bytes("<html><body><p>Привет.</p></body></html>".encode("utf-16"))
    assert _read_warned(bom)[0] == ["Привет."]


# ---- item 8: PDF stream bomb -------------------------------------------------------------------------------


def _bomb_pdf(path: Path, inflated: int) -> Path:

    stream = zlib.compress(b"BT /F1 11 Tf 72 760 Td (Hello) Tj ET\n" + b" " * inflated, 9)
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 5 0 R "
               b"/Resources << /Font << /F1 3 0 R >> >> >>",
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream"]
    return write_objects(path, objects)


def test_pdf_stream_bomb_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("pypdf")
    bomb = _bomb_pdf(tmp_path / "bomb.pdf", 90 << 20)  # past pypdf's 75 MB
    assert bomb.stat().st_size < 1 << 20
    code, _out, err = _segment(bomb, capsys)
    _one_line_error(code, err, "bomb.pdf", "inflates past the PDF reader's limit", "decompression bomb")
    small = _bomb_pdf(tmp_path / "spaces.pdf", 3 << 20)
    with pytest.warns(DocumentWarning, match="lossy"):
        assert [p.text for p in read_document(small).paragraphs] == ["Hello"]


# ---- item 16: XLIFF input with human translations; reader warnings once --------------------------------------

_XLIFF = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="doc.txt" source-language="en" target-language="ru" datatype="plaintext"><body>
    <trans-unit id="1"><source>The CSTO met in Minsk.</source>
      <target state="final">ОДКБ собралась в Минске.</target></trans-unit>
    <trans-unit id="2"><source>Peacekeepers returned home.</source>
      <target state="needs-review-translation">Миротворцы.</target></trans-unit>
    <trans-unit id="3"><source>NATO did not comment.</source></trans-unit>
    <trans-unit id="4" translate="no"><source>Code 42.</source></trans-unit>
  </body></file>
</xliff>
"""


def test_xliff_final_targets_are_not_machine_translated(tmp_path: Path) -> None:
    path = tmp_path / "job.xlf"
    path.write_text(_XLIFF, encoding="utf-8")
    texts, warned = _read_warned(path)
    assert texts == ["Peacekeepers returned home.", "NATO did not comment."]
    left_out = [w for w in warned if "left out" in w]
    assert len(left_out) == 1 and "unit with a final translation" in left_out[0] and "translate=no (1)" in left_out[0]
    assert any("1 unit(s) already have a target that is not final" in w for w in warned)


def test_translate_prints_reader_warnings_once(tmp_path: Path, tiny_en_ru: Path,
                                               capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALIGNTOOL_CACHE", str(tmp_path / "cache"))
    from aligntool.formats.tmx.reader import read_tmx

    path = tmp_path / "job.xlf"
    path.write_text(_XLIFF, encoding="utf-8")
    out = tmp_path / "out"
    code = run_cli(["translate", str(path), "--to", "ru", "--model", f"ru={tiny_en_ru}", "--max-length", "6",
                    "--out", str(out), "--quiet"])
    err = capsys.readouterr().err
    assert code == 0, err
    assert err.count("left out:") == 1 and err.count("not final") == 1, err
    sources = [next(iter(u.variants.values())) for u in read_tmx(out / "job.en-ru.tmx")]
    assert sources == ["Peacekeepers returned home.", "NATO did not comment."]


# ---- found by the fuzzer (make fuzz): library messages that span lines ----------------------------------------


def test_yaml_and_xml_errors_that_span_lines_are_one_line(tmp_path: Path) -> None:
    from aligntool.core.errors import ParseError
    from aligntool.engines.terminology.termbase import Glossary
    from aligntool.formats.glossary.registry import get_format

    glossary = tmp_path / "g.yaml"
    glossary.write_text("format: aligntool-glossary/1\nlanguages: [en, ru]\nentries: []\n\x0b", encoding="utf-8")
    with pytest.raises(ParseError) as caught:
        Glossary.load(glossary)
    assert "\n" not in str(caught.value) and caught.value.line == 4, str(caught.value)
    tbx = tmp_path / "t.tbx"
    tbx.write_bytes(b'<\x00?xml version="1.0"?>\n<tbx/>')
    with pytest.raises(ParseError) as caught:
        get_format("tbx").read(tbx, "en", "ru")
    assert "\n" not in str(caught.value) and "malformed XML" in str(caught.value), str(caught.value)


def test_translated_xliff_keeps_final_targets_and_fills_the_others(tmp_path: Path, tiny_en_ru: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The reader leaves a final unit out; the translated XLIFF (--format document) must skip it the same way, or
    every later unit's translation lands one unit early and the final target is overwritten."""
    monkeypatch.setenv("ALIGNTOOL_CACHE", str(tmp_path / "cache"))
    from aligntool.formats.xliff.writer import read_xliff

    path = tmp_path / "job.xlf"
    path.write_text(_XLIFF, encoding="utf-8")
    out = tmp_path / "out"
    assert run_cli(["translate", str(path), "--to", "ru", "--model", f"ru={tiny_en_ru}", "--max-length", "6",
                    "--out", str(out), "--format", "tmx,document", "--quiet"]) == 0
    sources = {}
    from aligntool.formats.tmx.reader import read_tmx
    for unit in read_tmx(out / "job.en-ru.tmx"):
        variants = list(unit.variants.values())
        sources[variants[0]] = variants[1]
    with (out / "job.ru.xlf").open("rb") as handle:
        units = {entry.id: entry for entry in read_xliff(handle)}
    assert units["1"].target == "ОДКБ собралась в Минске." and units["1"].state == "final"
    assert units["2"].target == sources["Peacekeepers returned home."] and units["2"].state != "final"
    assert units["3"].target == sources["NATO did not comment."]
    assert units["4"].target is None  # translate="no"
