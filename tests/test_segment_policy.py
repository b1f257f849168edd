"""One paragraph/segment policy: ``translate``, ``align`` and ``segment`` cut a document the same way."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from aligntool.cli.app import run_cli
from aligntool.engines.alignment.document import load_document
from aligntool.engines.segmentation.document import segment_document
from aligntool.engines.segmentation.segmenter import segment
from aligntool.formats.tmx.reader import read_tmx

SOURCE = "Minsk, 10 February\nThe CSTO met. NATO did not.\n\nHeading\nBody text here.\n"
TARGET = "Минск, 10 февраля\nОДКБ собралась. НАТО нет.\n\nЗаголовок\nТекст статьи здесь.\n"


def test_translate_and_align_see_the_same_segments(tmp_path: Path) -> None:
    path = tmp_path / "doc.txt"
    path.write_text(SOURCE, encoding="utf-8")
    expected = ["Minsk, 10 February", "The CSTO met.", "NATO did not.", "Heading", "Body text here."]
    assert [s.text for s in segment(SOURCE, "en")] == expected  # what translate (and segment) use
    aligned = load_document(path, "en")
    assert aligned.sentences == expected
    assert aligned.breaks == [0, 3]  # blank lines separate paragraphs: they are the anchors


def test_paragraphs_never_change_segments() -> None:
    wrapped = "The Collective Security Treaty Organization met in\nthe capital on Monday. It agreed.\n\nNext."
    document = segment_document(wrapped, "en")
    assert document.segments == segment(wrapped, "en")
    assert document.sentences == ["The Collective Security Treaty Organization met in\nthe capital on Monday.",
                                  "It agreed.", "Next."]
    assert document.breaks == [0, 2]
    assert segment_document("One.\nTwo.\nThree.", "en").breaks == [0, 1, 2]  # no blank line: lines are paragraphs


def test_presegmented_lines_and_crlf() -> None:
    document = segment_document("a\r\n b \r\n\r\nc", presegmented=True)
    assert [(s.text, s.start, s.end) for s in document.segments] == [("a", 0, 1), ("b", 4, 5), ("c", 10, 11)]
    assert document.breaks == [0, 2]
    assert segment_document("One.\nTwo.", presegmented=True).breaks == [0]


def test_crlf_is_one_line_break_when_lines_are_spaces() -> None:
    assert [s.text for s in segment("The cat sat\r\non the mat.", "en", newlines="space")] == [
        "The cat sat\r\non the mat."]
    assert [s.text for s in segment("The cat sat\r\n\r\non the mat.", "en", newlines="space")] == [
        "The cat sat", "on the mat."]


def test_a_tm_made_by_align_gives_translate_exact_matches(tmp_path: Path, tiny_en_ru: Path) -> None:
    source, target = tmp_path / "doc.txt", tmp_path / "doc.ru.txt"
    source.write_text(SOURCE, encoding="utf-8")
    target.write_text(TARGET, encoding="utf-8")
    memory = tmp_path / "aligned.tmx"
    assert run_cli(["align", str(source), str(target), "--from", "en", "--to", "ru",
                    "--out", str(memory), "--report", str(tmp_path / "report.tsv")]) == 0
    aligned = list(read_tmx(memory))
    assert len(aligned) == 5
    assert run_cli(["translate", str(source), "--to", "ru", "--model", f"ru={tiny_en_ru}", "--tm", str(memory),
                    "--out", str(tmp_path / "out"), "--quiet"]) == 0
    translated = list(read_tmx(tmp_path / "out" / "doc.en-ru.tmx"))
    assert [u.prop("x-origin") for u in translated] == ["tm"] * 5
    assert [u.variants["ru-RU"] for u in translated] == [u.variants["ru-RU"] for u in aligned]
    # x-segment means the same in both: the 0-based index of the (first) source segment
    assert [(u.prop("x-segment"), u.variants["en-US"]) for u in translated] == [
        (u.prop("x-segment"), u.variants["en-US"]) for u in aligned]
    assert [u.prop("x-segment") for u in translated] == ["0", "1", "2", "3", "4"]


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="Ab .\n\r\t", max_size=60), st.booleans())
def test_paragraph_starts_are_a_property_of_the_segments(text: str, presegmented: bool) -> None:
    document = segment_document(text, "en", presegmented=presegmented)
    if not presegmented:
        assert document.segments == segment(text, "en")
    for piece in document.segments:
        assert text[piece.start:piece.end] == piece.text and piece.text == piece.text.strip()
    assert document.breaks == sorted(set(document.breaks))
    assert document.breaks[:1] == ([0] if document.segments else [])
    assert all(0 <= index < len(document.segments) for index in document.breaks)


def test_the_text_reader_draws_paragraphs_by_the_same_rule() -> None:
    from aligntool.formats.documents.text import text_paragraphs

    for text in (SOURCE, "One.\nTwo. Three.\nFour.", "A.\n\n\nB. C.\n  \nD."):
        document = segment_document(text, "en")
        paragraphs = text_paragraphs(text)
        assert len(paragraphs) == len(document.breaks)
        assert [p.start for p in paragraphs] == [document.segments[i].start for i in document.breaks]
