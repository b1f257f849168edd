"""The TM database (aligntool.formats.tmdb): scores, lookups, import atomicity, two writers, export."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aligntool.cli.app import run_cli
from aligntool.core.datatypes import TranslationUnit
from aligntool.formats.tmdb.placeables import carry_numbers
from aligntool.formats.tmdb.score import edit_distance, fuzzy_score, length_range, max_distance
from aligntool.formats.tmdb.search import concordance, exact, fuzzy
from aligntool.formats.tmdb.store import TmBusyError, TmDatabase
from aligntool.formats.tmdb.tokens import tokenize
from aligntool.formats.tmdb.transfer import add_units, dedupe, export_tmx, import_tmx, tm_stats
from aligntool.formats.tmx.reader import TmxReader
from aligntool.formats.tmx.tools import dedupe_tmx
from aligntool.formats.tmx.writer import TmxHeader, write_tmx

REPO = Path(__file__).resolve().parents[1]
BASE = "The Collective Security Treaty Organization held its annual meeting in Moscow on Tuesday"
BASE_RU = "Организация Договора о коллективной безопасности провела ежегодное заседание в Москве во вторник"


def _dp(a: list[str], b: list[str]) -> int:
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from("abcde"), max_size=90), st.lists(st.sampled_from("abcde"), max_size=90))
def test_bit_parallel_distance_equals_textbook_dynamic_programming(a: list[str], b: list[str]) -> None:
    assert edit_distance(a, b) == _dp(a, b)


def test_score_formula_on_planted_edits() -> None:
    q = tokenize(BASE + ".")  # 13 words
    one_word = tokenize(BASE.replace("Moscow", "Minsk") + ".")
    two_words = tokenize(BASE.replace("Moscow", "Minsk").replace("annual", "extra") + ".")
    dropped = tokenize(BASE.replace(" annual", "") + ".")
    assert fuzzy_score(q, one_word).percent == 92  # 100 × 12/13 = 92.3
    assert fuzzy_score(q, two_words).percent == 84  # 100 × 11/13 = 84.6
    assert fuzzy_score(q, dropped).percent == 92  # one deletion: 12/13
    assert fuzzy_score(q, tokenize(BASE + "!")).percent == 99  # punctuation: 100 − 1, and not the same text
    assert fuzzy_score(q, tokenize(BASE.lower() + ".")).percent == 99  # case only
    assert fuzzy_score(q, tokenize(BASE + "."), same_key=True).percent == 100
    with_number = tokenize("The meeting on 12 May was attended by 300 delegates.")
    other_number = tokenize("The meeting on 14 May was attended by 300 delegates.")
    score = fuzzy_score(with_number, other_number)
    assert (score.words, score.numbers, score.percent) == (0, 1, 98)  # a placeable costs 2, not a word
    tags = fuzzy_score(q, tokenize(BASE + "."), True, ["open:bold", "close:bold"], [])
    assert (tags.tags, tags.percent) == (2, 98)


def test_candidate_bounds() -> None:
    # a 20-word query at 75 %: candidates of 15..26 words, at most 6 word edits
    assert length_range(20, 75) == (15, 26)
    assert max_distance(20, 75) == 6


def test_placeables_are_carried_into_the_target() -> None:
    adjusted, carried = carry_numbers("The fee is 2,500 euros from 14 May.", "The fee is 1,000 euros from 12 May.",
                                      "Сбор составляет 1 000 евро с 12 мая.")
    assert (adjusted, carried) == ("Сбор составляет 2 500 евро с 14 мая.", 2)
    assert carry_numbers("Room 12.", "Room 11.", "Комната 11 или 11.") == ("", 0)  # ambiguous: left alone


def _tmx(path: Path, units: list[TranslationUnit], srclang: str = "en-US") -> Path:
    write_tmx(path, TmxHeader(srclang=srclang), units)
    return path


def _unit(en: str, ru: str, origin: str = "aligned", changed: int | None = None, **extra: str) -> TranslationUnit:
    stamp = datetime.fromtimestamp(changed, timezone.utc) if changed is not None else None
    return TranslationUnit({"en-US": en, "ru-RU": ru, **extra}, [("x-origin", origin)], changedate=stamp)


@pytest.fixture
def planted(tmp_path: Path) -> TmDatabase:
    """A TM with planted near-duplicates of BASE (known word edits) among unrelated distractors."""
    distractors = [_unit(f"Distractor sentence number {i} speaks about weather and football in town {i % 7}.",
                         f"Отвлекающее предложение {i}.") for i in range(300)]
    planted_units = [
        _unit(BASE.replace("Moscow", "Minsk") + ".", BASE_RU.replace("Москве", "Минске")),  # 1 edit: 92
        _unit(BASE.replace("Moscow", "Minsk").replace("annual", "extra") + ".", "два изменения"),  # 2 edits: 84
        _unit(BASE.replace("Moscow", "Minsk").replace("annual", "extra").replace("Tuesday", "Friday") + ".",
              "три изменения"),  # 3 edits: 76
        _unit("The Collective Security Treaty Organization met.", "ОДКБ собралась."),  # far: below 75
        _unit(BASE + ".", BASE_RU + ".", origin="mt", changed=2_000_000_000),  # exact, machine
        _unit(BASE + ".", BASE_RU + " (проверено).", origin="reviewed", changed=1_000_000_000),  # exact, person
    ]
    db = TmDatabase(tmp_path / "tm.sqlite", create=True)
    import_tmx(db, _tmx(tmp_path / "planted.tmx", distractors[:150] + planted_units + distractors[150:]))
    return db


def test_exact_lookup_prefers_a_reviewed_unit_over_newer_machine_output(planted: TmDatabase) -> None:
    found = exact(planted, "  " + BASE + ".\n", "en", "ru-RU")
    assert [m.origin for m in found] == ["reviewed", "mt"]
    assert found[0].target == BASE_RU + " (проверено)." and found[0].score == 100
    assert exact(planted, BASE + ".", "en", "kk") == []  # no Kazakh variant
    assert exact(planted, BASE, "en", "ru") == []  # the full stop matters for 100 %


def test_fuzzy_finds_planted_near_duplicates_with_expected_scores_and_rank(planted: TmDatabase) -> None:
    query = BASE.replace("Moscow", "Minsk").replace("Tuesday", "Friday") + "."
    found = fuzzy(planted, query, "en", "ru", minimum=75, top=5)
    # planted: Minsk (1 edit from query: Friday), Minsk+extra (2), Minsk+extra+Friday (1), BASE (2 edits)
    scores = [(m.score, m.target) for m in found]
    assert scores[0][0] == 92 and scores[1][0] == 92
    assert {scores[0][1], scores[1][1]} == {BASE_RU.replace("Москве", "Минске"), "три изменения"}
    assert [s for s, _ in scores[2:]] == [84, 84, 84]
    # same score: the reviewed unit, then the aligned one, then machine output
    assert [t for _, t in scores[2:]] == [BASE_RU + " (проверено).", "два изменения", BASE_RU + "."]
    assert all("Отвлекающее" not in t for _, t in scores)
    assert [m.score for m in fuzzy(planted, query, "en", "ru", minimum=90, top=5)] == [92, 92]
    assert fuzzy(planted, "Completely unrelated words here about nothing at all.", "en", "ru") == []


def test_fuzzy_carries_numbers_and_explains_the_score(tmp_path: Path) -> None:
    db = TmDatabase(tmp_path / "tm.sqlite", create=True)
    import_tmx(db, _tmx(tmp_path / "n.tmx", [_unit("Article 12 was amended on 3 March 2021 by the council.",
                                                   "Статья 12 была изменена 3 марта 2021 года советом.")]))
    [match] = fuzzy(db, "Article 14 was amended on 3 March 2021 by the council.", "en", "ru")
    assert match.score == 98 and match.detail is not None and match.detail.numbers == 1
    assert match.suggestion == "Статья 14 была изменена 3 марта 2021 года советом." and match.carried == 1


def test_concordance_in_either_language_matches_whole_words(planted: TmDatabase) -> None:
    english = concordance(planted, "annual meeting", "en")
    assert len(english) == 3 and all("annual meeting" in r["variants"]["en-US"] for r in english)
    russian = concordance(planted, "ежегодное заседание")  # any language
    assert len(russian) == 3 and all(r["lang"] == "ru" for r in russian)
    assert concordance(planted, "Mosc") == []  # not a word of any unit
    assert len(concordance(planted, "town 3", "en", limit=100)) == len([i for i in range(300) if i % 7 == 3])


def _fast_tmx(path: Path, count: int, prefix: str) -> Path:
    """A large TMX written directly (the test needs it quickly)."""
    with path.open("w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="t" '
                  'creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="en-US" '
                  'datatype="plaintext"/><body>\n')
        for i in range(count):
            out.write(f'<tu tuid="{i}"><tuv xml:lang="en-US"><seg>{prefix} sentence {i} about item{i % 997} and '
                      f'topic{i % 13}.</seg></tuv><tuv xml:lang="ru-RU"><seg>{prefix} предложение {i}.</seg></tuv>'
                      "</tu>\n")
        out.write("</body></tmx>\n")
    return path


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}


def test_a_kill_mid_import_loses_nothing_already_in(tmp_path: Path) -> None:
    small = _fast_tmx(tmp_path / "small.tmx", 500, "Small")
    big = _fast_tmx(tmp_path / "big.tmx", 150_000, "Big")
    db_path = tmp_path / "tm.sqlite"
    process = subprocess.Popen([sys.executable, "-m", "aligntool", "tm", "import", str(small), str(big), "--db",
                                str(db_path)], stderr=subprocess.PIPE, text=True, env=_env())
    assert process.stderr is not None
    lines = []
    for line in process.stderr:
        lines.append(line)
        if "big.tmx: importing" in line:
            break
    time.sleep(0.5)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL, "the import finished before the kill: make big.tmx larger"
    assert any("small.tmx: 500 units added" in line for line in lines)
    with TmDatabase(db_path) as db:
        assert db.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.count() == 500
        assert [r["name"] for r in tm_stats(db).imports] == ["small.tmx"]
        assert exact(db, "Small sentence 7 about item7 and topic7.", "en", "ru")[0].target == "Small предложение 7."
        assert exact(db, "Big sentence 7 about item7 and topic7.", "en", "ru") == []
        # the database takes writes again at once (no lock left behind)
        assert add_units(db, "after", [_unit("After the kill.", "После.")]).units == 1
        assert db.count() == 501


_HOLDER = """
import sys
from aligntool.formats.tmdb.store import TmDatabase
db = TmDatabase(sys.argv[1])
with db.writer():
    print("holding", flush=True)
    sys.stdin.readline()  # the test says when to commit
print("released", flush=True)
"""


def test_a_second_writer_waits_or_is_refused_while_readers_go_on(tmp_path: Path) -> None:
    db_path = tmp_path / "tm.sqlite"
    memory = _tmx(tmp_path / "a.tmx", [_unit("The council met.", "Совет собрался.")])
    assert run_cli(["tm", "import", str(memory), "--db", str(db_path)]) == 0
    holder = subprocess.Popen([sys.executable, "-c", _HOLDER, str(db_path)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True, env=_env())
    assert holder.stdin is not None and holder.stdout is not None
    try:
        assert holder.stdout.readline().strip() == "holding"
        with TmDatabase(db_path, wait=0.3) as db:
            assert exact(db, "The council met.", "en", "ru")[0].target == "Совет собрался."  # readers go on
            with pytest.raises(TmBusyError, match="another process is writing to this TM database"):
                add_units(db, "second", [_unit("The council left.", "Совет ушёл.")])
            assert db.count() == 1  # nothing written
        other = _tmx(tmp_path / "b.tmx", [_unit("The council left.", "Совет ушёл.")])
        assert run_cli(["tm", "import", str(other), "--db", str(db_path), "--wait", "0.2"]) == 1
        # a writer that waits gets in once the first one commits
        timer = threading.Timer(1.0, lambda: (holder.stdin.write("\n"), holder.stdin.flush()))
        timer.start()
        with TmDatabase(db_path, wait=60) as db:
            added = add_units(db, "second", [_unit("The council left.", "Совет ушёл.")])
            assert added.units == 1 and db.count() == 2
        assert holder.stdout.readline().strip() == "released"
    finally:
        holder.kill()
        holder.wait(timeout=30)


def test_export_round_trip_gives_the_imported_units(tmp_path: Path) -> None:
    day = datetime(2024, 3, 1, 12, 0, tzinfo=timezone.utc)
    units = [
        TranslationUnit({"en-US": "One.", "ru-RU": "Один."}, [("x-origin", "aligned"), ("x-document", "a.txt")],
                        ["checked"], tuid="t1", creationdate=day, changedate=day, changeid="anna"),
        TranslationUnit({"en-US": "Two & <three>.", "ru-RU": "Два & <три>.", "kk-KZ": "Екі."},
                        [("x-origin-ru", "reviewed"), ("x-origin-kk", "mt")], tuid="t2", creationdate=day),
        TranslationUnit({"en-US": "Four.", "de-DE": "Vier."}, [], tuid="t3", creationdate=day),
    ]
    source = _tmx(tmp_path / "in.tmx", units)
    db = TmDatabase(tmp_path / "tm.sqlite", create=True)
    import_tmx(db, source)
    out = tmp_path / "out.tmx"
    assert run_cli(["tm", "export", "--db", str(db.path), "-o", str(out)]) == 0

    def comparable(path: Path) -> Counter[tuple[object, ...]]:
        return Counter((tuple(u.variants.items()), tuple(u.props), tuple(u.notes), u.tuid, u.creationdate,
                        u.changedate, u.changeid) for u in TmxReader(path))

    assert comparable(out) == comparable(source)
    pair = tmp_path / "pair.tmx"
    export_tmx(db, pair, source_lang="en", target_langs=["ru"])
    exported = list(TmxReader(pair))
    assert [list(u.variants) for u in exported] == [["en-US", "ru-RU"], ["en-US", "ru-RU"]]
    assert ("x-origin", "reviewed") in exported[1].props  # the per-target prop of the pair, unsuffixed


def test_dedupe_follows_the_rules_of_tmx_dedupe(tmp_path: Path) -> None:
    units = [_unit("A.", "А.", changed=10), _unit("B.", "Б."), _unit(" A. ", "А.", origin="mt", changed=30),
             _unit("A.", "А!", changed=20), _unit("B.", "Б.", changed=5)]
    source = _tmx(tmp_path / "dup.tmx", units)
    for keep in ("first", "newest"):
        db = TmDatabase(tmp_path / f"{keep}.sqlite", create=True)
        import_tmx(db, source)
        removed = dedupe(db, keep=keep)
        dedupe_tmx(source, tmp_path / f"{keep}.tmx", keep=keep)
        expected = [(dict(u.variants), u.changedate) for u in TmxReader(tmp_path / f"{keep}.tmx")]
        export_tmx(db, tmp_path / f"{keep}-db.tmx")
        assert [(dict(u.variants), u.changedate) for u in TmxReader(tmp_path / f"{keep}-db.tmx")] == expected
        assert removed == 2


def test_tmx_files_as_memory_match_by_base_language_newest_first(tmp_path: Path) -> None:
    from aligntool.formats.tmdb.memory import TmMatcher

    def unit(en: str, day: int, **targets: str) -> TranslationUnit:
        return TranslationUnit({"en-US": en, **targets}, changedate=datetime(2024, 1, day, tzinfo=timezone.utc))

    first = _tmx(tmp_path / "a.tmx", [unit("The CSTO met.", 2, **{"ru-RU": "ОДКБ провела встречу.",
                                                                  "kk-KZ": "ҰҚШҰ кездесті."})])
    second = _tmx(tmp_path / "b.tmx", [unit("The CSTO met.", 1, **{"ru-RU": "ОДКБ встретилась."}),
                                       TranslationUnit({"en-GB": "Colour.", "ru_RU": "Цвет."})])
    memory = TmMatcher.open([first, second], "en")
    try:
        assert memory.lookup("The CSTO met.", "ru") == "ОДКБ провела встречу."  # newest wins
        assert memory.lookup(" The CSTO  met. ", "ru-RU") == "ОДКБ провела встречу."  # whitespace folded
        assert memory.lookup("The CSTO met.", "kk-KZ") == "ҰҚШҰ кездесті."
        assert memory.lookup("Colour.", "ru") == "Цвет."
        assert memory.lookup("The CSTO met", "ru") is None
        assert memory.lookup("The CSTO met.", "de") is None
        database = memory.db.path
    finally:
        memory.close()
    assert not database.exists()  # the temporary database is gone


def test_cli_search_json_and_stats(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    memory = _tmx(tmp_path / "a.tmx", [_unit(BASE + ".", BASE_RU + ".")])
    db = tmp_path / "tm.sqlite"
    assert run_cli(["tm", "import", str(memory), "--db", str(db)]) == 0
    assert run_cli(["tm", "import", str(memory), "--db", str(db)]) == 0
    assert "imported before" in capsys.readouterr().err
    query = BASE.replace("Moscow", "Minsk") + "."
    assert run_cli(["tm", "search", query, "--db", str(db), "--from", "en", "--to", "ru", "--json"]) == 0
    [match] = json.loads(capsys.readouterr().out)
    assert match["score"] == 92 and match["target"] == BASE_RU + "." and match["origin"] == "aligned"
    assert run_cli(["tm", "search", "nothing like it", "--db", str(db), "--from", "en", "--to", "ru"]) == 1
    assert run_cli(["tm", "stats", "--db", str(db), "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["units"] == 1 and stats["languages"] == {"en-US": 1, "ru-RU": 1}


def test_not_a_database_is_one_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE x(y)").connection.commit()
    assert run_cli(["tm", "stats", "--db", str(other)]) == 1
    assert "not a TM database" in capsys.readouterr().err
    assert run_cli(["tm", "stats", "--db", str(tmp_path / "missing.sqlite")]) == 1
    assert "no such TM database" in capsys.readouterr().err


def test_inline_codes_are_stored_beside_the_text(tmp_path: Path) -> None:
    path = tmp_path / "codes.tmx"
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="t" '
                    'creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="en-US" '
                    'datatype="plaintext"/><body><tu><tuv xml:lang="en-US"><seg>The <bpt i="1" type="bold">&lt;b&gt;'
                    '</bpt>CSTO<ept i="1">&lt;/b&gt;</ept> met.<ph>&lt;br/&gt;</ph></seg></tuv><tuv xml:lang="ru-RU">'
                    '<seg><bpt i="1">&lt;b&gt;</bpt>ОДКБ<ept i="1">&lt;/b&gt;</ept> собралась.</seg></tuv></tu>'
                    "</body></tmx>\n", encoding="utf-8")
    db = TmDatabase(tmp_path / "tm.sqlite", create=True)
    import_tmx(db, path)
    from aligntool.core.inline import CodeKind
    from aligntool.formats.tmdb.codes import codes_from_json

    text, stored = db.conn.execute("SELECT text, codes FROM tuv WHERE base = 'en'").fetchone()
    assert text == "The CSTO met."  # what matching sees
    codes = codes_from_json(stored)
    assert [(c.offset, c.code.kind, c.code.type, c.code.native) for c in codes] == [
        (4, CodeKind.OPEN, "bold", "<b>"), (8, CodeKind.CLOSE, "bold", "</b>"), (13, CodeKind.ISOLATED, "ph", "<br/>")]
    [match] = fuzzy(db, "The CSTO met.", "en", "ru", codes=())  # same text, no codes: the tag penalty only
    assert match.score == 97 and match.detail is not None and match.detail.tags == 3
    assert exact(db, "The CSTO met.", "en", "ru")[0].score == 100
