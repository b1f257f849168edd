"""Shared lexical evidence of a source block and every target block in a DP row, vectorised.

For source sentence ``r`` the target occurrences of each of its keys are counted once, as cumulative
counts over the band columns the rows after ``r`` can reach. A bead's shared weight is then
``sum_k w_k * min(count_src_k, count_tgt_k)`` (multiset intersection), computed for a whole row of
target end positions with one small matrix product.
"""

from __future__ import annotations

import numpy as np

from aligntool.engines.alignment.features import PostingIndex, SideFeatures

MAX_GROUP = 5  # the most sentences on one side of a bead


class EvidenceTable:
    """Shared evidence of candidate beads, each shared key occurrence counted by its coefficient."""

    def __init__(self, src: SideFeatures, tgt: SideFeatures, index: PostingIndex,
                 coefficients: np.ndarray | None = None) -> None:
        self.src = src
        # per key: what one shared occurrence is worth (default: the key's weight)
        self.coefficients = index.weights if coefficients is None else coefficients
        self.tgt = tgt
        self.index = index
        self.n = len(src.keys)
        self.m = len(tgt.keys)
        self._band: tuple[np.ndarray, np.ndarray] | None = None
        self._sentences: dict[int, tuple[int, np.ndarray]] = {}
        self._row = -1
        self._blocks: dict[int, tuple[int, np.ndarray, np.ndarray | None, np.ndarray]] = {}

    def set_band(self, lo: np.ndarray, hi: np.ndarray) -> None:
        """The columns each DP row covers; resets the caches."""
        self._band = (lo, hi)
        self._sentences.clear()
        self._row = -1
        self._blocks.clear()

    def _sentence(self, r: int) -> tuple[int, np.ndarray]:
        """(first column, cumulative target counts per key of source sentence ``r``)."""
        cached = self._sentences.get(r)
        if cached is not None:
            return cached
        if self._band is None:
            raise RuntimeError("set_band() must be called first")
        lo, hi = self._band
        start = max(0, int(lo[min(r + 1, self.n)]) - MAX_GROUP)
        end = int(hi[min(r + MAX_GROUP, self.n)])
        keys = self.src.keys[r]
        counts = np.zeros((len(keys), end - start + 1))
        for row, key in enumerate(keys.tolist()):
            post = self.index.postings[key]
            hits = post[np.searchsorted(post, start):np.searchsorted(post, end)]
            np.add.at(counts[row], hits - start + 1, 1.0)  # a key can occur twice in a sentence
        cached = (start, np.cumsum(counts, axis=1))
        self._sentences[r] = cached
        if len(self._sentences) > 4 * MAX_GROUP:
            for old in [key for key in self._sentences if key < r - MAX_GROUP]:
                del self._sentences[old]
        return cached

    def _block(self, i: int, a: int) -> tuple[int, np.ndarray, np.ndarray | None, np.ndarray]:
        """(first column, key weights, source counts (None: each key once), cumulative target counts) of
        src[i-a:i] in row i."""
        if i != self._row:
            self._row = i
            self._blocks.clear()
        block = self._blocks.get(a)
        if block is not None:
            return block
        lo, _ = self._band  # type: ignore[misc]
        start = max(0, int(lo[i]) - MAX_GROUP)
        width = None
        keys_parts: list[np.ndarray] = []
        count_parts: list[np.ndarray] = []
        for r in range(i - a, i):
            r_start, cumulative = self._sentence(r)
            offset = start - r_start
            if width is None:
                _, hi = self._band  # type: ignore[misc]
                width = int(hi[i]) - start + 1
            keys_parts.append(self.src.keys[r])
            count_parts.append(cumulative[:, offset:offset + width])
        keys = keys_parts[0] if a == 1 else np.concatenate(keys_parts)
        counts = count_parts[0] if a == 1 else np.concatenate(count_parts, axis=0)
        if len(keys) == 0:
            block = (start, np.zeros(0), None, counts)
        elif len(keys) == 1 or bool((keys[1:] > keys[:-1]).all()):
            # Distinct keys (the common case of one sentence): no sort, no copy; None = each once.
            block = (start, self.coefficients[keys], None, counts)
        else:
            unique, first, repeats = np.unique(keys, return_index=True, return_counts=True)
            block = (start, self.coefficients[unique], None if repeats.max() <= 1 else repeats.astype(np.float64),
                     counts[first])
        self._blocks[a] = block
        return block

    def matched(self, i: int, a: int, b: int, cols: np.ndarray) -> np.ndarray:
        """Shared weight of src[i-a:i] with tgt[j-b:j] for each j in ``cols`` (consecutive columns)."""
        start, weights, src_counts, cumulative = self._block(i, a)
        if len(weights) == 0:
            return np.zeros(len(cols))
        # cols is a contiguous range, so slices (views) replace fancy indexing.
        first = int(cols[0]) - start
        last = first + len(cols)
        tgt_counts = cumulative[:, first:last] - cumulative[:, first - b:last - b]
        if src_counts is None:
            return weights @ np.minimum(tgt_counts, 1.0)
        return weights @ np.minimum(tgt_counts, src_counts[:, None])
