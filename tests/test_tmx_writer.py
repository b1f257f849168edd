"""TMX writer: escaping, forbidden characters, props, ids, atomicity; writer → reader round trip."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aligntool.core.datatypes import TranslationUnit
from aligntool.core.xmltext import FORBIDDEN, REPLACEMENT
from aligntool.formats.tmx.reader import read_tmx, read_tmx_header
from aligntool.formats.tmx.writer import TmxHeader, TmxWriter, unit_props, write_tmx

WHEN = datetime(2024, 10, 30, 12, 0, 5, tzinfo=timezone.utc)


def _header(**changes: object) -> TmxHeader:
    return TmxHeader(srclang="en-US", creationdate=WHEN, **changes)  # type: ignore[arg-type]


def test_header_has_every_required_attribute_and_utc_date(tmp_path: Path) -> None:
    path = tmp_path / "a.tmx"
    write_tmx(path, _header(props=[("x-aligntool-version", "0.1.0")]), [])
    text = path.read_text(encoding="utf-8")
    header = re.search(r"<header [^>]*>", text)
    assert header is not None
    required = ("creationtool", "creationtoolversion", "segtype", "o-tmf", "adminlang", "srclang", "datatype")
    for name in required:
        assert f' {name}="' in header.group(0)
    assert 'creationdate="20241030T120005Z"' in header.group(0)
    assert read_tmx_header(path).props == [("x-aligntool-version", "0.1.0")]


def test_local_time_is_written_as_utc(tmp_path: Path) -> None:
    from datetime import timedelta

    moscow = timezone(timedelta(hours=3))
    path = tmp_path / "a.tmx"
    unit = TranslationUnit({"en-US": "a", "ru-RU": "б"},
                           creationdate=datetime(2024, 1, 1, 3, 0, tzinfo=moscow))
    write_tmx(path, _header(), [unit])
    assert 'creationdate="20240101T000000Z"' in path.read_text(encoding="utf-8")


def test_units_get_tuid_date_and_props_and_are_read_back(tmp_path: Path) -> None:
    path = tmp_path / "a.tmx"
    props = unit_props(document="news.txt", segment=3, origin="mt", mt_model="Helsinki-NLP/opus-mt-en-ru@abc")
    units = [TranslationUnit({"en-US": "Hello.", "ru-RU": "Привет."}, props=props),
             TranslationUnit({"en-US": "Bye.", "ru-RU": "Пока."}, tuid="custom")]
    writer = write_tmx(path, _header(), units)
    assert writer.units_written == 2
    back = list(read_tmx(path))
    assert [u.tuid for u in back] == ["1", "custom"]
    assert back[0].creationdate == WHEN
    assert back[0].props == [("x-document", "news.txt"), ("x-segment", "3"), ("x-origin", "mt"),
                             ("x-mt-model", "Helsinki-NLP/opus-mt-en-ru@abc")]
    assert back[0].variants == {"en-US": "Hello.", "ru-RU": "Привет."}


def test_unknown_origin_is_refused() -> None:
    with pytest.raises(ValueError, match="x-origin"):
        unit_props(origin="human")


def test_per_target_props_carry_the_language_and_empty_values_are_left_out() -> None:
    assert unit_props(document="a.txt", segment=0) == [("x-document", "a.txt"), ("x-segment", "0")]
    assert unit_props(origin="mt", mt_model="m@1", terms="csto=ok", lang="kk-KZ") == [
        ("x-origin-kk", "mt"), ("x-mt-model-kk", "m@1"), ("x-terms-kk", "csto=ok")]
    assert unit_props(origin="tm", terms="") == [("x-origin", "tm")]
    assert unit_props(origin="aligned", align_score=0.91234, align_bead="[2]:[2, 3]") == [
        ("x-origin", "aligned"), ("x-align-score", "0.912"), ("x-align-bead", "[2]:[2, 3]")]
    with pytest.raises(ValueError, match="0-based"):
        unit_props(segment=-1)


def test_per_target_props_are_recognised() -> None:
    from aligntool.formats.tmx.writer import parse_language_prop

    assert parse_language_prop("x-terms-kk") == ("x-terms", "kk")
    assert parse_language_prop("x-mt-model-ru") == ("x-mt-model", "ru")
    assert parse_language_prop("x-terms") is None
    assert parse_language_prop("x-align-bead") is None
    # props of other tools: per-target only when the suffix is one of the unit's languages
    assert parse_language_prop("x-reviewer-kk", ["en-US", "kk-KZ"]) == ("x-reviewer", "kk")
    assert parse_language_prop("x-reviewer-kk", ["en-US", "ru-RU"]) is None


def test_markup_is_escaped_and_whitespace_stripped(tmp_path: Path) -> None:
    path = tmp_path / "a.tmx"
    write_tmx(path, _header(), [TranslationUnit({"en-US": "  a < b & c > d \n", "ru-RU": "\tа\u00a0"})])
    text = path.read_text(encoding="utf-8")
    assert "<seg>a &lt; b &amp; c &gt; d</seg>" in text
    assert "<seg>а</seg>" in text


def test_forbidden_characters_are_replaced_and_counted(tmp_path: Path) -> None:
    path = tmp_path / "a.tmx"
    unit = TranslationUnit({"en-US": "a\x00b\x1b\ud800c\ufffe\uffff", "ru-RU": "ok\x07"}, notes=["n\x01"])
    writer = write_tmx(path, _header(), [unit])
    assert writer.replaced_characters == 7
    back = next(read_tmx(path))
    assert back.variants["en-US"] == f"a{REPLACEMENT}b{REPLACEMENT}{REPLACEMENT}c{REPLACEMENT}{REPLACEMENT}"
    assert back.notes == [f"n{REPLACEMENT}"]


def test_units_without_a_translation_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / "a.tmx"
    writer = write_tmx(path, _header(), [TranslationUnit({"en-US": "Only source."}),
                                         TranslationUnit({"en-US": "Empty target.", "ru-RU": "  "}),
                                         TranslationUnit({"en-US": "Fine.", "ru-RU": "Хорошо."})])
    assert (writer.units_written, writer.skipped_units) == (1, 2)
    assert [u.variants["ru-RU"] for u in read_tmx(path)] == ["Хорошо."]


def test_underscore_language_codes_are_written_with_a_hyphen(tmp_path: Path) -> None:
    path = tmp_path / "a.tmx"
    write_tmx(path, _header(), [TranslationUnit({"en_US": "a", "ru_RU": "б"})])
    text = path.read_text(encoding="utf-8")
    assert 'xml:lang="ru-RU"' in text and "ru_RU" not in text


def test_multilingual_units(tmp_path: Path) -> None:
    path = tmp_path / "a.tmx"
    variants = {"en-US": "Peace.", "ru-RU": "Мир.", "kk-KZ": "Бейбітшілік."}
    write_tmx(path, _header(), [TranslationUnit(dict(variants))])
    assert next(read_tmx(path)).variants == variants


def test_nothing_appears_when_writing_fails(tmp_path: Path) -> None:
    path = tmp_path / "a.tmx"
    with pytest.raises(RuntimeError), TmxWriter(path, _header()) as writer:
        writer.write(TranslationUnit({"en-US": "a", "ru-RU": "б"}))
        raise RuntimeError("disk full")
    assert list(tmp_path.iterdir()) == []


_TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=40)


@settings(max_examples=150, deadline=None)
@given(source=_TEXT, target=_TEXT, note=_TEXT, prop=_TEXT)
def test_round_trip_any_text(tmp_path_factory: pytest.TempPathFactory, source: str, target: str, note: str,
                             prop: str) -> None:
    path = tmp_path_factory.mktemp("rt") / "rt.tmx"
    unit = TranslationUnit({"en-US": source, "kk-KZ": target}, props=[("x-p", prop)], notes=[note])
    writer = write_tmx(path, _header(), [unit])
    src, tgt = FORBIDDEN.sub(REPLACEMENT, source.strip()), FORBIDDEN.sub(REPLACEMENT, target.strip())
    if not src or not tgt:
        assert writer.skipped_units == 1
        return
    back = next(read_tmx(path))
    assert back.variants == {"en-US": src, "kk-KZ": tgt}
    # Notes and props keep their whitespace; only forbidden characters change.
    assert back.notes == [FORBIDDEN.sub(REPLACEMENT, note)]
    assert back.props == [("x-p", FORBIDDEN.sub(REPLACEMENT, prop))]
    forbidden = sum(len(FORBIDDEN.findall(text)) for text in (source.strip(), target.strip(), note, prop))
    assert writer.replaced_characters == forbidden
