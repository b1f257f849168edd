"""Sentence segmentation for English, Russian and Kazakh (and a generic fallback): candidates + rules.

``segment(text, lang)`` returns :class:`~aligntool.core.datatypes.Segment` spans with offsets into ``text``;
``segment_document`` adds the paragraph starts (the one policy every command uses, see ``document.py``).
Rules are in :mod:`aligntool.engines.segmentation.rules`, language tables in ``aligntool/engines/segmentation/data``;
:mod:`aligntool.engines.segmentation.srx` reads SRX 2.0 files and exports these rules as SRX 2.0.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterable, Iterator
from functools import cache, lru_cache
from pathlib import Path

from aligntool.core import paragraphs as paragraph_rule
from aligntool.core.datatypes import Segment
from aligntool.core.languages import base_language
from aligntool.core.signature import content_hash
from aligntool.engines.segmentation import abbreviations, base, candidates, patterns, rules
from aligntool.engines.segmentation.base import JOIN, NEWLINE_MODES, SPLIT, BaseSegmenter, check_newlines, paragraphs
from aligntool.engines.segmentation.candidates import RIGHT_CLASSES, Split, find_candidates, list_markers
from aligntool.engines.segmentation.resources import (
    LanguageResources,
    load_resources,
    moses_languages,
    rule_languages,
)
from aligntool.engines.segmentation.rules import RULES, Rule
from aligntool.engines.segmentation.srx import SrxSegmenter, read_srx

__all__ = [
    "JOIN",
    "NEWLINE_MODES",
    "SPLIT",
    "RuleSegmenter",
    "fallback_rules",
    "get_segmenter",
    "segment",
    "segmenter_signature",
]

#: The name :meth:`RuleSegmenter.explain` gives a candidate no rule answered for (it splits).
DEFAULT_RULE = "default"


def rules_language(lang: str) -> str:
    """en, ru, kk; another language code keeps its name (its Moses prefixes are used if sacremoses has
    them); anything that is not a language code becomes ``*``, the generic rules."""
    code = base_language(lang or "en")
    return code if re.fullmatch(r"[a-z]{2,3}", code) else "*"


class RuleSegmenter(BaseSegmenter):
    """aligntool's own segmenter: candidate boundaries judged by the ordered :data:`RULES`."""

    def __init__(self, lang: str = "en", newlines: str = "break",
                 rules: tuple[Rule, ...] = RULES) -> None:
        super().__init__(newlines)
        self.lang = rules_language(lang)
        self.resources: LanguageResources = load_resources(self.lang)
        self.rules = rules
        # the rules that can answer, by (candidate kind, is a single full stop, right class): the one
        # dispatch that boundaries, decide and explain all use
        active = [rule for rule in rules if not rule.needs or getattr(self.resources, rule.needs)]
        kinds = {kind for rule in active for kind in rule.kinds}
        self._by_key = {
            (kind, dot, right): tuple(rule for rule in active if kind in rule.kinds
                                      and (dot or not rule.dot_only) and (not rule.right or right in rule.right))
            for kind in kinds for dot in (False, True) for right in RIGHT_CLASSES}

    def _judged(self, text: str, start: int, end: int) -> Iterator[tuple[Split, str, str]]:
        """Every candidate boundary of ``text[start:end]`` with its verdict and the deciding rule's name."""
        dots = frozenset(list_markers(text, start, end)[2])
        paragraph = text[start:end]
        openers = "".join(char for char in "([«" if char in paragraph)
        for split in find_candidates(text, start, end, self.resources):
            split.list_dots = dots
            split.openers = openers
            verdict, name = self._verdict(split)
            yield split, verdict, name

    def _verdict(self, split: Split) -> tuple[str, str]:
        for rule in self._by_key.get((split.kind, split.punct == ".", split.right_class), ()):
            verdict = rule.check(split)
            if verdict is not None:
                return verdict, rule.name
        return SPLIT, DEFAULT_RULE

    def boundaries(self, text: str, start: int, end: int) -> Iterator[int]:
        for split, verdict, _name in self._judged(text, start, end):
            if verdict == SPLIT:
                yield split.pos

    def decide(self, split: Split) -> str:
        """The first verdict of the rules (SPLIT when none has one)."""
        return self._verdict(split)[0]

    def explain(self, text: str) -> Iterable[tuple[int, str, str]]:
        """(boundary, verdict, rule name) for every candidate, decided exactly as :meth:`segment` decides;
        the rule name is ``default`` where no rule answered (a split). For debugging rule changes."""
        for start, end in paragraphs(text, self.newlines):
            for split, verdict, name in self._judged(text, start, end):
                yield split.pos, verdict, name


@lru_cache(maxsize=32)
def get_segmenter(lang: str = "en", newlines: str = "break", srx: str | None = None) -> BaseSegmenter:
    """A cached segmenter: aligntool's rules, or the rules of an SRX file when ``srx`` is a path."""
    check_newlines(newlines)
    if srx is not None:

        return SrxSegmenter(read_srx(srx), lang, newlines)
    return RuleSegmenter(lang, newlines)


def segment(text: str, lang: str = "en", newlines: str = "break",
            srx: str | Path | None = None) -> list[Segment]:
    """Split ``text`` into sentences; ``text[s.start:s.end] == s.text`` for every segment.

    ``newlines="break"`` (default) ends a segment at every line break (headings, list items) except in
    soft-wrapped text; ``"space"`` treats single line breaks as spaces (PDF extractions); a blank line
    always ends a segment.  ``srx`` segments with the rules of an SRX 2.0 file instead.
    """
    return get_segmenter(lang, newlines, str(srx) if srx is not None else None).segment(text)


@cache
def segmenter_signature(lang: str = "en") -> str:
    """Short stable hash of the rules, data and code used for ``lang`` (for the reproducibility signature):
    it changes whenever that code does, so a resumed run never mixes segmentations."""
    resources = load_resources(rules_language(lang))
    modules = (paragraph_rule, base, candidates, patterns, abbreviations, rules)
    code = "".join(inspect.getsource(module) for module in modules)
    return content_hash(rules_language(lang), resources.fingerprint, code)


def fallback_rules(lang: str) -> str | None:
    """None when ``lang`` has rules of its own (en, ru, kk); otherwise which rules segment it, in words."""

    code = rules_language(lang)
    if code in rule_languages():
        return None
    if code in moses_languages():
        return f"the generic rules with the Moses non-breaking prefixes for '{code}' (from sacremoses)"
    return "the generic rules only (no abbreviation list for it)"

