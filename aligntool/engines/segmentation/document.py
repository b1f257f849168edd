"""The one paragraph/segment policy every command uses: a document's segments and its paragraph starts.

Segments are what :func:`aligntool.engines.segmentation.segmenter.segment` returns, so ``translate``, ``align`` and
``segment`` cut a text the same way (and a TM made by ``align`` matches ``translate``'s segments exactly).
Paragraphs never change the segments; they only say which segments start one (alignment anchors):
blank lines separate paragraphs when the text has any, else every line starts one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from aligntool.core.datatypes import Segment
from aligntool.core.inline import CodeAt
from aligntool.core.paragraphs import LINE_END, paragraph_separator
from aligntool.engines.segmentation.segmenter import segment


@dataclass(frozen=True)
class SegmentedDocument:
    """The segments of one document and the indices of those that start a paragraph."""

    segments: list[Segment]
    breaks: list[int] = field(default_factory=list)
    codes: list[tuple[CodeAt, ...]] = field(default_factory=list)  # each segment's inline codes (empty: none)

    @property
    def sentences(self) -> list[str]:
        """The segments' texts."""
        return [segment.text for segment in self.segments]


def paragraph_starts(text: str, segments: list[Segment], *, lines_are_paragraphs: bool = True) -> list[int]:
    """Indices of the segments that start a paragraph (see :func:`paragraph_separator`).

    ``lines_are_paragraphs`` False (presegmented text: every line is a sentence): only blank lines count.
    """
    separator: re.Pattern[str] | None = paragraph_separator(text)
    if separator is LINE_END and not lines_are_paragraphs:
        separator = None
    starts: list[int] = []
    previous_end = 0
    for index, piece in enumerate(segments):
        if index == 0 or (separator is not None and separator.search(text, previous_end, piece.start)):
            starts.append(index)
        previous_end = piece.end
    return starts


def line_segments(text: str) -> list[Segment]:
    """One segment per non-blank line (spaces trimmed): text that is already split into sentences."""
    segments: list[Segment] = []
    start = 0
    for end, next_start in [*((m.start(), m.end()) for m in LINE_END.finditer(text)), (len(text), len(text))]:
        line = text[start:end]
        left = start + len(line) - len(line.lstrip())
        right = end - len(line) + len(line.rstrip())
        if right > left:
            segments.append(Segment(text[left:right], left, right))
        start = next_start
    return segments


def segment_document(text: str, lang: str = "en", *, newlines: str = "break", srx: str | Path | None = None,
                     presegmented: bool = False) -> SegmentedDocument:
    """The document's segments (``segment``'s, or one per line when ``presegmented``) and paragraph starts."""
    segments = line_segments(text) if presegmented else segment(text, lang, newlines=newlines, srx=srx)
    return SegmentedDocument(segments, paragraph_starts(text, segments, lines_are_paragraphs=not presegmented))
