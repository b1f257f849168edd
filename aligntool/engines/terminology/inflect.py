"""Generated surface forms of a term, by language (Russian: pymorphy3; Kazakh: suffix rules)."""

from __future__ import annotations

from typing import Protocol

from aligntool.engines.terminology import morphology_kk, morphology_ru


class InflectableTerm(Protocol):
    """What inflection needs of a term; ``model.Term`` satisfies it (no import: model imports this)."""

    text: str
    lang: str
    fixed: bool
    poss: bool
    plural: bool


def generate_forms(term: InflectableTerm, entry_type: str) -> list[str]:
    """The term followed by its inflected forms (English: the plural of common nouns only)."""
    if term.lang in ("ru", "kk"):
        return list(dict.fromkeys([term.text, *(form for _, form in labelled_forms(term, entry_type))]))
    if term.lang == "en" and entry_type == "concept" and term.text[:1].islower() and not term.fixed:
        plural = term.text + ("es" if term.text.endswith(("s", "x", "ch", "sh")) else "s")
        return [term.text, plural]
    return [term.text]


def labelled_forms(term: InflectableTerm, entry_type: str) -> list[tuple[str, str]]:
    """``(case, form)`` for each generated Russian or Kazakh form: Russian ``nomn`` … ``loct`` with the number
    (``gent:plur``), Kazakh ``nom`` … ``attr``; ``*`` where the term does not inflect (fixed terms,
    abbreviations, quoted names), so that any case is possible."""
    if term.fixed:
        return [("*", term.text)]
    if term.lang == "ru":
        cells = (morphology_ru.labelled_person_forms(term.text) if entry_type == "person"
                 else morphology_ru.labelled_phrase_forms(term.text, plural=term.plural))
        return [(case if case == "*" else f"{case}:{number}", form) for case, number, form in cells]
    if term.lang == "kk":
        return morphology_kk.labelled_phrase_forms(term.text, poss=term.poss, entry_type=entry_type,
                                                   plural_too=term.plural)
    return [("*", term.text)]
