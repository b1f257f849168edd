"""Inline codes through a translation job: each translated sentence gets its source's codes, and each run and
file counts them (codes in, codes out, sentences placed without full evidence).

A translation-memory match whose stored source had the same codes (same kinds and types at the same offsets)
brings its stored translation's codes; otherwise the codes are placed by word alignment
(:func:`aligntool.engines.translation.placement.place_codes`), with a glossary's terms found on both sides as links.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from aligntool.core.inline import CodeAt, CodedText
from aligntool.engines.alignment.features import GlossaryLike
from aligntool.engines.translation.placement import Placement, place_codes, span_links


@dataclass
class CodeReport:
    """Inline-code counts for one target language (a run, or one file)."""

    sentences: int = 0  # sentences that had codes
    codes_in: int = 0
    codes_out: int = 0
    fallbacks: int = 0  # sentences whose codes were not all placed by aligned words (x-codes-fallback)
    from_tm: int = 0  # sentences whose codes came with a translation-memory match

    def add(self, source: tuple[CodeAt, ...], placement: Placement, from_tm: bool = False) -> None:
        """Count one sentence."""
        if not source:
            return
        self.sentences += 1
        self.codes_in += len(source)
        self.codes_out += len(placement.coded.codes)
        self.fallbacks += not placement.confident
        self.from_tm += from_tm

    def merge(self, other: CodeReport) -> None:
        """Add another report's counts."""
        for name in ("sentences", "codes_in", "codes_out", "fallbacks", "from_tm"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def _shape(codes: tuple[CodeAt, ...]) -> list[tuple[int, str, str]]:
    return [(c.offset, c.code.kind.value, c.code.type) for c in codes]


def from_memory(source: CodedText, target: str,
                stored: tuple[tuple[CodeAt, ...], tuple[CodeAt, ...]] | None) -> Placement | None:
    """The stored translation's codes, as this sentence's codes, when the stored source had the same codes."""
    if stored is None:
        return None
    stored_source, stored_target = stored
    if _shape(stored_source) != _shape(source.codes):
        return None
    ours = {(c.code.pair, c.code.kind): placed.code for c, placed in zip(stored_source, source.codes, strict=True)}
    codes = []
    for placed in stored_target:
        code = ours.get((placed.code.pair, placed.code.kind))
        if code is None or placed.offset > len(target):
            return None
        codes.append(replace(placed, code=code))
    return Placement(CodedText(target, tuple(codes)), True)


def glossary_links(glossary: GlossaryLike, source: str, target: str, source_lang: str,
                   target_lang: str) -> list[tuple[int, int]]:
    """Word links from glossary terms found in both sentences (the n-th occurrence of an entry in the source
    with its n-th occurrence in the translation): ``Collective Security Treaty Organization`` with ``ОДКБ``."""
    found: dict[str, list[tuple[int, int]]] = {}
    for match in glossary.find(target, target_lang):
        found.setdefault(match.entry.id, []).append((match.start, match.end))
    spans = []
    for match in glossary.find(source, source_lang):
        targets = found.get(match.entry.id)
        if targets:
            spans.append(((match.start, match.end), targets.pop(0)))
    return span_links(source, target, spans)


def translated_codes(source: CodedText, target: str,
                     stored: tuple[tuple[CodeAt, ...], tuple[CodeAt, ...]] | None = None,
                     links: list[tuple[int, int]] | None = None) -> tuple[Placement, bool]:
    """The translation with the source's codes, and whether they came from the memory; ``links``: word links
    known besides the lexical ones (glossary terms)."""
    remembered = from_memory(source, target, stored)
    if remembered is not None:
        return remembered, True
    return place_codes(source, target, links or None), False
