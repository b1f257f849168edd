"""Sentence segmentation (placeholder: the segmentation issue replaces this with rules + data tables)."""

from __future__ import annotations

import re

from aligntool.datatypes import Segment

_BOUNDARY = re.compile(r"(?<=[.!?])\s+(?=[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ\"“«])|\n+")


def segment(text: str, lang: str = "en") -> list[Segment]:
    """Split ``text`` into sentences with character offsets."""
    segments: list[Segment] = []
    start = 0
    for match in [*_BOUNDARY.finditer(text), None]:
        end = match.start() if match else len(text)
        piece = text[start:end]
        stripped = piece.strip()
        if stripped:
            offset = start + (len(piece) - len(piece.lstrip()))
            segments.append(Segment(stripped, offset, offset + len(stripped)))
        if match:
            start = match.end()
    return segments
