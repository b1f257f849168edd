"""Beads (aligned groups of sentences) and the ``[src ids]:[tgt ids]`` text format of gold files.

A line is ``[3]:[3, 4]`` or ``[]:[7]`` (0-based sentence indices), optionally followed by ``:0.912``,
the confidence (Vecalign's output format).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from aligntool.documents import read_document
from aligntool.errors import ParseError

_LINE = re.compile(r"^\s*\[([\d,\s]*)\]\s*:\s*\[([\d,\s]*)\]\s*(?::\s*([-+\d.eE]+))?\s*$")


@dataclass(frozen=True)
class Bead:
    """Source sentence indices aligned with target sentence indices, and a confidence in 0..1."""

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    score: float = 1.0

    @property
    def kind(self) -> str:
        """``"1-2"`` for one source and two target sentences."""
        return f"{len(self.src)}-{len(self.tgt)}"

    @property
    def is_null(self) -> bool:
        """A 1-0 or 0-1 bead: a sentence without a counterpart."""
        return not self.src or not self.tgt

    def key(self) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """The indices only (what evaluation compares)."""
        return self.src, self.tgt


def format_bead(bead: Bead, with_score: bool = False) -> str:
    """``[3]:[3, 4]`` (or ``[3]:[3, 4]:0.912``)."""
    text = f"[{', '.join(map(str, bead.src))}]:[{', '.join(map(str, bead.tgt))}]"
    return f"{text}:{bead.score:.3f}" if with_score else text


def parse_bead(line: str, path: str | Path | None = None, line_no: int | None = None) -> Bead:
    """Parse one bead line; raises ParseError naming the file and line."""
    match = _LINE.match(line)
    if not match:
        raise ParseError(f"expected a bead like [3]:[3, 4], got {line.strip()[:60]!r}", path, line_no)
    sides = []
    for group in (match.group(1), match.group(2)):
        sides.append(tuple(int(part) for part in group.replace(",", " ").split()))
    score = float(match.group(3)) if match.group(3) else 1.0
    if not sides[0] and not sides[1]:
        raise ParseError("a bead needs at least one sentence index", path, line_no)
    return Bead(sides[0], sides[1], score)


def read_beads(path: str | Path) -> list[Bead]:
    """All beads of a gold/test file (blank lines ignored)."""
    beads: list[Bead] = []
    for number, line in enumerate(read_document(path).splitlines(), start=1):
        if line.strip():
            beads.append(parse_bead(line, path, number))
    return beads

