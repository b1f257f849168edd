"""Cost of a bead (a group of source sentences aligned to a group of target sentences).

cost = bead-type penalty + Gale–Church length cost + lexical cost + paragraph anchors. The lexical cost
is additive over evidence keys (:mod:`aligntool.engines.alignment.features`): each key occurrence costs its
mismatch weight, and each occurrence shared by both sides of the bead earns that back plus a bonus. Being
additive, it does not depend on how a stretch of text is cut into beads: one 2-2 bead and two 1-1 beads
with the same shared keys cost the same apart from the bead-type penalties. A 1-0 or 0-1 bead costs
``skip_cost``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from aligntool.core.errors import ConfigError
from aligntool.engines.alignment.evidence import MAX_GROUP, EvidenceTable
from aligntool.engines.alignment.features import PostingIndex, SideFeatures
from aligntool.engines.alignment.length import DEFAULT_VARIANCE, estimate_ratio, length_cost

Features = tuple[SideFeatures, SideFeatures, PostingIndex]

DEFAULT_BEAD_COSTS: dict[tuple[int, int], float] = {
    (1, 1): 0.0,
    (1, 2): 2.0,
    (2, 1): 2.0,
    (2, 2): 4.0,
    (1, 3): 4.0,
    (3, 1): 4.0,
    # Larger groups appear where one side splits at ';' or ':' and the other does not.
    (2, 3): 5.0,
    (3, 2): 5.0,
    (1, 4): 5.0,
    (4, 1): 5.0,
    # OCR and segmentation leave fragments ("A. Desio ) ."), which gold alignments attach to a neighbour.
    (3, 3): 7.0,
    (1, 5): 7.0,
    (5, 1): 7.0,
}


@dataclass(frozen=True)
class AlignOptions:
    """Parameters of the aligner (recorded in the TMX header signature)."""

    bead_costs: dict[tuple[int, int], float] = field(default_factory=lambda: dict(DEFAULT_BEAD_COSTS))
    skip_cost: float = 3.0  # a 1-0 or 0-1 bead
    variance: float = DEFAULT_VARIANCE
    lexical_weight: float = 1.0  # bonus per unit of shared evidence weight
    mismatch_weight: float = 0.3  # cost per unit of word evidence without a partner in the bead
    strong_mismatch_weight: float = 1.5  # the same for URLs, ? and !, glossary terms
    # Paragraph anchors: a path through a break present in both documents earns this bonus (at most
    # skip_cost, so skipping a one-sentence paragraph never pays); a bead spanning a break costs it.
    anchor_weight: float = 2.5
    band: int = 50  # initial half-width of the DP band, in sentences
    # Longer documents are aligned in overlapping windows of this many source sentences, so memory does
    # not grow with their length (aligntool.engines.alignment.window); 0: one piece whatever the length.
    window: int = 2000
    ratio: float | None = None  # target/source length ratio; None: estimated from the documents
    # Two passes: the first one's confident beads train a word translation table (IBM Model 1) whose
    # word pairs become evidence for the second (aligntool.engines.alignment.lexical).
    lexical_model: bool = True
    # Bonus for a bead's share of translation-table evidence (Dice of the two sides' word keys, 0..1).
    # A share, not a sum: a merged bead does not gain from words of one sentence that happen to
    # translate words of its neighbour (Model 1 divides by the source length for the same reason).
    lexical_model_weight: float = 6.0
    # Pseudo-weight added to the Dice denominator: two sentences sharing their only known word are
    # weaker evidence than two sharing ten.
    lexical_prior: float = 3.0
    # Lines without a word or a digit (OCR debris, page furniture) are left unaligned (.debris).
    set_aside_debris: bool = True

    def validate(self) -> None:
        """Raise ConfigError listing every invalid value at once."""
        problems: list[str] = []
        for (a, b), cost in self.bead_costs.items():
            if a < 1 or b < 1 or a > MAX_GROUP or b > MAX_GROUP:
                problems.append(f"bead type {a}-{b}: sizes must be 1 to {MAX_GROUP} (1-0 and 0-1 use skip_cost)")
            if cost < 0:
                problems.append(f"bead type {a}-{b}: cost must be >= 0")
        for name in ("skip_cost", "variance", "lexical_weight", "mismatch_weight", "strong_mismatch_weight",
                     "anchor_weight", "lexical_model_weight", "lexical_prior"):
            if getattr(self, name) < 0 or (name == "variance" and self.variance == 0):
                problems.append(f"{name} must be positive")
        if self.band < 1:
            problems.append("band must be at least 1")
        if self.window < 0 or 0 < self.window < 8:
            problems.append("window must be 0 (no windows) or at least 8 sentences")
        if self.ratio is not None and self.ratio <= 0:
            problems.append("ratio must be positive")
        if problems:
            raise ConfigError("invalid alignment options: " + "; ".join(problems))

    def signature_fields(self) -> dict[str, str]:
        """The parameters as signature fields (explicit, not from ``__dict__``)."""
        beads = ",".join(f"{a}-{b}:{cost:g}" for (a, b), cost in sorted(self.bead_costs.items()))
        return {
            "align-beads": beads,
            "align-skip": f"{self.skip_cost:g}",
            "align-variance": f"{self.variance:g}",
            "align-lexical": f"{self.lexical_weight:g}",
            "align-mismatch": f"{self.mismatch_weight:g},{self.strong_mismatch_weight:g}",
            "align-anchor": f"{self.anchor_weight:g}",
            "align-lexical-model": (f"model1:{self.lexical_model_weight:g},{self.lexical_prior:g}"
                                    if self.lexical_model else "none"),
            "align-debris": "aside" if self.set_aside_debris else "aligned",
        }


def _breaks(flags: Sequence[int] | None, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Boundary flags at positions 0..n (1 where a paragraph starts) and their prefix sums."""
    marks = np.zeros(n + 1, dtype=np.float64)
    if flags is not None:
        for position in flags:
            if 0 < position < n:
                marks[position] = 1.0
    marks[0] = marks[n] = 1.0
    prefix = np.concatenate([[0.0], np.cumsum(marks)])
    return marks, prefix


class BeadCoster:
    """Vectorised bead costs for one DP row."""

    def __init__(self, src_len: np.ndarray, tgt_len: np.ndarray, src: SideFeatures, tgt: SideFeatures,
                 index: PostingIndex, options: AlignOptions,
                 src_breaks: Sequence[int] | None = None, tgt_breaks: Sequence[int] | None = None,
                 lexical: Features | None = None) -> None:
        self.src_len = src_len
        self.tgt_len = tgt_len
        self.src = src
        self.tgt = tgt
        self.index = index
        self.options = options
        self.n = len(src_len) - 1
        self.m = len(tgt_len) - 1
        self.ratio = options.ratio or estimate_ratio(float(src_len[-1]), float(tgt_len[-1]))
        use_anchors = bool(src_breaks) and bool(tgt_breaks) and options.anchor_weight > 0
        self.anchors = use_anchors
        self.src_marks, self.src_mark_sum = _breaks(src_breaks if use_anchors else None, self.n)
        self.tgt_marks, self.tgt_mark_sum = _breaks(tgt_breaks if use_anchors else None, self.m)
        mismatch = np.where(index.strong, options.strong_mismatch_weight, options.mismatch_weight)
        self.evidence = EvidenceTable(src, tgt, index, (mismatch + options.lexical_weight) * index.weights)
        self.lexical: EvidenceTable | None = None
        if lexical is not None and options.lexical_model_weight > 0:
            self.lexical = EvidenceTable(*lexical)

    def set_band(self, lo: np.ndarray, hi: np.ndarray) -> None:
        """Tell the coster which target columns each row uses (to size the evidence windows)."""
        self.evidence.set_band(lo, hi)
        if self.lexical is not None:
            self.lexical.set_band(lo, hi)

    def cost(self, i: int, a: int, b: int, cols: np.ndarray) -> np.ndarray:
        """Cost of bead ``a``-``b`` ending at row ``i`` and each column in ``cols`` (all ``>= b``)."""
        opts = self.options
        src_len = self.src_len[i] - self.src_len[i - a]
        tgt_len = self.tgt_len[cols] - self.tgt_len[cols - b]
        total = opts.bead_costs[(a, b)] + length_cost(src_len, tgt_len, self.ratio, opts.variance)
        # Every key costs its mismatch weight; every shared pair earns it back plus the lexical bonus
        # (the coefficients fold both in, per key kind).
        src, tgt = self.src, self.tgt
        strong = (src.strong_prefix[i] - src.strong_prefix[i - a]) + (
            tgt.strong_prefix[cols] - tgt.strong_prefix[cols - b])
        weak = (src.prefix[i] - src.prefix[i - a]) + (tgt.prefix[cols] - tgt.prefix[cols - b]) - strong
        total += opts.mismatch_weight * weak + opts.strong_mismatch_weight * strong
        total -= 2.0 * self.evidence.matched(i, a, b, cols)
        if self.lexical is not None:
            total -= opts.lexical_model_weight * self.lexical_share(i, a, b, cols)
        if self.anchors:
            inside = (self.src_mark_sum[i] - self.src_mark_sum[i - a + 1]) + (
                self.tgt_mark_sum[cols] - self.tgt_mark_sum[cols - b + 1])
            total += opts.anchor_weight * inside
        return total

    def lexical_share(self, i: int, a: int, b: int, cols: np.ndarray) -> np.ndarray:
        """Dice coefficient of the bead's translation-table keys (0 where neither side has any)."""
        table = self.lexical
        if table is None:
            return np.zeros(len(cols))
        src, tgt = table.src, table.tgt
        total = (src.prefix[i] - src.prefix[i - a]) + (tgt.prefix[cols] - tgt.prefix[cols - b])
        return 2.0 * table.matched(i, a, b, cols) / np.maximum(total + self.options.lexical_prior, 1e-9)

    def cell_penalty(self, i: int, cols: np.ndarray) -> np.ndarray | None:
        """Bonus (negative) for passing through (i, j) where both documents start a paragraph.

        Only a bonus: a path through a break of one document alone is not penalised, because an
        inserted or omitted sentence at a paragraph's end puts the path there legitimately.
        """
        if not self.anchors or i == 0 or i == self.n or not self.src_marks[i]:
            return None
        bonus = min(self.options.anchor_weight, self.options.skip_cost)
        marks = self.tgt_marks[cols].copy()
        marks[(cols == 0) | (cols == self.m)] = 0.0
        return -bonus * marks
