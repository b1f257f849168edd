"""Terminology check of translations: was every source term rendered with an allowed target form?

Each source-term occurrence counts once. Exact level: one of the entry's allowed surface forms
(preferred, admitted, generated case forms, overrides) is in the target segment. Lemma level (WMT 2023
terminology task style): any inflection of an allowed term. Deprecated and forbidden target terms are
reported wherever they occur.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from aligntool.documents import read_text
from aligntool.errors import InputError
from aligntool.glossary.termbase import Glossary
from aligntool.languages import base_language


@dataclass
class Issue:
    """One problem in one segment pair."""

    where: str
    kind: str  # missing | forbidden | deprecated
    entry_id: str
    message: str


@dataclass
class CheckReport:
    """Issues plus the counts behind the term success rates."""

    issues: list[Issue] = field(default_factory=list)
    occurrences: int = 0
    exact: int = 0
    lemma: int = 0
    segments: int = 0

    def rate(self, level: str = "exact") -> float:
        """Share of source-term occurrences translated with an allowed form (1.0 when there are none)."""
        hits = self.exact if level == "exact" else self.lemma
        return hits / self.occurrences if self.occurrences else 1.0

    def summary(self) -> str:
        """One line with both success rates and the violation counts."""
        counts = {kind: sum(1 for i in self.issues if i.kind == kind) for kind in ("forbidden", "deprecated")}
        return (f"{self.segments} segments, {self.occurrences} term occurrences; term success rate: "
                f"exact {self.exact}/{self.occurrences} = {self.rate('exact'):.1%}, "
                f"lemma {self.lemma}/{self.occurrences} = {self.rate('lemma'):.1%}; "
                f"{counts['forbidden']} forbidden, {counts['deprecated']} deprecated terms used")


def check_pairs(glossary: Glossary, pairs: Iterable[tuple[str, str, str]], source_lang: str,
                target_lang: str, report: CheckReport | None = None) -> CheckReport:
    """Check ``(where, source segment, target segment)`` pairs; adds to ``report`` if given."""
    report = report or CheckReport()
    for where, source, target in pairs:
        report.segments += 1
        for match in glossary.find(source, source_lang):
            if match.status not in ("preferred", "admitted"):
                continue
            entry = match.entry
            if not entry.forms(target_lang):
                continue
            report.occurrences += 1
            if entry.satisfied_by(target, target_lang) is not None:
                report.exact += 1
                report.lemma += 1
                continue
            lemma_hit = entry.satisfied_by_lemma(target, target_lang) is not None
            report.lemma += lemma_hit
            expected = entry.target_for(match.term, source_lang, target_lang)
            level = " (only another inflection of it)" if lemma_hit else ""
            report.issues.append(Issue(where, "missing", entry.id,
                                       f"'{match.form}' [{entry.id}] is not translated as {target_lang} "
                                       f"'{expected}' or an allowed form{level}"))
        for match in glossary.find(target, target_lang):
            if match.status in ("deprecated", "forbidden"):
                preferred = match.entry.preferred(target_lang)
                report.issues.append(Issue(where, match.status, match.entry.id,
                                           f"{match.status} {target_lang} term '{match.form}' "
                                           f"[{match.entry.id}]; use '{preferred}'"))
    return report


def tmx_pairs(path: str | Path, source_lang: str, target_lang: str,
              only: set[str] | None = None) -> Iterator[tuple[str, str, str]]:
    """``(file:line, source, target)`` from a TMX file; ``only``: keep units whose source is in it."""
    from aligntool.tmx.reader import read_tmx

    for unit in read_tmx(path):
        source = next((t for tag, t in unit.variants.items() if base_language(tag) == source_lang), None)
        target = next((t for tag, t in unit.variants.items() if base_language(tag) == target_lang), None)
        if source is None or target is None:
            continue
        if only is not None and source.strip() not in only:
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
    from aligntool.tmx.reader import read_tmx

    found: dict[str, None] = {}
    for index, unit in enumerate(read_tmx(path)):
        for tag in unit.variants:
            if base_language(tag) != source_lang:
                found[base_language(tag)] = None
        if index > 50:
            break
    return list(found)
