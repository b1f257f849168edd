"""Russian case forms of glossary terms with pymorphy3 (loaded lazily, once).

In a multi-word term only the head noun and the adjectives/participles that agree with it decline
(``Организация Договора о коллективной безопасности`` → ``Организации Договора о …``); words after the
head (genitive complements, appositions, quoted names) stay. Abbreviations in capitals (ОДКБ, НАТО,
ТАСС) and quoted names never decline. In person names every word declines (first name + surname);
surnames pymorphy3 does not know are declined by the -ов/-ев/-ин rule.
"""

from __future__ import annotations

import functools
import re
from typing import Any

CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")
_SURNAME = re.compile(r"(?:ов|ев|ёв|ин|ын)$")
#: Masculine -ов/-ев/-ин surname endings by case (gent, datv, accs, ablt, loct).
_SURNAME_ENDINGS = ("а", "у", "а", "ым", "е")
_FEM_SURNAME_ENDINGS = ("ой", "ой", "у", "ой", "ой")


@functools.lru_cache(maxsize=1)
def analyzer() -> Any:
    """The shared pymorphy3 analyzer (about a second to load the first time)."""
    try:
        import pymorphy3
    except ImportError:  # pragma: no cover - pymorphy3 is a dependency
        from aligntool.errors import MissingDependencyError

        raise MissingDependencyError("pymorphy3", "ru", "Russian glossary forms") from None
    return pymorphy3.MorphAnalyzer()


@functools.lru_cache(maxsize=20000)
def lemma(word: str) -> str:
    """The dictionary form of one word, lower-cased (abbreviations stay as written, lower-cased)."""
    if _invariant(word):
        return word.lower()
    return str(analyzer().parse(word)[0].normal_form).replace("ё", "е")


def _invariant(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    if not letters or not all("\u0400" <= c <= "\u04ff" for c in letters):
        return True  # foreign words, numbers
    if word[0] in "«\"„“'(":
        return True
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _restore_case(new: str, old: str) -> str:
    letters = [c for c in old if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and len(letters) > 1:
        return new.upper()
    if old[:1].isupper():
        return new[:1].upper() + new[1:]
    return new


def _head_parse(word: str, plural_hint: bool) -> Any | None:
    parses = [p for p in analyzer().parse(word) if "NOUN" in p.tag and "nomn" in p.tag]
    if not parses:
        return None
    if plural_hint:
        plural = [p for p in parses if "plur" in p.tag]
        if plural:
            return plural[0]
    singular = [p for p in parses if "sing" in p.tag]
    return (singular or parses)[0]


def _adjective_parse(word: str) -> Any | None:
    for parse in analyzer().parse(word):
        if ("ADJF" in parse.tag or "PRTF" in parse.tag) and "nomn" in parse.tag:
            return parse
    return None


def _inflect(parse: Any, grammemes: set[str], original: str) -> str:
    form = parse.inflect(grammemes)
    return _restore_case(form.word, original) if form is not None else original


def phrase_forms(text: str) -> list[str]:
    """Six case forms (singular, or plural for plural heads) of a noun phrase; nominative first."""
    words = text.split(" ")
    head_index = None
    adjectives: dict[int, Any] = {}
    plural_hint = False
    for index, word in enumerate(words):
        if _invariant(word):
            break
        adjective = _adjective_parse(word)
        if adjective is not None and index + 1 < len(words):
            adjectives[index] = adjective
            plural_hint = plural_hint or "plur" in adjective.tag
            continue
        head = _head_parse(word, plural_hint)
        if head is not None:
            head_index = index
            break
        break
    if head_index is None:
        return [text]
    head = _head_parse(words[head_index], plural_hint)
    number = "plur" if "plur" in head.tag else "sing"
    forms: list[str] = []
    for case in CASES:
        out = list(words)
        out[head_index] = _inflect(head, {case, number}, words[head_index]) if case != "nomn" \
            else words[head_index]
        for index, adjective in adjectives.items():
            grammemes = {case, number}
            gender = head.tag.gender if head.tag.gender in ("masc", "femn", "neut") else "masc"
            if number == "sing":
                grammemes.add(gender)
            # only masculine singular and plural accusatives differ by animacy (секретаря / штаб)
            if case == "accs" and head.tag.animacy and (number == "plur" or gender == "masc"):
                grammemes.add(head.tag.animacy)
            out[index] = words[index] if case == "nomn" else _inflect(adjective, grammemes, words[index])
        forms.append(" ".join(out))
    return list(dict.fromkeys(forms))


def _surname_forms(word: str, feminine: bool) -> list[str]:
    if feminine and re.search(r"(?:ова|ева|ина|ына)$", word):
        return [word] + [word[:-1] + ending for ending in _FEM_SURNAME_ENDINGS]
    return [word] + [word + ending for ending in _SURNAME_ENDINGS]


def _name_word_forms(word: str) -> tuple[list[str], bool]:
    """Case forms of one word of a person's name and whether it looks feminine."""
    if _invariant(word):
        return [word] * len(CASES), False
    parses = analyzer().parse(word)
    for tag in ("Name", "Surn", "Patr"):
        for parse in parses:
            if tag in parse.tag and "nomn" in parse.tag and "sing" in parse.tag:
                if "Fixd" in parse.tag:
                    return [word] * len(CASES), "femn" in parse.tag
                forms = [_inflect(parse, {case, "sing"}, word) for case in CASES]
                return forms, "femn" in parse.tag
    if _SURNAME.search(word) or re.search(r"(?:ова|ева|ина|ына)$", word):
        feminine = word.endswith("а")
        return _surname_forms(word, feminine), feminine
    return [word] * len(CASES), False


def person_forms(text: str) -> list[str]:
    """Case forms of a person's name: every word declines (Максим Рыженков → Максима Рыженкова)."""
    columns = [_name_word_forms(word)[0] for word in text.split(" ")]
    forms = [" ".join(column[i] for column in columns) for i in range(len(CASES))]
    return list(dict.fromkeys(forms))
