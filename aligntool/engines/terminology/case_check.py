"""Case check of a rendering in its sentence: can this form of a term be right where it stands?

The term scorer (:mod:`aligntool.engines.terminology.scoring`) reports ``wrong-case`` when every case a
rendering can be is excluded by its context; the constrained decoders call :func:`check_rendering_case` (or
:func:`case_fits`) to verify the inflection they picked. How the cases are found:

* the cases a rendering can be come from the glossary paradigm it was generated from (Russian: pymorphy3,
  Организации = genitive, dative, prepositional singular; Kazakh: the suffix rules, ҰҚШҰ-ға = dative); a form
  that does not inflect (ОДКБ, «Канал», a ``forms:`` override) can be any case and is never flagged;
* the cases its context allows come from the rules in :mod:`aligntool.engines.terminology.case_ru` (preposition, verb,
  agreement, apposition, genitive chain; a dependency parse confirms the last three) and
  :mod:`aligntool.engines.terminology.case_kk` (postposition, verb).

Conservative by design: no rule, no verdict; a rule only excludes what the grammar excludes. See
``docs/case-check.md`` for what it can and cannot see.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from aligntool.engines.terminology import case_kk, case_ru, morphology_ru, syntax_ru
from aligntool.engines.terminology.context import Evidence, span, tokenize
from aligntool.engines.terminology.forms import case_of, entry_forms
from aligntool.engines.terminology.inflect import labelled_forms
from aligntool.engines.terminology.matcher import find_forms, fold_case, normalise
from aligntool.formats.glossary.model import ALLOWED_STATUSES

if TYPE_CHECKING:
    from aligntool.formats.glossary.model import Entry

LANGUAGES = ("ru", "kk")
CASE_NAMES = {
    "nomn": "nominative", "gent": "genitive", "datv": "dative", "accs": "accusative", "ablt": "instrumental",
    "loct": "prepositional", "nom": "nominative", "gen": "genitive", "dat": "dative", "acc": "accusative",
    "loc": "locative", "abl": "ablative", "ins": "instrumental", "attr": "-дағы form",
}
#: Preferred order of the cases in messages and suggestions.
_ORDER = ("nomn", "gent", "datv", "accs", "ablt", "loct", "nom", "gen", "dat", "acc", "loc", "abl", "ins", "attr")


@dataclass(frozen=True)
class CaseVerdict:
    """The case check of one rendering. ``ok`` unless the context excludes every case the form can be."""

    ok: bool
    found: frozenset[str] = frozenset()  # cases the form can be ('*': any, it does not inflect)
    expected: frozenset[str] = frozenset()  # cases the context allows (empty: no evidence)
    evidence: str = ""  # where the evidence comes from: "after «о»", "before «туралы»"
    rule: str = ""  # the rule that decided: preposition, verb, agreement, apposition, genitive-chain, …
    suggestion: str = ""  # the term in an allowed case, when the paradigm has one
    excluded: frozenset[str] = frozenset()  # set when the rule names what it excludes (Kazakh verbs)

    def describe(self) -> str:
        """'nominative here, but after «о» it must be prepositional'."""
        if self.ok:
            return ""
        if self.excluded:
            return f"{_names(self.found)} here, but {self.evidence} it cannot be {_names(self.excluded)}"
        return f"{_names(self.found)} here, but {self.evidence} it must be {_names(self.expected)}"


def load_in_background(lang: str) -> None:
    """Start loading the models the case check of ``lang`` uses (Russian: the parser and the tagger), so that a
    caller about to decode overlaps the load with it."""
    if lang == "ru":
        syntax_ru.load_in_background()


def _names(cases: frozenset[str]) -> str:
    ordered = [CASE_NAMES[c] for c in _ORDER if c in cases]
    return " or ".join(dict.fromkeys(ordered)) or "another case"


class CaseChecker:
    """Checks renderings of glossary entries in their sentences (paradigm tables cached per entry)."""

    def __init__(self) -> None:
        self._tables: dict[tuple[str, str], dict[str, list[tuple[str, str, str]]]] = {}

    def table(self, entry: Entry, lang: str) -> dict[str, list[tuple[str, str, str]]]:
        """Allowed surface form → ``(case, number, term text)`` for each paradigm cell it fills."""
        key = (entry.id, lang)
        if key not in self._tables:
            table: dict[str, list[tuple[str, str, str]]] = {}
            for term in entry.terms_in(lang, ALLOWED_STATUSES):
                for label, form in labelled_forms(term, entry.type):
                    case, _, number = label.partition(":")
                    table.setdefault(_key(form), []).append((case, number, term.text))
            if lang == "ru":  # fixed pairs of nouns and the glossary's own forms of them: cases from both heads
                for form in [t.text for t in entry.terms_in(lang, ALLOWED_STATUSES) if t.fixed] \
                        + entry.overrides.get(lang, []):
                    labels = morphology_ru.apposition_labels(form)
                    if labels:  # no suggestion is built from these: the glossary lists the forms unlabelled
                        table[_key(form)] = [(case, number, form) for case, _, number in
                                             (label.partition(":") for label in labels)]
            self._tables[key] = table
        return self._tables[key]

    def _surfaces(self, entry: Entry, lang: str) -> list[tuple[str, str, list[tuple[str, str, str]]]]:
        """``(key, surface form, cells)`` in paradigm order (the surface as the generator wrote it)."""
        table = self.table(entry, lang)
        out: list[tuple[str, str, list[tuple[str, str, str]]]] = []
        seen: set[str] = set()
        for term in entry.terms_in(lang, ALLOWED_STATUSES):
            for _, form in labelled_forms(term, entry.type):
                if _key(form) not in seen:
                    seen.add(_key(form))
                    out.append((_key(form), form, table[_key(form)]))
        return out

    def cases(self, entry: Entry, form: str, lang: str) -> frozenset[str]:
        """The cases ``form`` (an allowed form of ``entry``) can be; ``{'*'}`` when any (not inflected or unknown)."""
        cells = self.table(entry, lang).get(_key(form))
        if not cells:
            return frozenset({"*"})
        return frozenset(case for case, _, _ in cells)

    def check(self, sentence: str, start: int, end: int, entry: Entry, lang: str,
              form: str | None = None) -> CaseVerdict:
        """The verdict for ``sentence[start:end]``, a rendering of ``entry`` (``form``: the glossary form it
        matched, when it differs in letter case or ё from the text)."""
        if lang not in LANGUAGES:
            return CaseVerdict(True)
        form = form if form is not None else sentence[start:end]
        if _key(form) != _key(sentence[start:end]) and _key(sentence[start:end]) not in self.table(entry, lang):
            return CaseVerdict(True, frozenset({"*"}))  # a form the paradigm lacks (Минскіге for Минск): case unknown
        found = self.cases(entry, form, lang)
        if "*" in found:
            return CaseVerdict(True, found)
        tokens = tokenize(sentence)
        where = span(tokens, start, end)
        if where is None:
            return CaseVerdict(True, found)
        rules = case_ru.evidence if lang == "ru" else case_kk.evidence
        evidence: Evidence | None = rules(tokens, where[0], where[1], found, entry.type)
        if evidence is None or found & evidence.allowed:
            return CaseVerdict(True, found)
        suggestion = self.suggest(entry, form, lang, evidence.allowed, evidence.prefer)
        if suggestion and sentence[start:end][:1].isupper():
            suggestion = suggestion[:1].upper() + suggestion[1:]
        return CaseVerdict(False, found, evidence.allowed, evidence.source, evidence.rule, suggestion,
                           evidence.excluded)

    def suggest(self, entry: Entry, form: str, lang: str, allowed: frozenset[str], prefer: str = "") -> str:
        """The same term in an allowed case (``prefer`` first, the same number where the paradigm has it)."""
        table = self.table(entry, lang)
        cells = table.get(_key(form), [])
        terms = {term for _, _, term in cells}
        numbers = {number for _, number, _ in cells}
        best: tuple[int, str] | None = None
        for _, candidate, candidate_cells in self._surfaces(entry, lang):
            for case, number, term in candidate_cells:
                if case in allowed and term in terms:
                    rank = ((0 if case == prefer else 1) * 1000 + (0 if number in numbers else 1) * 100
                            + _ORDER.index(case))
                    if best is None or rank < best[0]:
                        best = (rank, candidate)
        return best[1] if best else ""


def _key(form: str) -> str:
    return fold_case(normalise(form))


_SHARED = CaseChecker()


def check_rendering_case(sentence: str, start: int, end: int, entry: Entry, lang: str,
                         form: str | None = None) -> CaseVerdict:
    """Case check of a rendering in its sentence: ``sentence[start:end]`` renders ``entry`` in ``lang``.

    Returns a :class:`CaseVerdict`; ``verdict.ok`` is False only when the context excludes every case the form
    can be (then ``expected`` lists the cases it allows and ``suggestion`` the term in one of them).
    """
    return _SHARED.check(sentence, start, end, entry, lang, form)


def case_fits(sentence: str, start: int, end: int, entry: Entry, lang: str, form: str | None = None) -> bool:
    """True unless the context of ``sentence[start:end]`` excludes the case of this rendering of ``entry``."""
    return _SHARED.check(sentence, start, end, entry, lang, form).ok


def check_renderings(sentence: str, entry: Entry, lang: str) -> list[tuple[int, int, CaseVerdict]]:
    """Every allowed form of ``entry`` in ``sentence`` (longest, not overlapping) with its case verdict."""
    forms = [(form, case_of(entry, form, lang), form) for form in entry_forms(entry, lang)]
    return [(start, end, _SHARED.check(sentence, start, end, entry, lang, form))
            for start, end, form in find_forms(sentence, forms, lang, strict=True)]
