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

from aligntool.cli import run_cli
from aligntool.documents import read_document
from aligntool.errors import AligntoolError, InputError, ParseError
from aligntool.formats import DocumentWarning

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


def test_docx_tables_nested_within_the_limit_are_read(tmp_path: Path) -> None:
    base = _base_docx(tmp_path)
    path = tmp_path / "nested.docx"
    path.write_bytes(_replace_parts(base, {"word/document.xml": _document_xml(_nested_tables(60))}))
    texts = [p.text for p in read_document(path).paragraphs]
    assert "deep" in texts and "Header text." in texts
