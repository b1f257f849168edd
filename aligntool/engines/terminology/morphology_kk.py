"""Kazakh case and possessive forms of glossary terms, by suffix rules (no dictionary needed).

Kazakh is head-final: only the last word of a term takes suffixes (``Ұжымдық қауіпсіздік туралы шарт
ұйымы`` → ``…ұйымының``). Suffixes follow vowel harmony and consonant assimilation; after an
abbreviation or a number they are written after a hyphen (``ҰҚШҰ-ның``, ``ҰҚШҰ-ға``, ``ҰҚШҰ-да``).
The rule tables live in ``data/kk_suffixes.toml``. Loan words and names the rules get wrong are
corrected with per-entry ``forms`` overrides in the glossary.
"""

from __future__ import annotations

import functools
import sys
from dataclasses import dataclass
from importlib import resources
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

#: Entry types whose terms are common-noun phrases that appear with a possessive (ҰҚШҰ Бас хатшысы).
POSSESSIVE_TYPES = ("organisation", "body", "post", "operation", "event", "concept")


@dataclass(frozen=True)
class Word:
    """Sound properties of a stem that decide its suffixes."""

    back: bool
    sound: str  # vowel | nasal | sonorant | voiced | voiceless
    hyphen: bool


@functools.lru_cache(maxsize=1)
def rules() -> dict[str, Any]:
    """The suffix tables (``data/kk_suffixes.toml``)."""
    text = resources.files("aligntool.engines.terminology").joinpath("data/kk_suffixes.toml").read_text("utf-8")
    return tomllib.loads(text)


def _is_abbreviation(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _is_kazakh_script(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return bool(letters) and all("\u0400" <= c <= "\u04ff" for c in letters)


def _harmony(stem: str) -> bool:
    """True for back (hard) words: the vowel of the last syllable decides (и: front; у: the one before)."""
    letters = rules()["letters"]
    lower = stem.lower()
    if lower.endswith(letters["soft_sign"]):
        return False  # Беларусь → Беларусьтің, Беларуське
    lower = _harmony_part(lower)
    for char in reversed(lower):
        if char in letters["back_vowels"]:
            return True
        if char in letters["front_vowels"] or char == "и":
            return False  # Панкин → Панкиннің, Панкинге; министр → министрге
    return "у" in lower or not any(c in letters["vowels"] for c in lower)


def _harmony_part(lower: str) -> str:
    """The part of a word whose vowels decide its harmony: a Russian surname suffix (Лавр-ов → ов: Лавровқа),
    unless the stem before it is Kazakh (Тоқа-ев → Тоқа: Тоқаевқа); see [names] in the rules."""
    names = rules()["names"]
    for suffix in names["surname_suffixes"]:
        if lower.endswith(suffix) and len(lower) > len(suffix) + 2:
            root = lower[: -len(suffix)]
            kazakh = any(c in names["kazakh_letters"] for c in root) or root.endswith(
                tuple(names["kazakh_stem_endings"]))
            return root if kazakh else suffix
    return lower


def _letter_by_letter(word: str) -> bool:
    """An abbreviation without a vowel or with three consonants in a row is read letter by letter."""
    vowels = rules()["letters"]["vowels"]
    run = longest = 0
    for char in word.lower():
        run = 0 if char in vowels or not char.isalpha() else run + 1
        longest = max(longest, run)
    return longest >= 3 or not any(c in vowels for c in word.lower())


def _sound(last: str) -> str:
    letters = rules()["letters"]
    if last in letters["sonorants"]:
        return "sonorant"
    if last in letters["vowels"]:
        return "vowel"
    if last in letters["nasals"]:
        return "nasal"
    if last in letters["voiced"]:
        return "voiced"
    return "voiceless"


def analyse(word: str) -> Word:
    """Harmony and final-sound class of a word (abbreviations hyphenated: by the name of their last letter
    when read letter by letter, else by their last sound)."""
    letters = rules()["letters"]
    abbreviation = _is_abbreviation(word)
    lower = word.lower()
    last = lower[-1:] if lower else ""
    if last.isdigit():
        return Word(back=True, sound="vowel", hyphen=True)
    if abbreviation and _letter_by_letter(word):
        name = rules()["letter_names"].get(last, last)  # ТМД → ды: ТМД-ның, ТМД-ға
        return Word(back=_harmony(name), sound=_sound(name[-1]), hyphen=True)
    if last == letters["soft_sign"] and len(lower) > 1:
        last = lower[-2]
    return Word(back=_harmony(lower), sound=_sound(last), hyphen=abbreviation)


def _attach(word: str, suffix: str, info: Word) -> str:
    return f"{word}-{suffix}" if info.hyphen else word + suffix


def case_forms(word: str, poss3: bool = False) -> list[str]:
    """The word and its six oblique cases (genitive, dative, accusative, locative, ablative, instrumental)."""
    info = analyse(word)
    table = rules()["cases"]
    column = "poss3" if poss3 else info.sound
    out = [word]
    for case in table["order"]:
        suffix = table[case][column][0 if info.back else 1]
        out.append(_attach(word, suffix, info))
    return out


def possessive(word: str) -> str:
    """3rd-person possessive: хатшы → хатшысы, штаб → штабы, кеңес → кеңесі."""
    info = analyse(word)
    table = rules()["possessive"]
    index = 0 if info.back else 1
    if info.sound == "vowel":
        return _attach(word, table["vowel"][index], info)
    stem = word
    if not info.hyphen and word[-1] in table["voicing"]:
        stem = word[:-1] + table["voicing"][word[-1]]
    return _attach(stem, table["consonant"][index], info)


def _without_possessive(word: str) -> str:
    """The stem under a 3rd-person possessive: миссиясы → миссия, штабы → штаб, министрлігі → министрлік."""
    letters = rules()["letters"]
    lower = word.lower()
    if len(word) > 3 and lower[-2:] in ("сы", "сі") and lower[-3] in letters["vowels"]:
        return word[:-2]
    if len(word) > 3 and lower[-1] in "ыі":
        stem = word[:-1]
        unvoicing = rules()["possessive"]["unvoicing"]
        return stem[:-1] + unvoicing[stem[-1]] if stem[-1] in unvoicing else stem
    return word


def plural(word: str) -> str:
    """Plural: миссия → миссиялар, мемлекет → мемлекеттер, күш → күштер, ұйым → ұйымдар."""
    info = analyse(word)
    table = rules()["plural"]
    last = word.lower()[-1]
    column = "l" if last in table["after_l"] else "d" if last in table["after_d"] else "t"
    return _attach(word, table[column][0 if info.back else 1], info)


def phrase_forms(text: str, poss: bool = False, entry_type: str = "concept", plural_too: bool = False) -> list[str]:
    """Forms of a term: the last word declined; plus possessive forms for common-noun phrases; with
    ``plural_too`` the plural paradigm as well (бітімгершілік миссиялары, миссияларының, …)."""
    return list(dict.fromkeys(form for _, form in labelled_phrase_forms(text, poss, entry_type, plural_too)))


def labelled_phrase_forms(text: str, poss: bool = False, entry_type: str = "concept",
                          plural_too: bool = False) -> list[tuple[str, str]]:
    """``(case, form)`` for every form :func:`phrase_forms` lists: nom, gen, dat, acc, loc, abl, ins or attr
    (the -дағы form); ``*`` for a term that takes no suffixes (a quoted name, a foreign word)."""
    head, _, last = text.rpartition(" ")
    if not last or not _is_kazakh_script(last.strip("«»\"")) or last[-1] in "»\"”)":
        return [("*", text)]
    prefix = f"{head} " if head else ""
    cases = ("nom", *rules()["cases"]["order"])

    def paradigm(word: str, poss3: bool) -> list[tuple[str, str]]:
        return [(case, prefix + form) for case, form in zip(cases, case_forms(word, poss3=poss3), strict=True)]

    forms = paradigm(last, poss)
    if not poss and entry_type in POSSESSIVE_TYPES:  # abbreviations too: Ресей СІМ-і, СІМ-інің
        forms.extend(paradigm(possessive(last), True))
    if plural_too and not _is_abbreviation(last):
        many = plural(_without_possessive(last) if poss else last)
        forms.extend(paradigm(many, False))
        if poss or entry_type in POSSESSIVE_TYPES:
            forms.extend(paradigm(possessive(many), True))
    return forms
