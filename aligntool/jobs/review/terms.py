"""Glossary term status of one row, for display and for the ``x-terms`` prop written on save.

The verdict is the project's one term scorer (:mod:`aligntool.engines.terminology.scoring`, the same one
``glossary check`` and ``translate --terms`` use), and the ``x-terms`` value is formatted by the same code
``translate`` writes it with (:meth:`TermEnforcer.check`); this module only adds where the terms are in
each text so the page can highlight them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from aligntool.core.languages import base_language
from aligntool.engines.terminology.enforce import TermEnforcer
from aligntool.engines.terminology.forms import entry_forms

if TYPE_CHECKING:
    from aligntool.engines.terminology.enforce import TermEnforcer
    from aligntool.engines.terminology.termbase import Glossary

#: Span kinds the page colours: a source term rendered correctly, one that failed, a bad or a good target term.
OK, MISSING, BAD, TARGET_OK = "ok", "missing", "bad", "target-ok"


@dataclass
class RowTerms:
    """Term findings of one source/target pair."""

    failures: list[dict[str, str]] = field(default_factory=list)  # {kind, entry, message}
    source_spans: list[tuple[int, int, str]] = field(default_factory=list)
    target_spans: list[tuple[int, int, str]] = field(default_factory=list)

    @property
    def status(self) -> str:
        """``none`` (no glossary term), ``ok`` or ``fail``."""
        if self.failures:
            return "fail"
        return "ok" if self.source_spans or self.target_spans else "none"

    def as_json(self) -> dict[str, object]:
        """What the page needs."""
        return {"status": self.status, "failures": self.failures,
                "source_spans": self.source_spans, "target_spans": self.target_spans}


class RowScorer:
    """Scores rows against one glossary for one source language (the scorer's caches are kept)."""

    def __init__(self, glossary: Glossary, source_lang: str) -> None:

        self.glossary = glossary
        self.source_lang = base_language(source_lang)
        self.enforcer: TermEnforcer = TermEnforcer(glossary, self.source_lang, mode="check")

    def score(self, source: str, target: str, target_lang: str) -> RowTerms:
        """Check one pair and locate its terms in both texts."""

        lang = base_language(target_lang)
        scorer = self.enforcer.scorer
        scored = scorer.score(source, target, lang)
        failed = {f.entry_id for f in scored.failures}
        result = RowTerms(failures=[{"kind": f.kind, "entry": f.entry_id, "message": f.message}
                                    for f in scored.failures])
        for match in scorer.source_matches(source):
            if entry_forms(match.entry, lang):
                result.source_spans.append((match.start, match.end, MISSING if match.entry.id in failed else OK))
        for match in self.glossary.find(target, lang):
            kind = BAD if match.status in ("deprecated", "forbidden") or match.entry.id in failed else TARGET_OK
            result.target_spans.append((match.start, match.end, kind))
        return result

    def x_terms(self, source: str, target: str, target_lang: str) -> str:
        """The ``x-terms`` value, as ``translate`` writes it: ``csto=ok; nato(2)=missing`` ('' without terms)."""

        return self.enforcer.check(source, target, base_language(target_lang)).prop()
