"""Terminology check of translations (``aligntool glossary check``): segment pairs from a TMX or from
line-aligned text files, each scored by the one term scorer (:mod:`aligntool.engines.terminology.scoring`: occurrences,
failure classes, context binding, exact and lemma rates; the same scorer ``translate --terms`` uses).

Each failure is one line ``TARGET:LINE: class: message`` (for a TMX the line of the unit in the file), the
compiler convention editors jump to; :meth:`Issue.as_dict` gives the same record for ``--json``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aligntool.core.errors import InputError
from aligntool.core.languages import base_language
from aligntool.core.safeio import read_text
from aligntool.engines.segmentation.sentences import document_sentences
from aligntool.engines.terminology.report import TermCount
from aligntool.engines.terminology.scoring import FAILURE_CLASSES, TermScorer
from aligntool.engines.terminology.termbase import Glossary
from aligntool.formats.documents.reading import read_document
from aligntool.formats.tmx.reader import read_tmx


@dataclass
class Issue:
    """One problem in one segment pair."""

    where: str  # FILE:LINE
    kind: str  # a failure class (aligntool.engines.terminology.scoring.FAILURE_CLASSES)
    entry_id: str
    message: str
    lang: str = ""

    def format(self) -> str:
        """``TARGET:LINE: class: message``."""
        return f"{self.where}: {self.kind}: {self.message}"

    def as_dict(self) -> dict[str, Any]:
        """The record for ``--json``."""
        path, _, line = self.where.rpartition(":")
        return {"file": path, "line": int(line) if line.isdigit() else None, "class": self.kind,
                "entry": self.entry_id, "lang": self.lang, "message": self.message}


@dataclass
class CheckReport:
    """Issues plus the counts behind the term success rates."""

    issues: list[Issue] = field(default_factory=list)
    occurrences: int = 0
    exact: int = 0
    lemma: int = 0
    case: int = 0  # exact renderings whose case their context does not exclude
    segments: int = 0
    skipped: int = 0  # TMX units left out because their source is not a segment of SOURCE

    def count(self, level: str = "exact") -> TermCount:
        """Source-term occurrences translated with an allowed form (``exact``), in some inflection (``lemma``),
        or with an allowed form in a case its context allows (``case``)."""
        hits = {"exact": self.exact, "lemma": self.lemma, "case": self.case}[level]
        return TermCount(hits, self.occurrences)

    def rate(self, level: str = "exact") -> float:
        """Share of source-term occurrences rendered right at ``level`` (see :meth:`count`); 1.0 when there are
        none."""
        return self.count(level).fraction

    def classes(self) -> dict[str, int]:
        """Number of failures per class (every class, zeros included)."""
        counts = Counter(issue.kind for issue in self.issues)
        return {kind: counts[kind] for kind in FAILURE_CLASSES}

    def summary(self) -> str:
        """One line with the units checked, both success rates and the failures per class."""
        skipped = f" ({self.skipped} unit(s) skipped: source not a segment of SOURCE)" if self.skipped else ""
        failures = ", ".join(f"{n} {kind}" for kind, n in self.classes().items() if n) or "no failures"
        return (f"{self.segments} unit(s) checked{skipped}, {self.occurrences} term occurrences; term success "
                f"rate: exact {self.exact}/{self.occurrences} = {self.count('exact').percent_text()}, "
                f"lemma {self.lemma}/{self.occurrences} = {self.count('lemma').percent_text()}, case-aware "
                f"{self.case}/{self.occurrences} = {self.count('case').percent_text()}; {failures}")

    def as_dict(self) -> dict[str, Any]:
        """``--json``: the failure records and the counts."""
        return {"units": self.segments, "skipped": self.skipped, "occurrences": self.occurrences,
                "exact": self.exact, "lemma": self.lemma, "case": self.case,
                "rates": {"exact": round(self.rate("exact"), 4), "lemma": round(self.rate("lemma"), 4),
                          "case": round(self.rate("case"), 4)},
                "classes": self.classes(), "failures": [issue.as_dict() for issue in self.issues]}


def check_pairs(glossary: Glossary, pairs: Iterable[tuple[str, str, str]], source_lang: str,
                target_lang: str, report: CheckReport | None = None,
                scorer: TermScorer | None = None) -> CheckReport:
    """Check ``(where, source segment, target segment)`` pairs; adds to ``report`` if given."""
    report = report or CheckReport()
    scorer = scorer or TermScorer(glossary, source_lang)
    for where, source, target in pairs:
        report.segments += 1
        scored = scorer.score(source, target, target_lang)
        for term in scored.terms:
            report.occurrences += term.occurrences
            report.exact += term.exact
            report.lemma += term.lemma
            report.case += term.case_ok
        report.issues.extend(Issue(where, f.kind, f.entry_id, f.message, target_lang) for f in scored.failures)
    return report


def check_files(glossary: Glossary, files: list[Path], source_lang: str = "en",
                targets: list[str] | None = None) -> CheckReport:
    """``glossary check``: a TMX; SOURCE and a TMX (the units whose source is a segment of SOURCE, segmented
    as ``translate`` does); or SOURCE and TARGET line-aligned text files (``targets`` names the language)."""
    if not 1 <= len(files) <= 2:
        raise InputError("give a TMX, SOURCE and a TMX, or SOURCE and TARGET text files")
    tmx = next((f for f in files if f.suffix.lower() == ".tmx"), None)
    report = CheckReport()
    scorer = TermScorer(glossary, source_lang)
    if tmx is None:
        if len(files) != 2 or not targets:
            raise InputError("for two text files, give both and the target language with --to")
        return check_pairs(glossary, text_pairs(files[0], files[1]), source_lang, targets[0], report, scorer)
    only = source_segments(files[0], source_lang) if len(files) == 2 else None
    for target in targets or tmx_target_languages(tmx, source_lang):
        skipped: list[int] = [0]
        check_pairs(glossary, tmx_pairs(tmx, source_lang, target, only, skipped), source_lang, target, report,
                    scorer)
        report.skipped += skipped[0]
    return report


def source_segments(path: Path, lang: str) -> set[str]:
    """The segments of a source document, as ``translate`` segments it."""
    sentences = document_sentences(read_document(path), base_language(lang))
    return {s.text.strip() for s in sentences if s.text.strip()}


def tmx_pairs(path: str | Path, source_lang: str, target_lang: str, only: set[str] | None = None,
              skipped: list[int] | None = None) -> Iterator[tuple[str, str, str]]:
    """``(file:line, source, target)`` from a TMX file; ``only``: keep units whose source is in it (the
    others are counted in ``skipped[0]``)."""

    for unit in read_tmx(path):
        source = next((t for tag, t in unit.variants.items() if base_language(tag) == source_lang), None)
        target = next((t for tag, t in unit.variants.items() if base_language(tag) == target_lang), None)
        if source is None or target is None:
            continue
        if only is not None and source.strip() not in only:
            if skipped is not None:
                skipped[0] += 1
            continue
        yield f"{path}:{unit.line}", source, target


def text_pairs(source_path: str | Path, target_path: str | Path) -> Iterator[tuple[str, str, str]]:
    """Line-aligned plain-text files (one segment per line)."""
    source_lines = read_text(source_path).split("\n")
    target_lines = read_text(target_path).split("\n")
    while source_lines and not source_lines[-1].strip():
        source_lines.pop()
    while target_lines and not target_lines[-1].strip():
        target_lines.pop()
    if len(source_lines) != len(target_lines):
        raise InputError(f"{source_path} has {len(source_lines)} lines but {target_path} has "
                         f"{len(target_lines)}; give line-aligned files or a TMX")
    for number, (source, target) in enumerate(zip(source_lines, target_lines, strict=True), start=1):
        yield f"{target_path}:{number}", source, target


def tmx_target_languages(path: str | Path, source_lang: str) -> list[str]:
    """Languages other than the source found in the first units of a TMX file."""

    found: dict[str, None] = {}
    for index, unit in enumerate(read_tmx(path)):
        for tag in unit.variants:
            if base_language(tag) != source_lang:
                found[base_language(tag)] = None
        if index > 50:
            break
    return list(found)
