"""Exchange formats: schema/tool conformance and round trips (one inherited test class per format)."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aligntool.core.errors import ParseError
from aligntool.engines.terminology.termbase import Glossary
from aligntool.formats.glossary.model import KINDS, STATUSES, Entry, Term
from aligntool.formats.glossary.registry import detect_format, get_format

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SHIPPED = ROOT / "glossary" / "csto.yaml"

_LETTERS = ("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
            "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЭЮЯ"
            "әғқңөұүһіӘҒҚҢӨҰҮҺІ0123456789")
_text = st.text(alphabet=_LETTERS + " -'\",.;:«»&<>=+@()", min_size=1, max_size=30).map(
    lambda s: " ".join(s.split())).filter(lambda s: bool(s) and s[0] != " ")


@st.composite
def entries(draw: st.DrawFn) -> list[Entry]:
    out = []
    count = draw(st.integers(1, 4))
    for number in range(count):
        terms = []
        for lang in ("en", "ru", "kk"):
            texts = draw(st.lists(_text, min_size=1, max_size=3, unique=True))
            for index, text in enumerate(texts):
                status = "preferred" if index == 0 else draw(st.sampled_from(STATUSES))
                kind = "full" if index == 0 else draw(st.sampled_from(KINDS))
                terms.append(Term(f"{text}{number}" if lang == "en" else text, lang, status, kind))
        out.append(Entry(f"e{number}", "concept", terms, note=draw(st.sampled_from(["", "a note", "x, y"]))))
    return out


def _shipped() -> list[Entry]:
    return Glossary.load(SHIPPED).entries


class FormatContract:
    """Round trip for every format; subclasses set ``name`` and add format-specific checks."""

    name: ClassVar[str] = ""
    targets: ClassVar[tuple[str, ...]] = ("ru",)

    def test_write_read_write_is_stable(self, tmp_path: Path) -> None:
        fmt = get_format(self.name)
        first = tmp_path / f"a.{fmt.extension}"
        fmt.write(_shipped(), first, "en", self.targets)
        again = tmp_path / f"b.{fmt.extension}"
        fmt.write(fmt.read(first, "en", self.targets[0]), again, "en", self.targets)
        assert first.read_text(encoding="utf-8") == again.read_text(encoding="utf-8")

    def test_detected_from_file(self, tmp_path: Path) -> None:
        fmt = get_format(self.name)
        path = tmp_path / f"export.{fmt.extension}"
        fmt.write(_shipped(), path, "en", self.targets)
        assert detect_format(path) == self.name

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.differing_executors])
    @given(data=entries())
    def test_round_trip_property(self, data: list[Entry]) -> None:
        fmt = get_format(self.name)
        text = fmt.dumps(data, "en", self.targets)
        assert fmt.dumps(fmt.loads(text, "x", "en", self.targets[0]), "en", self.targets) == text


class TestTbx(FormatContract):
    name = "tbx"
    targets = ("ru", "kk")

    def test_validates_against_tbx_v3_core_schema(self, tmp_path: Path) -> None:
        schema = SHARED / "schemas" / "TBXcoreStructV03.rng"
        if not schema.exists():
            pytest.skip(f"{schema} not available (shared data)")
        from lxml import etree

        path = tmp_path / "csto.tbx"
        get_format("tbx").write(_shipped(), path, "en", self.targets)
        relaxng = etree.RelaxNG(etree.parse(str(schema)))
        document = etree.parse(str(path))
        assert relaxng.validate(document), relaxng.error_log
        assert document.getroot().get("type") == "TBX-Basic"

    def test_every_field_tbx_carries_survives(self) -> None:
        fmt = get_format("tbx")
        original = _shipped()
        back = fmt.loads(fmt.dumps(original, "en", ["ru", "kk"]))
        assert len(back) == len(original)
        for old, new in zip(original, back, strict=True):
            assert (new.id, new.type, new.note, new.source) == (old.id, old.type, old.note, old.source)
            assert [(t.lang, t.text, t.status, t.kind, t.note) for t in new.terms] == \
                [(t.lang, t.text, t.status, t.kind, t.note) for t in old.terms]

    def test_reads_the_tbx_basic_sample(self) -> None:
        sample = SHARED / "schemas" / "example_tbx_basic_v3.tbx"
        if not sample.exists():
            pytest.skip(f"{sample} not available (shared data)")
        read = get_format("tbx").read(sample)
        assert read and read[0].id == "c1" and read[0].preferred("en") == "open cluster"

    def test_refuses_entities(self, tmp_path: Path) -> None:
        path = tmp_path / "evil.tbx"
        path.write_text('<?xml version="1.0"?><!DOCTYPE tbx [<!ENTITY x "boom">]>'
                        '<tbx xmlns="urn:iso:std:iso:30042:ed-2"><text><body/></text></tbx>', encoding="utf-8")
        with pytest.raises(ParseError, match="entities"):
            get_format("tbx").read(path)


class TestTbx2(FormatContract):
    name = "tbx2"
    targets = ("ru", "kk")

    def test_translate_toolkit_parses_it(self, tmp_path: Path) -> None:
        from translate.storage.tbx import tbxfile

        path = tmp_path / "csto.tbx"
        get_format("tbx2").write(_shipped(), path, "en", ["ru"])
        store = tbxfile.parsefile(str(path))
        pairs = {(unit.source, unit.target) for unit in store.units}
        assert ("CSTO", "ОДКБ") in pairs
        assert len(store.units) == len(_shipped())

    def test_validates_against_martif_schema(self, tmp_path: Path) -> None:
        schema = SHARED / "schemas" / "tbx_tbx2_martif.xsd"
        if not schema.exists():
            pytest.skip(f"{schema} not available (shared data)")
        from lxml import etree

        path = tmp_path / "csto.tbx"
        get_format("tbx2").write(_shipped(), path, "en", ["ru"])
        xsd = etree.XMLSchema(etree.parse(str(schema)))
        assert xsd.validate(etree.parse(str(path))), xsd.error_log


class TestOmegat(FormatContract):
    name = "omegat"

    def test_columns_omegat_reads(self, tmp_path: Path) -> None:
        path = tmp_path / "glossary.utf8"
        get_format("omegat").write(_shipped(), path, "en", ["kk"])
        rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()
                if not line.startswith("#")]
        assert all(len(row) == 3 for row in rows)
        assert rows[0][:2] == ["CSTO", "ҰҚШҰ"]
        # abbreviation → abbreviation, full name → full name
        assert rows[1][:2] == ["Collective Security Treaty Organization", "Ұжымдық қауіпсіздік туралы шарт ұйымы"]


class TestCsv(FormatContract):
    name = "csv"

    def test_two_columns_no_header_and_formula_guard(self) -> None:
        fmt = get_format("csv")
        text = fmt.dumps(_shipped(), "en", ["ru"])
        assert text.splitlines()[0] == "CSTO,ОДКБ"
        entry = Entry("x", "concept", [Term("=SUM(A1)", "en"), Term("-x", "ru")])
        guarded = fmt.dumps([entry], "en", ["ru"])
        assert guarded == "'=SUM(A1),'-x\n"
        assert fmt.loads(guarded)[0].terms[0].text == "=SUM(A1)"


class TestAmazon(FormatContract):
    name = "amazon"
    targets = ("ru", "kk")

    def test_header_of_language_codes(self) -> None:
        lines = get_format("amazon").dumps(_shipped(), "en", ["ru", "kk"]).splitlines()
        assert lines[0] == "en,ru,kk"
        assert lines[1] == "CSTO,ОДКБ,ҰҚШҰ"


class TestTsv(FormatContract):
    name = "tsv"
    targets = ("ru", "kk")


def test_malformed_inputs_name_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("en,ru\nCSTO,ОДКБ,extra\n", encoding="utf-8")
    with pytest.raises(ParseError, match=r"bad\.csv:2: expected 2 columns"):
        get_format("amazon").read(bad)
    bad_tsv = tmp_path / "bad.utf8"
    bad_tsv.write_text("# comment\nonly-one-column\n", encoding="utf-8")
    with pytest.raises(ParseError, match=r"bad\.utf8:2:"):
        get_format("omegat").read(bad_tsv)
