"""XLIFF out (and back): schema-valid 1.2, read the same by translate-toolkit and by OmegaT 3.6 headless."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

import aligntool
from aligntool.cli.app import run_cli
from aligntool.core.errors import ConfigError, InputError
from aligntool.engines.segmentation.sentences import document_sentences
from aligntool.formats.documents.base import DocumentWarning
from aligntool.formats.documents.reading import read_document
from aligntool.formats.tmx.reader import read_tmx
from aligntool.formats.xliff.writer import (
    STATES,
    XliffEntry,
    XliffFile,
    XliffUnit,
    XliffWriter,
    read_xliff,
    sentence_unit,
)
from tests.pdf_factory import write_pdf
from tests.test_formats import MARKDOWN, XLIFF_12, _pdf_pages, make_docx

SCHEMAS = Path(__file__).resolve().parents[1].parent / "shared" / "schemas"

# Text XML can carry after the writer's clean-up: no C0 controls other than TAB/LF/CR, no surrogates, no
# U+FFFE/U+FFFF; CR is left out because XML end-of-line handling turns it into LF.
_XML_TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\ufffe\uffff",
                                  min_codepoint=0x09).filter(lambda c: c in "\t\n" or c >= " "), max_size=30)
_UNITS = st.lists(st.tuples(_XML_TEXT, st.one_of(st.none(), _XML_TEXT), st.sampled_from(sorted(STATES)),
                            st.integers(0, 3), st.lists(_XML_TEXT.filter(str.strip), max_size=2)), max_size=8)


def _schema() -> etree.XMLSchema:
    path = SCHEMAS / "xliff-core-1.2-strict.xsd"
    if not path.exists():
        pytest.skip(f"{path} is absent (../shared/schemas)")
    return etree.XMLSchema(etree.parse(str(path)))


def _write(path: Path, rows: list, version: str) -> list[XliffUnit]:
    units = []
    paragraph = 0
    for index, (source, target, origin, step, notes) in enumerate(rows):
        paragraph += step
        units.append(XliffUnit(str(index), source, target, origin if target is not None else None, str(paragraph),
                               f"table {paragraph}", tuple(notes)))
    with XliffWriter(path, "en-US", "ru-RU", "doc.docx", "version:0.1.0|segmenter:abc", version) as writer:
        for unit in units:
            writer.write(unit)
    return units


@settings(max_examples=60, deadline=None)
@given(_UNITS, st.sampled_from(["1.2", "2.1"]))
def test_writer_and_reader_round_trip(tmp_path_factory: pytest.TempPathFactory, rows: list, version: str) -> None:
    path = tmp_path_factory.mktemp("xliff") / "doc.xlf"
    units = _write(path, rows, version)
    info = XliffFile()
    back = list(read_xliff(path, info))
    column = 0 if version == "1.2" else 2
    expected = [XliffEntry(u.id if version == "1.2" else f"u{u.id}", u.source, u.target,
                           STATES[u.origin][column] if u.origin else None,
                           [f"{n}" for n in u.notes], f"p{u.group}", u.context) for u in units]
    assert back == expected
    assert (info.version, info.source_lang, info.target_lang, info.original, info.signature) == (
        version, "en-US", "ru-RU", "doc.docx", "version:0.1.0|segmenter:abc")


@settings(max_examples=25, deadline=None)
@given(_UNITS)
def test_every_written_xliff_12_is_schema_valid(tmp_path_factory: pytest.TempPathFactory, rows: list) -> None:
    path = tmp_path_factory.mktemp("xliff") / "doc.xlf"
    _write(path, rows, "1.2")
    schema = _schema()
    assert schema.validate(etree.parse(str(path))), schema.error_log


def test_forbidden_characters_are_replaced_and_counted(tmp_path: Path) -> None:
    path = tmp_path / "doc.xlf"
    with XliffWriter(path, "en", "ru", "doc.txt") as writer:
        writer.write(sentence_unit(0, "bell\x07 here", "звонок\x07", "mt", 0, "line 1"))
    assert writer.replaced_characters == 2
    assert [(e.source, e.target) for e in read_xliff(path)] == [("bell\ufffd here", "звонок\ufffd")]


def test_a_failed_write_leaves_no_file(tmp_path: Path) -> None:
    path = tmp_path / "doc.xlf"
    with pytest.raises(RuntimeError), XliffWriter(path, "en", "ru", "doc.txt") as writer:
        writer.write(sentence_unit(0, "One.", "Один.", "mt", 0, "line 1"))
        raise RuntimeError("interrupted")
    assert list(tmp_path.iterdir()) == []


def test_unknown_format_or_version_is_refused_before_reading(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "missing.docx"
    assert run_cli(["translate", str(missing), "--to", "ru", "--format", "xlf", "--out", str(tmp_path)]) == 2
    assert "--format must be one of tmx, xliff, both" in capsys.readouterr().err
    with pytest.raises(ConfigError, match=r"XLIFF version must be one of 1\.2, 2\.1"):
        XliffWriter(tmp_path / "x.xlf", "en", "ru", "doc", version="1.1")


@pytest.fixture(scope="module")
def translated_docx(tmp_path_factory: pytest.TempPathFactory, tiny_en_ru: Path) -> tuple[Path, Path]:
    """``translate report.docx --format both`` with a tiny model: the DOCX and the output folder."""
    folder = tmp_path_factory.mktemp("docx")
    source = make_docx(folder / "report.docx")
    out = folder / "out"
    assert run_cli(["translate", str(source), "--to", "ru", "--model", f"ru={tiny_en_ru}", "--out", str(out),
                    "--quiet", "--beams", "1", "--max-length", "12", "--format", "both"]) == 0
    return source, out


def test_translate_docx_counts_reconcile_paragraphs_sentences_units(translated_docx: tuple[Path, Path]) -> None:
    source, out = translated_docx
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DocumentWarning)
        document = read_document(source)
    sentences = document_sentences(document, "en")
    entries = list(read_xliff(out / "report.en-ru.xlf"))
    assert len(document.paragraphs) == 8 and len(sentences) == 9
    assert [e.source for e in entries] == [s.text for s in sentences]
    assert [e.id for e in entries] == [str(i) for i in range(len(sentences))]
    # one group per paragraph, in order, with the paragraph's context
    groups = list(dict.fromkeys((e.group, e.context) for e in entries))
    assert groups == [(f"p{i + 1}", p.context) for i, p in enumerate(document.paragraphs)]
    assert all(e.state in ("needs-review-translation", "needs-translation") and e.target for e in entries)
    units = list(read_tmx(out / "report.en-ru.tmx"))
    assert [u.variants["en-US"] for u in units] == [e.source for e in entries if e.state != "needs-translation"]
    assert [u.prop("x-context") for u in units][:3] == ["heading 1", "body", "body"]


def test_translated_xliff_is_valid_and_reads_the_same_in_translate_toolkit(
        translated_docx: tuple[Path, Path]) -> None:
    xliff_storage = pytest.importorskip("translate.storage.xliff")
    path = translated_docx[1] / "report.en-ru.xlf"
    schema = _schema()
    assert schema.validate(etree.parse(str(path))), schema.error_log
    ours = list(read_xliff(path))
    theirs = xliff_storage.xlifffile.parsefile(str(path)).units

    def text(rich: list) -> str:  # type: ignore[type-arg]
        """translate-toolkit's text without the inline codes' native content (its placeables)."""
        return "".join(str(e) for r in rich for e in r.flatten() if type(e).__name__ == "StringElem")

    assert [(text(u.rich_source), text(u.rich_target)) for u in theirs] == [(e.source, e.target) for e in ours]
    assert any(len(list(r.flatten())) > 1 for u in theirs for r in u.rich_source)  # the DOCX's codes are there
    # translate-toolkit's states: 80 = needs review (MT), 30 = needs translation (no MT, source copied)
    assert {u.get_state_n() for u in theirs} <= {30, 80}
    info = XliffFile()
    list(read_xliff(path, info))
    assert info.signature.startswith("version:") and "document:" in info.signature


def test_every_format_translates_end_to_end(tmp_path: Path, tiny_en_ru: Path) -> None:
    """HTML, XLIFF, PDF, Markdown and text in one run: per file, units = sentences, groups = paragraphs."""
    pytest.importorskip("pypdf")
    inputs = [tmp_path / "page.html", tmp_path / "ui.xlf", write_pdf(tmp_path / "bulletin.pdf", _pdf_pages()),
              tmp_path / "README.md", tmp_path / "plain.txt"]
    inputs[0].write_text("<html><body><nav>Home</nav><h1>Meeting</h1><p>The ministers met. They agreed.</p>"
                         "<script>x()</script></body></html>", encoding="utf-8")
    inputs[1].write_text(XLIFF_12, encoding="utf-8")
    inputs[3].write_text(MARKDOWN, encoding="utf-8")
    inputs[4].write_text("Minsk, 10 February\nThe CSTO met. NATO did not.\n\nHeading\nBody text here.\n",
                         encoding="utf-8")
    out = tmp_path / "out"
    assert run_cli(["translate", *map(str, inputs), "--to", "ru", "--model", f"ru={tiny_en_ru}", "--out", str(out),
                    "--quiet", "--beams", "1", "--max-length", "6", "--format", "both"]) == 0
    for path in inputs:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DocumentWarning)
            document = read_document(path)
        sentences = document_sentences(document, "en")
        entries = list(read_xliff(out / f"{path.stem}.en-ru.xlf"))
        assert [e.source for e in entries] == [s.text for s in sentences], path.name
        assert len({e.group for e in entries}) == len(document.paragraphs), path.name
        tmx_sources = [u.variants["en-US"] for u in read_tmx(out / f"{path.stem}.en-ru.tmx")]
        assert tmx_sources == [e.source for e in entries if e.state != "needs-translation"], path.name
        assert len(entries) > 0


def test_xliff_21_output_through_the_python_api(tmp_path: Path, tiny_en_ru: Path) -> None:
    source = tmp_path / "notes.md"
    source.write_text("# Minsk\n\nThe ministers met. They agreed.\n", encoding="utf-8")
    summary = aligntool.translate_file(source, "ru", tmp_path, models=[f"ru={tiny_en_ru}"], output_format="xliff",
                                       xliff_version="2.1", beams=1, max_length=8, progress=False)
    assert summary.files == [tmp_path / "notes.en-ru.xlf"]
    info = XliffFile()
    entries = list(read_xliff(tmp_path / "notes.en-ru.xlf", info))
    assert info.version == "2.1" and [e.source for e in entries] == ["Minsk", "The ministers met.", "They agreed."]
    assert [e.group for e in entries] == ["p1", "p2", "p2"]
    assert not (tmp_path / "notes.en-ru.tmx").exists()  # --format xliff writes no TMX


def test_bad_input_writes_nothing(tmp_path: Path, tiny_en_ru: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.md"
    good.write_text("Hello there.\n", encoding="utf-8")
    corrupt = tmp_path / "broken.docx"
    corrupt.write_bytes(b"PK\x03\x04 not really a zip")
    out = tmp_path / "out"
    assert run_cli(["translate", str(good), str(corrupt), "--to", "ru", "--model", f"ru={tiny_en_ru}",
                    "--out", str(out), "--quiet", "--format", "both"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "broken.docx" in err
    assert not out.exists() or list(out.iterdir()) == []
    with pytest.raises(InputError):
        read_document(corrupt)


@pytest.fixture(scope="module")
def omegat() -> None:
    from tests.omegat import find_omegat

    try:
        find_omegat()
    except InputError as exc:
        pytest.skip(f"OmegaT is not available: {exc}")


def test_omegat_opens_the_xliff_with_the_mt_proposals_as_segments(omegat: None, tmp_path: Path,
                                                                  translated_docx: tuple[Path, Path]) -> None:
    """OmegaT 3.6's XLIFF filter shows each <target> as the segment to post-edit: those must be our texts."""
    from tests.omegat import create_project, omegat_segments, run_omegat

    path = translated_docx[1] / "report.en-ru.xlf"
    project = create_project(tmp_path / "project", [path], "en-US", "ru-RU", source_filter="xliff",
                             sentence_seg=False)
    ours = [e.target for e in read_xliff(path)]
    shown = omegat_segments(project, tmp_path / "config")
    tag = re.compile(r"</?[a-z]+\d+/?>")  # OmegaT's notation of an inline code: <w0>…</w0>, <t1/>
    assert sorted({tag.sub("", s) for s in shown}) == sorted(set(ours))
    assert any(tag.search(s) for s in shown)  # the DOCX's codes are tags there, not lost
    run = run_omegat(project, tmp_path / "config")  # and it writes the file back, unchanged in content
    assert run.returncode == 0, run.output[-2000:]
    assert [e.target for e in read_xliff(project / "target" / path.name)] == ours
