"""The glossary API other stages use: load, find, forms, preferred, satisfied_by, signature."""

from __future__ import annotations

from pathlib import Path

import pytest

from aligntool.core.errors import ParseError
from aligntool.engines.terminology.forms import entry_forms, satisfied_by, satisfied_by_lemma
from aligntool.engines.terminology.scoring import score_segment
from aligntool.engines.terminology.termbase import Glossary

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "glossary" / "csto.yaml"


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return Glossary.load(SHIPPED)


def _found(glossary: Glossary, text: str, lang: str) -> list[tuple[str, str]]:
    return [(m.entry.id, m.form) for m in glossary.find(text, lang)]


def test_shipped_glossary_covers_the_corpus_names(glossary: Glossary) -> None:
    corpus = (ROOT / "corpora" / "csto_news_en.txt").read_text(encoding="utf-8")
    ids = {m.entry.id for m in glossary.find(corpus, "en")}
    for expected in ("csto", "csto-secretary-general", "tasmagambetov", "ryzhenkov", "belarus-foreign-minister",
                     "russia-deputy-foreign-minister", "pankin", "kanal-avangard", "nato", "minsk",
                     "minsk-conference", "valdai-club", "tass", "kazakhstan", "russia-mfa",
                     "peacekeeping-operation", "peacekeeping-mission"):
        assert expected in ids, expected
    standing = {"collective-security-council", "council-of-foreign-ministers", "council-of-defence-ministers",
                "committee-of-secretaries-of-security-councils", "joint-staff", "secretariat", "crrf", "cpf",
                "parliamentary-assembly", "armenia", "belarus", "kyrgyzstan", "russia", "tajikistan"}
    assert standing <= {e.id for e in glossary.entries}


def test_find_offsets_and_longest_match(glossary: Glossary) -> None:
    text = "The CSTO Secretary General met the CSTO's partners; CSTO-led forces."
    matches = glossary.find(text, "en")
    assert [(m.entry.id, m.form) for m in matches] == [
        ("csto-secretary-general", "CSTO Secretary General"), ("csto", "CSTO"), ("csto", "CSTO")]
    for match in matches:
        assert text[match.start:match.end] == match.form


def test_find_case_rules(glossary: Glossary) -> None:
    # acronyms are case-sensitive; full names tolerate a lower-case first letter
    assert _found(glossary, "the csto and Csto", "en") == []
    assert _found(glossary, "collective Security Treaty Organization", "en") == [
        ("csto", "collective Security Treaty Organization")]
    # the Russian word канал (channel) must not match the operation name
    assert _found(glossary, "канал связи", "ru") == []


def test_find_no_match_inside_words(glossary: Glossary) -> None:
    assert _found(glossary, "UNESCO and NATOS", "en") == []


def test_find_inflected_russian_and_kazakh(glossary: Glossary) -> None:
    ru = "Генеральный секретарь Организации Договора о коллективной безопасности встретился с Максимом Рыженковым."
    assert ("csto", "Организации Договора о коллективной безопасности") in _found(glossary, ru, "ru")
    assert ("ryzhenkov", "Максимом Рыженковым") in _found(glossary, ru, "ru")
    kk = "ҰҚШҰ-ның Бас хатшысы Минскте болды; ҰҚШҰ-ға мүше мемлекеттердің өкілдері."
    found = _found(glossary, kk, "kk")
    assert ("csto", "ҰҚШҰ-ның") in found and ("csto-secretary-general", "Бас хатшысы") in found
    assert ("minsk", "Минскте") in found
    assert ("member-states", "ҰҚШҰ-ға мүше мемлекеттердің") in found


def test_find_yo_and_quote_variants(glossary: Glossary) -> None:
    assert _found(glossary, "Объединенного штаба ОДКБ", "ru") == [("joint-staff", "Объединенного штаба ОДКБ")]
    assert ("valdai-club", "«Valdai» International Discussion Club") in _found(
        glossary, "at the «Valdai» International Discussion Club", "en")


def test_entry_api(glossary: Glossary) -> None:
    csto = glossary.get("csto")
    assert csto is not None and csto.type == "organisation"
    assert csto.preferred("ru") == "ОДКБ"
    assert csto.target_for("Collective Security Treaty Organization", "en", "ru") == \
        "Организация Договора о коллективной безопасности"
    assert csto.target_for("Collective Security Treaty Organisation", "en", "kk") == \
        "Ұжымдық қауіпсіздік туралы шарт ұйымы"
    forms = entry_forms(csto, "kk")
    assert forms[0] == "ҰҚШҰ" and {"ҰҚШҰ-ның", "ҰҚШҰ-ға", "ҰҚШҰ-да"} <= set(forms)
    assert "Организации Договора о коллективной безопасности" in entry_forms(csto, "ru")


def test_satisfied_by_exact_and_lemma(glossary: Glossary) -> None:
    csto = glossary.get("csto")
    assert csto is not None
    assert satisfied_by(csto, "Заявление Организации Договора о коллективной безопасности.", "ru") == \
        "Организации Договора о коллективной безопасности"
    assert satisfied_by(csto, "организацию договора о коллективной безопасности", "ru") is None
    assert satisfied_by_lemma(csto, "организацию договора о коллективной безопасности", "ru") == \
        "Организация Договора о коллективной безопасности"
    assert satisfied_by(csto, "Бұл ҰҚШҰ-ның шешімі", "kk") == "ҰҚШҰ-ның"
    assert satisfied_by(csto, "НАТО заявило", "ru") is None
    assert satisfied_by(csto, "ОДКБшный", "ru") is None  # not inside a longer word


def test_forbidden_and_deprecated_terms(tmp_path: Path) -> None:
    path = tmp_path / "g.yaml"
    path.write_text("format: aligntool-glossary/1\nlanguages: [en, ru]\nentries:\n"
                    "- id: belarus\n  type: place\n  en:\n    - {term: Belarus}\n  ru:\n"
                    "    - {term: Беларусь}\n    - {term: Белоруссия, status: deprecated}\n"
                    "    - {term: Белорусь, status: forbidden}\n", encoding="utf-8")
    loaded = Glossary.load(path)
    entry = loaded.get("belarus")
    assert entry is not None
    assert entry.forbidden("ru") == ["Белорусь"] and entry.deprecated("ru") == ["Белоруссия"]
    assert "Белоруссии" not in entry_forms(entry, "ru")
    scored = score_segment(loaded, "They met.", "В Белоруссии и Белорусь", "en", "ru")
    assert [(f.kind, f.entry_id) for f in scored.failures] == [("deprecated", "belarus"), ("forbidden", "belarus")]


def test_load_errors_name_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("format: aligntool-glossary/1\nentries:\n- id: x\n  type: organisation\n"
                    "  en:\n    - {term: X, status: prefered}\n", encoding="utf-8")
    with pytest.raises(ParseError) as info:
        Glossary.load(path)
    assert str(info.value).startswith(f"{path}:6: status 'prefered'")
    path.write_text("entries:\n- id: x\n  en: [a\n", encoding="utf-8")
    with pytest.raises(ParseError, match=r"bad\.yaml:\d+: not valid YAML"):
        Glossary.load(path)


def test_signature_tracks_content(tmp_path: Path, glossary: Glossary) -> None:
    copy = tmp_path / "g.yaml"
    copy.write_text(SHIPPED.read_text(encoding="utf-8").replace("# CSTO", "# changed comment"), encoding="utf-8")
    assert Glossary.load(copy).signature() == glossary.signature()  # comments do not count
    copy.write_text(SHIPPED.read_text(encoding="utf-8").replace("{term: ОДКБ}", "{term: ОДКБ-2}"),
                    encoding="utf-8")
    assert Glossary.load(copy).signature() != glossary.signature()
    assert len(glossary.signature()) == 12
