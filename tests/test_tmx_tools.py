"""TMX tools (stats, merge, dedupe, split, convert) and the translation memory, through API and CLI."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from aligntool.cli.app import run_cli
from aligntool.core.datatypes import TranslationUnit
from aligntool.core.errors import ConfigError, ParseError
from aligntool.formats.spreadsheet import guard_cell, unguard_cell
from aligntool.formats.tmx.convert import table_to_tmx, tmx_to_table, tsv_escape, tsv_unescape
from aligntool.formats.tmx.reader import read_tmx, read_tmx_header
from aligntool.formats.tmx.tools import dedupe_tmx, merge_tmx, tmx_stats
from aligntool.formats.tmx.validate import validate_tmx
from aligntool.formats.tmx.writer import TmxHeader, unit_props, write_tmx


def _date(day: int) -> datetime:
    return datetime(2024, 10, day, tzinfo=timezone.utc)


def _file(path: Path, units: list[TranslationUnit], srclang: str = "en-US") -> Path:
    write_tmx(path, TmxHeader(srclang=srclang), units)
    return path


def _u(en: str, **others: str) -> TranslationUnit:
    tags = {"ru": "ru-RU", "kk": "kk-KZ"}
    return TranslationUnit({"en-US": en, **{tags[key]: value for key, value in others.items()}})


def test_stats(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    unit = _u("Peace and security.", ru="Мир и безопасность.", kk="Бейбітшілік пен қауіпсіздік.")
    unit.props = unit_props(origin="mt")
    path = _file(tmp_path / "a.tmx", [unit, _u("Hello.", ru="Привет.")])
    stats = tmx_stats(path)
    assert stats.units == 2
    assert stats.segments == {"en-US": 2, "ru-RU": 2, "kk-KZ": 1}
    assert stats.words["en-US"] == 4
    assert stats.pairs == {"en-US→ru-RU": 2, "en-US→kk-KZ": 1}
    assert stats.origins == {"mt": 1, "-": 1}
    assert run_cli(["tmx", "stats", "--json", str(path)]) == 0
    assert json.loads(capsys.readouterr().out)[0]["pairs"]["en-US→kk-KZ"] == 1


def test_merge_same_pair_and_multilingual(tmp_path: Path) -> None:
    ru = _file(tmp_path / "ru.tmx", [_u("One.", ru="Один."), _u("Two.", ru="Два.")])
    kk = _file(tmp_path / "kk.tmx", [_u("Two.", kk="Екі."), _u("Three.", kk="Үш.")])
    ru2 = _file(tmp_path / "ru2.tmx", [_u("Three.", ru="Три."), _u("Four.", ru="Четыре.")])
    writer = merge_tmx([ru, ru2], tmp_path / "all.tmx")
    assert writer.units_written == 4
    assert [u.tuid for u in read_tmx(tmp_path / "all.tmx")] == ["1", "2", "3", "4"]
    merge_tmx([ru, kk], tmp_path / "multi.tmx", multilingual=True)
    assert [u.variants for u in read_tmx(tmp_path / "multi.tmx")] == [
        {"en-US": "One.", "ru-RU": "Один."},
        {"en-US": "Two.", "ru-RU": "Два.", "kk-KZ": "Екі."},
        {"en-US": "Three.", "kk-KZ": "Үш."},
    ]
    assert "merged-from" in str(read_tmx_header(tmp_path / "multi.tmx").props)


def test_merge_of_different_pairs_needs_multilingual(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """en-ru + en-kk concatenated would fail `tmx validate`: refused, nothing written, --multilingual suggested."""
    ru = _file(tmp_path / "news.en-ru.tmx", [_u("One.", ru="Один."), _u("Two.", ru="Два.")])
    kk = _file(tmp_path / "news.en-kk.tmx", [_u("One.", kk="Бір."), _u("Two.", kk="Екі.")])
    out = tmp_path / "all.tmx"
    with pytest.raises(ConfigError) as excinfo:
        merge_tmx([ru, kk], out)
    message = str(excinfo.value)
    assert "news.en-ru.tmx has en-ru units but news.en-kk.tmx" in message and "en-kk" in message
    assert "--multilingual" in message
    assert set(tmp_path.iterdir()) == {ru, kk}  # no output, no temporary file left
    assert run_cli(["tmx", "merge", str(ru), str(kk), "-o", str(out)]) == 2
    assert "--multilingual" in capsys.readouterr().err and not out.exists()
    assert run_cli(["tmx", "merge", str(ru), str(kk), "-o", str(out), "--multilingual"]) == 0
    assert [p for p in validate_tmx(out) if p.severity == "error"] == []
    assert next(read_tmx(out)).variants == {"en-US": "One.", "ru-RU": "Один.", "kk-KZ": "Бір."}


def test_merge_refuses_mixed_units_inside_one_file(tmp_path: Path) -> None:
    mixed = _file(tmp_path / "mixed.tmx", [_u("One.", ru="Один."), _u("Two.", ru="Два.", kk="Екі.")])
    with pytest.raises(ConfigError, match=r"mixed\.tmx has en-ru units but mixed\.tmx:\d+ has en-kk-ru"):
        merge_tmx([mixed], tmp_path / "out.tmx")


def test_merge_refuses_different_source_languages(tmp_path: Path) -> None:
    en = _file(tmp_path / "en.tmx", [_u("One.", ru="Один.")])
    ru = _file(tmp_path / "ru.tmx", [TranslationUnit({"ru-RU": "Один.", "en-US": "One."})], srclang="ru-RU")
    with pytest.raises(ConfigError, match="different or unknown source languages"):
        merge_tmx([en, ru], tmp_path / "out.tmx")


def test_dedupe_first_and_newest(tmp_path: Path) -> None:
    units = [_u("Hi.", ru="Привет."), _u("Hi.", ru="Здравствуйте."), _u("Hi.", ru="Привет."), _u("Bye.", ru="Пока.")]
    for unit, day in zip(units, (1, 2, 5, 3), strict=True):
        unit.changedate = _date(day)
    units[0].notes = ["first"]
    path = _file(tmp_path / "a.tmx", units)
    dedupe_tmx(path, tmp_path / "first.tmx")
    first = list(read_tmx(tmp_path / "first.tmx"))
    assert [(u.variants["ru-RU"], u.notes) for u in first] == [("Привет.", ["first"]), ("Здравствуйте.", []),
                                                               ("Пока.", [])]
    dedupe_tmx(path, tmp_path / "newest.tmx", keep="newest")
    newest = list(read_tmx(tmp_path / "newest.tmx"))
    assert [(u.variants["ru-RU"], u.changedate) for u in newest] == [
        ("Здравствуйте.", _date(2)), ("Привет.", _date(5)), ("Пока.", _date(3))]
    with pytest.raises(ConfigError):
        dedupe_tmx(path, tmp_path / "x.tmx", keep="oldest")


def test_split_multilingual(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    one = _u("One.", ru="Один.", kk="Бір.")
    one.props = [("x-document", "news.txt"), ("x-origin-ru", "mt"), ("x-origin-kk", "tm"), ("x-mt-model-ru", "m@1")]
    path = _file(tmp_path / "news.tmx", [one, _u("Two.", ru="Два.")])
    assert tmx_stats(path).origins == {"ru:mt": 1, "kk:tm": 1, "-": 1}
    assert run_cli(["tmx", "split", str(path), "-o", str(tmp_path / "out")]) == 0
    ru = tmp_path / "out" / "news.en-ru.tmx"
    kk = tmp_path / "out" / "news.en-kk.tmx"
    assert [u.variants for u in read_tmx(ru)] == [{"en-US": "One.", "ru-RU": "Один."},
                                                  {"en-US": "Two.", "ru-RU": "Два."}]
    assert [u.variants for u in read_tmx(kk)] == [{"en-US": "One.", "kk-KZ": "Бір."}]
    assert next(read_tmx(ru)).props == [("x-document", "news.txt"), ("x-origin", "mt"), ("x-mt-model", "m@1")]
    assert next(read_tmx(kk)).props == [("x-document", "news.txt"), ("x-origin", "tm")]
    assert validate_tmx(ru) == [] and validate_tmx(kk) == []


def test_split_handles_every_per_language_prop(tmp_path: Path) -> None:
    unit = _u("One.", ru="Один.", kk="Бір.")
    unit.props = [*unit_props(document="news.txt", segment=0),
                  *unit_props(origin="mt", mt_model="m@1", terms="csto=enforced", lang="ru"),
                  *unit_props(origin="mt", mt_model="m@2", terms="csto=missing", lang="kk"),
                  ("x-reviewer-kk", "Aigerim"), ("x-note", "kept")]
    path = _file(tmp_path / "news.tmx", [unit])
    assert run_cli(["tmx", "split", str(path), "-o", str(tmp_path / "out")]) == 0
    ru = next(read_tmx(tmp_path / "out" / "news.en-ru.tmx"))
    kk = next(read_tmx(tmp_path / "out" / "news.en-kk.tmx"))
    assert ru.props == [("x-document", "news.txt"), ("x-segment", "0"), ("x-origin", "mt"), ("x-mt-model", "m@1"),
                        ("x-terms", "csto=enforced"), ("x-note", "kept")]
    assert kk.props == [("x-document", "news.txt"), ("x-segment", "0"), ("x-origin", "mt"), ("x-mt-model", "m@2"),
                        ("x-terms", "csto=missing"), ("x-reviewer", "Aigerim"), ("x-note", "kept")]


@pytest.mark.parametrize("suffix", [".tsv", ".csv"])
def test_convert_round_trip(tmp_path: Path, suffix: str) -> None:
    tricky = _u("- It is strange, \"quoted\"\tand\nnew line\\n", ru="=SUM(A1) 'цитата'", kk="@қазақ\r")
    path = _file(tmp_path / "a.tmx", [tricky, _u("Plain.", ru="Просто.")])
    table = tmp_path / f"a{suffix}"
    assert tmx_to_table(path, table) == 2
    assert table.read_text(encoding="utf-8").splitlines()[0].replace(",", "\t") == "en-US\tru-RU\tkk-KZ"
    back = tmp_path / "b.tmx"
    table_to_tmx(table, back)
    assert [u.variants for u in read_tmx(back)] == [
        {"en-US": tricky.variants["en-US"].strip(), "ru-RU": tricky.variants["ru-RU"],
         "kk-KZ": tricky.variants["kk-KZ"].strip()},
        {"en-US": "Plain.", "ru-RU": "Просто."},
    ]


def test_convert_cli_and_table_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    table = tmp_path / "t.tsv"
    table.write_text("en\tru\nHello.\tПривет.\nBroken row\n", encoding="utf-8")
    with pytest.raises(ParseError, match=r"t.tsv:3: 1 cells, expected 2"):
        table_to_tmx(table, tmp_path / "t.tmx")
    table.write_text("\ufeffru\ten\nПривет.\tHello.\n", encoding="utf-8")
    assert run_cli(["tmx", "convert", str(table), "-o", str(tmp_path / "t.tmx"), "--from", "en"]) == 0
    assert list(next(read_tmx(tmp_path / "t.tmx")).variants) == ["en", "ru"]
    assert run_cli(["tmx", "convert", str(table), "-o", str(tmp_path / "t.csv")]) == 2
    assert "one .tmx side" in capsys.readouterr().err


def test_convert_srclang_matches_a_column_by_language(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The round trip in docs/tmx-xliff.md: aligntool's own CSV has en-US, ru-RU columns; --from en or ru picks one."""
    news = _file(tmp_path / "news.tmx", [_u("One.", ru="Один.", kk="Бір.")])
    table = tmp_path / "news.csv"
    assert run_cli(["tmx", "convert", str(news), "-o", str(table)]) == 0
    assert run_cli(["tmx", "convert", str(table), "-o", str(tmp_path / "back.tmx"), "--from", "en"]) == 0
    assert read_tmx_header(tmp_path / "back.tmx").srclang == "en-US"
    table_to_tmx(table, tmp_path / "ru.tmx", srclang="ru")
    assert read_tmx_header(tmp_path / "ru.tmx").srclang == "ru-RU"
    assert list(next(read_tmx(tmp_path / "ru.tmx")).variants) == ["ru-RU", "en-US", "kk-KZ"]
    with pytest.raises(ConfigError, match="the source language en-GB is not one of the columns en-US, ru-RU, kk-KZ"):
        table_to_tmx(table, tmp_path / "x.tmx", srclang="en-GB")  # an explicit region must match exactly
    table.write_text("en-US,en-GB,ru-RU\nColor,Colour,Цвет\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"--from en matches several columns \(en-US, en-GB\)"):
        table_to_tmx(table, tmp_path / "x.tmx", srclang="en")


def test_cell_escapes_are_reversible() -> None:
    for text in ["a\\tb", "\t\n\r\\", "=1+1", "'=quoted", "''", "'", "-dash", "plain"]:
        assert tsv_unescape(tsv_escape(text)) == text
        assert unguard_cell(guard_cell(text)) == text
    assert guard_cell("=1+1") == "'=1+1"


def test_merge_and_dedupe_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a = _file(tmp_path / "a.tmx", [_u("One.", ru="Один."), _u("Two.", ru="Два.")])
    b = _file(tmp_path / "b.tmx", [_u("One.", ru="Один.")])
    assert run_cli(["tmx", "merge", str(a), str(b), "-o", str(tmp_path / "m.tmx")]) == 0
    assert run_cli(["tmx", "dedupe", str(tmp_path / "m.tmx"), "-o", str(tmp_path / "d.tmx")]) == 0
    assert [u.variants["en-US"] for u in read_tmx(tmp_path / "d.tmx")] == ["One.", "Two."]
    assert "d.tmx: 2 units kept" in capsys.readouterr().err
    assert run_cli(["tmx", "dedupe", str(a), "-o", str(tmp_path / "x.tmx"), "--keep", "oldest"]) == 2


def test_validate_with_a_missing_schema_is_one_error_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`tmx validate --dtd ../shared/schemas/tmx14.dtd` on a clone without ../shared: a message, no traceback."""
    path = _file(tmp_path / "a.tmx", [_u("One.", ru="Один.")])
    assert run_cli(["tmx", "validate", str(path), "--dtd", str(tmp_path / "no" / "tmx14.dtd")]) == 1
    assert capsys.readouterr().err.strip() == f"aligntool: error: {tmp_path / 'no' / 'tmx14.dtd'}: no such DTD file"
    bad = tmp_path / "bad.xsd"
    bad.write_text("<not a schema", encoding="utf-8")
    assert run_cli(["tmx", "validate", str(path), "--xsd", str(bad)]) == 1
    assert f"aligntool: error: {bad}: not a usable XSD" in capsys.readouterr().err
