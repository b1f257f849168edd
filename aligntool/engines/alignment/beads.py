"""Beads (aligned groups of sentences) and the ``[src ids]:[tgt ids]`` text format of gold files.

A line is ``[3]:[3, 4]`` or ``[]:[7]`` (0-based sentence indices), optionally followed by ``:0.912``,
the confidence (Vecalign's output format).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from aligntool.core.errors import ParseError
from aligntool.core.safeio import read_text

_LINE = re.compile(r"^\s*\[([\d,\s]*)\]\s*:\s*\[([\d,\s]*)\]\s*(?::\s*([-+\d.eE]+))?\s*$")


# Below these, a piece of evidence counts against a bead in the review report.
LENGTH_DOUBT = 3.0  # Gale–Church cost in nats: the lengths disagree (|delta| > about 2)
LEXICAL_DOUBT = 0.35  # share of translation-table words the two sides have in common
MT_DOUBT = 0.25  # chrF of the machine translation against the target


@dataclass(frozen=True)
class BeadEvidence:
    """What the aligner saw in a bead, for the review report."""

    length: float  # Gale–Church cost (nats): 0 when the lengths agree, large when they do not
    lexical: float | None = None  # Dice of translation-table words (None: no table or no such words)
    mt: float | None = None  # chrF of the source's machine translation against the target (``--mt``)

    def reasons(self) -> list[str]:
        """The kinds of evidence that speak against the bead: ``length``, ``lexical``, ``MT``."""
        found = []
        if self.length > LENGTH_DOUBT:
            found.append(f"length (cost {self.length:.1f})")
        if self.lexical is not None and self.lexical < LEXICAL_DOUBT:
            found.append(f"lexical (shared {self.lexical:.2f})")
        if self.mt is not None and self.mt < MT_DOUBT:
            found.append(f"MT (chrF {self.mt:.2f})")
        return found


@dataclass(frozen=True)
class Bead:
    """Source sentence indices aligned with target sentence indices, and a confidence in 0..1."""

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    score: float = 1.0
    evidence: BeadEvidence | None = field(default=None, compare=False, repr=False)

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
    for number, line in enumerate(read_text(path).splitlines(), start=1):
        if line.strip():
            beads.append(parse_bead(line, path, number))
    return beads

