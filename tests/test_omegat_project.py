"""The OmegaT project aligntool writes (``translate --omegat-project``): OmegaT 3.6 headless opens it, inserts our
translations for (nearly) every segment, tagged ones included, and writes the translated documents; LibreOffice
renders OmegaT's translated DOCX.

Needs java and OmegaT.jar (Debian ``omegat``), LibreOffice (``libreoffice-writer-nogui``) and pdftoppm
(``poppler-utils``), all installed by ``.ci/run``; each test skips with the reason when its tool is absent.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree

from aligntool.cli.app import run_cli
from aligntool.core.errors import InputError
from aligntool.core.inline import CodeAt, CodedText, CodeKind, InlineCode
from aligntool.engines.segmentation.sentences import document_sentences
from aligntool.engines.segmentation.srx_export import export_srx
from aligntool.formats.documents.omegat.project import OmegatDocument, document_segments, write_project
from aligntool.formats.documents.omegat.tags import OmegatSegment, TagStyle, paragraph_segments
from aligntool.formats.documents.reading import read_document
from aligntool.formats.tmx.reader import read_tmx
from aligntool.jobs.omegat_project import omegat_document, source_data
from tests.formatted_fixtures import formatted_docx
from tests.omegat import find_omegat, omegat_segments, project_stats, run_omegat
from tests.omegat_fixtures import build_docx, build_html

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


def test_xliff_tags_as_omegat_shows_them(tmp_path: Path) -> None:
    """The strings OmegaT 3.6's XLIFF filter showed for these units (its pseudo-translation TMX): <g> pairs, <x/>,
    <bx/>, <ex/> standalone, <bpt>/<ept>/<it>/<ph> lettered by the markup they hold ('f' for none), standalone tags
    at the paragraph's edges and pairs around all of it left out, a tag by a boundary joining the sentences."""
    units = ['Alpha <bpt id="1">&lt;w:b/&gt;</bpt>one<ept id="1">&lt;/w:b&gt;</ept> and <bpt id="2"/>two<ept id="2"/>'
             ' and <bpt id="3">{1}</bpt>three<ept id="3">{/1}</ept>.',
             'Beta <bx id="4"/>four<ex id="4"/> and <ph id="5">&lt;w:tab/&gt;</ph> five<ph id="6"/> six.',
             'Delta <it id="9" pos="close">&lt;/b&gt;</it>eleven <ph id="10">&lt;a href="x"&gt;</ph> twelve '
             '<x id="11"/><x id="12"/>thirteen.',
             'Eight <g id="7"><g id="8">nine</g></g> ten.', '<g id="13">Whole wrapped sentence.</g>',
             '<x id="14"/>Starts with x. Ends with x.<x id="15"/>',
             '<bpt id="16">&lt;b&gt;</bpt>Bold start<ept id="16">&lt;/b&gt;</ept> then plain.',
             'First sentence here. <g id="17">Second</g> sentence here.']
    xlf = tmp_path / "tags.xlf"
    xlf.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:'
                   'document:1.2"><file original="t.txt" source-language="en-US" datatype="plaintext"><body>'
                   + "".join(f'<trans-unit id="u{i}"><source>{u}</source></trans-unit>' for i, u in enumerate(units))
                   + "</body></file></xliff>\n", encoding="utf-8")
    document = read_document(xlf)
    sentences = document_sentences(document, "en")
    shown = [s.source for s in document_segments(omegat_document(document, sentences, [None] * len(sentences)))]
    assert shown == ["Alpha <w0>one</w0> and <f1>two</f1> and <f2>three</f2>.",
                     "Beta <b0/>four<e1/> and <w2/> five<f3/> six.",
                     "Delta </b0>eleven <a1/> twelve <x2/><x3/>thirteen.",
                     "Eight <g0><g1>nine</g1></g0> ten.", "Whole wrapped sentence.", "Starts with x.", "Ends with x.",
                     "<b0>Bold start</b0> then plain.", "First sentence here.", "<g0>Second</g0> sentence here.",
                     "First sentence here. <g0>Second</g0> sentence here."]


def test_plain_text_has_no_tags() -> None:
    coded = CodedText("Plain.", (CodeAt(0, _code(CodeKind.OPEN, 1)), CodeAt(6, _code(CodeKind.CLOSE, 1))))
    assert paragraph_segments([(coded, coded)], TagStyle.PLAIN)[0].source == "Plain."


# --- The project on disk (no OmegaT needed) ---------------------------------------------------------------------

def _pseudo(coded: CodedText) -> CodedText:
    """A stand-in translation that keeps every code at the same word: 'ru ' before the sentence."""
    return CodedText("ru " + coded.text, tuple(CodeAt(p.offset + 3, p.code) for p in coded.codes))


def _document(path: Path, rebuilt: bool = True) -> OmegatDocument:
    """``path`` as ``translate`` reads and segments it (its readers' codes), every sentence with a stand-in
    translation; ``source/`` gets what ``translate`` puts there (the rebuilt DOCX) unless ``rebuilt`` is off."""
    document = read_document(path)
    sentences = document_sentences(document, "en")
    return omegat_document(document, sentences, [_pseudo(CodedText(s.text, s.codes)) for s in sentences],
                           source_data(document) if rebuilt else None)


@pytest.fixture(scope="module")
def fixtures(tmp_path_factory: pytest.TempPathFactory) -> dict[str, OmegatDocument]:
    """The CSTO DOCX and HTML page (tests/omegat_fixtures.py) and the news DOCX of the inline-code tests, whose
    bold name Word keeps in two runs (tests/formatted_fixtures.py)."""
    folder = tmp_path_factory.mktemp("formatted")
    return {"docx": _document(build_docx(folder / "csto.docx")), "html": _document(build_html(folder / "page.html")),
            "news": _document(formatted_docx(folder / "news.docx"))}


def test_project_layout(fixtures: dict[str, OmegatDocument], tmp_path: Path) -> None:
    glossary = "CSTO\tОДКБ\tthe organisation\n"
    documents = [fixtures["docx"], fixtures["html"]]
    report = write_project(tmp_path / "p", "en-US", "ru-RU", documents, srx=export_srx(["en"]), glossary=glossary)
    root = tmp_path / "p"
    assert sorted(p.name for p in (root / "source").iterdir()) == ["csto.docx", "page.html"]
    assert (root / "glossary" / "aligntool.utf8").read_text(encoding="utf-8") == glossary
    for name in ("omegat.project", "omegat/filters.xml", "omegat/segmentation.conf", "omegat/segmentation.srx"):
        etree.parse(str(root / name))  # well-formed XML
    project = etree.parse(str(root / "omegat.project")).getroot()
    assert project.findtext("project/source_lang") == "en-US" and project.findtext("project/target_lang") == "ru-RU"
    units = list(read_tmx(report.tmx))
    segments = [s for document in documents for s in document_segments(document)]
    assert len(units) == report.units == len(segments)
    assert any("<t0/>CSTO<t1/>" in unit.variants["en-US"] for unit in units)  # tags as text, as OmegaT shows them
    assert any("<b0>CSTO</b0>" in unit.variants["en-US"] for unit in units)
    assert any("<s3>1</s3>" in unit.variants["en-US"] for unit in units)  # the HTML note number shows its text


def test_rebuilt_docx_reads_back_the_same(fixtures: dict[str, OmegatDocument], tmp_path: Path) -> None:
    """The DOCX in source/ is the source rebuilt from its own text and codes: the reader finds the same
    paragraphs and codes in it, and Word's two bold runs of one name are one run now."""
    for name in ("docx", "news"):
        document = fixtures[name]
        assert document.data is not None
        rebuilt = tmp_path / f"{name}.docx"
        rebuilt.write_bytes(document.data)
        before, after = read_document(document.path), read_document(rebuilt)
        assert [(p.text, p.codes) for p in after.paragraphs] == [(p.text, p.codes) for p in before.paragraphs]
    body = zipfile.ZipFile(tmp_path / "news.docx").read("word/document.xml").decode()
    assert "Collective Security Treaty Organization</w:t>" in body


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


def _pretranslated(project: Path, config: Path) -> tuple[float, float]:
    run = run_omegat(project, config)
    assert run.returncode == 0, run.output[-2000:]
    assert run.tm_load_errors == []
    stats = project_stats(project)
    (segments, words), (left, left_words) = stats["Total"], stats["Remaining"]
    return 1 - left / segments, 1 - left_words / words


_TAG = re.compile(r"<(/?)([a-z]+)(\d+)(/?)>")


def _tagged(segments: list[str]) -> list[str]:
    return [s for s in segments if _TAG.search(s)]


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


@pytest.mark.parametrize("kind", ["docx", "html", "news"])
def test_omegat_pretranslates_tagged_segments_from_our_project(
        omegat: None, fixtures: dict[str, OmegatDocument], tmp_path: Path, kind: str) -> None:
    """Every one of OmegaT's segments and words gets our translation, the tagged ones included, and OmegaT writes
    the translated document (with the formatting of the source, for a DOCX)."""
    document = fixtures[kind]
    report = write_project(tmp_path / "p", "en-US", "ru-RU", [document], srx=export_srx(["en"]))
    theirs = omegat_segments(report.root, tmp_path / "config")
    assert _tagged(theirs) and set(theirs) <= {s.source for s in document_segments(document)}
    assert _pretranslated(report.root, tmp_path / "config") == (1.0, 1.0)
    target = report.root / "target" / document.path.name
    assert target.is_file()
    if kind != "html":
        assert _formatting(target) == _formatting(report.root / "source" / document.path.name)
        assert "ru The" in "".join(etree.fromstring(zipfile.ZipFile(target).read("word/document.xml")).itertext())
    else:
        html = target.read_text(encoding="utf-8")
        assert "ru On October 30, 2024, the <b>CSTO</b> Secretary General" in html


def test_word_split_runs_need_the_rebuilt_docx(omegat: None, fixtures: dict[str, OmegatDocument],
                                               tmp_path: Path) -> None:
    """OmegaT tags every run boundary: the news DOCX as given (a bold name in two runs, a footer in two runs)
    has segments with a tag our reader has no code for; the rebuilt DOCX in source/ has none."""
    as_given = replace(fixtures["news"], data=None)
    ours = {s.source for s in document_segments(as_given)}
    report = write_project(tmp_path / "p", "en-US", "ru-RU", [as_given], srx=export_srx(["en"]))
    missed = [s for s in omegat_segments(report.root, tmp_path / "config") if s not in ours]
    assert "The <t0/>Collective Security <t1/>Treaty Organization<t2/> Secretary General met the <t3/>Foreign " \
           "Minister<t4/> of Belarus." in missed
    assert "Moscow, <t0/>2024" in missed


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
    assert project_stats(report.root)["Remaining"] == (1, 2)  # "Alexander Pankin"


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

@pytest.fixture(scope="module")
def translated(fixtures: dict[str, OmegatDocument], tiny_en_ru: Path,
               tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``translate --format tmx,omegat`` of the three formatted documents with the tiny model: the output folder."""
    out = tmp_path_factory.mktemp("translated") / "out"
    inputs = [str(fixtures[name].path) for name in ("docx", "html", "news")]
    assert run_cli(["translate", *inputs, "--to", "ru", "--model", f"ru={tiny_en_ru}", "--out", str(out),
                    "--quiet", "--beams", "1", "--max-length", "12", "--format", "tmx,omegat"]) == 0
    return out


def test_translate_writes_an_omegat_project_that_matches_every_segment(
        omegat: None, translated: Path, tmp_path: Path) -> None:
    """Through ``aligntool translate``: the readers' codes, placed in the MT by the job, become OmegaT's tags; OmegaT
    inserts our translation in every segment (tagged ones included) and writes every target document."""
    project = translated / "omegat-en-ru"
    assert sorted(p.name for p in (project / "source").iterdir()) == ["csto.docx", "news.docx", "page.html"]
    theirs = omegat_segments(project, tmp_path / "config")
    ours = {unit.variants["en-US"]: unit.variants["ru-RU"] for unit in read_tmx(next((project / "tm/auto").iterdir()))}
    assert len(_tagged(theirs)) >= 15 and set(theirs) <= set(ours)
    for segment in _tagged(theirs):  # the translation holds every tag of the segment, each once
        tags = sorted(m.group(0) for m in _TAG.finditer(segment))
        assert sorted(m.group(0) for m in _TAG.finditer(ours[segment])) == tags, (segment, ours[segment])
    assert _pretranslated(project, tmp_path / "config") == (1.0, 1.0)
    assert {p.name for p in (project / "target").iterdir()} == {"csto.docx", "page.html", "news.docx"}
    for name in ("csto.docx", "news.docx"):  # OmegaT's translated DOCX keeps every bold, italic, link and note
        assert _formatting(project / "target" / name) == _formatting(project / "source" / name)


def test_level2_tmx_does_not_match_tagged_segments_in_omegat(
        omegat: None, translated: Path, tmp_path: Path) -> None:
    """Why tm/auto gets OmegaT's tag text: with translate's own TMX 1.4b level 2 (``bpt/ept/ph``, for Trados and
    memoQ) in tm/auto instead, OmegaT 3.6 matches no tagged segment (it reads an external TMX's inline elements as
    nothing), nor the pieces its Word filter cuts at a tab or a line break."""
    project = tmp_path / "p"
    shutil.copytree(translated / "omegat-en-ru", project)
    for unit_file in (project / "tm" / "auto").iterdir():
        unit_file.unlink()
    level2 = sorted(translated.glob("*.en-ru.tmx"))
    assert len(level2) == 3 and all("<bpt " in tmx.read_text(encoding="utf-8") for tmx in level2)
    for tmx in level2:
        shutil.copyfile(tmx, project / "tm" / "auto" / tmx.name)
    sources = {unit.variants["en-US"] for tmx in level2 for unit in read_tmx(tmx)}
    theirs = omegat_segments(project, tmp_path / "config")
    plain_missed = [s for s in theirs if not _TAG.search(s) and s not in sources]
    assert sorted(plain_missed) == ["First line of the address", "press office", "second line of the address."]
    run_omegat(project, tmp_path / "config")
    assert project_stats(project)["Remaining"][0] == len(_tagged(theirs)) + len(plain_missed)
    assert not any(_TAG.search(s) for s in sources)  # read back without codes: no tag text to match


def test_an_xliff_in_the_project_shows_the_english_and_gets_our_translations(
        omegat: None, tiny_en_ru: Path, tmp_path: Path) -> None:
    """OmegaT 3.6 translates an XLIFF's <target> text: the project's copy gets the source there, so OmegaT shows
    the English (not our MT as the text to translate), its inline elements as OmegaT's XLIFF tags, and inserts our
    translations from tm/auto/; the translated XLIFF has the source's inline elements in every target."""
    from aligntool.formats.xliff.writer import read_xliff

    sources = ['The <g id="1" ctype="bold">CSTO</g> Secretary General arrived in <g id="2" ctype="x-link">Minsk</g>.',
               'He met the Foreign Minister<x id="3" ctype="x-footnote"/>.',
               'The <bpt id="4" ctype="italic">&lt;i&gt;</bpt>conference<ept id="4">&lt;/i&gt;</ept> was held in '
               'October.', "It ended on time."]
    shown = ["The <g0>CSTO</g0> Secretary General arrived in <g1>Minsk</g1>.", "He met the Foreign Minister<x0/>.",
             "The <i0>conference</i0> was held in October.", "It ended on time."]
    units = "".join(f'<trans-unit id="u{i}"><source>{text}</source></trans-unit>' for i, text in enumerate(sources))
    xlf = tmp_path / "job.xlf"
    xlf.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" '
                   'xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="job.txt" source-language="en-US" '
                   f'target-language="ru-RU" datatype="plaintext"><body>{units}</body></file></xliff>\n',
                   encoding="utf-8")
    out = tmp_path / "out"
    assert run_cli(["translate", str(xlf), "--to", "ru", "--model", f"ru={tiny_en_ru}", "--out", str(out), "--quiet",
                    "--beams", "1", "--max-length", "12", "--omegat-project"]) == 0
    project = out / "omegat-en-ru"
    assert sorted(omegat_segments(project, tmp_path / "config")) == sorted(shown)
    segments, words = _pretranslated(project, tmp_path / "config")
    assert (segments, words) == (1.0, 1.0)
    ours = {u.variants["en-US"]: u.variants["ru-RU"] for u in read_tmx(out / "job.en-ru.tmx")}
    texts = [re.sub(r"<[^>]+>", "", re.sub(r"<(bpt|ept)[^>]*>[^<]*</\1>", "", s)) for s in sources]
    assert [e.target for e in read_xliff(project / "target" / "job.xlf")] == [ours[t] for t in texts]
    xliff = "{urn:oasis:names:tc:xliff:document:1.2}"
    for unit in etree.parse(str(project / "target" / "job.xlf")).getroot().iter(f"{xliff}trans-unit"):
        source, target = unit.find(f"{xliff}source"), unit.find(f"{xliff}target")
        assert sorted(etree.QName(e).localname for e in source) == sorted(etree.QName(e).localname for e in target)
