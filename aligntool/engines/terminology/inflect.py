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
    if term.fixed:
        return [term.text]
    if term.lang == "ru":

        if entry_type == "person":
            return morphology_ru.person_forms(term.text)
        return morphology_ru.phrase_forms(term.text, plural=term.plural)
    if term.lang == "kk":

        return morphology_kk.phrase_forms(term.text, poss=term.poss, entry_type=entry_type,
                                          plural_too=term.plural)
    if term.lang == "en" and entry_type == "concept" and term.text[:1].islower():
        plural = term.text + ("es" if term.text.endswith(("s", "x", "ch", "sh")) else "s")
        return [term.text, plural]
    return [term.text]
