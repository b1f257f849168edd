"""The OmegaT project aligntool writes (``translate --omegat-project``): OmegaT 3.6 headless opens it, inserts our
translations for (nearly) every segment, tagged ones included, and writes the translated documents; LibreOffice
renders OmegaT's translated DOCX.

Needs java and OmegaT.jar (Debian ``omegat``), LibreOffice (``libreoffice-writer-nogui``) and pdftoppm
(``poppler-utils``), all installed by ``.ci/run``; each test skips with the reason when its tool is absent.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from aligntool.cli.app import run_cli
from aligntool.core.errors import InputError
from aligntool.core.inline import CodeAt, CodedText, CodeKind, InlineCode, split_coded
from aligntool.engines.segmentation.segmenter import segment
from aligntool.engines.segmentation.srx_export import export_srx
from aligntool.formats.documents.omegat.project import OmegatDocument, document_segments, write_project
from aligntool.formats.documents.omegat.tags import OmegatSegment, TagStyle, paragraph_segments
from aligntool.formats.tmx.reader import read_tmx
from tests.omegat import find_omegat, run_omegat
from tests.omegat_fixtures import build_docx, build_html, docx_coded_paragraphs, html_coded_paragraphs

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _code(kind: CodeKind, pair: int, type_: str = "bold", native: str = "") -> InlineCode:
    return InlineCode(kind, pair, type_, native)


# --- Tag text (no OmegaT needed): the strings OmegaT 3.6 showed for the fixtures ---------------------------------

def test_word_tags_run_through_the_paragraph_and_leave_out_its_edges() -> None:
    bold, link, note = 1, 2, 3
    first = CodedText("On the CSTO day in Minsk.", (
        CodeAt(7, _code(CodeKind.OPEN, bold)), CodeAt(11, _code(CodeKind.CLOSE, bold)),
        CodeAt(19, _code(CodeKind.OPEN, link, "link")), CodeAt(24, _code(CodeKind.CLOSE, link, "link"))))
    second = CodedText("It met Security.", (CodeAt(15, _code(CodeKind.ISOLATED, note, "footnote")),))
    target = CodedText("В день ОДКБ в Минске.", (
        CodeAt(7, _code(CodeKind.OPEN, bold)), CodeAt(11, _code(CodeKind.CLOSE, bold)),
        CodeAt(14, _code(CodeKind.OPEN, link, "link")), CodeAt(20, _code(CodeKind.CLOSE, link, "link"))))
    segments = paragraph_segments([(first, target), (second, None)], TagStyle.WORD)
    assert [s.source for s in segments] == ["On the <t0/>CSTO<t1/> day in <t2/>Minsk<t3/>.", "It met Security<t4/>."]
    assert segments[0].target == "В день <t0/>ОДКБ<t1/> в <t2/>Минске<t3/>."
    # a paragraph that starts bold and ends italic: OmegaT shows no tag at either edge
    edges = CodedText("Kanal went on drugs", (
        CodeAt(0, _code(CodeKind.OPEN, 1)), CodeAt(5, _code(CodeKind.CLOSE, 1)),
        CodeAt(14, _code(CodeKind.OPEN, 2, "italic")), CodeAt(19, _code(CodeKind.CLOSE, 2, "italic"))))
    assert paragraph_segments([(edges, edges)], TagStyle.WORD)[0].source == "Kanal<t0/> went on <t1/>drugs"
    # a bold close and a note reference at one place are one tag; a tag the translation lost is appended
    glued = CodedText("Pankin said so.", (CodeAt(0, _code(CodeKind.OPEN, 1)), CodeAt(6, _code(CodeKind.CLOSE, 1)),
                                          CodeAt(6, _code(CodeKind.ISOLATED, 2, "footnote"))))
    lost = CodedText("Панкин так сказал.", ())
    assert paragraph_segments([(glued, lost)], TagStyle.WORD)[0] == OmegatSegment("Pankin<t0/> said so.",
                                                                                  "Панкин так сказал.<t0/>")


def test_html_tags_take_the_element_letter_and_number_pairs_in_paragraph_order() -> None:
    def pair(pair_id: int, name: str, start: int, end: int) -> list[CodeAt]:
        return [CodeAt(start, _code(CodeKind.OPEN, pair_id, name, f"<{name}>")),
                CodeAt(end, _code(CodeKind.CLOSE, pair_id, name, f"</{name}>"))]

    first = CodedText("The CSTO met in Minsk.", (*pair(1, "b", 4, 8), *pair(2, "a", 16, 21)))
    second = CodedText("It met Security1.", (*pair(3, "sup", 15, 16),))
    third = CodedText("A line break here and an image.", (
        CodeAt(6, _code(CodeKind.ISOLATED, 4, "break", "<br>")),
        CodeAt(30, _code(CodeKind.ISOLATED, 5, "image", '<img src="x.png"/>'))))
    segments = paragraph_segments([(first, None), (second, None), (third, None)], TagStyle.HTML)
    assert [s.source for s in segments] == ["The <b0>CSTO</b0> met in <a1>Minsk</a1>.", "It met Security<s2>1</s2>.",
                                            "A line<br3> break here and an image<i4/>."]


def test_word_tab_and_break_end_omegats_segment() -> None:
    """What OmegaT 3.6 made of 'Zeta **bold** before<tab>after *it* end.' and 'Line one **bold**<break>line *two*
    here. Next sentence.': each side of a tab or break is a segment, numbered from 0, its edge tags left out."""
    tab = CodedText("Zeta bold before after it end.", (
        CodeAt(5, _code(CodeKind.OPEN, 1)), CodeAt(9, _code(CodeKind.CLOSE, 1)),
        CodeAt(16, _code(CodeKind.ISOLATED, 2, "tab")),
        CodeAt(23, _code(CodeKind.OPEN, 3, "italic")), CodeAt(25, _code(CodeKind.CLOSE, 3, "italic"))))
    translated = CodedText("Зета жирный до после него конец.", (
        CodeAt(5, _code(CodeKind.OPEN, 1)), CodeAt(11, _code(CodeKind.CLOSE, 1)),
        CodeAt(14, _code(CodeKind.ISOLATED, 2, "tab")),
        CodeAt(21, _code(CodeKind.OPEN, 3, "italic")), CodeAt(25, _code(CodeKind.CLOSE, 3, "italic"))))
    assert paragraph_segments([(tab, translated)], TagStyle.WORD) == [
        OmegatSegment("Zeta <t0/>bold<t1/> before", "Зета <t0/>жирный<t1/> до"),
        OmegatSegment("after <t0/>it<t1/> end.", "после <t0/>него<t1/> конец.")]
    first = CodedText("Line one bold\nline two here.", (
        CodeAt(9, _code(CodeKind.OPEN, 1)), CodeAt(13, _code(CodeKind.CLOSE, 1)),
        CodeAt(13, _code(CodeKind.ISOLATED, 2, "break")),
        CodeAt(19, _code(CodeKind.OPEN, 3, "italic")), CodeAt(22, _code(CodeKind.CLOSE, 3, "italic"))))
    second = CodedText("Next sentence.", ())
    assert [s.source for s in paragraph_segments([(first, None), (second, None)], TagStyle.WORD)] == [
        "Line one <t0/>bold", "line <t0/>two<t1/> here.", "Next sentence."]
    # a translation that lost the tab cannot be cut: those pieces get no translation
    lost = CodedText("Зета жирный до после него конец.", ())
    assert [s.target for s in paragraph_segments([(tab, lost)], TagStyle.WORD)] == [None, None]


def test_html_merged_codes_are_one_tag_per_element() -> None:
    both = CodedText("Very important here.", (
        CodeAt(0, _code(CodeKind.OPEN, 1, "bold+italic", "<b><i>")),
        CodeAt(14, _code(CodeKind.CLOSE, 1, "bold+italic", "</i></b>")),
        CodeAt(19, _code(CodeKind.ISOLATED, 2, "break+break", "<br><br/>"))))
    assert paragraph_segments([(both, both)], TagStyle.HTML)[0] == OmegatSegment(
        "<b0><i1>Very important</i1></b0> here<br2><br3/>.", "<b0><i1>Very important</i1></b0> here<br2><br3/>.")


def test_codes_that_stand_for_text_show_it_between_their_tags() -> None:
    """A typed note number (Word) and <sup>/<code> (HTML) are one isolated code each in our model; OmegaT shows
    their text between two tags."""
    note = CodedText("They discussed the Council on Collective Security. The talks went well.", (
        CodeAt(49, InlineCode(CodeKind.ISOLATED, 1, "footnote", "<w:r/>", "1")),
        CodeAt(70, _code(CodeKind.ISOLATED, 2, "footnote"))))
    assert paragraph_segments([(note, note)], TagStyle.WORD)[0].source == (
        "They discussed the Council on Collective Security<t0/>1<t1/>. The talks went well<t2/>.")
    html = CodedText("Run on the file. It is in Security.", (
        CodeAt(3, _code(CodeKind.ISOLATED, 1, "code", "<code>aligntool translate</code>")),
        CodeAt(34, _code(CodeKind.ISOLATED, 2, "footnote", "<sup>1</sup>"))))
    assert paragraph_segments([(html, None)], TagStyle.HTML)[0].source == (
        "Run <c0>aligntool translate</c0> on the file. It is in Security<s1>1</s1>.")


def test_html_edges_line_breaks_and_tagged_boundaries() -> None:
    """A text-less tag at the paragraph's end is not shown; a <br> joins the sentences our rules cut there; a
    tag next to a sentence boundary gives the joined sentences as one more segment."""
    image = CodedText("Kazakhstan", (CodeAt(10, _code(CodeKind.ISOLATED, 1, "image", '<img src="flag.png">')),))
    assert [s.source for s in paragraph_segments([(image, image)], TagStyle.HTML)] == ["Kazakhstan"]
    first = CodedText("Run it.", (CodeAt(7, _code(CodeKind.ISOLATED, 1, "break", "<br>")),))
    second = CodedText("Then open it.", ())
    assert [s.source for s in paragraph_segments([(first, first), (second, second)], TagStyle.HTML)] == [
        "Run it.<br0>", "Then open it.", "Run it.<br0>Then open it."]
    plain = CodedText("Read the statement.", ())
    bold = CodedText("Contact: us.", (CodeAt(0, _code(CodeKind.OPEN, 1)), CodeAt(8, _code(CodeKind.CLOSE, 1))))
    assert [s.source for s in paragraph_segments([(plain, plain), (bold, bold)], TagStyle.WORD)] == [
        "Read the statement.", "<t0/>Contact:<t1/> us.", "Read the statement. <t0/>Contact:<t1/> us."]


def test_plain_text_has_no_tags() -> None:
    coded = CodedText("Plain.", (CodeAt(0, _code(CodeKind.OPEN, 1)), CodeAt(6, _code(CodeKind.CLOSE, 1))))
    assert paragraph_segments([(coded, coded)], TagStyle.PLAIN)[0].source == "Plain."


# --- The project on disk (no OmegaT needed) ---------------------------------------------------------------------

def _pseudo(coded: CodedText) -> CodedText:
    """A stand-in translation that keeps every code at the same word: 'ru ' before the sentence."""
    return CodedText("ru " + coded.text, tuple(CodeAt(p.offset + 3, p.code) for p in coded.codes))


def _document(path: Path, paragraphs: list[CodedText]) -> OmegatDocument:
    sentences = []
    for paragraph in paragraphs:
        spans = [(s.start, s.end) for s in segment(paragraph.text, "en")]
        sentences.append([(piece, _pseudo(piece)) for piece in split_coded(paragraph, spans)])
    return OmegatDocument(path, sentences)


@pytest.fixture(scope="module")
def fixtures(tmp_path_factory: pytest.TempPathFactory) -> dict[str, OmegatDocument]:
    folder = tmp_path_factory.mktemp("formatted")
    docx = build_docx(folder / "csto.docx")
    page = build_html(folder / "csto.html")
    return {"docx": _document(docx, docx_coded_paragraphs(docx)), "html": _document(page, html_coded_paragraphs(page))}


def test_project_layout(fixtures: dict[str, OmegatDocument], tmp_path: Path) -> None:
    glossary = "CSTO\tОДКБ\tthe organisation\n"
    report = write_project(tmp_path / "p", "en-US", "ru-RU", list(fixtures.values()), srx=export_srx(["en"]),
                           glossary=glossary)
    root = tmp_path / "p"
    assert sorted(p.name for p in (root / "source").iterdir()) == ["csto.docx", "csto.html"]
    assert (root / "glossary" / "aligntool.utf8").read_text(encoding="utf-8") == glossary
    for name in ("omegat.project", "omegat/filters.xml", "omegat/segmentation.conf", "omegat/segmentation.srx"):
        etree.parse(str(root / name))  # well-formed XML
    project = etree.parse(str(root / "omegat.project")).getroot()
    assert project.findtext("project/source_lang") == "en-US" and project.findtext("project/target_lang") == "ru-RU"
    units = list(read_tmx(report.tmx))
    segments = [s for document in fixtures.values() for s in document_segments(document)]
    assert len(units) == report.units == len(segments)
    assert any("<t0/>CSTO<t1/>" in unit.variants["en-US"] for unit in units)  # tags as text, as OmegaT shows them
    assert any("<b0>CSTO</b0>" in unit.variants["en-US"] for unit in units)


def test_project_refuses_two_documents_of_one_name(fixtures: dict[str, OmegatDocument], tmp_path: Path) -> None:
    from aligntool.core.errors import ConfigError

    other = tmp_path / "other"
    other.mkdir()
    shutil.copyfile(fixtures["docx"].path, other / "csto.docx")
    with pytest.raises(ConfigError, match="one file per name"):
        write_project(tmp_path / "p", "en-US", "ru-RU", [fixtures["docx"], OmegatDocument(other / "csto.docx", [])])


# --- OmegaT 3.6 headless ----------------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def omegat() -> None:
    try:
        find_omegat()
    except InputError as exc:
        pytest.skip(f"OmegaT is not available: {exc}")


def _stats(project: Path) -> dict[str, tuple[int, int]]:
    """(segments, words) per row of OmegaT's project_stats.txt ('Total', 'Remaining')."""
    rows = {}
    for line in (project / "omegat" / "project_stats.txt").read_text(encoding="utf-8").splitlines():
        name, _, values = line.partition(":")
        if name in ("Total", "Remaining"):
            numbers = values.split()
            rows[name] = (int(numbers[0]), int(numbers[1]))
    return rows


def _pretranslated(project: Path, config: Path) -> tuple[float, float]:
    run = run_omegat(project, config)
    assert run.returncode == 0, run.output[-2000:]
    assert run.tm_load_errors == []
    stats = _stats(project)
    (segments, words), (left, left_words) = stats["Total"], stats["Remaining"]
    return 1 - left / segments, 1 - left_words / words


def _formatting(docx: Path) -> dict[str, int]:
    """Bold and italic runs with text, hyperlinks and footnote references in the document body."""
    body = etree.fromstring(zipfile.ZipFile(docx).read("word/document.xml"))
    counts = {"bold": 0, "italic": 0, "hyperlink": len(body.findall(f".//{W}hyperlink")),
              "footnote": len(body.findall(f".//{W}footnoteReference"))}
    for run in body.iter(f"{W}r"):
        if not "".join(run.itertext()).strip():
            continue
        counts["bold"] += run.find(f"{W}rPr/{W}b") is not None
        counts["italic"] += run.find(f"{W}rPr/{W}i") is not None
    return counts


@pytest.mark.parametrize("kind", ["docx", "html"])
def test_omegat_pretranslates_tagged_segments_from_our_project(
        omegat: None, fixtures: dict[str, OmegatDocument], tmp_path: Path, kind: str) -> None:
    """≥ 95 % of OmegaT's segments and words get our translation, the tagged ones included, and OmegaT writes
    the translated document (with the formatting of the source, for the DOCX)."""
    document = fixtures[kind]
    report = write_project(tmp_path / "p", "en-US", "ru-RU", [document], srx=export_srx(["en"]))
    segments, words = _pretranslated(report.root, tmp_path / "config")
    assert segments >= 0.95 and words >= 0.95, (segments, words)
    target = report.root / "target" / document.path.name
    assert target.is_file()
    if kind == "docx":
        assert _formatting(target) == _formatting(document.path)
        assert "ru On October 30, 2024" in "".join(
            etree.fromstring(zipfile.ZipFile(target).read("word/document.xml")).itertext())
    else:
        html = target.read_text(encoding="utf-8")
        assert "ru On October 30, 2024, the <b>CSTO</b> Secretary General" in html


def test_omegat_offers_title_and_alt_attributes_that_we_do_not_translate(
        omegat: None, fixtures: dict[str, OmegatDocument], tmp_path: Path) -> None:
    """OmegaT's HTML filter always makes ``title``/``alt`` attribute text a segment; aligntool's readers do not
    translate attributes, so each one is left to the translator in OmegaT (and only those)."""
    page = tmp_path / fixtures["html"].path.name
    html = fixtures["html"].path.read_text(encoding="utf-8")
    page.write_text(html.replace('<a href="https://example.org/pankin">',
                                 '<a href="https://example.org/pankin" title="Alexander Pankin">'), encoding="utf-8")
    report = write_project(tmp_path / "p", "en-US", "ru-RU", [OmegatDocument(page, fixtures["html"].paragraphs)],
                           srx=export_srx(["en"]))
    run_omegat(report.root, tmp_path / "config")
    assert _stats(report.root)["Remaining"] == (1, 2)  # "Alexander Pankin"


def test_level2_tmx_does_not_match_tagged_segments_in_omegat(
        omegat: None, fixtures: dict[str, OmegatDocument], tmp_path: Path) -> None:
    """Why tm/auto gets OmegaT's tag text: the same units with TMX level 2 ``<ph>`` match only untagged segments
    (OmegaT 3.6 reads an external TMX's inline elements as nothing by default)."""
    document = fixtures["docx"]
    report = write_project(tmp_path / "p", "en-US", "ru-RU", [document], srx=export_srx(["en"]))
    text = report.tmx.read_text(encoding="utf-8")
    level2 = text
    for number in range(20):
        level2 = level2.replace(f"&lt;t{number}/&gt;", f'<ph x="{number + 1}">&lt;w:r/&gt;</ph>')
    report.tmx.write_text(level2, encoding="utf-8")
    tagged = sum("<t" in s.source for s in document_segments(document))
    run_omegat(report.root, tmp_path / "config")
    total, left = _stats(report.root)["Total"][0], _stats(report.root)["Remaining"][0]
    assert tagged > 0 and left == tagged, (total, left, tagged)


# --- LibreOffice headless ---------------------------------------------------------------------------------------

def test_libreoffice_renders_omegats_translated_docx(omegat: None, fixtures: dict[str, OmegatDocument],
                                                       tmp_path: Path) -> None:
    soffice, pdftoppm = shutil.which("soffice"), shutil.which("pdftoppm")
    if soffice is None or pdftoppm is None:
        pytest.skip("LibreOffice (libreoffice-writer-nogui) or pdftoppm (poppler-utils) is not installed")
    report = write_project(tmp_path / "p", "en-US", "ru-RU", [fixtures["docx"]], srx=export_srx(["en"]))
    run_omegat(report.root, tmp_path / "config")
    translated = report.root / "target" / fixtures["docx"].path.name
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(translated)],
                   check=True, capture_output=True, timeout=180)
    pdf = tmp_path / f"{translated.stem}.pdf"
    assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF")
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "ru The Collective Security Treaty Organization" in " ".join(text.split())
    artifacts = Path(os.environ.get("ALIGNTOOL_TEST_ARTIFACTS", tmp_path / "artifacts"))
    artifacts.mkdir(parents=True, exist_ok=True)
    subprocess.run([pdftoppm, "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf),
                    str(artifacts / "omegat-translated-docx")], check=True, capture_output=True, timeout=120)
    page = next(artifacts.glob("omegat-translated-docx*.png"))
    assert page.read_bytes().startswith(b"\x89PNG")


# --- translate --omegat-project, end to end -----------------------------------------------------------------------

def test_translate_writes_an_omegat_project_that_omegat_opens(
        omegat: None, fixtures: dict[str, OmegatDocument], tiny_en_ru: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    inputs = [str(fixtures["docx"].path), str(fixtures["html"].path)]
    assert run_cli(["translate", *inputs, "--to", "ru", "--model", f"ru={tiny_en_ru}", "--out", str(out),
                    "--quiet", "--beams", "1", "--max-length", "12", "--omegat-project"]) == 0
    project = out / "omegat-en-ru"
    assert sorted(p.name for p in (project / "source").iterdir()) == ["csto.docx", "csto.html"]
    _pretranslated(project, tmp_path / "config")
    tagged = [s for d in fixtures.values() for s in document_segments(d) if "<" in s.source]
    # every segment is pre-translated, the tagged ones too (the readers keep codes: OmegaT's tags in tm/auto)
    assert tagged and _stats(project)["Remaining"][0] == 0, _stats(project)
    assert {p.name for p in (project / "target").iterdir()} == {"csto.docx", "csto.html"}


def test_an_xliff_in_the_project_shows_the_english_and_gets_our_translations(
        omegat: None, tiny_en_ru: Path, tmp_path: Path) -> None:
    """OmegaT 3.6 translates an XLIFF's <target> text: the project's copy gets the source there, so OmegaT shows
    the English (not our MT as the text to translate) and inserts our translations from tm/auto/."""
    from aligntool.formats.xliff.writer import read_xliff
    from tests.omegat import omegat_segments

    sentences = ["The CSTO Secretary General arrived in Minsk.", "He met the Foreign Minister.",
                 "The conference was held in October."]
    units = "".join(f'<trans-unit id="u{i}"><source>{text}</source></trans-unit>' for i, text in enumerate(sentences))
    xlf = tmp_path / "job.xlf"
    xlf.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" '
                   'xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="job.txt" source-language="en-US" '
                   f'target-language="ru-RU" datatype="plaintext"><body>{units}</body></file></xliff>\n',
                   encoding="utf-8")
    out = tmp_path / "out"
    assert run_cli(["translate", str(xlf), "--to", "ru", "--model", f"ru={tiny_en_ru}", "--out", str(out), "--quiet",
                    "--beams", "1", "--max-length", "12", "--omegat-project"]) == 0
    project = out / "omegat-en-ru"
    assert sorted(omegat_segments(project, tmp_path / "config")) == sorted(sentences)
    segments, words = _pretranslated(project, tmp_path / "config")
    assert (segments, words) == (1.0, 1.0)
    ours = {u.variants["en-US"]: u.variants["ru-RU"] for u in read_tmx(out / "job.en-ru.tmx")}
    assert [e.target for e in read_xliff(project / "target" / "job.xlf")] == [ours[s] for s in sentences]
