"""Term success rates (WMT 2023 terminology task): per sentence, per language, before and after enforcement.

A term occurrence is a glossary match in the source sentence. It is a success at the *exact-form* level
when the translation contains one of the entry's allowed surface forms (any generated case form counts),
and at the *lemma* level when the words of an allowed term occur in some inflection. Each source
occurrence needs its own target occurrence (``CSTO`` twice → the entry's forms twice).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: Outcome of a term in one translation, as written to the ``x-terms`` TMX prop.
OK, ENFORCED, LEMMA, MISSING = "ok", "enforced", "lemma", "missing"


@dataclass(frozen=True)
class TermCount:
    """How many of ``total`` term occurrences were rendered right: the one term rate every report shows.

    A rate with nothing to count is 100% (no term was missed). ``fraction`` (0..1) is what ``glossary check``
    and ``evaluate`` report in JSON, ``percent`` what a translation run's summary reports; both print as
    :meth:`percent_text`.
    """

    hits: int
    total: int

    @property
    def fraction(self) -> float:
        """0..1; 1.0 when there is nothing to count."""
        return self.hits / self.total if self.total else 1.0

    @property
    def percent(self) -> float:
        """0..100; 100.0 when there is nothing to count."""
        return 100.0 * self.fraction

    def percent_text(self) -> str:
        """``"80.0%"``."""
        return f"{self.percent:.1f}%"


@dataclass
class TermCheck:
    """One glossary entry in one sentence: how often the source has it and how often the output does."""

    entry_id: str
    occurrences: int
    exact_before: int = 0
    lemma_before: int = 0
    exact_after: int = 0
    lemma_after: int = 0
    enforced: bool = False
    failure: str = ""  # the scorer's failure class after enforcement (aligntool.engines.terminology.scoring)
    measured_before: bool = True  # False: decoded with constraints from the start, no free output to check
    case_after: int = -1  # renderings whose case the case check accepts; -1: not checked (= exact_after)

    @property
    def case_ok(self) -> int:
        """Renderings after enforcement whose case their context allows (the case-aware count)."""
        return self.exact_after if self.case_after < 0 else self.case_after

    @property
    def outcome(self) -> str:
        """ok (free decoding had it), enforced (decoded with the term as a constraint), else the failure class
        (missing, wrong-form, other-entity, deprecated, forbidden, count-short, wrong-case)."""
        if self.failure == "wrong-case":
            return self.failure
        if self.exact_after >= self.occurrences:
            if self.enforced and (not self.measured_before or self.exact_before < self.occurrences):
                return ENFORCED
            return OK
        return self.failure or (LEMMA if self.lemma_after >= self.occurrences else MISSING)


@dataclass
class SentenceTerms:
    """The terms of one source sentence and their outcome in one target language."""

    checks: list[TermCheck] = field(default_factory=list)

    def prop(self) -> str:
        """``x-terms`` prop value, e.g. ``csto=ok; nato(2)=enforced; un=missing`` ('' without terms)."""
        parts = []
        for check in self.checks:
            count = f"({check.occurrences})" if check.occurrences > 1 else ""
            parts.append(f"{check.entry_id}{count}={check.outcome}")
        return "; ".join(parts)

    @property
    def satisfied(self) -> bool:
        """Every occurrence has an exact allowed form."""
        return all(c.exact_after >= c.occurrences for c in self.checks)


@dataclass
class TermSummary:
    """Term success of one target language over a run."""

    mode: str = "enforce"
    sentences: int = 0  # sentences with at least one term
    occurrences: int = 0
    exact_before: int = 0
    lemma_before: int = 0
    exact_after: int = 0
    lemma_after: int = 0
    case_after: int = 0  # occurrences rendered in a case the case check accepts
    redecoded: int = 0  # sentences decoded with constraints
    unenforceable: list[str] = field(default_factory=list)  # entries whose forms the model cannot write
    unmeasured: int = 0  # occurrences decoded with constraints from the start: no "before" figure

    def add(self, terms: SentenceTerms) -> None:
        """Count one sentence."""
        if not terms.checks:
            return
        self.sentences += 1
        for check in terms.checks:
            self.occurrences += check.occurrences
            self.case_after += check.case_ok
            if not check.measured_before:
                self.unmeasured += check.occurrences
                self.exact_after += check.exact_after
                self.lemma_after += check.lemma_after
                continue
            self.exact_before += check.exact_before
            self.lemma_before += check.lemma_before
            self.exact_after += check.exact_after
            self.lemma_after += check.lemma_after

    def counts(self) -> dict[str, TermCount]:
        """Term success counts (no "before" counts when every occurrence was decoded constrained)."""
        measured = self.occurrences - self.unmeasured
        before = {
            "exact_before": TermCount(self.exact_before, measured),
            "lemma_before": TermCount(self.lemma_before, measured),
        } if measured or not self.occurrences else {}
        return {
            **before,
            "exact_after": TermCount(self.exact_after, self.occurrences),
            "lemma_after": TermCount(self.lemma_after, self.occurrences),
            "case_after": TermCount(self.case_after, self.occurrences),
        }

    def rates(self) -> dict[str, float]:
        """Term success rates in percent (see :meth:`counts`)."""
        return {name: count.percent for name, count in self.counts().items()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TermSummary:
        """Inverse of :meth:`as_dict` (rates are recomputed)."""
        return cls(**{k: v for k, v in data.items() if k != "rates"})

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form (counts and rounded rates)."""
        return {
            "mode": self.mode, "sentences": self.sentences, "occurrences": self.occurrences,
            "exact_before": self.exact_before, "lemma_before": self.lemma_before,
            "exact_after": self.exact_after, "lemma_after": self.lemma_after, "case_after": self.case_after,
            "redecoded": self.redecoded, "unenforceable": list(self.unenforceable), "unmeasured": self.unmeasured,
            "rates": {k: round(v, 2) for k, v in self.rates().items()},
        }

    def format(self, lang: str) -> str:
        """One line for the end of a run."""
        counts = self.counts()
        if not self.occurrences:
            return f"terms {lang}: no glossary terms in the source"
        line = f"terms {lang}: {self.occurrences} occurrence(s) in {self.sentences} sentence(s); term success "
        if self.unmeasured < self.occurrences:
            line += f"exact {counts['exact_before'].percent_text()}, lemma {counts['lemma_before'].percent_text()}"
            if self.unmeasured:
                line += f" (without the {self.unmeasured} decoded with constraints from the start)"
        else:
            line += "without enforcement not measured (--terms check measures it)"
        if self.mode == "enforce":
            line += (f" → after enforcement exact {counts['exact_after'].percent_text()}, "
                     f"lemma {counts['lemma_after'].percent_text()}, "
                     f"case-aware {counts['case_after'].percent_text()} ({self.case_after}/{self.occurrences} in a "
                     f"case their context allows; {self.redecoded} sentence(s) decoded with constraints)")
        else:
            line += (f", case-aware {counts['case_after'].percent_text()} ({self.case_after}/{self.occurrences} in a "
                     "case their context allows; check only, not enforced)")
        return line
