"""Generated Russian (pymorphy3) and Kazakh (suffix rules) forms of glossary terms."""

from __future__ import annotations

import pytest

from aligntool.glossary.morphology_kk import case_forms, phrase_forms, possessive
from aligntool.glossary.morphology_ru import person_forms
from aligntool.glossary.morphology_ru import phrase_forms as ru_forms

# ---- Russian ---------------------------------------------------------------------------------------


def test_ru_genitive_of_full_organisation_name_declines_only_the_head() -> None:
    forms = ru_forms("Организация Договора о коллективной безопасности")
    assert forms[0] == "Организация Договора о коллективной безопасности"
    assert "Организации Договора о коллективной безопасности" in forms  # genitive/dative/locative
    assert "Организацию Договора о коллективной безопасности" in forms  # accusative
    assert "Организацией Договора о коллективной безопасности" in forms  # instrumental


@pytest.mark.parametrize("name, genitive, instrumental", [
    ("Максим Рыженков", "Максима Рыженкова", "Максимом Рыженковым"),
    ("Александр Панкин", "Александра Панкина", "Александром Панкиным"),
    # Имангали is indeclinable; the surname still declines (by the -ов rule)
    ("Имангали Тасмагамбетов", "Имангали Тасмагамбетова", "Имангали Тасмагамбетовым"),
])
def test_ru_person_names_decline_together(name: str, genitive: str, instrumental: str) -> None:
    forms = person_forms(name)
    assert forms[0] == name
    assert genitive in forms and instrumental in forms


@pytest.mark.parametrize("term, expected", [
    ("Генеральный секретарь ОДКБ", "Генерального секретаря ОДКБ"),  # adjective agrees, ОДКБ stays
    ("Коллективные силы оперативного реагирования", "Коллективных сил оперативного реагирования"),
    ("Минская международная конференция по евразийской безопасности",
     "Минскую международную конференцию по евразийской безопасности"),  # feminine accusative
    ("Международный дискуссионный клуб «Валдай»", "Международного дискуссионного клуба «Валдай»"),
    ("Республика Казахстан", "Республике Казахстан"),
    ("Минск", "Минске"),
])
def test_ru_phrases_agree_with_the_head(term: str, expected: str) -> None:
    assert expected in ru_forms(term)


@pytest.mark.parametrize("abbreviation", ["ОДКБ", "НАТО", "ТАСС", "ООН"])
def test_ru_abbreviations_are_indeclinable(abbreviation: str) -> None:
    assert ru_forms(abbreviation) == [abbreviation]


# ---- Kazakh ----------------------------------------------------------------------------------------

def test_kk_hyphenated_cases_of_the_csto_abbreviation() -> None:
    forms = case_forms("ҰҚШҰ")
    assert forms == ["ҰҚШҰ", "ҰҚШҰ-ның", "ҰҚШҰ-ға", "ҰҚШҰ-ны", "ҰҚШҰ-да", "ҰҚШҰ-дан", "ҰҚШҰ-мен", "ҰҚШҰ-дағы"]


@pytest.mark.parametrize("word, expected", [
    # back vowel, final voiceless consonant: т/қ
    ("ТАСС", ["ТАСС", "ТАСС-тың", "ТАСС-қа", "ТАСС-ты", "ТАСС-та", "ТАСС-тан", "ТАСС-пен", "ТАСС-тағы"]),
    # front vowel, final voiceless consonant
    ("кеңес", ["кеңес", "кеңестің", "кеңеске", "кеңесті", "кеңесте", "кеңестен", "кеңеспен", "кеңестегі"]),
    # final nasal: ablative -нан, accusative -ды
    ("Қазақстан", ["Қазақстан", "Қазақстанның", "Қазақстанға", "Қазақстанды", "Қазақстанда",
                   "Қазақстаннан", "Қазақстанмен", "Қазақстандағы"]),
    # final з: instrumental -бен
    ("қыз", ["қыз", "қыздың", "қызға", "қызды", "қызда", "қыздан", "қызбен", "қыздағы"]),
    # Russian surname suffix -ев: harmony of the root (Тоқаевқа, not Тоқаевке)
    ("Тоқаев", ["Тоқаев", "Тоқаевтың", "Тоқаевқа", "Тоқаевты", "Тоқаевта", "Тоқаевтан", "Тоқаевпен", "Тоқаевтағы"]),
])
def test_kk_vowel_harmony_and_consonant_assimilation(word: str, expected: list[str]) -> None:
    assert case_forms(word) == expected


def test_kk_possessive_forms() -> None:
    assert possessive("хатшы") == "хатшысы"
    assert possessive("кеңес") == "кеңесі"
    assert possessive("кітап") == "кітабы"  # final п voices before the vowel
    forms = phrase_forms("Ұжымдық қауіпсіздік туралы шарт ұйымы", poss=True)
    assert "Ұжымдық қауіпсіздік туралы шарт ұйымының" in forms
    assert "Ұжымдық қауіпсіздік туралы шарт ұйымына" in forms
    assert "Ұжымдық қауіпсіздік туралы шарт ұйымында" in forms


def test_kk_common_noun_phrase_gets_possessive_forms() -> None:
    forms = phrase_forms("Бас хатшы", entry_type="post")
    assert "Бас хатшының" in forms and "Бас хатшысы" in forms and "Бас хатшысының" in forms


def test_kk_quoted_names_and_latin_words_stay() -> None:
    assert phrase_forms("«Канал-Авангард»") == ["«Канал-Авангард»"]
    assert phrase_forms("Kanal") == ["Kanal"]
