"""Strict and lax precision/recall/F1 of sentence alignments, as Vecalign and Bertalign report them.

Per document, gold and test are sets of beads (source indices, target indices). Precision looks at every
test bead: a strict hit equals a gold bead; a lax hit equals one or, when it has both sides, has a target
index among those gold aligns to any of its source indices. Recall is the same computation with the roles
swapped, after beads with an empty side are dropped from both. Counts are summed over all documents
before dividing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

BeadKey = tuple[tuple[int, ...], tuple[int, ...]]


@dataclass(frozen=True)
class Counts:
    """Hits and totals for one direction (precision or recall)."""

    strict: int = 0
    lax: int = 0
    total: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.strict + other.strict, self.lax + other.lax, self.total + other.total)


@dataclass(frozen=True)
class Scores:
    """Strict and lax precision, recall and F1."""

    precision_strict: float
    recall_strict: float
    f1_strict: float
    precision_lax: float
    recall_lax: float
    f1_lax: float


def _hits(reference: Iterable[BeadKey], candidates: Iterable[BeadKey]) -> Counts:
    ref = {bead for bead in reference if bead[0] or bead[1]}
    targets_of: dict[int, set[int]] = {}
    for src, tgt in ref:
        for s in src:
            targets_of.setdefault(s, set()).update(tgt)
    strict = lax = total = 0
    for src, tgt in set(candidates):
        if not src and not tgt:
            continue
        total += 1
        if (src, tgt) in ref:
            strict += 1
            lax += 1
        elif src and tgt and any(t in targets_of.get(s, ()) for s in src for t in tgt):
            lax += 1
    return Counts(strict, lax, total)


def document_counts(gold: Sequence[BeadKey], test: Sequence[BeadKey]) -> tuple[Counts, Counts]:
    """(precision counts, recall counts) of one document."""
    precision = _hits(gold, test)
    recall = _hits([b for b in test if b[0] and b[1]], [b for b in gold if b[0] and b[1]])
    return precision, recall


def _ratio(hits: int, total: int) -> float:
    return hits / total if total else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score_documents(pairs: Iterable[tuple[Sequence[BeadKey], Sequence[BeadKey]]]) -> Scores:
    """Scores over several (gold, test) documents, counts summed before dividing."""
    precision = recall = Counts()
    for gold, test in pairs:
        p, r = document_counts(gold, test)
        precision += p
        recall += r
    ps, rs = _ratio(precision.strict, precision.total), _ratio(recall.strict, recall.total)
    pl, rl = _ratio(precision.lax, precision.total), _ratio(recall.lax, recall.total)
    return Scores(ps, rs, _f1(ps, rs), pl, rl, _f1(pl, rl))
