"""Inflected forms of glossary terms and the target-side checks built on them.

An entry's forms are generated on demand and cached in the entry (``Entry._cache``); Russian needs
pymorphy3, which is loaded the first time a Russian form is asked for.
"""

from __future__ import annotations

from aligntool.engines.terminology.inflect import generate_forms
from aligntool.engines.terminology.lemmas import contains_lemma_sequence
from aligntool.engines.terminology.matcher import find_forms
from aligntool.formats.glossary.model import ALLOWED_STATUSES, Entry, Term, default_case


def term_forms(entry: Entry, term: Term) -> list[str]:
    """The term and its generated inflected forms (lemma first)."""
    key = ("term", term.lang, term.text, term.fixed, term.poss, term.plural)
    if key not in entry._cache:
        entry._cache[key] = generate_forms(term, entry.type)
    return entry._cache[key]


def entry_forms(entry: Entry, lang: str) -> list[str]:
    """Every allowed surface form: preferred lemma first, then admitted terms, inflections, overrides."""
    key = ("forms", lang)
    if key not in entry._cache:
        allowed = entry.terms_in(lang, ALLOWED_STATUSES)
        out = [t.text for t in allowed]
        for term in allowed:
            out.extend(term_forms(entry, term))
        out.extend(entry.overrides.get(lang, []))
        entry._cache[key] = list(dict.fromkeys(out))
    return entry._cache[key]


def disallowed_forms(entry: Entry, lang: str) -> list[tuple[str, Term]]:
    """Every surface form of deprecated and forbidden terms, with the term it belongs to."""
    out: list[tuple[str, Term]] = []
    for term in entry.terms_in(lang, ("deprecated", "forbidden")):
        out.extend((form, term) for form in term_forms(entry, term))
    return out


def case_of(entry: Entry, form: str, lang: str) -> str:
    """Case rule for a surface form: that of the term it was generated from."""
    key = ("case", lang)
    if key not in entry._cache:
        table: dict[str, str] = {}
        for term in entry.terms_in(lang):
            for surface in term_forms(entry, term):
                table.setdefault(surface, term.case)
        entry._cache[key] = table
    return entry._cache[key].get(form, default_case(form))


def satisfied_by(entry: Entry, target_text: str, lang: str) -> str | None:
    """The allowed form found in ``target_text`` (exact-form level), longest first; None if none."""
    hits = find_forms(target_text, [(f, case_of(entry, f, lang), f) for f in entry_forms(entry, lang)], lang,
                      strict=True)
    return max((h[2] for h in hits), key=len) if hits else None


def satisfied_by_lemma(entry: Entry, target_text: str, lang: str) -> str | None:
    """Lemma-level check: an allowed term whose lemmas all occur in order (any inflection); or None."""
    found = satisfied_by(entry, target_text, lang)
    if found is not None:
        return found
    for term in entry.terms_in(lang, ALLOWED_STATUSES):
        if contains_lemma_sequence(target_text, term.text, lang):
            return term.text
    return None
