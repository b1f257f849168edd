"""Generated Russian (pymorphy3) and Kazakh (suffix rules) forms of glossary terms."""

from __future__ import annotations

import pytest

from aligntool.engines.terminology.morphology_kk import case_forms, phrase_forms, possessive
from aligntool.engines.terminology.morphology_ru import person_forms
from aligntool.engines.terminology.morphology_ru import phrase_forms as ru_forms

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


# ---- issue 13: forms that are right ----------------------------------------------------------------

@pytest.mark.parametrize("word, expected", [
    ("Беларусь", ["Беларусьтің", "Беларуське", "Беларусьті"]),  # ь: front suffixes
    ("Панкин", ["Панкиннің", "Панкинге"]),  # the last syllable decides
    ("Сталин", ["Сталиннің"]),
    ("ТМД", ["ТМД-ның", "ТМД-ға"]),  # letter by letter: the name of Д (ды)
    ("ОДКБ", ["ОДКБ-ның"]),  # Б (бы)
    ("ТАСС", ["ТАСС-тың"]),  # read as a word: its last sound
    ("Қазақстан", ["Қазақстандағы"]),  # -дағы
    ("Минск", ["Минсктегі"]),
])
def test_kk_forms_of_issue_13(word: str, expected: list[str]) -> None:
    forms = case_forms(word)
    assert all(form in forms for form in expected), forms
    assert not {"Беларусьқа", "Панкинға", "Панкиннің" if word == "Сталин" else "ТМД-нің"} & set(forms)


def test_kk_plural_paradigm_with_possessive() -> None:
    forms = phrase_forms("бітімгершілік миссиясы", poss=True, plural_too=True)
    for form in ("бітімгершілік миссиялары", "бітімгершілік миссияларының", "бітімгершілік миссияларында",
                 "бітімгершілік миссиялар", "бітімгершілік миссиясындағы"):
        assert form in forms


@pytest.mark.parametrize("name, expected", [
    ("Станислав Зась", ["Станислава Зася", "Станиславом Засем"]),
    ("Николай Бордюжа", ["Николая Бордюжи", "Николаем Бордюжей"]),
    ("Анна Рыженкова", ["Анны Рыженковой"]),
    ("Анна Панкина", ["Анной Панкиной"]),
    ("Мария Зась", ["Марии Зась"]),  # feminine names in a consonant do not decline
])
def test_ru_surnames_pymorphy_does_not_know_decline_by_rule(name: str, expected: list[str]) -> None:
    forms = person_forms(name)
    assert all(form in forms for form in expected), forms


def test_ru_plural_paradigm_and_adjective_before_an_abbreviation() -> None:
    plural = ru_forms("миротворческая миссия", plural=True)
    assert {"миротворческие миссии", "миротворческих миссиях", "миротворческой миссии"} <= set(plural)
    assert "миротворческие миссии" not in ru_forms("миротворческая миссия")
    assert ru_forms("российский МИД") == ["российский МИД", "российского МИД", "российскому МИД",
                                               "российским МИД", "российском МИД"]
