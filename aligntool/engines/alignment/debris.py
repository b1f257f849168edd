"""Sentences with nothing to align: OCR debris and page furniture (``.....``, ``- _-``, ``h * "``).

A line without a word of two letters and without a digit carries no text a translation could render, and
gold alignments (Text+Berg, Sennrich & Volk 2010) leave such lines unaligned. Left in, the DP glues them
to a neighbouring bead, because a 1-2 bead costs less than a 1-0 one. They are therefore set aside
before aligning and come back as 1-0/0-1 beads — except inside a bead's span, which they rejoin: beads
stay runs of consecutive sentences (the gold files would write ``[291, 293, 294]``; the TMX, the review
app and sentence numbering rely on runs).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from aligntool.core.words import TWO_LETTERS
from aligntool.engines.alignment.beads import Bead

_DIGIT = re.compile(r"\d")


def is_debris(text: str) -> bool:
    """True when ``text`` has no word of two letters or more and no digit."""
    return not TWO_LETTERS.search(text) and not _DIGIT.search(text)


@dataclass(frozen=True)
class Kept:
    """The sentences of one document that are aligned: their original indices, in order."""

    indices: list[int]
    size: int  # sentences in the original document

    @classmethod
    def of(cls, sentences: Sequence[str]) -> Kept:
        """Every sentence that is not debris (all of them when every one is)."""
        kept = [i for i, text in enumerate(sentences) if not is_debris(text)]
        return cls(kept if kept else list(range(len(sentences))), len(sentences))

    @property
    def complete(self) -> bool:
        """Nothing was set aside."""
        return len(self.indices) == self.size

    def select(self, values: Sequence[object] | None) -> list | None:
        """The per-sentence ``values`` of the kept sentences (None stays None)."""
        return None if values is None else [values[i] for i in self.indices]

    def breaks(self, starts: Sequence[int] | None) -> list[int] | None:
        """Paragraph starts renumbered; a paragraph starting with debris starts at its next kept sentence."""
        if starts is None:
            return None
        position = {original: new for new, original in enumerate(self.indices)}
        renumbered: set[int] = set()
        for start in starts:
            later = next((i for i in range(start, self.size) if i in position), None)
            if later is not None:
                renumbered.add(position[later])
        return sorted(renumbered)


def restore(beads: Sequence[Bead], src: Kept, tgt: Kept) -> list[Bead]:
    """Beads of the kept sentences renumbered to the documents, set-aside sentences as null beads in
    document order."""
    if src.complete and tgt.complete:
        return list(beads)
    src_aside = sorted(set(range(src.size)) - set(src.indices))
    tgt_aside = sorted(set(range(tgt.size)) - set(tgt.indices))
    out: list[Bead] = []
    for bead in beads:
        src_ids = _span(tuple(src.indices[i] for i in bead.src), src_aside)
        tgt_ids = _span(tuple(tgt.indices[j] for j in bead.tgt), tgt_aside)
        while src_aside and src_ids and src_aside[0] < src_ids[0]:
            out.append(Bead((src_aside.pop(0),), (), 0.0))
        while tgt_aside and tgt_ids and tgt_aside[0] < tgt_ids[0]:
            out.append(Bead((), (tgt_aside.pop(0),), 0.0))
        out.append(Bead(src_ids, tgt_ids, bead.score, bead.evidence))
    out.extend(Bead((i,), (), 0.0) for i in src_aside)
    out.extend(Bead((), (j,), 0.0) for j in tgt_aside)
    return out


def _span(ids: tuple[int, ...], aside: list[int]) -> tuple[int, ...]:
    """``ids`` with the set-aside sentences inside their span (taken out of ``aside``)."""
    if len(ids) < 2 or ids[-1] - ids[0] + 1 == len(ids):
        return ids
    for index in range(ids[0], ids[-1] + 1):
        if index in aside:
            aside.remove(index)
    return tuple(range(ids[0], ids[-1] + 1))
