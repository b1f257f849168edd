"""The one term scorer: was each glossary term of a source segment rendered correctly in its translation?

``glossary check``, ``translate --terms check|enforce`` (the verify step), the per-language term summary and
the ``x-terms`` prop all call :meth:`TermScorer.score`. How it decides:

1. **Source occurrences.** Glossary terms are found in the source (longest match wins, a hyphenated name is
   one word). A *generic* term (one that does not name its entry's ``owner``: "Secretary General" for the
   CSTO Secretary General) is dropped when another organisation or country qualifies it in the same noun
   phrase ("UN Secretary General", "Secretary General of the UN"). Deprecated source terms still count:
   the concept is there and needs its correct target term.
2. **Target renderings.** Each of the ``n`` source occurrences of an entry needs its own target rendering:
   an allowed surface form (preferred or admitted term, a generated case/plural form, a ``forms:`` override)
   that is a whole word (Kazakh: only the generated paradigm, so a wrong suffix is not a rendering) and,
   for a generic form, not bound to another entity («Генеральный секретарь ООН», «БҰҰ Бас хатшысы»).
   An ordinal inside an event name does not break it («… жөніндегі II Минск халықаралық конференциясы»).
3. **Rates.** *exact* = renderings found (at most ``n``); *lemma* = exact plus further places where the
   words of an allowed term occur in another inflection (WMT 2023 terminology task style).
4. **Failure classes**, one per entry that falls short, best explanation first: ``deprecated`` /
   ``forbidden`` (a disallowed term of the entry is used instead), ``other-entity`` (the form is there but
   bound to another organisation or country, or the term is absent and another entry of its type that the
   source does not name stands in the translation: «Совет министров иностранных дел» for the Council of Defence
   Ministers), ``wrong-form`` (only a wrong inflection or spelling),
   ``missing`` (nothing), ``count-short`` (fewer renderings than source occurrences), and when every
   occurrence is rendered: ``wrong-case`` (a rendering whose case its context excludes: «о Беларусь», «из
   Минск»; :mod:`aligntool.engines.terminology.case_check`). Deprecated and forbidden target terms of entries that are
   not in the source are reported too.
5. **Case-aware rate.** *case* = renderings whose case the context does not exclude (at most ``n``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aligntool.engines.terminology.case_check import CaseChecker
from aligntool.engines.terminology.forms import case_of, disallowed_forms, entry_forms, term_forms
from aligntool.engines.terminology.inflect import generate_forms, labelled_forms
from aligntool.engines.terminology.lemmas import count_lemma_sequence
from aligntool.engines.terminology.matcher import FormIndex, find_forms, fold_case, normalise
from aligntool.engines.terminology.organisations import abbreviation_entry, abbreviations, qualifiers
from aligntool.formats.glossary.model import ALLOWED_STATUSES

if TYPE_CHECKING:
    from aligntool.engines.terminology.termbase import Glossary
    from aligntool.formats.glossary.model import Entry, Term, TermMatch

FAILURE_CLASSES = ("missing", "wrong-form", "other-entity", "deprecated", "forbidden", "count-short", "wrong-case")
#: Entry types that can qualify (own) a generic term: «Генеральный секретарь ООН», «… Белоруссии».
QUALIFIER_TYPES = frozenset({"organisation", "place", "body", "media"})
#: Between a generic term and the qualifier after it (English needs "of": Secretary General of the UN).
_AFTER_GAP = {"en": re.compile(r"\s+of\s+(?:the\s+)?", re.IGNORECASE), "ru": re.compile(r"\s{1,2}")}
#: Between a qualifier and the generic term after it (UN Secretary General, NATO's; БҰҰ Бас хатшысы).
_BEFORE_GAP = {"en": re.compile(r"(?:'s)?\s{1,2}"), "kk": re.compile(r"\s{1,2}")}
#: Kazakh qualifiers bind a following noun in the genitive (or nominative) when the noun is possessive
#: (БҰҰ Бас хатшысы, БҰҰ-ның Бас хатшысы), and in the dative before мүше (НАТО-ға мүше мемлекеттер).
_KK_GENITIVE = ("ның", "нің", "дың", "дің", "тың", "тің")
_KK_DATIVE = ("ға", "ге", "қа", "ке", "на", "не")
#: An ordinal inside an event name (… жөніндегі II Минск халықаралық конференциясы; 2-ші, 2-я).
_ORDINAL = re.compile(r"(?<!\w)(?:[IVX]+|\d+-?(?:ші|шы|інші|ыншы|я|й|ая|ой|ий|th|nd|rd|st)?)\s+(?=\w)")


@dataclass(frozen=True)
class TermFailure:
    """One failed term (or a disallowed term used) in one segment pair."""

    kind: str  # one of FAILURE_CLASSES
    entry_id: str
    message: str


@dataclass(frozen=True)
class TermScore:
    """One entry in one segment pair: source occurrences, exact and lemma renderings, the failure if any."""

    entry_id: str
    occurrences: int
    exact: int
    lemma: int
    failure: TermFailure | None = None
    case: int = -1  # renderings whose case fits their context (case-aware rate); -1: not checked (= exact)

    @property
    def case_ok(self) -> int:
        """Renderings (at most ``occurrences``) whose case the context does not exclude."""
        return self.exact if self.case < 0 else self.case


@dataclass
class SegmentScore:
    """Every glossary entry of a source segment, and every failure (including stray disallowed terms)."""

    terms: list[TermScore] = field(default_factory=list)
    failures: list[TermFailure] = field(default_factory=list)


@dataclass(frozen=True)
class Mention:
    """An organisation or country named in a text (a possible qualifier): ``text[start:end] == form``."""

    start: int
    end: int
    entry: Entry
    term: Term  # the glossary term the form belongs to (form == term.text: the base/nominative form)
    form: str


class TermScorer:
    """Scores segment pairs against one glossary (indexes and generated forms are cached)."""

    def __init__(self, glossary: Glossary, source_lang: str) -> None:
        self.glossary = glossary
        self.source_lang = source_lang
        self._exact: dict[tuple[str, str], FormIndex[str]] = {}
        self._owners: dict[tuple[str, str], FormIndex[str]] = {}
        self._generic: dict[tuple[str, str, str], bool] = {}
        self._qualifiers: dict[str, FormIndex[tuple[Entry, Term]]] = {}
        self._lenient: dict[tuple[str, str], FormIndex[str]] = {}
        self.cases = CaseChecker()
        self._labels: dict[tuple[str, str], dict[str, set[str]]] = {}

    # -- context binding ---------------------------------------------------------------------------

    def generic(self, entry: Entry, form: str, lang: str) -> bool:
        """True when ``form`` of ``entry`` does not name any of the entry's owners (Secretary General)."""
        if not entry.owner:
            return False
        key = (entry.id, form, lang)
        if key not in self._generic:
            index_key = (entry.id, lang)
            if index_key not in self._owners:
                owners = [self.glossary.get(o) for o in entry.owner]
                self._owners[index_key] = FormIndex(
                    [(f, case_of(owner, f, lang), owner.id) for owner in owners if owner is not None
                     for f in [*entry_forms(owner, lang), *(d for d, _ in disallowed_forms(owner, lang))]], lang)
            self._generic[key] = not self._owners[index_key].find(form)
        return self._generic[key]

    def mentions(self, text: str, lang: str) -> list[Mention]:
        """Organisations and countries named in ``text`` (nested ones too: «министра … Белоруссии»): the
        glossary's, the shipped list of international organisations, and any other abbreviation in capitals."""
        if lang not in self._qualifiers:
            entries = [entry for entry in self.glossary.entries if entry.type in QUALIFIER_TYPES]
            entries.extend(qualifiers(self.glossary))
            self._qualifiers[lang] = FormIndex(
                [(form, term.case, (entry, term)) for entry in entries
                 for term in entry.terms_in(lang) for form in term_forms(entry, term)], lang)
        found = [Mention(start, end, entry, term, text[start:end])
                 for start, end, (entry, term) in self._qualifiers[lang].find(text)]
        taken = [(m.start, m.end) for m in found] + [(m.start, m.end) for m in self.glossary.find(text, lang)]
        for start, end, abbreviation in abbreviations(text):
            if not any(s < end and start < e for s, e in taken):
                entry = abbreviation_entry(abbreviation, lang)
                found.append(Mention(start, end, entry, entry.terms[0], text[start:end]))
        return found

    def binder(self, text: str, start: int, end: int, entry: Entry, lang: str,
               around: list[Mention]) -> Mention | None:
        """The other organisation or country that qualifies ``text[start:end]`` in its noun phrase, or None:
        English "UN Secretary General", "Secretary General of the UN"; Russian a genitive (or indeclinable)
        after it, «Генеральный секретарь ООН», «… Белоруссии»; Kazakh a qualifier before a possessive,
        «БҰҰ Бас хатшысы», or a dative before мүше, «НАТО-ға мүше мемлекеттер»."""
        after, before = _AFTER_GAP.get(lang), _BEFORE_GAP.get(lang)
        for other in around:
            if other.entry.id == entry.id or other.entry.id in entry.owner:
                continue
            if other.start >= end and after is not None and after.fullmatch(text[end:other.start]) and (
                    lang != "ru" or self._ru_genitive(other)):
                return other
            if other.end <= start and before is not None and before.fullmatch(text[other.end:start]) and (
                    lang != "kk" or self._kk_binds(other, entry, text[start:end])):
                return other
        return None

    def _ru_genitive(self, mention: Mention) -> bool:
        """A Russian qualifier after a noun is a genitive or indeclinable («секретарь ООН», «… Белоруссии»,
        «… Организации по безопасности и сотрудничеству в Европе»), not a nominative or another case
        («Генеральный секретарь Минск…», «секретарь Россию посетил»)."""
        key = (mention.entry.id, mention.term.text)
        if key not in self._labels:
            table: dict[str, set[str]] = {}
            for label, form in labelled_forms(mention.term, mention.entry.type):
                table.setdefault(fold_case(normalise(form)), set()).add(label.partition(":")[0])
            self._labels[key] = table
        cases = self._labels[key].get(fold_case(normalise(mention.form)), set())
        return "*" in cases or "gent" in cases

    def _kk_binds(self, qualifier: Mention, entry: Entry, form: str) -> bool:
        nominative = _same_text(qualifier.form, qualifier.term.text)
        if not nominative and qualifier.form.endswith(_KK_DATIVE):
            return True
        if not nominative and not qualifier.form.endswith(_KK_GENITIVE):
            return False  # locative, ablative…: «Минскте Бас хатшы» is not Minsk's Secretary General
        return self._kk_possessive(entry, form)

    def _kk_possessive(self, entry: Entry, form: str) -> bool:
        """The Kazakh form carries a possessive (хатшысы, штабы), i.e. is not a bare case form of a term."""

        wanted = fold_case(normalise(form))
        for term in entry.terms_in("kk"):
            if not term.poss and any(fold_case(normalise(f)) == wanted for f in generate_forms(term, "place")):
                return False
        return True

    def source_matches(self, source: str) -> list[TermMatch]:
        """Glossary terms of a source segment, without generic terms that another entity qualifies."""
        found = self.glossary.find(source, self.source_lang)
        around = self.mentions(source, self.source_lang)
        return [m for m in found if not (self.generic(m.entry, m.term, self.source_lang)
                                         and self.binder(source, m.start, m.end, m.entry, self.source_lang, around))]

    # -- scoring -----------------------------------------------------------------------------------

    def _index(self, entry: Entry, lang: str) -> FormIndex[str]:
        key = (entry.id, lang)
        if key not in self._exact:
            self._exact[key] = FormIndex([(f, case_of(entry, f, lang), f) for f in entry_forms(entry, lang)], lang,
                                         strict=True)
        return self._exact[key]

    def _lenient_index(self, entry: Entry, lang: str) -> FormIndex[str]:
        key = (entry.id, lang)
        if key not in self._lenient:
            self._lenient[key] = FormIndex([(f, case_of(entry, f, lang), f) for f in entry_forms(entry, lang)], lang)
        return self._lenient[key]

    def score(self, source: str, target: str, target_lang: str) -> SegmentScore:
        """Score one segment pair (entries without ``target_lang`` terms are skipped)."""
        counts: dict[str, list[TermMatch]] = {}
        for match in self.source_matches(source):
            if entry_forms(match.entry, target_lang):
                counts.setdefault(match.entry.id, []).append(match)
        around = self.glossary.find(target, target_lang)
        disallowed = [m for m in around if m.status not in ALLOWED_STATUSES
                      and m.form not in entry_forms(m.entry, target_lang)]
        result = SegmentScore()
        explained: set[tuple[str, int]] = set()
        mentions = self.mentions(target, target_lang) if counts else []
        # Where each counted term is rendered (found once, here): a rendering inside another counted term's
        # rendering belongs to that term, as a source term inside a longer one does («ОДКБ» in «Генеральный
        # секретарь ОДКБ»). An event is looked for in the target without ordinals (the II Minsk conference is the
        # Minsk conference), whose offsets are not the others', so it neither takes nor gives renderings.
        views = {entry_id: _ORDINAL.sub("", target) if matches[0].entry.type == "event" else target
                 for entry_id, matches in counts.items()}
        rendered = {entry_id: self._index(matches[0].entry, target_lang).find(views[entry_id])
                    for entry_id, matches in counts.items()}
        spans = {entry_id: [(start, end) for start, end, _ in found] for entry_id, found in rendered.items()
                 if views[entry_id] is target}
        # entries the translation names that the source does not: a missing term may have been replaced by one
        substitutes = [m for m in around if m.entry.id not in counts and m.status in ALLOWED_STATUSES]
        for entry_id, matches in counts.items():
            others = [] if views[entry_id] is not target else [
                span for other, found in spans.items() if other != entry_id for span in found]
            score = self._score_entry(matches, views[entry_id], target_lang, mentions, disallowed,
                                      rendered[entry_id], others, substitutes)
            result.terms.append(score)
            if score.failure is not None:
                result.failures.append(score.failure)
                if score.failure.kind in ("deprecated", "forbidden"):
                    explained.update((m.entry.id, m.start) for m in disallowed if m.entry.id == score.entry_id)
        for match in disallowed:
            if (match.entry.id, match.start) not in explained:
                result.failures.append(TermFailure(match.status, match.entry.id, _disallowed_message(
                    match, target_lang)))
        return result

    def _score_entry(self, matches: list[TermMatch], target: str, lang: str, around: list[Mention],
                     disallowed: list[TermMatch], renderings: Sequence[tuple[int, int, str]],
                     others: Sequence[tuple[int, int]], substitutes: Sequence[TermMatch] = ()) -> TermScore:
        """One entry's score; ``target`` as the entry is looked for in it (an event's without ordinals),
        ``renderings`` its allowed forms found there, ``others`` the renderings of the other counted entries,
        ``substitutes`` the glossary terms of the translation whose entries the source does not name."""
        entry, first, wanted = matches[0].entry, matches[0], len(matches)
        free: list[tuple[int, int]] = []
        free_forms: list[str] = []
        bound: list[tuple[int, int, Mention]] = []
        # a form inside a longer wrongly inflected one is not a rendering: «Қазақстан Республикасыда»
        longer = [(s, e) for s, e, _ in self._lenient_index(entry, lang).find(target)] if lang == "kk" else []
        for start, end, form in renderings:
            if any(s <= start and end <= e and (s, e) != (start, end) for s, e in [*longer, *others]):
                continue
            other = self.binder(target, start, end, entry, lang, around) if self.generic(entry, form, lang) else None
            if other is None:
                free.append((start, end))
                free_forms.append(form)
            else:
                bound.append((start, end, other))
        exact = min(len(free), wanted)
        rest = _blank(target, free + [(s, e) for s, e, _ in bound])
        extra = max((_lemma_count(rest, t.text, lang) for t in entry.terms_in(lang, ALLOWED_STATUSES)), default=0)
        lemma = min(wanted, exact + extra)
        expected = entry.target_for(first.term, self.source_lang, lang)
        said = f"'{first.form}' [{entry.id}]"
        verdicts = [self.cases.check(target, start, end, entry, lang, form)
                    for (start, end), form in zip(free, free_forms, strict=True)]
        case = min(wanted, sum(v.ok for v in verdicts))
        if exact >= wanted:
            wrong = next((v for v, (s, e) in zip(verdicts, free, strict=True) if not v.ok), None)
            if case >= wanted or wrong is None:
                return TermScore(entry.id, wanted, exact, lemma, case=case)
            at = free[verdicts.index(wrong)]
            write = f"; write '{wrong.suggestion}'" if wrong.suggestion else ""
            return TermScore(entry.id, wanted, exact, lemma, TermFailure("wrong-case", entry.id, (
                f"{said}: '{target[at[0]:at[1]]}' is {wrong.describe()}{write}")), case=case)
        used = [m for m in disallowed if m.entry.id == entry.id]
        if used and len(used) + exact >= wanted:
            failure = TermFailure(used[0].status, entry.id, _disallowed_message(used[0], lang, first.form, expected))
        elif bound and len(bound) + exact >= wanted:
            start, end, other = bound[0]
            failure = TermFailure("other-entity", entry.id, (
                f"{said}: '{target[start:end]}' here belongs to '{other.form}' [{other.entry.id}], not to "
                f"{', '.join(entry.owner)}; write '{expected}'"))
        elif lemma > exact:
            failure = TermFailure("wrong-form", entry.id, (
                f"{said}: {_wrong_word(entry, target, lang, free)} is not an allowed form; write '{expected}' "
                f"in the right case (`aligntool glossary forms {entry.id} --lang {lang}`)"))
        elif exact == 0 and (other_entry := next((m for m in substitutes if m.entry.type == entry.type), None)):
            failure = TermFailure("other-entity", entry.id, (
                f"{said}: the translation names '{other_entry.form}' [{other_entry.entry.id}] instead; write "
                f"'{expected}'"))
        elif exact == 0:
            failure = TermFailure("missing", entry.id, f"{said} is not translated as {lang} '{expected}' "
                                                       "or an allowed form")
        else:
            failure = TermFailure("count-short", entry.id, (
                f"{said} occurs {wanted} times in the source but is rendered {exact} time(s); "
                f"each occurrence needs '{expected}' or an allowed form"))
        return TermScore(entry.id, wanted, exact, lemma, failure, case=case)


def score_segment(glossary: Glossary, source: str, target: str, source_lang: str, target_lang: str) -> SegmentScore:
    """Score one segment pair (a one-off :class:`TermScorer`; keep a scorer to score many)."""
    return TermScorer(glossary, source_lang).score(source, target, target_lang)


def _same_text(a: str, b: str) -> bool:
    return fold_case(normalise(a)) == fold_case(normalise(b))


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def _lemma_count(text: str, term: str, lang: str) -> int:

    return count_lemma_sequence(text, term, lang)


def _wrong_word(entry: Entry, target: str, lang: str, free: list[tuple[int, int]]) -> str:
    """The word(s) that look like the term with a wrong ending (Kazakh: Панкинға), or a description."""
    taken = set(free)
    forms = [(f, case_of(entry, f, lang), f) for f in entry_forms(entry, lang)]
    for start, end, _form in find_forms(target, forms, lang):
        if (start, end) not in taken:
            return f"'{target[start:end]}'"
    return "another inflection or spelling of the term"


def _disallowed_message(match: Any, lang: str, source_form: str = "", expected: str = "") -> str:
    instead = f" for '{source_form}'" if source_form else ""
    return (f"{match.status} {lang} term '{match.form}' [{match.entry.id}]{instead}; "
            f"use '{expected or match.entry.preferred(lang)}'")
