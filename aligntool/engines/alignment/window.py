"""Long documents aligned in overlapping windows: memory bounded by a window of the band, not the document.

The DP keeps a back-pointer per band cell, and the confidence margins need every band cell's forward and
backward cost: kept for a whole document that is about 20 bytes per band cell, growing with its length.
Beyond ``window`` source sentences the programme runs window by window, left to right. Each window starts
at a vertex of the previous window's path, ``2 * overlap`` rows before that window's end, and ends at the
band's centre ``window`` rows later (the document's end for the last one); its forward DP gives the path,
the same DP on the reversed documents the costs to go, and both the margins, exactly as for a whole
document. Two consecutive windows' paths are joined at a vertex they share near the middle of their
overlap, so every part of the result comes from a window in which it lies about ``overlap`` rows away from
the window's forced corners; best paths from different starting points merge within a few beads, so the
result is the whole-document one (``tests/test_alignment_window.py`` compares them). Only per-sentence
arrays (lengths, features, band edges, margins) and the result grow with the document.

Known limit: where no anchor pair lies within ``2 * window`` rows and a window must end inside a long run of
sentences without counterpart, costs there are flat and the free end can bend the margins of that run (seen
in a constructed test without numbers: same beads, one score 0.19 lower).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from aligntool.engines.alignment.confidence import margins
from aligntool.engines.alignment.dp import Coster, run_dp, touches_edge

WINDOW = 2000  # source sentences per window; documents up to this size are aligned in one piece
OVERLAP = 100  # rows of a window's path trusted only after, and before, this many rows from its corners

Band = Callable[[int], tuple[np.ndarray, np.ndarray]]  # half-width -> (lo, hi) over the whole document
Vertex = tuple[int, int]


@dataclass
class _Window:
    """One window's result: its path from ``start`` (as vertices), margins of its rows and columns."""

    start: Vertex
    end: Vertex
    vertices: list[Vertex]  # path vertices from start to end, both included
    beads: list[tuple[int, int]]
    row_margin: np.ndarray  # rows start[0]..end[0]
    col_margin: np.ndarray  # columns first_col..
    first_col: int


def windowed(n: int, window: int) -> bool:
    """Whether a document of ``n`` source sentences is aligned in windows of ``window`` rows."""
    return 0 < window < n


@dataclass
class WindowedAligner:
    """The DP and its margins over a whole document, one window at a time (see the module docstring)."""

    n: int
    m: int
    band: Band
    coster: Coster
    reverse: Coster  # the same costs on the reversed documents
    beads: Sequence[tuple[int, int]]
    skip_cost: float
    anchors: Sequence[tuple[int, int]] = ()  # (source, target) sentence pairs, monotone (anchors.py)
    window: int = WINDOW
    overlap: int = OVERLAP

    def align(self, width: int, widen: bool) -> tuple[list[tuple[int, int]], np.ndarray, np.ndarray, int]:
        """(path, row margins, column margins, final band half-width); ``widen`` doubles the band when a
        window's path runs along its edge (for the rest of the document, like the whole-document DP)."""
        overlap = max(1, min(self.overlap, self.window // 4))
        row_margin = np.full(self.n + 1, np.inf)
        col_margin = np.full(self.m + 1, np.inf)
        path: list[tuple[int, int]] = []
        ends = sorted((i + 1, j + 1) for i, j in self.anchors)
        current, width = self._solve((0, 0), self._end((0, 0), ends), width, widen)
        joined: Vertex = (0, 0)
        before: set[Vertex] = set()  # the previous window's part of the path
        while True:
            following: _Window | None = None
            join = current.end
            if current.end[0] < self.n:
                rest = [v for v in current.vertices if v[0] >= current.end[0] - 2 * overlap and v[0] > current.start[0]]
                start = rest[0] if rest else current.vertices[-1]
                following, width = self._solve(start, self._end(start, ends), width, widen)
                join = _join(current, following, current.end[0] - overlap)
            first, last = current.vertices.index(joined), current.vertices.index(join)
            path.extend(current.beads[first:last])
            part = set(current.vertices[first:last + 1])
            after = following.vertices[following.vertices.index(join):] if following is not None else []
            cap = current.end[0] - overlap if following is not None else self.n
            self._margins(current, before | part | set(after), first, last, cap, row_margin, col_margin)
            if following is None:
                return path, row_margin, col_margin, width
            current, joined, before = following, join, part

    def _end(self, start: Vertex, ends: list[Vertex]) -> tuple[int, int | None]:
        """Where the window from ``start`` ends: just after an anchor pair ``window`` rows on, or the
        first one after that, up to twice as far (a path ending in a long stretch without counterpart
        would bend towards whatever end it is given); without one, the cheapest cell of the row."""
        far = start[0] + self.window
        if far >= self.n:
            return self.n, self.m
        nearest = bisect.bisect_right(ends, (far, self.m))
        for k in range(nearest - 1, -1, -1):  # the last anchor before the end row, if not too early
            row, col = ends[k]
            if row <= start[0] + self.window // 2:
                break
            if col > start[1]:
                return row, col
        for row, col in ends[nearest:]:
            if row >= min(self.n, start[0] + 2 * self.window):
                break
            if col > start[1]:
                return row, col
        return (self.n, self.m) if start[0] + 2 * self.window >= self.n else (far, None)

    def _solve(self, start: Vertex, end: tuple[int, int | None], width: int, widen: bool) -> tuple[_Window, int]:
        n, m = self.n, self.m
        while True:
            lo, hi = self.band(width)
            forward: list[np.ndarray] = []
            if end[1] is not None and not lo[end[0]] <= end[1] <= hi[end[0]]:
                end = (end[0], None)  # an anchor the band does not reach is no end
            beads = run_dp(n, m, lo, hi, self.coster, self.beads, self.skip_cost, keep_costs=forward,
                           start=start, end=end)
            margin = max(1, min(5, width // 4))
            if not widen or width >= max(n, m) or not touches_edge(beads, lo, hi, m, margin, start):
                break
            width *= 2
        vertices = [start]
        for a, b in beads:
            vertices.append((vertices[-1][0] + a, vertices[-1][1] + b))
        end = vertices[-1]
        backward: list[np.ndarray] = []
        run_dp(n, m, m - hi[::-1], m - lo[::-1], self.reverse, self.beads, self.skip_cost, keep_costs=backward,
               start=(n - end[0], m - end[1]), end=(n - start[0], m - start[1]))
        rows, cols = margins(forward, backward, lo, hi, m, beads, self.coster.cell_penalty, start)
        return _Window(start, end, vertices, beads, rows, cols, int(lo[start[0]])), width

    def _margins(self, win: _Window, final: set[Vertex], first: int, last: int, cap: int, row_margin: np.ndarray,
                 col_margin: np.ndarray) -> None:
        """Fold the window's margins into the document's over the stretch where its path is the final path,
        up to ``overlap`` rows before its end (an end off the final path makes alternatives near it look
        cheap; its start is on the final path).

        Each window's margin is then an upper bound (it sees only the alternatives inside the window), so
        the document's margin is the smallest of them. At either end of the stretch a row (column) is left
        out when the final path may pass cells of it that the window's path does not.
        """
        vertices = win.vertices
        while first > 0 and vertices[first - 1] in final:
            first -= 1
        while last < len(vertices) - 1 and vertices[last + 1] in final and vertices[last + 1][0] <= cap:
            last += 1
        while last > first and vertices[last][0] > cap:
            last -= 1
        (i_a, j_a), (i_b, j_b) = vertices[first], vertices[last]
        rows = slice(i_a if first == 0 else i_a + 1, i_b + 1 if (i_b, j_b) == (self.n, self.m) else i_b)
        cols = slice(j_a if first == 0 else j_a + 1, j_b + 1 if last == len(vertices) - 1 else j_b)
        i0, c0 = win.start[0], win.first_col
        np.minimum(row_margin[rows], win.row_margin[rows.start - i0:rows.stop - i0], out=row_margin[rows])
        np.minimum(col_margin[cols], win.col_margin[cols.start - c0:cols.stop - c0], out=col_margin[cols])


def _join(before: _Window, after: _Window, target_row: int) -> Vertex:
    """The vertex both paths pass through that is nearest to ``target_row`` (the later window starts on
    the earlier one's path, so there is always one)."""
    shared = set(before.vertices).intersection(after.vertices)
    return min(shared, key=lambda v: (abs(v[0] - target_row), v))
