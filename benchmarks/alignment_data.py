"""Development documents for the aligner, constructed deterministically from gold-aligned text.

A gold alignment is a list of units (source sentences, target sentences). This module rebuilds a new
document pair from a slice of units, grouped into paragraphs, with the edits translators and
converters make: target sentences merged across units or split at a comma or semicolon, omitted and
added sentences, a whole paragraph left out, a paragraph left untranslated (source text copied into
the target), and paragraphs moved in the target. The gold alignment of the result is monotone: of two
swapped paragraphs the longer stays aligned and the other is a run of 1-0 beads where the source has it
and 0-1 beads where the target has it. Keeping the other one aligned instead is as right; the scorer
accepts either (:func:`resolve_gold`, per swapped pair).

Nothing is written to disk (the Text+Berg text is third-party data and stays in ../shared); every run
with the same seed builds the same documents.
"""

from __future__ import annotations

import itertools
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

Unit = tuple[list[str], list[str]]
BeadKey = tuple[tuple[int, ...], tuple[int, ...]]

# Per unit / per paragraph probabilities of each edit.
MERGE, SPLIT, OMIT, ADD = 0.06, 0.05, 0.03, 0.02
DROP_PARAGRAPH, UNTRANSLATED, MOVE = 0.05, 0.04, 0.05
_SPLIT_AT = re.compile(r"[,;]\s+")


@dataclass
class Constructed:
    """A document pair with its gold beads and paragraph starts."""

    name: str
    src: list[str]
    tgt: list[str]
    src_breaks: list[int]
    tgt_breaks: list[int]
    gold: list[BeadKey]
    # Per swapped paragraph pair: (its beads in ``gold``, the beads when the other paragraph is kept).
    alternatives: list[tuple[list[BeadKey], list[BeadKey]]] = field(default_factory=list)


def units_from_gold(src: Sequence[str], tgt: Sequence[str], gold: Sequence[BeadKey]) -> list[Unit]:
    """The gold beads as text units (null beads included)."""
    return [([src[i] for i in s], [tgt[j] for j in t]) for s, t in gold]


def _split(sentence: str, rng: random.Random) -> list[str] | None:
    """Two pieces cut at a comma or semicolon near the middle, or None when there is none."""
    cuts = [m for m in _SPLIT_AT.finditer(sentence) if 0.25 < m.start() / len(sentence) < 0.75]
    if not cuts:
        return None
    cut = rng.choice(cuts)
    first, second = sentence[:cut.start()].rstrip() + ".", sentence[cut.end():]
    return [first, second[:1].upper() + second[1:]]


def _edit_units(units: list[Unit], rng: random.Random) -> list[Unit]:
    """Unit-level edits: merges across units, splits, omissions, additions."""
    out: list[Unit] = []
    k = 0
    while k < len(units):
        src, tgt = list(units[k][0]), list(units[k][1])
        draw = rng.random()
        # A translator merges two sentences that had one translation each (1-1 + 1-1 → 2-1).
        if draw < MERGE and k + 1 < len(units) and len(src) == len(tgt) == 1 and [
                len(side) for side in units[k + 1]] == [1, 1]:
            nxt_src, nxt_tgt = units[k + 1]
            joined = tgt[-1].rstrip(" .") + " ; " + nxt_tgt[0][:1].lower() + nxt_tgt[0][1:]
            out.append((src + list(nxt_src), [*tgt[:-1], joined, *nxt_tgt[1:]]))
            k += 2
            continue
        if draw < MERGE + SPLIT and len(tgt) == 1:
            pieces = _split(tgt[0], rng)
            if pieces:
                tgt = pieces
        elif draw < MERGE + SPLIT + OMIT and src:
            tgt = []
        elif draw < MERGE + SPLIT + OMIT + ADD and tgt:
            src = []
        out.append((src, tgt))
        k += 1
    return out


def _paragraphs(units: list[Unit], rng: random.Random) -> list[list[Unit]]:
    paragraphs: list[list[Unit]] = []
    k = 0
    while k < len(units):
        size = rng.randint(2, 7)
        paragraphs.append(units[k:k + size])
        k += size
    return paragraphs


def construct(name: str, units: Sequence[Unit], seed: int) -> Constructed:
    """A new document pair from ``units`` (in order), edited as the module docstring says."""
    rng = random.Random(f"{name}:{seed}")
    paragraphs = _paragraphs(_edit_units(list(units), rng), rng)
    # Per paragraph: "keep", "drop" (target lacks it), "copy" (target repeats the source text).
    fate = []
    for _ in paragraphs:
        draw = rng.random()
        fate.append("drop" if draw < DROP_PARAGRAPH else "copy" if draw < DROP_PARAGRAPH + UNTRANSLATED else "keep")
    # Moves: paragraph k's target goes after paragraph k + 1's (the source keeps its order).
    order = list(range(len(paragraphs)))
    moved: set[int] = set()
    swaps: list[tuple[int, int]] = []
    k = 0
    while k + 1 < len(order):
        if rng.random() < MOVE and fate[order[k]] == fate[order[k + 1]] == "keep":
            # A monotone alignment can keep only one of two swapped paragraphs: the gold keeps the one
            # with more source sentences (what maximises the aligned text), the other becomes null beads.
            # Keeping the other one is as right, so it is recorded as an alternative (resolve_gold).
            first, second = order[k], order[k + 1]
            sizes = [sum(len(unit[0]) for unit in paragraphs[p]) for p in (first, second)]
            moved.add(second if sizes[1] < sizes[0] else first)
            swaps.append((first, second))
            order[k], order[k + 1] = second, first
            k += 2
        else:
            k += 1
    src: list[str] = []
    src_breaks: list[int] = []
    src_ids: list[list[tuple[int, ...]]] = []  # per paragraph, per unit: source sentence indices
    for paragraph in paragraphs:
        if not src_breaks or src_breaks[-1] != len(src):
            src_breaks.append(len(src))
        ids = []
        for unit_src, _ in paragraph:
            ids.append(tuple(range(len(src), len(src) + len(unit_src))))
            src.extend(unit_src)
        src_ids.append(ids)
    if src_breaks and src_breaks[-1] == len(src):
        src_breaks.pop()
    tgt: list[str] = []
    tgt_breaks: list[int] = []
    tgt_ids: dict[int, list[tuple[int, ...]]] = {}
    for p in order:
        if fate[p] == "drop":
            tgt_ids[p] = [() for _ in paragraphs[p]]
            continue
        if not tgt_breaks or tgt_breaks[-1] != len(tgt):
            tgt_breaks.append(len(tgt))
        ids = []
        for unit_src, unit_tgt in paragraphs[p]:
            sentences = unit_src if fate[p] == "copy" else unit_tgt
            ids.append(tuple(range(len(tgt), len(tgt) + len(sentences))))
            tgt.extend(sentences)
        tgt_ids[p] = ids
    def paragraph_gold(p: int, null: bool) -> list[BeadKey]:
        beads: list[BeadKey] = []
        for unit_src, unit_tgt in zip(src_ids[p], tgt_ids[p], strict=True):
            if null:
                beads.extend(((i,), ()) for i in unit_src)
                beads.extend(((), (j,)) for j in unit_tgt)
            elif fate[p] == "copy":
                beads.extend(((i,), (j,)) for i, j in zip(unit_src, unit_tgt, strict=True))
            elif unit_src and unit_tgt:
                beads.append((unit_src, unit_tgt))
            else:
                beads.extend(((i,), ()) for i in unit_src)
                beads.extend(((), (j,)) for j in unit_tgt)
        return beads

    gold = [bead for p in range(len(paragraphs)) for bead in paragraph_gold(p, p in moved)]
    alternatives = [([*paragraph_gold(a, a in moved), *paragraph_gold(b, b in moved)],
                     [*paragraph_gold(a, a not in moved), *paragraph_gold(b, b not in moved)]) for a, b in swaps]
    built = Constructed(f"{name}#{seed}", src, tgt, src_breaks, [b for b in tgt_breaks if b < len(tgt)], gold,
                        alternatives)
    _check(built)
    return built


def _check(doc: Constructed) -> None:
    """The gold covers every sentence once, and its non-empty beads are monotone."""
    if sorted(i for bead in doc.gold for i in bead[0]) != list(range(len(doc.src))) or sorted(
            j for bead in doc.gold for j in bead[1]) != list(range(len(doc.tgt))):
        raise RuntimeError(f"{doc.name}: the gold does not cover every sentence exactly once")
    full = sorted(bead for bead in doc.gold if bead[0] and bead[1])
    if any(a[0][-1] >= b[0][0] or a[1][-1] >= b[1][0] for a, b in itertools.pairwise(full)):
        raise RuntimeError(f"{doc.name}: the gold is not monotone")


def plain(name: str, units: Sequence[Unit]) -> Constructed:
    """The units as they are (no edits, no paragraphs): a slice of the original document."""
    src: list[str] = []
    tgt: list[str] = []
    gold: list[BeadKey] = []
    for unit_src, unit_tgt in units:
        gold.append((tuple(range(len(src), len(src) + len(unit_src))),
                     tuple(range(len(tgt), len(tgt) + len(unit_tgt)))))
        src.extend(unit_src)
        tgt.extend(unit_tgt)
    return Constructed(name, src, tgt, [], [], gold)


def resolve_gold(doc: Constructed, test: Sequence[BeadKey]) -> list[BeadKey]:
    """The gold with, for each swapped paragraph pair, whichever of the two right answers ``test`` is closer to."""
    gold = set(doc.gold)
    found = set(test)
    for kept, other in doc.alternatives:
        if len(found & set(other)) > len(found & set(kept)):
            gold = (gold - set(kept)) | set(other)
    return sorted(gold)
