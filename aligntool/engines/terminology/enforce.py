"""Glossary enforcement around a translation engine: find terms, build constraints, check the output.

(a) glossary terms are found in each source sentence; (b) under ``enforce`` each sentence with terms is
given to the engine with its terms as constraints (:class:`~aligntool.engines.translation.constraints.Constraint`)
and decoded
constrained on the first pass by the engine that can (an engine that cannot hands those sentences over);
(c) each translation is scored by the one term scorer (:mod:`aligntool.engines.terminology.scoring`, the same as
``glossary check``: occurrences, context binding, failure classes); ``check`` translates freely and stops
after (c); (d) under ``enforce``, a constrained output in which the case check
(:mod:`aligntool.engines.terminology.case_check`) flags a term is decoded once more with that term's constraint
narrowed to the forms in a case its context allows, and the new output is kept when it has every term and no
flagged case. The constraints offer every inflection, so the model's own score of the sentence picks the form
first; (d) only steps in where the check rejects that choice. All decoding goes through ``Translator.translate``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from aligntool.core.errors import ConfigError
from aligntool.engines.terminology.case_check import check_renderings, load_in_background
from aligntool.engines.terminology.constraints import WarningLog, build_constraint
from aligntool.engines.terminology.forms import case_of, disallowed_forms, entry_forms, term_forms
from aligntool.engines.terminology.report import SentenceTerms, TermCheck, TermSummary
from aligntool.engines.terminology.scoring import SegmentScore, TermScorer
from aligntool.engines.translation.constraints import Constraint, TargetVocabulary

if TYPE_CHECKING:
    from aligntool.engines.terminology.termbase import Glossary
    from aligntool.engines.translation.engine import Translations, Translator
    from aligntool.formats.glossary.model import Entry

MODES = ("enforce", "check", "off")
#: Entry types that are names: their constraints keep the capital (posts and concepts may start lower-case).
NAME_TYPES = frozenset({"organisation", "person", "place", "operation", "event", "media"})


def check_mode(mode: str) -> str:
    """Validate a ``--terms`` value."""
    if mode not in MODES:
        raise ConfigError(f"--terms {mode}: expected one of {', '.join(MODES)}")
    return mode


class TermEnforcer:
    """Builds constraints from a glossary for the engine, and checks translations against the glossary."""

    def __init__(self, glossary: Glossary, source_lang: str = "en", mode: str = "enforce") -> None:
        self.glossary = glossary
        self.source_lang = source_lang
        self.mode = check_mode(mode)
        self.summaries: dict[str, TermSummary] = {}
        self.scorer = TermScorer(glossary, source_lang)
        self._log = WarningLog()
        self._constraints: dict[tuple[int, str, str], Constraint | None] = {}
        # (source, translation, language) → its score, within one translate/process call (cleared at its start):
        # fit_cases and outcomes score the same outputs.
        self._scores: dict[tuple[str, str, str], SegmentScore] = {}

    # -- checking ------------------------------------------------------------------------------------

    def source_terms(self, source: str) -> Counter[str]:
        """Entry id → occurrences in a source sentence (as the scorer counts them)."""
        return Counter(match.entry.id for match in self.scorer.source_matches(source))

    def _score(self, source: str, translation: str, lang: str) -> SegmentScore:
        key = (source, translation, lang)
        if key not in self._scores:
            self._scores[key] = self.scorer.score(source, translation, lang)
        return self._scores[key]

    def check(self, source: str, translation: str, lang: str) -> SentenceTerms:
        """Outcome of every glossary term of ``source`` in ``translation`` (entries without ``lang`` terms skipped)."""
        return self._outcome(self.scorer.score(source, translation, lang))

    def _checked(self, source: str, translation: str, lang: str) -> SentenceTerms:
        """:meth:`check` within one :meth:`translate` or :meth:`process` call, each output scored once."""
        return self._outcome(self._score(source, translation, lang))

    @staticmethod
    def _outcome(scored: SegmentScore) -> SentenceTerms:
        return SentenceTerms([TermCheck(t.entry_id, t.occurrences, t.exact, t.lemma, t.exact, t.lemma,
                                        failure=t.failure.kind if t.failure else "", case_after=t.case_ok)
                              for t in scored.terms])

    # -- the workflow --------------------------------------------------------------------------------

    def translate(
        self, translator: Translator, lang: str, sources: Sequence[str], repairable: Sequence[bool] | None = None,
        progress: Any = None,
    ) -> tuple[Translations, list[SentenceTerms]]:
        """Translate ``sources``; under ``enforce`` each sentence with terms (where ``repairable``) goes in
        with its terms as constraints. Returns the translations and the term outcome of each sentence.
        """
        self._scores.clear()
        constraints = None
        if self.mode == "enforce":
            constraints = [self.constraints_for(translator, source, lang) or None
                           if repairable is None or repairable[i] else None for i, source in enumerate(sources)]
        if self.mode != "off" and (any(constraints) if constraints is not None
                                   else any(self.scorer.source_matches(source) for source in sources)):
            load_in_background(lang)  # the outputs' check needs them next: load while the engine decodes
        translations = translator.translate(sources, constraints, progress=progress)
        if self.mode == "enforce":
            constrained = [i for i, flag in enumerate(translations.constrained) if flag]
            for i, text in self.fit_cases(translator, lang, sources, translations, constrained).items():
                translations[i] = text
        return translations, self.outcomes(lang, sources, translations)

    def outcomes(self, lang: str, sources: Sequence[str], translations: Translations) -> list[SentenceTerms]:
        """Check each translation and add it to the language's summary.

        A sentence decoded with constraints counts as ``enforced``; its "before" figures come from the free
        output it replaced, or are not measured when it was decoded with constraints from the start.
        """
        summary = self.summaries.setdefault(lang, TermSummary(self.mode))
        results = []
        for i, (source, text) in enumerate(zip(sources, translations, strict=True)):
            after = self._checked(source, text, lang)
            if translations.constrained[i]:
                summary.redecoded += 1
                free = translations.unconstrained[i]
                before = self._checked(source, free, lang) if free is not None else None
                for index, check in enumerate(after.checks):
                    check.enforced = True
                    if before is None:
                        check.measured_before = False
                    else:
                        check.exact_before = before.checks[index].exact_before
                        check.lemma_before = before.checks[index].lemma_before
            summary.add(after)
            results.append(after)
        return results

    def process(
        self, translator: Translator, lang: str, sources: Sequence[str], translations: Sequence[str],
        repairable: Sequence[bool] | None = None,
    ) -> tuple[list[str], list[SentenceTerms]]:
        """Check given translations; under ``enforce`` decode the failing ones again with their constraints.

        For translations made elsewhere (one pass with :meth:`translate` is cheaper). Sentences without
        terms, or whose translation already has every term, are returned unchanged.
        """
        self._scores.clear()
        summary = self.summaries.setdefault(lang, TermSummary(self.mode))
        results = list(translations)
        outcomes = [self._checked(s, t, lang) for s, t in zip(sources, translations, strict=True)]
        if self.mode == "enforce":
            failing = [i for i, terms in enumerate(outcomes)
                       if not terms.satisfied and (repairable is None or repairable[i])
                       and self._fixable(translator, terms, lang)]
            if failing:
                repaired = translator.translate([sources[i] for i in failing],
                                                [self.constraints_for(translator, sources[i], lang) for i in failing])
                summary.redecoded += len(failing)
                repaired = list(repaired)
                for index, text in self.fit_cases(translator, lang, [sources[i] for i in failing], repaired,
                                                  range(len(failing))).items():
                    repaired[index] = text
                for i, text in zip(failing, repaired, strict=True):
                    after = self._checked(sources[i], text, lang)
                    for before, new in zip(outcomes[i].checks, after.checks, strict=True):
                        new.exact_before, new.lemma_before = before.exact_before, before.lemma_before
                        new.enforced = True
                        outcomes[i] = after
                    results[i] = text
        for terms in outcomes:
            summary.add(terms)
        return results, outcomes

    def fit_cases(self, translator: Translator, lang: str, sources: Sequence[str], texts: Sequence[str],
                  indices: Sequence[int]) -> dict[int, str]:
        """New outputs for the constrained sentences ``indices`` in which the case check flags a term: decoded once
        more with each flagged term's constraint narrowed to its forms in a case the context allows. An output is
        kept (index → text) only when it still has every term and the check flags no case in it."""
        redo: list[int] = []
        lists: list[list[Constraint]] = []
        for i in indices:
            wrong = {f.entry_id for f in self._score(sources[i], texts[i], lang).failures
                     if f.kind == "wrong-case"}
            narrowed: dict[str, Constraint] = {}
            for entry_id in wrong:
                entry = self.glossary.get(entry_id)
                if entry is None:
                    continue
                expected = frozenset().union(*(verdict.expected for _, _, verdict in check_renderings(
                    texts[i], entry, lang) if not verdict.ok))
                built = self._narrowed(translator, entry, lang, expected) if expected else None
                if built is not None:
                    narrowed[entry_id] = built
            if narrowed:
                redo.append(i)
                lists.append([replace(narrowed[c.label], source=c.source) if c.label in narrowed else c
                              for c in self.constraints_for(translator, sources[i], lang)])
        if not redo:
            return {}
        kept: dict[int, str] = {}
        for i, text in zip(redo, translator.translate([sources[i] for i in redo], lists), strict=True):
            scored = self._score(sources[i], text, lang)
            if all(t.exact >= t.occurrences for t in scored.terms) and not any(
                    f.kind == "wrong-case" for f in scored.failures):
                kept[i] = text
        return kept

    def _narrowed(self, translator: Translator, entry: Entry, lang: str, cases: frozenset[str]) -> Constraint | None:
        """The entry's constraint with only its forms that can be one of ``cases`` (None when none can)."""
        forms = [(f, case_of(entry, f, lang)) for f in entry_forms(entry, lang)
                 if self.scorer.cases.cases(entry, f, lang) & (cases | {"*"})]
        forms = [(f, case) for f, case in forms if not self.scorer.generic(entry, f, lang)] or forms  # as constraint()
        if not forms:
            return None
        return build_constraint(entry.id, forms, self.vocabulary(translator), lang,
                                lowercase=entry.type not in NAME_TYPES,
                                avoid=[form for form, _ in disallowed_forms(entry, lang)])

    def _fixable(self, translator: Translator, terms: SentenceTerms, lang: str) -> bool:
        """Some missing term has a usable constraint (decoding again cannot help otherwise)."""
        for check in terms.checks:
            if check.exact_after < check.occurrences:
                entry = self.glossary.get(check.entry_id)
                if entry is not None and self.constraint(translator, entry, lang) is not None:
                    return True
        return False

    def constraint(self, translator: Translator, entry: Entry, lang: str) -> Constraint | None:
        """The entry's target forms as a constraint for this translator's vocabulary (cached)."""
        key = (id(translator), entry.id, lang)
        if key not in self._constraints:
            vocabulary = self.vocabulary(translator)
            forms = [(f, case_of(entry, f, lang)) for f in entry_forms(entry, lang)]
            # A generic short form ("Бас хатшысы") forced on its own can land beside another entity and mean
            # that one; forcing the forms that name the owner ("ҰҚШҰ Бас хатшысы") cannot.
            owned = [(f, case) for f, case in forms if not self.scorer.generic(entry, f, lang)]
            forms = owned or forms
            built = build_constraint(entry.id, forms, vocabulary, lang, lowercase=entry.type not in NAME_TYPES,
                                     log=self._log, avoid=[form for form, _ in disallowed_forms(entry, lang)])
            self._constraints[key] = built
            if built is None:
                summary = self.summaries.setdefault(lang, TermSummary(self.mode))
                summary.unenforceable.append(entry.id)
        return self._constraints[key]

    def vocabulary(self, translator: Translator) -> TargetVocabulary:
        """Target pieces of the translator's model."""
        return translator.target_vocabulary

    @property
    def warnings(self) -> list[str]:
        """Messages about terms that cannot (fully) be enforced, once each."""
        return list(self._log.messages)

    def constraints_for(self, translator: Translator, text: str, lang: str) -> list[Constraint]:
        """One constraint per term occurrence in ``text``, in source order (with the source words it translates)."""
        out = []
        for match in self.scorer.source_matches(text):
            if entry_forms(match.entry, lang):
                built = self.constraint(translator, match.entry, lang)
                if built is not None:
                    out.append(replace(built, source=match.form, prefer=self._family(match.entry, match.form, lang)))
        return out

    def _family(self, entry: Entry, source_form: str, lang: str) -> frozenset[str]:
        """The forms of the target term that matches the source term's kind (CSTO → ОДКБ; a full name → the
        full name), with its inflections: what an engine that places terms chooses among."""
        wanted = entry.target_for(source_form, self.source_lang, lang)
        for term in entry.terms_in(lang):
            if term.text == wanted:
                return frozenset([term.text, *term_forms(entry, term)])
        return frozenset()
