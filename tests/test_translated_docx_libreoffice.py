"""The translated DOCX in LibreOffice (headless, the Debian packages): it opens, converts to PDF (a rendered page
is kept as a test artifact), and LibreOffice sees the same formatting as in the source: as many bold, italic and
superscript stretches, hyperlinks and footnotes, the table, the header and the footer (#25).

LibreOffice converts both the source and the translation to ODF; the counts come from its ``content.xml`` and
``styles.xml``, so they are what LibreOffice made of each file, not what our own reader reads back.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from aligntool.cli.app import run_cli
from tests.formatted_fixtures import formatted_docx

TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
FO = "{urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"


def _tools() -> tuple[str, str]:
    soffice, pdftoppm = shutil.which("soffice"), shutil.which("pdftoppm")
    if soffice is None or pdftoppm is None:
        pytest.skip("LibreOffice (libreoffice-writer-nogui) or pdftoppm (poppler-utils) is not installed")
    return soffice, pdftoppm


def _convert(soffice: str, profile: Path, kind: str, out: Path, *paths: Path) -> None:
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{profile}", "--convert-to", kind,
                    "--outdir", str(out), *map(str, paths)], check=True, capture_output=True, timeout=240)


def _text_styles(root: etree._Element) -> dict[str, set[str]]:
    """Automatic style name → the formatting it sets (bold, italic, superscript)."""
    styles: dict[str, set[str]] = {}
    for style in root.iter(f"{STYLE}style"):
        props = style.find(f"{STYLE}text-properties")
        if props is None:
            continue
        found = set()
        if props.get(f"{FO}font-weight") == "bold":
            found.add("bold")
        if props.get(f"{FO}font-style") == "italic":
            found.add("italic")
        if (props.get(f"{STYLE}text-position") or "").startswith("super"):
            found.add("superscript")
        styles[style.get(f"{STYLE}name", "")] = found
    return styles


def _pieces(element: etree._Element, styles: dict[str, set[str]], active: frozenset[str],
            out: list[tuple[str, frozenset[str]]]) -> None:
    """The paragraph's text in order, each piece with the formatting in force (a note's body is left out: it is
    a paragraph of its own)."""
    here = active | styles.get(element.get(f"{TEXT}style-name", ""), set())
    out.append((element.text or "", here))
    for child in element:
        if child.tag == f"{TEXT}note":
            out.append(("\0", frozenset()))  # the note citation breaks a stretch
        elif isinstance(child.tag, str):
            _pieces(child, styles, here, out)
        out.append((child.tail or "", here))


def odf_counts(odt: Path) -> Counter[str]:
    """Stretches of bold/italic/superscript text, hyperlinks, footnotes, tables, paragraphs of the body, header
    and footer paragraphs with text, as LibreOffice wrote them."""
    with zipfile.ZipFile(odt) as archive:
        content = etree.fromstring(archive.read("content.xml"))
        styles_part = etree.fromstring(archive.read("styles.xml"))
    styles = _text_styles(content)
    counts: Counter[str] = Counter()
    for paragraph in content.iter(f"{TEXT}p", f"{TEXT}h"):
        pieces: list[tuple[str, frozenset[str]]] = []
        _pieces(paragraph, styles, frozenset(), pieces)
        before: frozenset[str] = frozenset()
        for text, formatting in pieces:
            if not text.strip():
                continue
            counts.update(name for name in formatting if name not in before)
            before = formatting
        counts["paragraphs"] += 1
    counts["hyperlinks"] = sum(1 for _ in content.iter(f"{TEXT}a"))
    counts["footnotes"] = sum(1 for n in content.iter(f"{TEXT}note") if n.get(f"{TEXT}note-class") == "footnote")
    counts["tables"] = sum(1 for _ in content.iter(f"{TABLE}table"))
    for part in ("header", "footer"):
        counts[part] = sum(1 for h in styles_part.iter(f"{STYLE}{part}") for p in h.iter(f"{TEXT}p")
                           if "".join(p.itertext()).strip())
    return counts


def _texts(odt: Path, part: str) -> list[str]:
    with zipfile.ZipFile(odt) as archive:
        root = etree.fromstring(archive.read(part))
    return [" ".join("".join(p.itertext()).split()) for p in root.iter(f"{TEXT}p", f"{TEXT}h")]


def test_libreoffice_opens_the_translated_docx_with_the_sources_formatting(tiny_en_ru: Path, tmp_path: Path) -> None:
    soffice, pdftoppm = _tools()
    source = formatted_docx(tmp_path / "news.docx")
    out = tmp_path / "out"
    assert run_cli(["translate", str(source), "--to", "ru", "--model", f"ru={tiny_en_ru}", "--out", str(out),
                    "--format", "document", "--quiet", "--no-resume"]) == 0
    translated = out / "news.ru.docx"
    profile, odf = tmp_path / "lo-profile", tmp_path / "odf"
    _convert(soffice, profile, "odt", odf, source, translated)
    before, after = odf_counts(odf / "news.odt"), odf_counts(odf / "news.ru.odt")
    assert before["bold"] == 3 and before["italic"] == 2 and before["superscript"] >= 1  # the fixture, as LO sees it
    assert before["hyperlinks"] == before["footnotes"] == before["tables"] == 1
    assert before["header"] == before["footer"] == 1
    assert after == before
    # translated, not copied: body, table, header and footer text all changed
    source_texts, translated_texts = _texts(odf / "news.odt", "content.xml"), _texts(odf / "news.ru.odt", "content.xml")
    assert len(source_texts) == len(translated_texts)
    assert all(a != b for a, b in zip(source_texts, translated_texts, strict=True) if a)
    assert set(_texts(odf / "news.odt", "styles.xml")).isdisjoint(
        t for t in _texts(odf / "news.ru.odt", "styles.xml") if t)

    pdf_dir = tmp_path / "pdf"
    _convert(soffice, profile, "pdf", pdf_dir, translated)
    pdf = pdf_dir / "news.ru.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    artifacts = Path(os.environ.get("ALIGNTOOL_TEST_ARTIFACTS", tmp_path / "artifacts"))
    artifacts.mkdir(parents=True, exist_ok=True)
    subprocess.run([pdftoppm, "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf),
                    str(artifacts / "translated-docx-ru")], check=True, capture_output=True, timeout=120)
    page = next(artifacts.glob("translated-docx-ru*.png"))
    assert page.read_bytes().startswith(b"\x89PNG") and page.stat().st_size > 2000
