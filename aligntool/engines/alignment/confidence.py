"""Confidence of each bead from max-marginals: how much worse the best alignment that disagrees is.

The forward DP gives the best cost of reaching each band cell, the same DP run on the reversed
documents the best cost of finishing from it; their sum is the best complete alignment through the
cell. A bead is sure when every alignment that moves one of its boundaries (or splits it) costs much
more than the chosen one; the gap, in cost units, becomes a 0..1 score.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np

MARGIN_SCALE = 2.0  # cost gap at which confidence reaches 1 - 1/e


def margins(forward: Sequence[np.ndarray], backward: Sequence[np.ndarray], lo: np.ndarray, hi: np.ndarray,
            m: int, path: Sequence[tuple[int, int]],
            cell_penalty: Callable[[int, np.ndarray], np.ndarray | None],
            start: tuple[int, int] = (0, 0)) -> tuple[np.ndarray, np.ndarray]:
    """Per source boundary (row) and target boundary (column): best disagreeing cost minus best cost.

    ``forward`` holds the rows from ``start`` to the end of ``path`` (the whole document by default, or
    one window of it), ``backward[k]`` the reversed DP's row for the ``k``-th row from the end (columns
    mirrored). Returns the row margins of those rows and the column margins of columns
    ``lo[first row]``..``hi[last row]`` (indexed from there).
    """
    i0, j0 = start
    i1 = i0 + len(forward) - 1
    visited: dict[int, list[int]] = {i0: [j0]}
    i, j = start
    for a, b in path:
        i, j = i + a, j + b
        visited.setdefault(i, []).append(j)
    best = float(forward[-1][j - int(lo[i1])])
    first_col = int(lo[i0])
    row_margin = np.full(len(forward), np.inf)
    col_best = np.full(int(hi[i1]) - first_col + 1, np.inf)
    for row in range(i0, i1 + 1):
        cols = np.arange(int(lo[row]), int(hi[row]) + 1)
        total = forward[row - i0] + backward[i1 - row][::-1]
        penalty = cell_penalty(row, cols)
        if penalty is not None:
            total = total - penalty  # both directions counted the cell's own bonus
        for col in visited.get(row, ()):
            total[col - int(lo[row])] = np.inf
        if len(total):
            row_margin[row - i0] = float(total.min()) - best
            np.minimum.at(col_best, cols - first_col, total)
    return row_margin, col_best - best


def bead_confidence(src: tuple[int, ...], tgt: tuple[int, ...], row_margin: np.ndarray,
                    col_margin: np.ndarray) -> float:
    """0..1 from the smallest margin over the bead's end boundaries and the boundaries inside it."""
    if not src or not tgt:
        return 0.0
    gap = min(float(row_margin[src[0] + 1:src[-1] + 2].min()), float(col_margin[tgt[0] + 1:tgt[-1] + 2].min()))
    if not math.isfinite(gap):
        return 1.0
    return 1.0 - math.exp(-max(gap, 0.0) / MARGIN_SCALE)
