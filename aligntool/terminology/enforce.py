"""Glossary enforcement around a translation engine: find terms, check, re-decode only what fails.

(a) glossary terms are found in each source sentence; (b) the engine translates as usual; (c) each
translation is scored by the one term scorer (:mod:`aligntool.glossary.scoring`, the same as ``glossary
check``: occurrences, context binding, failure classes);
(d) under ``enforce`` only the sentences that miss a term are decoded again with the constrained beam
search (:mod:`aligntool.terminology.beam`) on the engine's MarianMT model; ``check`` stops after (c).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from aligntool.errors import ConfigError
from aligntool.glossary.scoring import TermScorer
from aligntool.terminology.constraints import Constraint, TargetVocabulary, build_constraint
from aligntool.terminology.report import SentenceTerms, TermCheck, TermSummary
from aligntool.translation.engine import length_sorted_batches

if TYPE_CHECKING:
    from aligntool.glossary import Entry, Glossary
    from aligntool.translation import Translator

MODES = ("enforce", "check", "off")
#: Entry types that are names: their constraints keep the capital (posts and concepts may start lower-case).
NAME_TYPES = frozenset({"organisation", "person", "place", "operation", "event", "media"})


def check_mode(mode: str) -> str:
    """Validate a ``--terms`` value."""
    if mode not in MODES:
        raise ConfigError(f"--terms {mode}: expected one of {', '.join(MODES)}")
    return mode


@dataclass
class _Piece:
    sentence: int
    ids: list[int]
    cap: int
    constraints: list[Constraint]


class TermEnforcer:
    """Checks translations against a glossary and, in ``enforce`` mode, repairs the ones that miss terms."""

    def __init__(self, glossary: Glossary, source_lang: str = "en", mode: str = "enforce") -> None:
        self.glossary = glossary
        self.source_lang = source_lang
        self.mode = check_mode(mode)
        self.summaries: dict[str, TermSummary] = {}
        self.scorer = TermScorer(glossary, source_lang)
        self._vocabularies: dict[int, TargetVocabulary] = {}
        self._constraints: dict[tuple[int, str, str], Constraint | None] = {}

    # -- checking ------------------------------------------------------------------------------------

    def source_terms(self, source: str) -> Counter[str]:
        """Entry id → occurrences in a source sentence (as the scorer counts them)."""
        return Counter(match.entry.id for match in self.scorer.source_matches(source))

    def check(self, source: str, translation: str, lang: str) -> SentenceTerms:
        """Outcome of every glossary term of ``source`` in ``translation`` (entries without ``lang`` terms skipped)."""
        scored = self.scorer.score(source, translation, lang)
        return SentenceTerms([TermCheck(t.entry_id, t.occurrences, t.exact, t.lemma, t.exact, t.lemma,
                                        failure=t.failure.kind if t.failure else "")
                              for t in scored.terms])

    # -- the workflow --------------------------------------------------------------------------------

    def process(
        self, translator: Translator, lang: str, sources: Sequence[str], translations: Sequence[str],
        repairable: Sequence[bool] | None = None,
    ) -> tuple[list[str], list[SentenceTerms]]:
        """Check each translation; under ``enforce`` re-decode the failing ones (where ``repairable``).

        Returns the final translations and the term outcome of each sentence. Sentences without terms, or
        whose translation already has every term, are returned unchanged.
        """
        summary = self.summaries.setdefault(lang, TermSummary(self.mode))
        results = list(translations)
        outcomes = [self.check(s, t, lang) for s, t in zip(sources, translations, strict=True)]
        if self.mode == "enforce":
            failing = [i for i, terms in enumerate(outcomes)
                       if not terms.satisfied and (repairable is None or repairable[i])
                       and self._fixable(translator, terms, lang)]
            if failing:
                repaired = self.constrained_translate(translator, [sources[i] for i in failing], lang)
                summary.redecoded += len(failing)
                for i, text in zip(failing, repaired, strict=True):
                    after = self.check(sources[i], text, lang)
                    for before, new in zip(outcomes[i].checks, after.checks, strict=True):
                        new.exact_before, new.lemma_before = before.exact_before, before.lemma_before
                        new.enforced = True
                    outcomes[i] = after
                    results[i] = text
        for terms in outcomes:
            summary.add(terms)
        return results, outcomes

    def _fixable(self, translator: Translator, terms: SentenceTerms, lang: str) -> bool:
        """Some missing term has a usable constraint (re-decoding cannot help otherwise)."""
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
            forms = [(f, entry.case_of(f, lang)) for f in entry.forms(lang)]
            built = build_constraint(entry.id, forms, vocabulary, lang, lowercase=entry.type not in NAME_TYPES)
            self._constraints[key] = built
            if built is None:
                summary = self.summaries.setdefault(lang, TermSummary(self.mode))
                summary.unenforceable.append(entry.id)
        return self._constraints[key]

    def vocabulary(self, translator: Translator) -> TargetVocabulary:
        """Target pieces of the translator's model."""
        key = id(translator)
        if key not in self._vocabularies:
            model = translator.transformers_model()
            self._vocabularies[key] = TargetVocabulary.from_tokenizer(
                translator.tokenizer, int(model.config.vocab_size))
        return self._vocabularies[key]

    @property
    def warnings(self) -> list[str]:
        """Messages about terms that cannot (fully) be enforced, once each."""
        return [m for v in self._vocabularies.values() for m in v.messages]

    def constraints_for(self, translator: Translator, text: str, lang: str) -> list[Constraint]:
        """One constraint per term occurrence in ``text``, in source order."""
        out = []
        for match in self.scorer.source_matches(text):
            if match.entry.forms(lang):
                built = self.constraint(translator, match.entry, lang)
                if built is not None:
                    out.append(built)
        return out

    def constrained_translate(self, translator: Translator, sources: Sequence[str], lang: str) -> list[str]:
        """Translate with every glossary term of each sentence forced into the output."""
        from aligntool.terminology.beam import constrained_generate

        pieces: list[_Piece] = []
        for index, source in enumerate(sources):
            for text in self._fit(translator, source.strip()):
                ids = translator.encode(text)
                pieces.append(_Piece(index, ids, translator.length_cap(len(ids)),
                                     self.constraints_for(translator, text, lang)))
        model = translator.transformers_model()
        outputs: list[str] = [""] * len(pieces)
        for batch in length_sorted_batches([len(p.ids) for p in pieces], translator.options.batch_tokens,
                                           translator.options.max_batch_size):
            generated = constrained_generate(
                model, [pieces[i].ids for i in batch], [pieces[i].constraints for i in batch],
                [pieces[i].cap for i in batch], vocabulary=self.vocabulary(translator),
                num_beams=translator.num_beams, eos_id=translator.eos_id, pad_id=translator.pad_id,
                banned_ids=translator.suppressed_ids, max_cap=translator.max_output_tokens,
            )
            for i, ids in zip(batch, generated, strict=True):
                outputs[i] = translator.decode(ids)
        joined: list[list[str]] = [[] for _ in sources]
        for piece, text in zip(pieces, outputs, strict=True):
            joined[piece.sentence].append(text)
        return [" ".join(t for t in parts if t) for parts in joined]

    @staticmethod
    def _fit(translator: Translator, text: str) -> list[str]:
        """The sentence, or the clause-sized pieces the engine would translate it in."""
        if len(translator.encode(text)) <= translator.max_input_tokens:
            return [text]
        return translator._split_to_fit(text)  # same pieces as the engine's own run
