"""Codes through MT: placement in translations, then TMX/XLIFF with inline elements and the translated documents
themselves (tiny MarianMT models from tests/model_factory.py), read back by python-docx, lxml, translate-toolkit
and aligntool's own readers."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from aligntool.cli.app import run_cli
from aligntool.core.inline import CodeAt, CodedBuilder, CodedText, CodeKind, InlineCode, code_counts, well_formed
from aligntool.engines.segmentation.sentences import document_sentences
from aligntool.engines.translation.placement import place_codes
from aligntool.formats.documents.reading import read_document
from aligntool.formats.tmx.reader import read_tmx
from aligntool.formats.tmx.validate import count_errors, schema_problems, validate_tmx
from tests.formatted_fixtures import HTML, MARKDOWN, XLIFF_12, XLIFF_20, formatted_docx, load_pairs

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _read(path: Path):  # type: ignore[no-untyped-def]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return read_document(path)


def _counts(document) -> dict[str, int]:  # type: ignore[no-untyped-def]
    total: dict[str, int] = {}
    for paragraph in document.paragraphs:
        for kind, count in code_counts(paragraph.codes).items():
            total[kind] = total.get(kind, 0) + count
    return total


def _coded(*parts: str) -> CodedText:
    """``_coded("The ", "<b>", "CSTO", "</b>", " met", "<fn>", ".")``: tags in angle brackets become codes."""
    builder = CodedBuilder()
    stack: list[int] = []
    for part in parts:
        if part.startswith("<") and part.endswith(">"):
            name = part.strip("</>")
            if part.startswith("</"):
                builder.close(stack.pop(), name, part)
            elif name in ("fn", "img"):
                builder.isolated(name, part)
            else:
                stack.append(builder.open(name, part))
        else:
            builder.text(part)
    return builder.exact()


def _show(coded: CodedText) -> str:
    out, position = [], 0
    for placed in coded.codes:
        out.append(coded.text[position:placed.offset])
        out.append(placed.code.native)
        position = placed.offset
    return "".join(out) + coded.text[position:]


# ---- placement -------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("source", "target", "expected", "confident"), [
    (("The Council on Collective Security", "<fn>", "."), "Совет коллективной безопасности.",
     "Совет коллективной безопасности<fn>.", True),
    (("Read the ", "<a>", "official website", "</a>", " now."), "Прочитайте официальный сайт сейчас.",
     "Прочитайте <a>официальный сайт</a> сейчас.", True),
    (("Talks in ", "<i>", "Minsk", "</i>", " and ", "<b>", "Astana", "</b>", "."),
     "Переговоры в Астане и Минске.", "Переговоры в <b>Астане</b> и <i>Минске</i>.", True),
    (("<b>", "All of it", "</b>"), "Всё это.", "<b>Всё это</b>.", True),
])
def test_codes_follow_their_words_across_scripts_and_word_order(source: tuple[str, ...], target: str,
                                                                 expected: str, confident: bool) -> None:
    placement = place_codes(_coded(*source), target)
    assert _show(placement.coded) == expected
    assert placement.confident is confident


def test_without_evidence_codes_go_in_source_order_at_word_boundaries_and_say_so() -> None:
    placement = place_codes(_coded("The ", "<b>", "CSTO", "</b>", " met", "<fn>", " today."),
                            "ОДКБ встретилась сегодня.")
    assert not placement.confident
    assert well_formed(placement.coded)
    shown = _show(placement.coded)
    assert shown.index("<b>") < shown.index("</b>") < shown.index("<fn>")
    bold = placement.coded.text[placement.coded.codes[0].offset:placement.coded.codes[1].offset]
    assert bold.strip() and " " not in bold.strip()  # one whole word, not an empty pair, not a cut word


_TARGET = st.text(alphabet="абв где. ", min_size=0, max_size=40)


@st.composite
def _source(draw: st.DrawFn) -> CodedText:
    words = draw(st.lists(st.sampled_from(["the", "CSTO", "met", "in", "Minsk", "2024", "today"]), min_size=1,
                          max_size=8))
    builder = CodedBuilder()
    stack: list[int] = []
    for word in words:
        action = draw(st.sampled_from(["text", "open", "close", "isolated"]))
        if action == "open":
            stack.append(builder.open("bold", "<b>"))
        elif action == "close" and stack:
            builder.close(stack.pop(), "bold", "</b>")
        elif action == "isolated":
            builder.isolated("footnote", "<fn/>")
        builder.text(word + " ")
    while stack:
        builder.close(stack.pop(), "bold", "</b>")
    return builder.exact()


@settings(max_examples=300, deadline=None)
@given(_source(), _TARGET)
def test_placement_always_keeps_every_code_in_a_well_formed_order(source: CodedText, target: str) -> None:
    placement = place_codes(source, target)
    assert placement.coded.text == target
    assert sorted(id(c.code) for c in placement.coded.codes) == sorted(id(c.code) for c in source.codes)
    assert well_formed(placement.coded)
    pairs = [c.code.pair for c in placement.coded.codes if c.code.kind is CodeKind.OPEN]
    assert pairs == sorted(pairs) or placement.confident  # the fallback keeps the source order


# ---- the translation job ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("formatted")
    paths = {"docx": formatted_docx(folder / "news.docx"), "html": folder / "page.html",
             "markdown": folder / "readme.md", "xliff": folder / "ui.xlf"}
    paths["html"].write_text(HTML, encoding="utf-8")
    paths["markdown"].write_text(MARKDOWN, encoding="utf-8")
    paths["xliff"].write_text(XLIFF_12, encoding="utf-8")
    return paths


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory, tiny_en_ru: Path, inputs: dict[str, Path]) -> tuple[Path, dict]:  # type: ignore[type-arg]
    out = tmp_path_factory.mktemp("out")
    report = out / "summary.json"
    import contextlib
    import io

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        code = run_cli(["translate", *map(str, inputs.values()), "--to", "ru", "--model", f"ru={tiny_en_ru}",
                        "--out", str(out), "--format", "tmx,xliff,document", "--quiet", "--json"])
    assert code == 0
    report.write_text(buffer.getvalue(), encoding="utf-8")
    return out, json.loads(buffer.getvalue())


def test_counts_reconcile_from_reader_to_tmx_xliff_and_documents(run: tuple[Path, dict],  # type: ignore[type-arg]
                                                                 inputs: dict[str, Path]) -> None:
    out, summary = run
    codes = summary["languages"]["ru"]["codes"]
    in_documents = sum(len(s.codes) for p in inputs.values() for s in document_sentences(_read(p), "en"))
    assert codes["codes_in"] == codes["codes_out"] == in_documents > 20
    assert codes["sentences"] > 10
    tmx_codes = 0
    for path in inputs.values():
        for unit in read_tmx(out / f"{path.stem}.en-ru.tmx"):
            source, target = unit.codes.get("en-US", ()), unit.codes.get("ru-RU", ())
            assert len(source) == len(target)
            assert {c.code.pair for c in source} == {c.code.pair for c in target}  # x ties them
            assert (unit.prop("x-codes-fallback") == "1") <= bool(source)
            tmx_codes += len(source)
    assert tmx_codes == in_documents
    written = {Path(d["path"]).name: d for d in summary["documents_written"]}
    assert set(written) == {"news.ru.docx", "page.ru.html", "readme.ru.md", "ui.ru.xlf"}
    assert sum(d["codes_in"] for d in written.values()) == in_documents
    assert all(d["codes_in"] == d["codes_out"] for d in written.values())
    assert sum(d["fallbacks"] for d in written.values()) == codes["fallbacks"]


def test_tmx_and_xliff_with_codes_are_valid_and_translate_toolkit_keeps_the_codes(
        run: tuple[Path, dict], inputs: dict[str, Path], shared_dir: Path) -> None:  # type: ignore[type-arg]
    from translate.storage import tmx, xliff

    out, _summary = run
    schemas = shared_dir / "schemas"
    for path in inputs.values():
        memory = out / f"{path.stem}.en-ru.tmx"
        assert count_errors(validate_tmx(memory)) == 0
        if (schemas / "tmx14.dtd").is_file():
            assert schema_problems(memory, dtd=schemas / "tmx14.dtd") == []
        ours = [(u.variants, u.codes) for u in read_tmx(memory)]
        store = tmx.tmxfile.parsefile(str(memory))
        again = out / f"{path.stem}.tt.tmx"
        again.write_bytes(bytes(store))  # translate-toolkit writes it back: the codes are still there
        assert [(u.variants, u.codes) for u in read_tmx(again)] == ours
        bilingual = out / f"{path.stem}.en-ru.xlf"
        if (schemas / "xliff-core-1.2-strict.xsd").is_file():
            schema = etree.XMLSchema(etree.parse(str(schemas / "xliff-core-1.2-strict.xsd")))
            assert schema.validate(etree.parse(str(bilingual))), schema.error_log.filter_from_errors()[:3]
        units = xliff.xlifffile.parsefile(str(bilingual)).units
        tt_codes = sum(sum(1 for e in r.flatten() if type(e).__name__ != "StringElem")
                       for u in units for r in u.rich_source)
        expected = sum(len(codes.get("en-US", ())) for _variants, codes in ours)
        assert tt_codes == expected


def test_xliff_21_output_carries_codes_that_translate_toolkit_reads(tmp_path: Path, tiny_en_ru: Path,
                                                                   inputs: dict[str, Path]) -> None:
    from translate.storage import xliff2

    assert run_cli(["translate", str(inputs["html"]), "--to", "ru", "--model", f"ru={tiny_en_ru}", "--out",
                    str(tmp_path), "--format", "xliff", "--xliff-version", "2.1", "--quiet"]) == 0
    path = tmp_path / "page.en-ru.xlf"
    units = xliff2.Xliff2File.parsefile(str(path)).units
    codes = sum(len(s.codes) for s in document_sentences(_read(inputs["html"]), "en"))
    tt_codes = sum(sum(1 for e in r.flatten() if type(e).__name__ != "StringElem") for u in units
                   for r in u.rich_source)
    assert tt_codes == codes
    tree = etree.parse(str(path))
    ns = {"x": "urn:oasis:names:tc:xliff:document:2.0"}
    for unit in tree.iterfind(".//x:unit", ns):
        refs = {e.get("dataRef") for e in unit.iterfind(".//x:segment//*[@dataRef]", ns)}
        assert refs <= {d.get("id") for d in unit.iterfind("x:originalData/x:data", ns)}


def test_translated_docx_keeps_structure_and_every_kind_of_code(run: tuple[Path, dict],  # type: ignore[type-arg]
                                                                inputs: dict[str, Path]) -> None:
    import docx

    out, _summary = run
    source, translated = docx.Document(str(inputs["docx"])), docx.Document(str(out / "news.ru.docx"))
    assert len(translated.paragraphs) == len(source.paragraphs)
    assert len(translated.tables) == len(source.tables) == 1
    assert [p.style.name for p in translated.paragraphs] == [p.style.name for p in source.paragraphs]
    assert len(translated.sections) == len(source.sections)
    body = translated.element.body
    assert len(list(body.iter(f"{W}footnoteReference"))) == 1 and len(list(body.iter(f"{W}hyperlink"))) == 1
    before, after = _read(inputs["docx"]), _read(out / "news.ru.docx")
    assert [p.context for p in after.paragraphs] == [p.context for p in before.paragraphs]
    assert _counts(after) == _counts(before)
    assert [w.type for p in after.paragraphs for w in p.wrap] == [w.type for p in before.paragraphs for w in p.wrap]
    link = next(c.code for p in after.paragraphs for c in p.codes if "link" in c.code.type)
    assert link.attr("href") == "https://odkb-csto.org/news/"
    assert after.paragraphs[0].text != before.paragraphs[0].text  # translated, not copied
    assert after.paragraphs[-1].context == "footnote 2" != after.paragraphs[-1].text  # the note translated too
    assert [c.code.type for c in after.paragraphs[-1].codes] == ["italic", "italic"]


@pytest.mark.parametrize("kind", ["html", "markdown", "xliff"])
def test_translated_html_markdown_xliff_read_back_with_the_same_codes(run: tuple[Path, dict],  # type: ignore[type-arg]
                                                                      inputs: dict[str, Path], kind: str) -> None:
    out, _summary = run
    source = inputs[kind]
    translated = out / f"{source.stem}.ru{source.suffix}"
    before, after = _read(source), _read(translated)
    assert [p.context.split(",")[0] for p in after.paragraphs] == [p.context.split(",")[0] for p in before.paragraphs]
    assert _counts(after) == _counts(before)
    if kind == "html":
        import lxml.html

        page = lxml.html.fromstring(translated.read_bytes())
        assert page.get("lang") == "ru-RU" and page.find(".//title") is not None
        assert [e.tag for e in page.iter("p", "li", "h1", "ul")] == [
            e.tag for e in lxml.html.fromstring(source.read_bytes()).iter("p", "li", "h1", "ul")]
    if kind == "xliff":
        from translate.storage import xliff

        units = xliff.xlifffile.parsefile(str(translated)).units
        assert all(u.target for u in units if u.source.strip() and u.istranslatable())


def test_translated_xliff_20_gets_targets_with_the_same_codes(tmp_path: Path, tiny_en_ru: Path) -> None:
    from translate.storage import xliff2

    source = tmp_path / "ui.xlf"
    source.write_text(XLIFF_20, encoding="utf-8")
    assert run_cli(["translate", str(source), "--to", "ru", "--model", f"ru={tiny_en_ru}", "--out", str(tmp_path / "o"),
                    "--format", "document", "--quiet", "--no-resume"]) == 0
    translated = tmp_path / "o" / "ui.ru.xlf"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the re-read says the targets are not final yet: they are MT
        before, after = _read(source), _read(translated)
    assert [p.text for p in after.paragraphs] == [p.text for p in before.paragraphs]  # sources untouched
    assert [code_counts(p.codes) for p in after.paragraphs] == [code_counts(p.codes) for p in before.paragraphs]
    tree = etree.parse(str(translated))
    ns = {"x": "urn:oasis:names:tc:xliff:document:2.0"}
    segments = tree.findall(".//x:segment", ns)
    assert segments and all(s.find("x:target", ns) is not None for s in segments)
    for segment in segments:  # the target has the source's inline elements, by id
        ids = sorted(e.get("id") or e.get("startRef") for e in segment.find("x:source", ns))
        assert sorted(e.get("id") or e.get("startRef") for e in segment.find("x:target", ns)) == ids
    units = xliff2.Xliff2File.parsefile(str(translated)).units
    assert all(u.target for u in units)


def test_tm_exact_matches_bring_their_codes(tmp_path: Path, tiny_en_ru: Path, run: tuple[Path, dict],  # type: ignore[type-arg]
                                            inputs: dict[str, Path]) -> None:
    out, _summary = run
    memory = out / "page.en-ru.tmx"
    buffer_path = tmp_path / "again"
    import contextlib
    import io

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        assert run_cli(["translate", str(inputs["html"]), "--to", "ru", "--model", f"ru={tiny_en_ru}", "--out",
                        str(buffer_path), "--tm", str(memory), "--quiet", "--json", "--no-resume"]) == 0
    codes = json.loads(buffer.getvalue())["languages"]["ru"]["codes"]
    assert codes["from_tm"] == codes["sentences"] > 0 and codes["fallbacks"] == 0
    first = {tuple(u.variants.values()): u.codes for u in read_tmx(memory)}
    for unit in read_tmx(buffer_path / "page.en-ru.tmx"):
        assert unit.prop("x-origin") == "tm"
        stored = first[tuple(unit.variants.values())]
        assert [(c.offset, c.code.kind, c.code.native) for c in unit.codes.get("ru-RU", ())] == [
            (c.offset, c.code.kind, c.code.native) for c in stored.get("ru-RU", ())]


def test_a_tm_target_with_surrounding_spaces_keeps_its_codes_on_the_right_words(tmp_path: Path,
                                                                                tiny_en_ru: Path) -> None:
    """A stored translation is trimmed like the sentence, so its codes (kept at trimmed offsets) stay on their
    words."""
    memory = tmp_path / "tm.tmx"
    memory.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="t" creationtoolversion="1" '
        'segtype="sentence" o-tmf="t" adminlang="en" srclang="en-US" datatype="plaintext"/><body><tu>'
        '<tuv xml:lang="en-US"><seg>The <bpt i="1" x="1" type="bold">&lt;b&gt;</bpt>CSTO<ept i="1">&lt;/b&gt;</ept>'
        ' met.</seg></tuv><tuv xml:lang="ru-RU"><seg>  <bpt i="1" x="1" type="bold">&lt;b&gt;</bpt>ОДКБ'
        '<ept i="1">&lt;/b&gt;</ept> собралась.  </seg></tuv></tu></body></tmx>\n', encoding="utf-8")
    page = tmp_path / "page.html"
    page.write_text("<p>The <b>CSTO</b> met.</p>", encoding="utf-8")
    assert run_cli(["translate", str(page), "--to", "ru", "--model", f"ru={tiny_en_ru}", "--out", str(tmp_path / "o"),
                    "--tm", str(memory), "--format", "tmx,document", "--quiet", "--no-resume"]) == 0
    (unit,) = read_tmx(tmp_path / "o" / "page.en-ru.tmx")
    assert unit.prop("x-origin") == "tm" and unit.variants["ru-RU"] == "ОДКБ собралась."
    assert [(c.offset, c.code.kind) for c in unit.codes["ru-RU"]] == [(0, CodeKind.OPEN), (4, CodeKind.CLOSE)]
    assert "<b>ОДКБ</b> собралась." in (tmp_path / "o" / "page.ru.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("version", ["1.2", "2.1"])
def test_fuzzy_tm_matches_in_the_xliff_carry_their_codes(tmp_path: Path, tiny_en_ru: Path,  # type: ignore[type-arg]
                                                         run: tuple[Path, dict], shared_dir: Path,
                                                         version: str) -> None:
    """A fuzzy match offered beside a unit (1.2 ``alt-trans``, 2.x ``mtc:match``) shows the stored segments with
    their inline codes, as the TM holds them, so the translator sees where the tags go."""
    out, _summary = run
    page = tmp_path / "page.html"
    page.write_text(HTML.replace("Secretary General met", "Secretary General then met")
                    .replace("Read the", "Please read the"), encoding="utf-8")
    assert run_cli(["translate", str(page), "--to", "ru", "--model", f"ru={tiny_en_ru}", "--out", str(tmp_path / "o"),
                    "--tm", str(out / "page.en-ru.tmx"), "--tm-min-score", "50", "--format", "xliff",
                    "--xliff-version", version, "--quiet", "--no-resume"]) == 0
    tree = etree.parse(str(tmp_path / "o" / "page.en-ru.xlf"))
    if version == "1.2":
        ns = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
        offered = tree.findall(".//x:alt-trans", ns)
        coded = [m for m in offered if m.find("x:source/x:bpt", ns) is not None]
        assert coded and all(m.find("x:target/x:bpt", ns) is not None for m in coded)
        schema_path = shared_dir / "schemas" / "xliff-core-1.2-strict.xsd"
        if schema_path.is_file():
            schema = etree.XMLSchema(etree.parse(str(schema_path)))
            assert schema.validate(tree), schema.error_log.filter_from_errors()[:3]
    else:
        ns = {"x": "urn:oasis:names:tc:xliff:document:2.0", "mtc": "urn:oasis:names:tc:xliff:matches:2.0"}
        coded = [m for m in tree.iterfind(".//mtc:match", ns) if m.find("x:source/x:sc", ns) is not None]
        assert coded
        for match in coded:
            refs = {e.get("dataRef") for e in match.iterfind(".//*[@dataRef]")}
            assert refs and refs <= {d.get("id") for d in match.iterfind("x:originalData/x:data", ns)}
            assert match[0].tag.endswith("originalData")


def test_a_pdf_cannot_be_written_back_and_says_so_before_translating(tmp_path: Path, tiny_en_ru: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    from tests.pdf_factory import write_pdf

    pdf = tmp_path / "a.pdf"
    write_pdf(pdf, [["The CSTO met in Minsk."]])
    assert run_cli(["translate", str(pdf), "--to", "ru", "--model", f"ru={tiny_en_ru}", "--out",
                    str(tmp_path / "o"), "--format", "document", "--quiet"]) == 2
    assert "cannot write a translated pdf" in capsys.readouterr().err
    assert not (tmp_path / "o" / "a.ru.pdf").exists()


def test_unknown_format_value_is_one_error_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["translate", "x.txt", "--to", "ru", "--format", "tmx,pdf"]) == 2
    assert "--format must be one of tmx, xliff, both, document" in capsys.readouterr().err


def test_codes_at_offsets_survive_a_sentence_cut_by_the_length_cap() -> None:
    from aligntool.engines.segmentation.cap import cap_segments
    from aligntool.formats.documents.base import Sentence

    text = "word " * 30 + "end"
    bold = InlineCode(CodeKind.OPEN, 1, "bold")
    sentence = Sentence(text, 0, len(text), 0, "body", (CodeAt(0, bold), CodeAt(len(text), InlineCode(
        CodeKind.CLOSE, 1, "bold"))))
    pieces, split = cap_segments([sentence], 40)
    assert split == 1 and sum(len(p.codes) for p in pieces) == 2
    assert pieces[0].codes[0].code is bold and pieces[-1].codes[-1].offset == len(pieces[-1].text)


def test_align_two_formatted_pages_gives_units_with_codes_tied_across_languages(tmp_path: Path,
                                                                                shared_dir: Path) -> None:
    pairs = load_pairs()[:12]

    def page(side: int) -> str:
        paragraphs = []
        for pair in pairs:
            coded = pair[side]
            out, position = [], 0
            for placed in coded.codes:
                out.append(coded.text[position:placed.offset])
                native = placed.code.native.replace("fn/", "sup").replace("<a>", '<a href="#x">')
                out.append(native + ("1</sup>" if placed.code.type == "footnote" else ""))
                position = placed.offset
            paragraphs.append("<p>" + "".join(out) + coded.text[position:] + "</p>")
        return "<html><body>" + "\n".join(paragraphs) + "</body></html>"

    (tmp_path / "a.html").write_text(page(0), encoding="utf-8")
    (tmp_path / "b.html").write_text(page(1), encoding="utf-8")
    out = tmp_path / "aligned.tmx"
    assert run_cli(["align", str(tmp_path / "a.html"), str(tmp_path / "b.html"), "--from", "en", "--to", "ru",
                    "--out", str(out)]) == 0
    assert count_errors(validate_tmx(out)) == 0
    units = list(read_tmx(out))
    assert len(units) == len(pairs)
    for unit, (source, target) in zip(units, pairs, strict=True):
        src, tgt = unit.codes["en-US"], unit.codes["ru-RU"]
        assert [(c.offset, c.code.kind) for c in src] == [(c.offset, c.code.kind) for c in source.codes]
        assert [(c.offset, c.code.kind) for c in tgt] == [(c.offset, c.code.kind) for c in target.codes]
        assert {c.code.pair for c in src} == {c.code.pair for c in tgt}  # the same x on both sides


def test_glossary_terms_on_both_sides_are_word_links_for_placement() -> None:
    from aligntool.engines.terminology.termbase import Glossary
    from aligntool.jobs.coded import glossary_links

    glossary = Glossary.load(Path(__file__).resolve().parents[1] / "glossary" / "csto.yaml")
    source = _coded("The ", "<b>", "Collective Security Treaty Organization", "</b>", " held exercises.")
    target = "ОДКБ провела учения."
    without = place_codes(source, target)
    with_terms = place_codes(source, target, glossary_links(glossary, source.text, target, "en", "ru"))
    assert not without.confident and _show(without.coded) != "<b>ОДКБ</b> провела учения."
    assert with_terms.confident and _show(with_terms.coded) == "<b>ОДКБ</b> провела учения."


def test_the_ctranslate2_engine_gives_the_same_codes_through_to_the_document(
        tmp_path: Path, tiny_en_ru: Path, inputs: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("ctranslate2", reason="the CTranslate2 engine is the optional extra aligntool[ct2]")
    import contextlib
    import io

    monkeypatch.setenv("ALIGNTOOL_CT2_CACHE", str(tmp_path / "ct2-cache"))  # never the user's cache
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        assert run_cli(["translate", str(inputs["docx"]), "--to", "ru", "--model", f"ru={tiny_en_ru}", "--engine",
                        "ctranslate2", "--device", "cpu", "--out", str(tmp_path / "o"), "--format", "tmx,document",
                        "--quiet", "--json"]) == 0
    summary = json.loads(buffer.getvalue())
    assert summary["languages"]["ru"]["engines"] and "ctranslate2" in next(iter(summary["languages"]["ru"]["engines"]))
    codes = summary["languages"]["ru"]["codes"]
    assert codes["codes_in"] == codes["codes_out"] > 0
    assert _counts(_read(tmp_path / "o" / "news.ru.docx")) == _counts(_read(inputs["docx"]))
