"""Glossary validation: every problem as ``file:line: message`` (all reported at once).

Errors: duplicate ids and terms, one English term mapped to conflicting preferred targets, missing or
empty preferred targets, mixed scripts inside a term (a Latin ``C`` in a Cyrillic word breaks matching),
stray whitespace, unknown language codes, override forms that do not contain the term's stem.
Warnings: the same target term in two entries; a post or body whose preferred term spells a country or
organisation with a form that entity does not prefer (министр … Белоруссии while ``belarus`` prefers
Беларусь); a generic short form (one that drops the organisation or country its full term names) in an
entry without ``owner:``. Terms marked needs-review are counted, not errors.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict

from aligntool.core.languages import DEFAULT_REGIONS
from aligntool.engines.terminology.forms import term_forms
from aligntool.engines.terminology.matcher import FormIndex, fold_case, normalise
from aligntool.formats.glossary.model import LANGUAGES, REVIEW_MARK, Entry, Term
from aligntool.formats.glossary.store import Document, Problem

KNOWN_LANGUAGES = frozenset(LANGUAGES) | frozenset(DEFAULT_REGIONS)


def _script(char: str) -> str | None:
    if not char.isalpha():
        return None
    name = unicodedata.name(char, "")
    if name.startswith("LATIN"):
        return "Latin"
    if name.startswith("CYRILLIC"):
        return "Cyrillic"
    return name.split(" ", 1)[0].title() or None


def mixed_script(text: str) -> str | None:
    """A message naming the odd letters when a word mixes scripts (homoglyphs), else None."""
    for word in text.replace("-", " ").split():
        scripts = [s for s in (_script(c) for c in word) if s]
        if len(set(scripts)) < 2:
            continue
        majority = max(set(scripts), key=scripts.count)
        odd = [f"{c!r} (U+{ord(c):04X}, {_script(c)})" for c in word if _script(c) not in (None, majority)]
        return (f"mixed scripts in '{word}': {', '.join(odd)} inside a {majority} word; "
                f"retype it with {majority} letters")
    return None


def stray_whitespace(text: str) -> str | None:
    """A message when a term has leading/trailing, doubled or non-space whitespace, else None."""
    if text != text.strip():
        return "leading or trailing whitespace; remove it"
    if "  " in text:
        return "two spaces in a row; use one"
    odd = {c for c in text if c.isspace() and c != " "}
    if odd:
        codes = ", ".join(f"U+{ord(c):04X}" for c in sorted(odd))
        return f"whitespace other than a plain space ({codes}); use a normal space"
    return None


def _stem(word: str) -> str:
    word = fold_case(normalise(word))
    return word[: max(3, len(word) - 2)]


def _check_term_text(entry: Entry, problems: list[Problem], known: frozenset[str]) -> None:
    seen: dict[tuple[str, str], int | None] = {}
    for term in entry.terms:
        where = term.line or entry.line
        if term.lang not in known:
            problems.append(Problem(where, f"unknown language code '{term.lang}' in entry '{entry.id}' "
                                           f"(declared: {', '.join(sorted(known))})"))
        if not term.text.strip():
            problems.append(Problem(where, f"empty {term.lang} term in entry '{entry.id}'"))
            continue
        for message in (mixed_script(term.text), stray_whitespace(term.text)):
            if message:
                problems.append(Problem(where, f"{term.lang} term '{term.text.strip()}': {message}"))
        key = (term.lang, term.text)
        if key in seen:
            problems.append(Problem(where, f"duplicate {term.lang} term '{term.text}' in entry '{entry.id}' "
                                           f"(also line {seen[key]})"))
        seen[key] = where


def _check_preferred(entry: Entry, languages: list[str], problems: list[Problem]) -> None:
    for lang in languages:
        if not entry.terms_in(lang, ("preferred",)):
            # an entry marked needs-review as a whole (e.g. imported from `glossary extract`) is a placeholder
            severity = "warning" if REVIEW_MARK in entry.note else "error"
            problems.append(Problem(entry.line, f"entry '{entry.id}' has no preferred {lang} term; add one "
                                                "(mark it needs-review if unsure)", severity))
        by_kind: dict[str, list[str]] = defaultdict(list)
        for term in entry.terms_in(lang, ("preferred",)):
            by_kind[term.kind].append(term.text)
        for kind, texts in by_kind.items():
            if len(texts) > 1:
                problems.append(Problem(entry.line, f"entry '{entry.id}' has {len(texts)} preferred {lang} "
                                                    f"terms of kind {kind} ({' / '.join(texts)}); make one "
                                                    "admitted or give them different kinds"))


def _check_overrides(entry: Entry, problems: list[Problem], known: frozenset[str]) -> None:
    for lang, forms in entry.overrides.items():
        if lang not in known:
            problems.append(Problem(entry.line, f"unknown language code '{lang}' in forms of '{entry.id}'"))
        stems = [_stem(max(t.text.split(), key=len)) for t in entry.terms_in(lang) if t.text.strip()]
        for form in forms:
            for message in (mixed_script(form), stray_whitespace(form)):
                if message:
                    problems.append(Problem(entry.line, f"{lang} form '{form.strip()}': {message}"))
            folded = fold_case(normalise(form))
            if stems and not any(stem in folded for stem in stems):
                problems.append(Problem(entry.line, f"{lang} form '{form}' of '{entry.id}' does not contain "
                                                    f"the stem of any {lang} term ({', '.join(stems)}); "
                                                    "is it in the right entry?"))


def _check_across(entries: list[Entry], source: str, problems: list[Problem]) -> None:
    ids: dict[str, int | None] = {}
    for entry in entries:
        if entry.id in ids:
            problems.append(Problem(entry.line, f"duplicate id '{entry.id}' (also line {ids[entry.id]})"))
        ids.setdefault(entry.id, entry.line)
    owners: dict[tuple[str, str], list[tuple[Entry, int | None]]] = defaultdict(list)
    for entry in entries:
        for term in entry.terms:
            owners[(term.lang, fold_case(normalise(term.text.strip())))].append((entry, term.line))
    for (lang, _text), found in owners.items():
        distinct = list(dict.fromkeys(e.id for e, _ in found))
        if len(distinct) < 2:
            continue
        first, line = found[-1]
        text = next(t.text for t in first.terms if t.line == line) if line else _text
        if lang != source:
            problems.append(Problem(line, f"{lang} term '{text}' is in entries {', '.join(distinct)}",
                                    "warning"))
            continue
        entries_here = [e for e, _ in found]
        targets = {lang2: {e.preferred(lang2) for e in entries_here}
                   for lang2 in {t.lang for e in entries_here for t in e.terms if t.lang != source}}
        conflicts = [f"{lang2}: {' / '.join(sorted(v))}" for lang2, v in sorted(targets.items()) if len(v) > 1]
        if conflicts:
            problems.append(Problem(line, f"{lang} term '{text}' maps to conflicting preferred targets in "
                                          f"entries {', '.join(distinct)} ({'; '.join(conflicts)})"))
        else:
            problems.append(Problem(line, f"duplicate {lang} term '{text}' in entries {', '.join(distinct)}; "
                                          "merge them"))


#: Entry types that name an entity other terms mention (countries, organisations).
ENTITY_TYPES = ("organisation", "place", "body", "media")


def _mentions(entries: list[Entry], lang: str) -> FormIndex[tuple[Entry, Term]]:
    forms = [(form, term.case, (entry, term)) for entry in entries if entry.type in ENTITY_TYPES
             for term in entry.terms_in(lang) for form in term_forms(entry, term)]
    return FormIndex(forms, lang)


def _check_mentions(entries: list[Entry], languages: list[str], problems: list[Problem]) -> None:
    """Spelling of a mentioned entity vs that entity's own entry; generic short terms without an owner."""
    for lang in languages:
        index = _mentions(entries, lang)

        def named(entry: Entry, text: str, index: FormIndex[tuple[Entry, Term]] = index) -> list[tuple[Entry, Term]]:
            return [payload for _s, _e, payload in index.find(text) if payload[0].id != entry.id]

        for entry in entries:
            if entry.type in ("post", "body"):
                for term in entry.terms_in(lang, ("preferred",)):
                    for other, spelled in named(entry, term.text):
                        if spelled.status != "preferred":
                            problems.append(Problem(term.line or entry.line, (
                                f"{lang} term '{term.text}' of '{entry.id}' spells {other.id} as '{spelled.text}' "
                                f"({spelled.status} there); '{other.id}' prefers "
                                f"{' / '.join(repr(t.text) for t in other.terms_in(lang, ('preferred',)))}: make "
                                "the two entries agree"), "warning"))
            if entry.owner:
                continue
            mentioned = {other.id for term in entry.terms_in(lang) for other, _ in named(entry, term.text)}
            for term in entry.terms_in(lang):
                lacking = mentioned - {other.id for other, _ in named(entry, term.text)}
                if term.kind == "short" and lacking and entry.type != "place":
                    problems.append(Problem(term.line or entry.line, (
                        f"{lang} short term '{term.text}' of '{entry.id}' does not name {', '.join(sorted(lacking))} "
                        f"(its other terms do): add 'owner: {sorted(lacking)[0]}' so that the short form bound "
                        "to another organisation or country is not counted as this entry"), "warning"))


def validate(doc: Document, source: str = "en") -> list[Problem]:
    """All problems of a parsed glossary, sorted by line."""
    problems = list(doc.problems)
    if not doc.entries:
        problems.append(Problem(None, "the glossary has no entries (expected 'entries:' with '- id: …' blocks)"))
    declared = doc.languages or list(LANGUAGES)
    for code in declared:
        if code not in KNOWN_LANGUAGES:
            problems.append(Problem(doc.language_line, f"unknown language code '{code}' in languages:"))
    known = frozenset(declared) & KNOWN_LANGUAGES
    for entry in doc.entries:
        _check_term_text(entry, problems, known)
        _check_preferred(entry, [code for code in declared if code in known], problems)
        _check_overrides(entry, problems, known)
    _check_across(doc.entries, source, problems)
    _check_mentions(doc.entries, [code for code in declared if code in known], problems)
    return sorted(problems, key=lambda p: (p.line or 0, p.message))
