"""The TM database in the jobs: translate (--tm DB|TMX, fuzzy offers, --tm-fill-fuzzy, --tm-db), align --tm-db,
and review (the TM match beside each row, reviewed rows written back)."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from aligntool.cli.app import run_cli
from aligntool.core.datatypes import TranslationUnit
from aligntool.formats.tmdb.search import exact, fuzzy
from aligntool.formats.tmdb.store import TmDatabase
from aligntool.formats.tmdb.transfer import import_tmx, tm_stats
from aligntool.formats.tmx.reader import TmxReader
from aligntool.formats.tmx.writer import TmxHeader, write_tmx
from aligntool.formats.xliff.writer import NS_2, NS_12, NS_MATCHES

DATA = Path(__file__).parent / "data" / "alignment"
STORED = "The CSTO met in Moscow on 12 May."
STORED_RU = "ОДКБ собралась в Москве 12 мая."
NEW = "The CSTO met in Minsk on 14 May."  # one word and one number differ: 100 × 7/8 − 2 = 85


def _models(tiny_en_ru: Path, tiny_en_trk: Path) -> list[str]:
    return ["--model", f"ru={tiny_en_ru}", "--model", f"kk={tiny_en_trk}"]


def _memory(tmp_path: Path) -> Path:
    path = tmp_path / "memory.tmx"
    write_tmx(path, TmxHeader(srclang="en-US"), [
        TranslationUnit({"en-US": STORED, "ru-RU": STORED_RU}, [("x-origin", "reviewed")]),
        TranslationUnit({"en-US": "NATO did not.", "ru-RU": "НАТО — нет."}, [("x-origin", "aligned")]),
    ])
    return path


def _props(unit: TranslationUnit) -> dict[str, str]:
    return dict(unit.props)


def test_translate_offers_fuzzy_matches_in_tmx_and_xliff_and_adds_its_output(
        tmp_path: Path, tiny_en_ru: Path, tiny_en_trk: Path, shared_dir: Path) -> None:
    source = tmp_path / "doc.txt"
    source.write_text(f"{NEW} NATO did not.\n", encoding="utf-8")
    out, db = tmp_path / "out", tmp_path / "run.sqlite"
    assert run_cli(["translate", str(source), "--to", "ru", *_models(tiny_en_ru, tiny_en_trk), "--tm",
                    str(_memory(tmp_path)), "--format", "both", "--tm-db", str(db), "--out", str(out),
                    "--quiet"]) == 0
    first, second = list(TmxReader(out / "doc.en-ru.tmx"))
    props = _props(first)
    assert props["x-origin"] == "mt"  # offered, not used
    assert (props["x-tm-score"], props["x-tm-origin"]) == ("85", "reviewed")
    assert props["x-tm-match"] == "ОДКБ собралась в Москве 14 мая."  # the number carried
    assert _props(second)["x-origin"] == "tm" and second.variants["ru-RU"] == "НАТО — нет."

    xliff = etree.parse(str(out / "doc.en-ru.xlf"))
    schema = etree.XMLSchema(etree.parse(str(shared_dir / "schemas" / "xliff-core-1.2-strict.xsd")))
    assert schema.validate(xliff), schema.error_log.filter_from_errors()
    ns = {"x": NS_12}
    [alt] = xliff.findall(".//x:trans-unit[@id='0']/x:alt-trans", ns)
    assert alt.get("match-quality") == "85" and alt.get("origin") == "aligntool-tm:reviewed"
    assert alt.findtext("x:source", namespaces=ns) == STORED
    assert alt.findtext("x:target", namespaces=ns) == "ОДКБ собралась в Москве 14 мая."
    assert xliff.findall(".//x:trans-unit[@id='1']/x:alt-trans", ns) == []  # an exact match needs no offer

    [offered] = list(TmxReader(out / "doc.en-ru.tm-fuzzy.tmx"))  # for the CAT tool's reference TM (OmegaT tm/)
    assert offered.variants == {"en-US": STORED, "ru-RU": STORED_RU} and _props(offered)["x-tm-score"] == "85"

    with TmDatabase(db) as database:  # --tm-db: the run's TMX went in, with its origins
        assert database.count() == 2
        assert exact(database, "NATO did not.", "en", "ru")[0].origin == "tm"
        assert exact(database, NEW, "en", "ru")[0].origin == "mt"


def test_translate_fills_fuzzy_matches_from_a_database_and_marks_them(
        tmp_path: Path, tiny_en_ru: Path, tiny_en_trk: Path) -> None:
    db = tmp_path / "tm.sqlite"
    assert run_cli(["tm", "import", str(_memory(tmp_path)), "--db", str(db)]) == 0
    source = tmp_path / "doc.txt"
    source.write_text(f"{NEW}\n", encoding="utf-8")
    out = tmp_path / "out"
    assert run_cli(["translate", str(source), "--to", "ru", *_models(tiny_en_ru, tiny_en_trk), "--tm", str(db),
                    "--tm-fill-fuzzy", "85", "--format", "both", "--xliff-version", "2.1", "--out", str(out),
                    "--quiet"]) == 0
    [unit] = list(TmxReader(out / "doc.en-ru.tmx"))
    assert unit.variants["ru-RU"] == "ОДКБ собралась в Москве 14 мая."
    assert (_props(unit)["x-origin"], _props(unit)["x-tm-score"]) == ("tm", "85")
    xliff = etree.parse(str(out / "doc.en-ru.xlf"))
    ns = {"x": NS_2, "mtc": NS_MATCHES}
    segment = xliff.find(".//x:segment", ns)
    assert (segment.get("state"), segment.get("subState")) == ("initial", "aligntool:tm-fuzzy")  # to be reviewed
    [match] = xliff.findall(".//mtc:matches/mtc:match", ns)
    assert match.get("similarity") == "85.0" and match.get("ref") == f"#{segment.get('id')}"

def test_fill_fuzzy_without_a_tm_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["translate", str(tmp_path / "doc.txt"), "--to", "ru", "--tm-fill-fuzzy", "85"]) == 2
    assert "--tm-fill-fuzzy 85 needs --tm" in capsys.readouterr().err


def test_align_adds_its_tmx_to_a_database(tmp_path: Path) -> None:
    out, db = tmp_path / "aligned.tmx", tmp_path / "tm.sqlite"
    assert run_cli(["align", str(DATA / "csto_news.en"), str(DATA / "csto_news.ru"), "--from", "en", "--to", "ru",
                    "--presegmented", "--out", str(out), "--tm-db", str(db)]) == 0
    units = list(TmxReader(out))
    with TmDatabase(db) as database:
        assert database.count() == len(units) > 10
        first = units[0].variants
        assert exact(database, first["en-US"], "en", "ru")[0].origin == "aligned"
    assert run_cli(["align", str(DATA / "csto_news.en"), str(DATA / "csto_news.ru"), "--from", "en", "--to", "ru",
                    "--presegmented", "--format", "tsv", "--tm-db", str(db)]) == 2  # nothing to add


def test_review_shows_the_tm_match_and_writes_reviewed_rows_back(tmp_path: Path) -> None:
    from aligntool.jobs.review.session import ReviewSession

    db = tmp_path / "tm.sqlite"
    with TmDatabase(db, create=True) as database:
        import_tmx(database, _memory(tmp_path))
    tmx = tmp_path / "review.tmx"
    write_tmx(tmx, TmxHeader(srclang="en-US"), [
        TranslationUnit({"en-US": NEW, "ru-RU": "ОДКБ встретилась в Минске 14 мая."}, [("x-origin", "mt")]),
        TranslationUnit({"en-US": "Something else entirely.", "ru-RU": "Совсем другое."}, [("x-origin", "mt")]),
    ])
    session = ReviewSession(tmx, tm_db=db)
    rows = session.query()["rows"]
    assert rows[0]["tm"]["score"] == 85 and rows[0]["tm"]["suggestion"] == "ОДКБ собралась в Москве 14 мая."
    assert rows[1]["tm"] is None
    session.approve([rows[0]["id"]])
    assert session.save()["tm_added"] == 1
    session.edit(rows[1]["id"], target="Совершенно другое.")
    assert session.save()["tm_added"] == 2  # the file's reviewed rows replace the previous write-back
    session.tm.close()
    with TmDatabase(db) as database:
        assert database.count() == 4
        found = exact(database, NEW, "en", "ru")
        assert [(m.origin, m.target) for m in found] == [("reviewed", "ОДКБ встретилась в Минске 14 мая.")]
        assert fuzzy(database, "Something else entirely.", "en", "ru")[0].target == "Совершенно другое."
        assert [r["units"] for r in tm_stats(database).imports] == [2, 2]


def test_review_keeps_inline_codes_and_writes_them_back_to_the_tm(tmp_path: Path) -> None:
    from aligntool.core.inline import CodeAt, CodeKind, InlineCode
    from aligntool.jobs.review.session import ReviewSession

    def bold(start: int, end: int) -> tuple[CodeAt, ...]:
        return (CodeAt(start, InlineCode(CodeKind.OPEN, 1, "bold", "<b>")),
                CodeAt(end, InlineCode(CodeKind.CLOSE, 1, "bold", "</b>")))

    brk = (CodeAt(13, InlineCode(CodeKind.ISOLATED, 2, "break", "<br/>")),)
    tmx = tmp_path / "review.tmx"
    units = [
        TranslationUnit({"en-US": "The CSTO met.", "ru-RU": "ОДКБ собралась."}, [("x-origin", "mt")],
                        codes={"en-US": bold(4, 8), "ru-RU": bold(0, 4)}),
        TranslationUnit({"en-US": "NATO did not.", "ru-RU": "НАТО — нет."}, [("x-origin", "mt")],
                        codes={"en-US": brk, "ru-RU": (CodeAt(11, brk[0].code),)}),
        TranslationUnit({"en-US": "Both sides met.", "ru-RU": "Стороны встретились."}, [("x-origin", "mt")],
                        codes={"en-US": bold(0, 4), "ru-RU": bold(0, 7)}),
    ]
    write_tmx(tmx, TmxHeader(srclang="en-US"), units)
    db = tmp_path / "tm.sqlite"
    session = ReviewSession(tmx, tm_db=db)
    rows = session.query()["rows"]
    session.approve([rows[0]["id"]])  # unchanged: its codes stay as they were
    session.edit(rows[1]["id"], target="НАТО не стало.")  # edited: the source's line break is placed in it
    session.edit(rows[2]["id"], source="The two sides met.", target="Две стороны встретились.")  # both edited
    result = session.save()
    assert result["codes_dropped"] == 4  # the third row's bold pair on each side: its source changed
    session.tm.close()
    saved = {u.variants["en-US"]: u for u in TmxReader(tmx)}
    assert saved["The CSTO met."].codes == units[0].codes
    placed = saved["NATO did not."].codes["ru-RU"]
    assert [(c.code.kind, c.code.type, c.code.native) for c in placed] == [(CodeKind.ISOLATED, "break", "<br/>")]
    assert saved["The two sides met."].codes == {}
    with TmDatabase(db) as database:  # the reviewed rows went into the TM with their codes
        [match] = exact(database, "The CSTO met.", "en", "ru")
        assert match.origin == "reviewed" and match.target_codes == bold(0, 4)
        [edited] = exact(database, "NATO did not.", "en", "ru")
        assert edited.target == "НАТО не стало." and len(edited.target_codes) == 1
