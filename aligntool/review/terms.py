"""Glossary term status of one row, for display and for the ``x-terms`` prop written on save.

The verdict comes from the project's term checker (:func:`aligntool.glossary.check.check_pairs`, the
same one ``aligntool glossary check`` uses); this module only adds where the terms are in each text so
the page can highlight them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aligntool.glossary.termbase import Glossary

#: Span kinds the page colours: a source term rendered correctly, one that is missing, a bad target term.
OK, MISSING, BAD, TARGET_OK = "ok", "missing", "bad", "target-ok"


@dataclass
class RowTerms:
    """Term findings of one source/target pair."""

    failures: list[dict[str, str]] = field(default_factory=list)  # {kind, entry, message}
    source_spans: list[tuple[int, int, str]] = field(default_factory=list)
    target_spans: list[tuple[int, int, str]] = field(default_factory=list)
    entries: list[str] = field(default_factory=list)  # source entries in order (with repeats)

    @property
    def status(self) -> str:
        """``none`` (no glossary term in the source), ``ok`` or ``fail``."""
        if self.failures:
            return "fail"
        return "ok" if self.entries or self.target_spans else "none"

    def prop(self) -> str:
        """``x-terms`` value in the translate command's format: ``csto=ok; nato(2)=missing``."""
        missing = {f["entry"] for f in self.failures if f["kind"] == "missing"}
        counts: dict[str, int] = {}
        for entry in self.entries:
            counts[entry] = counts.get(entry, 0) + 1
        return "; ".join(f"{entry}{f'({n})' if n > 1 else ''}={'missing' if entry in missing else 'ok'}"
                         for entry, n in counts.items())

    def as_json(self) -> dict[str, object]:
        """What the page needs."""
        return {"status": self.status, "failures": self.failures,
                "source_spans": self.source_spans, "target_spans": self.target_spans}


def score_terms(glossary: Glossary, source: str, target: str, source_lang: str, target_lang: str) -> RowTerms:
    """Check one pair with the project's term checker and locate the terms in both texts."""
    from aligntool.glossary.check import check_pairs
    from aligntool.languages import base_language

    src, tgt = base_language(source_lang), base_language(target_lang)
    report = check_pairs(glossary, [("row", source, target)], src, tgt)
    result = RowTerms(failures=[{"kind": i.kind, "entry": i.entry_id, "message": i.message} for i in report.issues])
    missing = {i.entry_id for i in report.issues if i.kind == "missing"}
    for match in glossary.find(source, src):
        if match.status not in ("preferred", "admitted") or not match.entry.forms(tgt):
            continue
        result.entries.append(match.entry.id)
        result.source_spans.append((match.start, match.end, MISSING if match.entry.id in missing else OK))
    for match in glossary.find(target, tgt):
        kind = BAD if match.status in ("deprecated", "forbidden") else TARGET_OK
        result.target_spans.append((match.start, match.end, kind))
    return result
