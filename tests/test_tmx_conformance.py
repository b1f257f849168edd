"""Every TMX aligntool writes: valid against the TMX 1.4b DTD and OmegaT's XSD, and read identically by
translate-toolkit's ``tmxfile`` and our reader."""

from __future__ import annotations

from pathlib import Path

import pytest

from aligntool.core.datatypes import TranslationUnit
from aligntool.formats.tmx.convert import table_to_tmx, tmx_to_table
from aligntool.formats.tmx.reader import read_tmx
from aligntool.formats.tmx.tools import dedupe_tmx, merge_tmx, split_tmx
from aligntool.formats.tmx.validate import schema_problems, validate_tmx
from aligntool.formats.tmx.writer import TmxHeader, unit_props, write_tmx

SCHEMAS = Path(__file__).resolve().parents[1].parent / "shared" / "schemas"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

UNITS = [
    TranslationUnit({"en-US": "On October 30, 2024, the CSTO Secretary General met Maxim Ryzhenkov.",
                     "ru-RU": "30 октября 2024 года Генеральный секретарь ОДКБ встретился с Максимом Рыженковым.",
                     "kk-KZ": "2024 жылғы 30 қазанда ҰҚШҰ Бас хатшысы Максим Рыженковпен кездесті."},
                    props=unit_props("csto_news_en.txt", 0, "mt", "Helsinki-NLP/opus-mt-en-ru@abc123")),
    TranslationUnit({"en-US": ' "[The CSTO] has positioned itself" & <b>NATO</b>\x00 ',
                     "ru-RU": "«[ОДКБ] позиционировала себя» & <b>НАТО</b>\ufffe",
                     "kk-KZ": "әғқңөұүһі \x1b"},
                    props=unit_props("csto_news_en.txt", 1, "aligned"), notes=["note with <markup> & \x01"]),
    TranslationUnit({"en-US": "Conducting peacekeeping missions", "ru-RU": "Проведение миротворческих миссий",
                     "kk-KZ": "Бітімгершілік миссияларын жүргізу"},
                    props=unit_props("csto_news_en.txt", 2, "tm")),
]


def _our_files(tmp_path: Path) -> list[Path]:
    header = TmxHeader(srclang="en-US", props=[("x-aligntool-version", "0.1.0"), ("x-aligntool-model-ru", "m@c")])
    multi = tmp_path / "multi.tmx"
    write_tmx(multi, header, UNITS)
    bilingual = tmp_path / "en-ru.tmx"
    write_tmx(bilingual, header, [TranslationUnit({k: v for k, v in u.variants.items() if k != "kk-KZ"},
                                                  props=u.props, notes=u.notes) for u in UNITS])
    split_tmx(multi, tmp_path / "split")
    merge_tmx([bilingual, tmp_path / "split" / "multi.en-ru.tmx"], tmp_path / "merged.tmx")
    merge_tmx([bilingual, tmp_path / "split" / "multi.en-kk.tmx"], tmp_path / "merged-multi.tmx", multilingual=True)
    dedupe_tmx(tmp_path / "merged.tmx", tmp_path / "deduped.tmx", keep="newest")
    tmx_to_table(multi, tmp_path / "multi.csv")
    table_to_tmx(tmp_path / "multi.csv", tmp_path / "from-csv.tmx")
    return [multi, bilingual, tmp_path / "merged.tmx", tmp_path / "merged-multi.tmx", tmp_path / "deduped.tmx",
            *(tmp_path / "split" / f"multi.en-{base}.tmx" for base in ("ru", "kk")), tmp_path / "from-csv.tmx"]


@pytest.fixture(scope="module")
def our_files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return _our_files(tmp_path_factory.mktemp("conformance"))


def test_our_files_pass_our_validator(our_files: list[Path]) -> None:
    for path in our_files:
        assert [p.format() for p in validate_tmx(path)] == []


def test_our_files_validate_against_dtd_and_omegat_xsd(our_files: list[Path]) -> None:
    if not (SCHEMAS / "tmx14.dtd").is_file() or not (SCHEMAS / "tmx14.omegat.xsd").is_file():
        pytest.skip(f"TMX schemas not found in {SCHEMAS} (the shared/ folder beside the repository)")
    for path in our_files:
        problems = schema_problems(path, dtd=SCHEMAS / "tmx14.dtd", xsd=SCHEMAS / "tmx14.omegat.xsd")
        assert [p.format() for p in problems] == []


def test_schema_validation_catches_a_broken_file(tmp_path: Path) -> None:
    if not (SCHEMAS / "tmx14.dtd").is_file():
        pytest.skip(f"TMX schemas not found in {SCHEMAS}")
    bad = tmp_path / "bad.tmx"
    bad.write_text('<?xml version="1.0"?><tmx version="1.4"><header srclang="en"/><body><tu><tuv><seg>a</seg>'
                   "</tuv></tu></body></tmx>", encoding="utf-8")
    problems = schema_problems(bad, dtd=SCHEMAS / "tmx14.dtd", xsd=SCHEMAS / "tmx14.omegat.xsd")
    assert {p.code for p in problems} == {"dtd", "xsd"}


def test_translate_toolkit_reads_the_same_units(our_files: list[Path]) -> None:
    tmx = pytest.importorskip("translate.storage.tmx", reason="translate-toolkit is not installed")
    for path in our_files:
        with path.open("rb") as handle:
            store = tmx.tmxfile(handle)
        theirs = [{node.get(XML_LANG): unit.getNodeText(node) for node in unit.getlanguageNodes()}
                  for unit in store.units]
        ours = [unit.variants for unit in read_tmx(path)]
        assert theirs == ours, path.name
        assert [unit.getnotes() for unit in store.units] == ["\n".join(u.notes) for u in read_tmx(path)]
