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
    text = resources.files("aligntool.glossary").joinpath("data/kk_suffixes.toml").read_text("utf-8")
    return tomllib.loads(text)


def _is_abbreviation(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _is_kazakh_script(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return bool(letters) and all("\u0400" <= c <= "\u04ff" for c in letters)


def _harmony(stem: str) -> bool:
    """True for back (hard) words: the last unambiguous vowel decides."""
    letters = rules()["letters"]
    lower = stem.lower()
    for suffix in letters["surname_suffixes"]:
        # Russian surname suffixes are neutral: Тоқаевқа, Медведевке
        if lower.endswith(suffix) and len(lower) > len(suffix) + 2:
            lower = lower[: -len(suffix)]
            break
    ambiguous = None
    for char in reversed(lower):
        if char in letters["back_vowels"]:
            return True
        if char in letters["front_vowels"]:
            return False
        if char in letters["ambiguous_vowels"] and ambiguous is None:
            ambiguous = char
    return ambiguous != "и"


def analyse(word: str) -> Word:
    """Harmony and final-sound class of a word (abbreviations by their last letter, hyphenated)."""
    letters = rules()["letters"]
    hyphen = _is_abbreviation(word) or word[-1:].isdigit()
    lower = word.lower()
    last = lower[-1:] if lower else ""
    if last.isdigit():
        return Word(back=True, sound="vowel", hyphen=True)
    if last in letters["sonorants"]:
        sound = "sonorant"
    elif last in letters["vowels"]:
        sound = "vowel"
    elif last in letters["nasals"]:
        sound = "nasal"
    elif last in letters["voiced"]:
        sound = "voiced"
    else:
        sound = "voiceless"
    return Word(back=_harmony(lower), sound=sound, hyphen=hyphen)


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


def phrase_forms(text: str, poss: bool = False, entry_type: str = "concept") -> list[str]:
    """Forms of a term: the last word declined; plus possessive forms for common-noun phrases."""
    head, _, last = text.rpartition(" ")
    if not last or not _is_kazakh_script(last.strip("«»\"")) or last[-1] in "»\"”)":
        return [text]
    prefix = f"{head} " if head else ""
    forms = [prefix + form for form in case_forms(last, poss3=poss)]
    if not poss and entry_type in POSSESSIVE_TYPES and not _is_abbreviation(last):
        owned = possessive(last)
        forms.extend(prefix + form for form in case_forms(owned, poss3=True))
    return list(dict.fromkeys(forms))
