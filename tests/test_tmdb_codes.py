"""Inline codes in the TM database: stored with the units, brought back with a match, and scored as CAT tools do
(matching sees the code-free text; a code of another type, missing, added or moved costs the tag penalty)."""

from __future__ import annotations

from pathlib import Path

import pytest

from aligntool.cli.app import run_cli
from aligntool.core.inline import CodeAt, CodeKind, InlineCode
from aligntool.formats.tmdb.memory import TmMatcher
from aligntool.formats.tmdb.search import exact, fuzzy
from aligntool.formats.tmdb.store import TmDatabase
from aligntool.formats.tmdb.transfer import export_tmx, import_tmx
from aligntool.formats.tmx.reader import TmxReader
from aligntool.formats.tmx.validate import validate_tmx

HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="t" creationtoolversion="1" '
        'segtype="sentence" o-tmf="t" adminlang="en" srclang="en-US" datatype="plaintext"/><body>\n')
# "The <b>CSTO</b> met in Moscow." twice: once bold around CSTO (reviewed), once bold around Moscow (aligned)
BOLD_CSTO = ('<tu tuid="csto"><prop type="x-origin">reviewed</prop>'
             '<tuv xml:lang="en-US"><seg>The <bpt i="1" x="1" type="bold">&lt;b&gt;</bpt>CSTO'
             '<ept i="1">&lt;/b&gt;</ept> met in Moscow.</seg></tuv>'
             '<tuv xml:lang="ru-RU"><seg><bpt i="1" x="1" type="bold">&lt;b&gt;</bpt>ОДКБ'
             '<ept i="1">&lt;/b&gt;</ept> собралась в Москве.</seg></tuv></tu>\n')
BOLD_MOSCOW = ('<tu tuid="moscow"><prop type="x-origin">aligned</prop>'
               '<tuv xml:lang="en-US"><seg>The CSTO met in <bpt i="1" x="1" type="bold">&lt;b&gt;</bpt>Moscow'
               '<ept i="1">&lt;/b&gt;</ept>.</seg></tuv><tuv xml:lang="ru-RU"><seg>ОДКБ собралась в '
               '<bpt i="1" x="1" type="bold">&lt;b&gt;</bpt>Москве<ept i="1">&lt;/b&gt;</ept>.</seg></tuv></tu>\n')
TEXT = "The CSTO met in Moscow."


def _codes(*spec: tuple[int, CodeKind, int, str]) -> tuple[CodeAt, ...]:
    return tuple(CodeAt(offset, InlineCode(kind, pair, type_, "")) for offset, kind, pair, type_ in spec)


def _bold(start: int, end: int, type_: str = "bold") -> tuple[CodeAt, ...]:
    return _codes((start, CodeKind.OPEN, 1, type_), (end, CodeKind.CLOSE, 1, type_))


@pytest.fixture
def coded_db(tmp_path: Path) -> TmDatabase:
    path = tmp_path / "coded.tmx"
    path.write_text(HEAD + BOLD_CSTO + BOLD_MOSCOW + "</body></tmx>\n", encoding="utf-8")
    db = TmDatabase(tmp_path / "tm.sqlite", create=True)
    import_tmx(db, path)
    return db


def test_a_match_brings_its_codes_back(coded_db: TmDatabase) -> None:
    best = exact(coded_db, TEXT, "en", "ru")[0]  # codes not compared: the reviewed unit first
    assert best.tuid == "csto" and best.score == 100
    assert [(c.offset, c.code.kind, c.code.type, c.code.native) for c in best.source_codes] == [
        (4, CodeKind.OPEN, "bold", "<b>"), (8, CodeKind.CLOSE, "bold", "</b>")]
    assert best.target == "ОДКБ собралась в Москве."
    assert [(c.offset, c.code.kind, c.code.native) for c in best.target_codes] == [
        (0, CodeKind.OPEN, "<b>"), (4, CodeKind.CLOSE, "</b>")]
    shown = best.as_dict()  # tm search --json: the texts, and the segments with their codes as TMX level 2
    assert shown["target"] == "ОДКБ собралась в Москве."
    assert shown["target_seg"] == ('<bpt i="1" x="1" type="bold">&lt;b&gt;</bpt>ОДКБ<ept i="1">&lt;/b&gt;</ept>'
                                   " собралась в Москве.")


def test_the_same_text_with_other_codes_ranks_by_the_tag_penalty(coded_db: TmDatabase) -> None:
    around_moscow = _bold(16, 22)
    found = exact(coded_db, TEXT, "en", "ru", around_moscow)
    # the aligned unit has the query's codes: 100; the reviewed one has its bold two words earlier: two codes
    # moved, 2 points
    assert [(m.tuid, m.score) for m in found] == [("moscow", 100), ("csto", 98)]
    assert found[1].detail is not None and found[1].detail.tags == 2 and found[1].detail.words == 0
    # italic instead of bold around the same word: two codes of another type
    italic = exact(coded_db, TEXT, "en", "ru", _bold(4, 8, "italic"))
    assert [(m.tuid, m.score) for m in italic] == [("csto", 98), ("moscow", 98)]  # reviewed first among equals
    # no codes at all: each unit misses two
    assert [m.score for m in exact(coded_db, TEXT, "en", "ru", ())] == [98, 98]


def test_a_fuzzy_match_differing_only_in_a_code(coded_db: TmDatabase) -> None:
    # one more code (a line break at the end) than the reviewed unit: one point below 100
    query = _bold(4, 8) + _codes((23, CodeKind.ISOLATED, 2, "lb"))
    found = fuzzy(coded_db, TEXT, "en", "ru", codes=query, top=5)
    assert (found[0].tuid, found[0].score) == ("csto", 99)
    assert found[0].detail is not None and found[0].detail.tags == 1 and found[0].detail.base == 100
    # the code-free text is what the words see: the same query without codes compares no tags
    assert [m.score for m in fuzzy(coded_db, TEXT, "en", "ru", top=5)] == [100]


def test_translate_memory_gives_the_codes_of_the_match_it_uses(coded_db: TmDatabase) -> None:
    matcher = TmMatcher(coded_db, "en-US")
    found, offers = matcher.matches(TEXT, "ru-RU", _bold(16, 22))
    assert found is not None and found.tuid == "moscow" and offers == []
    stored = matcher.codes(TEXT, "ru-RU", _bold(16, 22))
    assert stored is not None
    source_codes, target_codes = stored
    assert [c.offset for c in source_codes] == [16, 22] and [c.offset for c in target_codes] == [17, 23]
    assert matcher.codes("Nothing like it.", "ru-RU") is None


LEVEL2 = [  # (en seg, ru seg): bpt/ept pairs, ph, an it whose other half is in another segment; & and < escaped
    ('The <bpt i="1" x="1" type="bold">&lt;b&gt;</bpt>CSTO<ept i="1">&lt;/b&gt;</ept> met in Moscow.'
     '<ph x="2" type="lb">&lt;br/&gt;</ph>',
     '<bpt i="1" x="1" type="bold">&lt;b&gt;</bpt>ОДКБ<ept i="1">&lt;/b&gt;</ept> собралась в Москве.'
     '<ph x="2" type="lb">&lt;br/&gt;</ph>'),
    ('See <bpt i="1" x="1" type="link">&lt;a href="https://example.org/?a=1&amp;b=2"&gt;</bpt>the '
     '<bpt i="2" x="2" type="italic">{\\i}</bpt>Charter<ept i="2">{\\i0}</ept><ept i="1">&lt;/a&gt;</ept> &amp; '
     'its note<ph x="3" type="fnote">[1]</ph>.',
     'См. <bpt i="1" x="1" type="link">&lt;a href="https://example.org/?a=1&amp;b=2"&gt;</bpt>'
     '<bpt i="2" x="2" type="italic">{\\i}</bpt>Устав<ept i="2">{\\i0}</ept><ept i="1">&lt;/a&gt;</ept> и '
     'примечание<ph x="3" type="fnote">[1]</ph>.'),
    ('<it pos="begin" x="1" type="bold">&lt;b&gt;</it>Continued from the last page',
     '<it pos="begin" x="1" type="bold">&lt;b&gt;</it>Продолжение с прошлой страницы'),
    ("Plain &amp; simple.", "Просто и ясно."),
]


def _segs(path: Path) -> list[list[tuple[str, str]]]:
    """Per unit, per variant: the language and the <seg> element as written (its inline elements included)."""
    from lxml import etree

    units = []
    for tu in etree.parse(str(path)).iter("tu"):
        units.append([(tuv.get("{http://www.w3.org/XML/1998/namespace}lang"),
                       etree.tostring(tuv.find("seg"), encoding="unicode", with_tail=False)) for tuv in tu.iter("tuv")])
    return units


def test_a_level_2_tmx_comes_back_from_the_database_with_the_same_inline_elements(tmp_path: Path) -> None:
    source = tmp_path / "level2.tmx"
    body = "".join(f'<tu tuid="u{n}"><tuv xml:lang="en-US"><seg>{en}</seg></tuv><tuv xml:lang="ru-RU"><seg>{ru}</seg>'
                   "</tuv></tu>\n" for n, (en, ru) in enumerate(LEVEL2))
    source.write_text(HEAD + body + "</body></tmx>\n", encoding="utf-8")
    db = TmDatabase(tmp_path / "tm.sqlite", create=True)
    import_tmx(db, source)
    assert db.conn.execute("SELECT count(*) FROM tuv WHERE codes IS NOT NULL").fetchone()[0] == 6
    out = tmp_path / "out.tmx"
    assert run_cli(["tm", "export", "--db", str(db.path), "-o", str(out)]) == 0
    assert sorted(_segs(out)) == sorted(_segs(source))
    assert [p.message for p in validate_tmx(out) if p.severity == "error"] == []
    # a pair export keeps the codes too, and the TMX reader gives the same units back
    pair = tmp_path / "pair.tmx"
    export_tmx(db, pair, source_lang="en", target_langs=["ru"])
    assert sorted((u.variants["en-US"], u.codes) for u in TmxReader(pair)) == sorted(
        (u.variants["en-US"], u.codes) for u in TmxReader(source))
