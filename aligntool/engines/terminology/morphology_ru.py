"""Russian case forms of glossary terms with pymorphy3 (loaded lazily, once).

In a multi-word term only the head noun and the adjectives/participles that agree with it decline
(``Организация Договора о коллективной безопасности`` → ``Организации Договора о …``); words after the
head (genitive complements, appositions, quoted names) stay. Abbreviations in capitals (ОДКБ, НАТО,
ТАСС) and quoted names never decline; adjectives before such an abbreviation do (российский МИД →
российского МИД). A term marked ``plural`` also gets the plural paradigm (миротворческие миссии). In person
names every word declines (first name + surname); surnames pymorphy3 does not know are declined by rule:
-ов/-ев/-ин (Панкина; feminine -ова/-ина → -овой/-иной), -ь (Зась → Зася), -а/-я (Бордюжа → Бордюжи), other
masculine consonant endings (Гутерриш → Гутерриша); feminine names ending in a consonant do not decline.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from aligntool.core.errors import MissingDependencyError

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

        raise MissingDependencyError("pymorphy3", "ru", "Russian glossary forms") from None
    return pymorphy3.MorphAnalyzer()


@functools.lru_cache(maxsize=20000)
def lemma(word: str) -> str:
    """The dictionary form of one word, lower-cased (abbreviations stay as written, lower-cased)."""
    if _invariant(word):
        return word.lower()
    return str(analyzer().parse(word)[0].normal_form).replace("ё", "е")


@functools.lru_cache(maxsize=4096)
def can_be_genitive(word: str) -> bool:
    """The word may be a genitive (Белоруссии, ООН): it can qualify the noun before it."""
    return _invariant(word) or any("gent" in p.tag for p in analyzer().parse(word))


def apposition_labels(form: str) -> list[str]:
    """``case:number`` labels of a pair of nouns joined by a dash or a hyphen (государства — члены ОДКБ,
    государств-членов): both heads decline together, so the form is whatever case and number both can be.
    Empty when the form is not such a pair of lower-case nouns (a fixed term then stays any case)."""
    left, dash, right = form.partition(" — ")
    if not dash:
        first = form.split(" ", 1)[0]
        left, dash, right = first.partition("-")
    heads = [left.split()[-1:], right.split()[:1]] if dash else []
    if len(heads) != 2 or not all(heads) or not all(word.islower() for (word,) in heads):
        return []  # names joined by a hyphen (Канал-Авангард) are names, not a pair of common nouns
    cells = []
    for (word,) in heads:
        parses = [p for p in analyzer().parse(word) if p.tag.POS == "NOUN" and p.tag.case in CASES]
        cells.append({(str(p.tag.case), str(p.tag.number)) for p in parses})
    return sorted(f"{case}:{number}" for case, number in cells[0] & cells[1])


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


def _decline(words: list[str], head_index: int | None, head: Any | None, adjectives: dict[int, Any],
             number: str) -> list[str]:
    """The phrase in the six cases of ``number``; without a head the adjectives agree with their own tag."""
    forms: list[str] = []
    for case in CASES:
        out = list(words)
        keep = case == "nomn" and (head is None or number in str(head.tag))
        if head is not None and head_index is not None and not keep:
            out[head_index] = _inflect(head, {case, number}, words[head_index])
        for index, adjective in adjectives.items():
            if keep:
                continue
            grammemes = {case, number}
            animacy = head.tag.animacy if head is not None else "inan"
            gender = (head.tag.gender if head is not None else adjective.tag.gender) or "masc"
            if number == "sing":
                grammemes.add(gender if gender in ("masc", "femn", "neut") else "masc")
            # only masculine singular and plural accusatives differ by animacy (секретаря / штаб)
            if case == "accs" and animacy and (number == "plur" or gender == "masc"):
                grammemes.add(animacy)
            out[index] = _inflect(adjective, grammemes, words[index])
        forms.append(" ".join(out))
    return forms


def phrase_forms(text: str, plural: bool = False) -> list[str]:
    """Six case forms (singular, or plural for plural heads) of a noun phrase; nominative first. With
    ``plural`` a singular phrase also gets its plural paradigm (миротворческие миссии, …)."""
    return list(dict.fromkeys(form for _, _, form in labelled_phrase_forms(text, plural)))


def labelled_phrase_forms(text: str, plural: bool = False) -> list[tuple[str, str, str]]:
    """``(case, number, form)`` for every cell of the paradigm :func:`phrase_forms` lists (a form may fill
    several cells: Организации is genitive, dative and prepositional); case ``*`` for a phrase that does
    not decline (ОДКБ, «Канал»)."""
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
        # adjectives before an indeclinable abbreviation: российский МИД → российского МИД
        stop = max(adjectives) + 1 if adjectives else 0
        if adjectives and stop < len(words) and _invariant(words[stop]) and words[stop][:1].isalpha():
            number = "plur" if plural_hint else "sing"
            return _label(_decline(words, None, None, adjectives, number), number)
        return [("*", "*", text)]
    head = _head_parse(words[head_index], plural_hint)
    number = "plur" if "plur" in head.tag else "sing"
    labelled = _label(_decline(words, head_index, head, adjectives, number), number)
    if plural and number == "sing":
        labelled.extend(_label(_decline(words, head_index, head, adjectives, "plur"), "plur"))
    return labelled


def _label(forms: list[str], number: str) -> list[tuple[str, str, str]]:
    return [(case, number, form) for case, form in zip(CASES, forms, strict=True)]


_SIBILANT_OR_VELAR = "жшчщгкх"


def _surname_forms(word: str, feminine: bool) -> list[str]:
    """Rule-based case forms (nomn, gent, datv, accs, ablt, loct) of a surname pymorphy3 does not know."""
    if re.search(r"(?:ова|ева|ина|ына)$", word) and feminine:
        return [word] + [word[:-1] + ending for ending in _FEM_SURNAME_ENDINGS]
    if _SURNAME.search(word):
        return [word] + [word + ending for ending in _SURNAME_ENDINGS]
    stem, last = word[:-1], word[-1:]
    if last in "ая" and len(word) > 2:  # Бордюжа → Бордюжи, Бордюже, Бордюжу, Бордюжей, Бордюже
        soft = last == "я" or stem[-1] in _SIBILANT_OR_VELAR
        ins = "ей" if last == "я" or stem[-1] in "жшчщц" else "ой"
        return [word, stem + ("и" if soft else "ы"), stem + "е", stem + ("ю" if last == "я" else "у"),
                stem + ins, stem + "е"]
    if feminine:
        return [word] * len(CASES)  # feminine surnames in a consonant or -ь do not decline
    if last == "ь":  # Зась → Зася, Засю, Зася, Засем, Засе
        return [word, stem + "я", stem + "ю", stem + "я", stem + "ем", stem + "е"]
    if last.isalpha() and last not in "аеёиоуыэюяй":  # Гутерриш → Гутерриша, …, Гутерришем
        ins = "ем" if last in "жшчщц" else "ом"
        return [word, word + "а", word + "у", word + "а", word + ins, word + "е"]
    return [word] * len(CASES)


def _name_word_forms(word: str, feminine: bool = False) -> tuple[list[str], bool]:
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
    feminine = feminine or bool(re.search(r"(?:ова|ева|ина|ына)$", word))
    return _surname_forms(word, feminine), feminine


def person_forms(text: str) -> list[str]:
    """Case forms of a person's name: every word declines (Максим Рыженков → Максима Рыженкова)."""
    return list(dict.fromkeys(form for _, _, form in labelled_person_forms(text)))


def labelled_person_forms(text: str) -> list[tuple[str, str, str]]:
    """``(case, number, form)`` of a person's name, one per case (singular)."""
    columns: list[list[str]] = []
    feminine = False
    for word in text.split(" "):  # the first name tells the gender of the surname (Мария Зась)
        forms, looks_feminine = _name_word_forms(word, feminine)
        feminine = feminine or looks_feminine
        columns.append(forms)
    return _label([" ".join(column[i] for column in columns) for i in range(len(CASES))], "sing")
