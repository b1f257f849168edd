"""Inline codes: the model's rules (merge, whole-paragraph formatting, the boundary rule), the readers that
make codes from formatted DOCX/HTML/Markdown/XLIFF, segmentation over coded text, and TMX level 2 both ways."""

from __future__ import annotations

import itertools
import warnings
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from aligntool.core.datatypes import TranslationUnit
from aligntool.core.inline import (
    NOTE_MARK,
    CodeAt,
    CodedBuilder,
    CodedText,
    CodeKind,
    InlineCode,
    code_counts,
    join_coded,
    split_coded,
    unmatched,
    well_formed,
)
from aligntool.engines.segmentation.sentences import document_sentences
from aligntool.formats.documents.reading import read_document
from aligntool.formats.tmx.reader import read_tmx
from aligntool.formats.tmx.validate import count_errors, schema_problems, validate_tmx
from aligntool.formats.tmx.writer import TmxHeader, write_tmx
from tests.formatted_fixtures import (
    DOCX_CODES,
    HTML,
    HTML_CODES,
    MARKDOWN,
    MARKDOWN_CODES,
    XLIFF_12,
    XLIFF_20,
    formatted_docx,
)


def _counts(paragraphs: list) -> dict[str, int]:  # type: ignore[type-arg]
    total: dict[str, int] = {}
    for paragraph in paragraphs:
        for kind, count in code_counts(paragraph.codes).items():
            total[kind] = total.get(kind, 0) + count
    return total


def _read(path: Path):  # type: ignore[no-untyped-def]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return read_document(path)


# ---- the model -------------------------------------------------------------------------------------------

def test_builder_merges_split_runs_and_takes_whole_paragraph_formatting_out() -> None:
    builder = CodedBuilder()
    builder.text("  The ")
    outer = builder.open("bold", "<b>")
    inner = builder.open("italic", "<i>")
    builder.text("CSTO")
    builder.close(inner, "italic", "</i>")
    builder.close(outer, "bold", "</b>")
    builder.text("   met\n\n ")
    builder.isolated("tab", "<tab/>")
    builder.isolated("tab", "<tab/>")
    builder.text("here.")
    coded, wrap = builder.build()
    assert coded.text == "The CSTO met\nhere."
    assert [(c.offset, c.code.kind, c.code.type, c.code.native) for c in coded.codes] == [
        (4, CodeKind.OPEN, "bold+italic", "<b><i>"), (8, CodeKind.CLOSE, "bold+italic", "</i></b>"),
        (13, CodeKind.ISOLATED, "tab+tab", "<tab/><tab/>")]
    assert wrap == ()
    whole = CodedBuilder()
    pair = whole.open("bold", "<b>")
    whole.text("All of it. ")
    whole.close(pair, "bold", "</b>")
    coded, wrap = whole.build()
    assert coded == CodedText("All of it.") and [(w.kind, w.native) for w in wrap] == [
        (CodeKind.OPEN, "<b>"), (CodeKind.CLOSE, "</b>")]


def test_a_close_then_an_open_stay_two_codes_and_crossing_pairs_are_found() -> None:
    b, i = InlineCode(CodeKind.OPEN, 1, "bold"), InlineCode(CodeKind.OPEN, 2, "italic")
    bc, ic = InlineCode(CodeKind.CLOSE, 1, "bold"), InlineCode(CodeKind.CLOSE, 2, "italic")
    nested = CodedText("ab", (CodeAt(0, b), CodeAt(1, bc), CodeAt(1, i), CodeAt(2, ic)))
    assert well_formed(nested)
    crossing = (CodeAt(0, b), CodeAt(1, i), CodeAt(1, bc), CodeAt(2, ic))
    assert unmatched(crossing) == {1, 3}
    assert unmatched((CodeAt(0, bc),)) == {0}


_KINDS = st.sampled_from([CodeKind.OPEN, CodeKind.CLOSE, CodeKind.ISOLATED])


@st.composite
def _coded(draw: st.DrawFn) -> tuple[CodedText, list[tuple[int, int]]]:
    text = draw(st.text(alphabet="ab .", min_size=1, max_size=40))
    offsets = sorted(draw(st.lists(st.integers(0, len(text)), max_size=12)))
    codes = tuple(CodeAt(o, InlineCode(draw(_KINDS), n, "t")) for n, o in enumerate(offsets))
    cuts = sorted(set(draw(st.lists(st.integers(0, len(text)), max_size=6))) | {0, len(text)})
    spans = []
    for start, end in itertools.pairwise(cuts):  # pieces with gaps, as a segmenter leaves them
        inner = text[start:end]
        lead = len(inner) - len(inner.lstrip(" "))
        spans.append((start + lead, max(start + lead, end)))
    return CodedText(text, codes), spans


@settings(max_examples=300, deadline=None)
@given(_coded())
def test_split_coded_gives_every_code_to_exactly_one_piece_by_the_boundary_rule(case: tuple) -> None:  # type: ignore[type-arg]
    coded, spans = case
    pieces = split_coded(coded, spans)
    assert sum(len(p.codes) for p in pieces) == len(coded.codes)
    order = [c.code for c in coded.codes]
    for piece in pieces:  # within a piece, codes keep their order (an open and a close in one gap part ways)
        positions = [order.index(c.code) for c in piece.codes]
        assert positions == sorted(positions)
    for piece, (start, end) in zip(pieces, spans, strict=True):
        assert piece.text == coded.text[start:end]
        assert all(0 <= c.offset <= len(piece.text) for c in piece.codes)
    for index, piece in enumerate(pieces):  # a code in a gap: an open one starts the next piece
        for placed in piece.codes:
            if placed.code.kind is CodeKind.OPEN and index and placed.offset == 0:
                original = next(c for c in coded.codes if c.code is placed.code)
                assert original.offset >= spans[index - 1][1] or spans[index - 1][1] == spans[index][0]
    if len(spans) > 1:  # joining the pieces with their gaps puts every code back where it was, inside pieces
        gaps = [coded.text[a[1]:b[0]] for a, b in itertools.pairwise(spans)]
        joined = join_coded(pieces, gaps)
        assert joined.text == coded.text[spans[0][0]:spans[-1][1]]


# ---- readers ---------------------------------------------------------------------------------------------

def test_docx_reader_keeps_formatting_links_notes_tabs_breaks_as_codes(tmp_path: Path) -> None:
    document = _read(formatted_docx(tmp_path / "news.docx"))
    texts = [p.text for p in document.paragraphs]
    body = document.paragraphs[1]
    assert "Security." in body.text and "Security1" not in body.text  # the typed note number is a code
    assert "The Collective Security Treaty Organization Secretary General" in body.text
    assert _counts(document.paragraphs) == DOCX_CODES
    note = document.paragraphs[-1]
    assert (note.context, note.text) == ("footnote 2", "See the Charter of 2002.")
    bold = [c for c in body.codes if c.code.type == "bold"]
    assert [c.offset for c in bold] == [4, 43]  # two runs, one code: "Collective Security Treaty Organization"
    whole = next(p for p in document.paragraphs if p.text == "A whole bold paragraph.")
    assert whole.codes == () and [w.type for w in whole.wrap] == ["bold", "bold"]  # its open and close
    link = next(c.code for p in document.paragraphs for c in p.codes if "link" in c.code.type)
    assert link.attr("href") == "https://odkb-csto.org/news/"
    assert "https" not in " ".join(texts)  # URLs never reach MT
    assert texts[-3:-1] == ["CSTO press service", "Moscow, 2024"]  # header, footer: "not italic" is no code
    for paragraph in document.paragraphs:
        assert well_formed(CodedText(paragraph.text, paragraph.codes))


@pytest.mark.parametrize(("name", "content", "expected"), [("news.html", HTML, HTML_CODES),
                                                           ("news.md", MARKDOWN, MARKDOWN_CODES)])
def test_html_and_markdown_readers_keep_inline_markup_as_codes(tmp_path: Path, name: str, content: str,
                                                               expected: dict[str, int]) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    document = _read(path)
    assert _counts(document.paragraphs) == expected
    text = " ".join(p.text for p in document.paragraphs)
    assert "aligntool translate" not in text and "odkb-csto.org" not in text  # inline code, URLs: never MT
    assert "Security." in text or name.endswith(".md")
    assert any(w.type == "bold" for p in document.paragraphs for w in p.wrap) == name.endswith(".html")
    for paragraph in document.paragraphs:
        assert well_formed(CodedText(paragraph.text, paragraph.codes))


def test_xliff_reader_keeps_12_and_20_inline_elements(tmp_path: Path) -> None:
    one, two = tmp_path / "a.xlf", tmp_path / "b.xlf"
    one.write_text(XLIFF_12, encoding="utf-8")
    two.write_text(XLIFF_20, encoding="utf-8")
    first = _read(one)
    assert [p.text for p in first.paragraphs] == ["The Collective Security Treaty Organization met.",
                                                  "Press to go now.", "A bold word and a note.", "Half open."]
    assert _counts(first.paragraphs) == {"g": 1, "x": 1, "bx": 1, "bpt": 1, "ph": 1, "it": 1}
    assert first.skipped == {}  # nothing dropped any more
    second = _read(two)
    assert _counts(second.paragraphs) == {"pc": 1, "ph": 1, "sc": 1}
    ph = next(c.code for c in first.paragraphs[2].codes if c.code.type == "ph")
    assert ph.native.endswith("&lt;sup&gt;1&lt;/sup&gt;</ph>")  # the element itself, to write back
    assert ph.content.strip() == "<sup>1</sup>"


def test_segmentation_never_moves_a_boundary_and_hands_each_code_to_one_sentence(tmp_path: Path) -> None:
    path = tmp_path / "news.html"
    path.write_text(HTML, encoding="utf-8")
    document = _read(path)
    sentences = document_sentences(document, "en")
    plain = [s.text for p in document.paragraphs
             for s in document_sentences(type(document)(document.path, "html", [type(p)(p.text, p.context)]), "en")]
    assert [s.text for s in sentences] == plain  # the same sentences with or without codes
    assert sum(len(s.codes) for s in sentences) == sum(len(p.codes) for p in document.paragraphs)
    note = next(s for s in sentences if s.text.startswith("They discussed"))
    assert note.text == "They discussed the Council on Collective Security."
    assert [(c.offset, c.code.type) for c in note.codes] == [(49, "footnote")]  # after the word, before "."


# ---- TMX level 2 -----------------------------------------------------------------------------------------

def _unit() -> TranslationUnit:
    bold = InlineCode(CodeKind.OPEN, 1, "bold", "<b>")
    close = InlineCode(CodeKind.CLOSE, 1, "bold", "</b>")
    note = InlineCode(CodeKind.ISOLATED, 2, "footnote", "<sup>1</sup>", "1")
    half = InlineCode(CodeKind.OPEN, 3, "italic", "<i>")
    source = ("The CSTO met.", (CodeAt(4, bold), CodeAt(8, close), CodeAt(12, note), CodeAt(13, half)))
    target = ("ОДКБ встретилась.", (CodeAt(0, bold), CodeAt(4, close), CodeAt(16, note), CodeAt(17, half)))
    return TranslationUnit({"en-US": source[0], "ru-RU": target[0]},
                           codes={"en-US": source[1], "ru-RU": target[1]})


def test_tmx_level_2_is_valid_numbered_and_reads_back(tmp_path: Path, shared_dir: Path) -> None:
    path = tmp_path / "coded.tmx"
    write_tmx(path, TmxHeader(srclang="en-US"), [_unit()])
    assert count_errors(validate_tmx(path)) == 0
    dtd = shared_dir / "schemas" / "tmx14.dtd"
    if dtd.is_file():
        assert schema_problems(path, dtd=dtd) == []
    tree = etree.parse(str(path))
    for tuv in tree.iter("tuv"):
        seg = tuv.find("seg")
        assert [(e.tag, e.get("i"), e.get("x")) for e in seg] == [
            ("bpt", "1", "1"), ("ept", "1", None), ("ph", None, "2"), ("it", None, "3")]
    unit = next(iter(read_tmx(path)))
    assert unit.variants == {"en-US": "The CSTO met.", "ru-RU": "ОДКБ встретилась."}
    for lang, expected in _unit().codes.items():
        assert [(c.offset, c.code.kind, c.code.pair, c.code.native) for c in unit.codes[lang]] == [
            (c.offset, c.code.kind, c.code.pair, c.code.native) for c in expected]


def test_the_validator_finds_broken_level_2_pairs(tmp_path: Path) -> None:
    path = tmp_path / "bad.tmx"
    path.write_text('<?xml version="1.0"?><tmx version="1.4"><header creationtool="x" creationtoolversion="1" '
                    'segtype="sentence" o-tmf="x" adminlang="en" srclang="en" datatype="plaintext"/><body><tu>'
                    '<tuv xml:lang="en"><seg><bpt i="1">a</bpt>x<bpt i="1">b</bpt>y<ept i="2">c</ept></seg></tuv>'
                    '<tuv xml:lang="ru"><seg>x</seg></tuv></tu></body></tmx>', encoding="utf-8")
    messages = [p.message for p in validate_tmx(path) if p.code == "inline-code"]
    assert any("used twice" in m for m in messages) and any('<ept i="2"> has no' in m for m in messages)
    assert any('<bpt i="1"> has no <ept' in m for m in messages)


_NATIVE = st.text(alphabet="<>&ab/\"' ", max_size=6)


@st.composite
def _well_formed(draw: st.DrawFn) -> CodedText:
    text = draw(st.text(alphabet="ab cd.&<", min_size=1, max_size=30)).strip() or "a"
    codes: list[CodeAt] = []
    stack: list[int] = []
    for pair, offset in enumerate(sorted(draw(st.lists(st.integers(0, len(text)), max_size=10))), start=1):
        action = draw(st.sampled_from(["open", "close", "isolated"]))
        if action == "open":
            codes.append(CodeAt(offset, InlineCode(CodeKind.OPEN, pair, "bold", draw(_NATIVE))))
            stack.append(pair)
        elif action == "close" and stack:
            codes.append(CodeAt(offset, InlineCode(CodeKind.CLOSE, stack.pop(), "bold", draw(_NATIVE))))
        else:
            codes.append(CodeAt(offset, InlineCode(CodeKind.ISOLATED, pair, "footnote", draw(_NATIVE))))
    return CodedText(text, tuple(codes))  # opens left unclosed: written as <it>


@settings(max_examples=150, deadline=None)
@given(_well_formed())
def test_tmx_inline_writer_and_reader_round_trip(tmp_path_factory: pytest.TempPathFactory, coded: CodedText) -> None:
    path = tmp_path_factory.mktemp("rt") / "rt.tmx"
    unit = TranslationUnit({"en-US": coded.text, "ru-RU": coded.text}, codes={"en-US": coded.codes,
                                                                              "ru-RU": coded.codes})
    write_tmx(path, TmxHeader(srclang="en-US"), [unit])
    assert count_errors(validate_tmx(path)) == 0
    back = next(iter(read_tmx(path)))
    assert back.variants["en-US"] == coded.text
    got = back.codes.get("en-US", ())
    assert [(c.offset, c.code.kind, c.code.native) for c in got] == [
        (c.offset, c.code.kind, c.code.native) for c in coded.codes]
    assert back.codes.get("ru-RU", ()) == got  # x ties the same codes across languages


NOTES_MARKDOWN = """The Council on Collective Security[^1] met in Minsk. Pankin<sup>2</sup>, the <b>CSTO</b> and
<span class="org">ODKB</span> spoke<br>briefly.

[^1]: See the *Charter* of 2002.
"""


def test_markdown_footnote_references_and_inline_html_are_codes_and_write_back(tmp_path: Path) -> None:
    """A note reference (``[^1]``, ``<sup>2</sup>``) is one isolated code, so the word before stays clean; an
    inline HTML element closed in the paragraph is a pair; the writer gives the same markup back."""
    from aligntool.formats.documents.markdown_writer import write_markdown

    path = tmp_path / "notes.md"
    path.write_text(NOTES_MARKDOWN, encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # inline HTML is kept as codes: nothing is reported left out
        document = _read(path)
    first, note = document.paragraphs
    assert first.text == "The Council on Collective Security met in Minsk. Pankin, the CSTO and ODKB spoke\nbriefly."
    assert note.text == "See the Charter of 2002."
    notes = [(c.offset, c.code.native) for c in first.codes if c.code.type == "footnote"]
    assert notes == [(first.text.index(" met"), "[^1]"), (first.text.index(","), "<sup>2</sup>")]
    assert (note.codes[0].offset, note.codes[0].code.native) == (0, "[^1]: ")
    pairs = {c.code.type: c.code.native for c in first.codes if c.code.kind is CodeKind.OPEN}
    assert pairs == {"bold": "<b>", "span": '<span class="org">'}
    assert well_formed(CodedText(first.text, first.codes))
    again = tmp_path / "again.md"
    again.write_text(write_markdown(NOTES_MARKDOWN, [CodedText(p.text, p.codes) for p in document.paragraphs]),
                     encoding="utf-8")
    reread = _read(again)
    assert [(p.text, [(c.offset, c.code.kind, c.code.native) for c in p.codes]) for p in reread.paragraphs] == [
        (p.text, [(c.offset, c.code.kind, c.code.native) for c in p.codes]) for p in document.paragraphs]


@pytest.mark.parametrize(("content", "kinds"), [
    ("*a <b>b* c</b> d <i>e\n", ["open", "isolated", "close", "isolated", "isolated"]),  # crosses: no HTML pair
    ("<b>a *b</b> c* d\n", ["isolated", "open", "isolated", "close"]),
    ("a <b>b *c* d</b> e\n", ["open", "open", "close", "close"]),
])
def test_markdown_inline_html_pairs_never_cross_emphasis(tmp_path: Path, content: str, kinds: list[str]) -> None:
    path = tmp_path / "cross.md"
    path.write_text(content, encoding="utf-8")
    (paragraph,) = _read(path).paragraphs
    assert [c.code.kind.value for c in paragraph.codes] == kinds
    assert well_formed(CodedText(paragraph.text, paragraph.codes))


def test_thousands_of_nested_inline_tags_merge_into_one_pair(tmp_path: Path) -> None:
    """Merging adjacent codes is one pass (it was cubic in the codes of a paragraph: a hostile page of nested
    tags could stall a run)."""
    path = tmp_path / "deep.md"
    path.write_text("a " + "<span>" * 3000 + "x" + "</span>" * 3000 + " b\n", encoding="utf-8")
    (paragraph,) = _read(path).paragraphs
    assert paragraph.text == "a x b"
    assert [(c.offset, c.code.kind.value) for c in paragraph.codes] == [(2, "open"), (3, "close")]
    assert paragraph.codes[0].code.native == "<span>" * 3000


@pytest.mark.parametrize(("mark", "note"), [("1", True), ("12", True), ("[3]", True), ("1,2", True), ("3–5", True),
                                            ("*", True), ("†", True), ("th", False), ("2nd", False), ("1234", False),
                                            ("x2", False)])
def test_what_a_superscript_note_reference_holds(mark: str, note: bool) -> None:
    """A superscript number, list or range of numbers, or note mark is a note reference (one isolated code, the
    word before stays clean); an ordinal suffix or other superscript text stays a formatting pair."""
    assert bool(NOTE_MARK.match(mark)) is note


def test_html_superscript_note_lists_are_one_code(tmp_path: Path) -> None:
    path = tmp_path / "notes.html"
    path.write_text("<p>The Treaty<sup>1,2</sup> and the 21<sup>st</sup> session.</p>", encoding="utf-8")
    (paragraph,) = _read(path).paragraphs
    assert paragraph.text == "The Treaty and the 21st session."
    assert [(c.offset, c.code.type) for c in paragraph.codes] == [(10, "footnote"), (21, "sup"), (23, "sup")]
