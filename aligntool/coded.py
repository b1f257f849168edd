"""Inline codes through a translation job: each translated sentence gets its source's codes, and each run and
file counts them (codes in, codes out, sentences placed without full evidence).

A translation-memory match whose stored source had the same codes (same kinds and types at the same offsets)
brings its stored translation's codes; otherwise the codes are placed by word alignment
(:func:`aligntool.translation.placement.place_codes`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from aligntool.core.inline import CodeAt, CodedText
from aligntool.translation.placement import Placement, place_codes


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


def translated_codes(source: CodedText, target: str,
                     stored: tuple[tuple[CodeAt, ...], tuple[CodeAt, ...]] | None = None) -> tuple[Placement, bool]:
    """The translation with the source's codes, and whether they came from the memory."""
    remembered = from_memory(source, target, stored)
    if remembered is not None:
        return remembered, True
    return place_codes(source, target), False
