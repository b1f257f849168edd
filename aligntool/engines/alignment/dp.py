"""Banded monotone dynamic programme over beads.

Cell ``(i, j)`` is the best cost of aligning ``src[:i]`` with ``tgt[:j]``. Only a band of columns around
the expected diagonal (cumulative lengths in proportion) is computed; each row is vectorised with numpy,
including the chain of 0-1 beads inside a row (a prefix-minimum scan). Memory is one byte of back-pointer
per band cell plus a few cost rows (and eight bytes per band cell when the caller keeps the costs for
confidence margins) over the rows it runs; never the full table. It can run over a window of rows, from
a given start vertex to a given (or the cheapest) end cell, which bounds that memory for long documents
(:mod:`.window`). When the best path runs along the edge of the band, the band is widened and the
programme rerun, so a long omission still aligns correctly.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np

SKIP_SRC = (1, 0)
SKIP_TGT = (0, 1)


class Coster(Protocol):
    """What the DP needs to know about bead costs."""

    def set_band(self, lo: np.ndarray, hi: np.ndarray) -> None: ...

    def cost(self, i: int, a: int, b: int, cols: np.ndarray) -> np.ndarray: ...

    def cell_penalty(self, i: int, cols: np.ndarray) -> np.ndarray | None: ...


def diagonal_band(src_cum: np.ndarray, tgt_cum: np.ndarray, half_width: int,
                  anchors: Sequence[tuple[int, int]] = ()) -> tuple[np.ndarray, np.ndarray]:
    """Columns ``[lo[i], hi[i]]`` per row around the expected path; rows stay connected.

    The expected path is length-proportional between anchor pairs (and the document ends).
    """
    n = len(src_cum) - 1
    m = len(tgt_cum) - 1
    if n == 0 or m == 0 or src_cum[-1] <= 0 or tgt_cum[-1] <= 0:
        centre = np.round(np.arange(n + 1) * (m / max(n, 1))).astype(np.int64)
    else:
        points = [(0, 0), *[(i + 0.5, j + 0.5) for i, j in anchors], (n, m)]
        # Anchors are sentence midpoints; map them to cumulative lengths and interpolate.
        xs = np.interp([p[0] for p in points], np.arange(n + 1), src_cum)
        ys = np.interp([p[1] for p in points], np.arange(m + 1), tgt_cum)
        keep = np.concatenate([[True], np.diff(xs) > 0])
        scaled = np.interp(src_cum, xs[keep], ys[keep])
        centre = np.searchsorted(tgt_cum, scaled, side="left").astype(np.int64)
    centre[0], centre[-1] = 0, m
    lo = np.clip(centre - half_width, 0, m)
    hi = np.clip(centre + half_width, 0, m)
    lo = np.maximum.accumulate(lo)
    hi = np.maximum.accumulate(hi)
    lo[0], hi[-1] = 0, m
    # Consecutive rows must overlap, or no path of 1-0 beads could cross from one to the next.
    lo[1:] = np.minimum(lo[1:], hi[:-1])
    return lo, hi


def run_dp(n: int, m: int, lo: np.ndarray, hi: np.ndarray, coster: Coster,
           beads: Sequence[tuple[int, int]], skip_cost: float,
           keep_costs: list[np.ndarray] | None = None, start: tuple[int, int] = (0, 0),
           end: tuple[int, int | None] | None = None) -> list[tuple[int, int]]:
    """Best path from ``start`` (default (0, 0)) to ``end`` (default (n, m)) inside the band, as a list of
    bead types (a, b), in order. Rows outside ``start``..``end`` are not computed (a window, :mod:`.window`);
    an end column of None means the cheapest cell of the end row.

    ``keep_costs``, when given, receives the best costs of every row from ``start`` to ``end``
    (for confidence margins).
    """
    i0, j0 = start
    i1, j1 = (n, m) if end is None else end
    coster.set_band(lo, hi)
    grown = [bead for bead in beads if bead[0] > 0 and bead[1] > 0]
    codes = {bead: index for index, bead in enumerate(grown)}
    code_src_skip = len(grown)
    code_tgt_skip = len(grown) + 1
    all_beads = [*grown, SKIP_SRC, SKIP_TGT]
    max_a = max([a for a, _ in grown] + [1])
    costs: dict[int, np.ndarray] = {}
    back: list[np.ndarray] = []
    inf = np.inf
    for i in range(i0, i1 + 1):
        row_lo, row_hi = int(lo[i]), int(hi[i])
        cols = np.arange(row_lo, row_hi + 1)
        best = np.full(len(cols), inf)
        arg = np.full(len(cols), -1, dtype=np.int8)
        if i == i0:
            best[j0 - row_lo] = 0.0
        candidates = [(bead, codes[bead]) for bead in grown] + [(SKIP_SRC, code_src_skip)]
        for (a, b), code in candidates:
            if a > i - i0:
                continue
            prev = costs[i - a]
            p_lo, p_hi = int(lo[i - a]), int(hi[i - a])
            first = max(row_lo, p_lo + b)
            last = min(row_hi, p_hi + b)
            if last < first:
                continue
            seg = slice(first - row_lo, last - row_lo + 1)
            sub = cols[seg]
            total = prev[sub - b - p_lo]
            step_cost = skip_cost if (a, b) == SKIP_SRC else coster.cost(i, a, b, sub)
            total = total + step_cost
            better = total < best[seg]
            best[seg] = np.where(better, total, best[seg])
            arg[seg] = np.where(better, code, arg[seg])
        penalty = coster.cell_penalty(i, cols)
        if penalty is not None:
            best = best + penalty
        # 0-1 chains: D[j] = min(best[j], D[j-1] + skip + penalty[j]) as a prefix minimum.
        step = np.full(len(cols), skip_cost) if penalty is None else skip_cost + penalty
        step[0] = 0.0
        q = np.cumsum(step)
        with np.errstate(invalid="ignore"):
            chained = np.minimum.accumulate(best - q) + q
        via_skip = chained < best - 1e-9  # rounding must not turn a cell's own bead into a 0-1 step
        arg[via_skip] = code_tgt_skip
        costs[i] = np.where(via_skip, chained, best)
        if keep_costs is not None:
            keep_costs.append(costs[i])
        costs.pop(i - max_a - 1, None)
        back.append(arg)
    if j1 is None:
        j1 = int(lo[i1]) + int(np.argmin(costs[i1]))
    path: list[tuple[int, int]] = []
    i, j = i1, j1
    while i > i0 or j > j0:
        code = int(back[i - i0][j - int(lo[i])])
        if code < 0:
            raise RuntimeError(f"alignment band has no path through ({i}, {j})")
        a, b = all_beads[code]
        path.append((a, b))
        i, j = i - a, j - b
    path.reverse()
    return path


def touches_edge(path: Sequence[tuple[int, int]], lo: np.ndarray, hi: np.ndarray, m: int,
                 margin: int, start: tuple[int, int] = (0, 0)) -> bool:
    """Whether the path (from ``start``) comes within ``margin`` columns of a band edge that is not the
    document edge."""
    i, j = start
    for a, b in path:
        i, j = i + a, j + b
        if (lo[i] > 0 and j - lo[i] < margin) or (hi[i] < m and hi[i] - j < margin):
            return True
    return False
