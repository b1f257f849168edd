"""A length cap on segments: a step after sentence segmentation, for text without sentence ends.

A line pasted from a PDF or a log can be a megabyte without a full stop; as one TMX unit it is useless to a
CAT tool and to an MT model. :func:`cap_segments` splits every segment longer than the cap at the best
boundary inside it: sentence or clause punctuation (``. ! ? ; :``), then a comma or dash, then any space,
and only where there is none at all, at the cap itself. Pieces keep their offsets into the text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import TypeVar

from aligntool.core.datatypes import Segment
from aligntool.core.errors import ConfigError
from aligntool.core.inline import CodedText, split_coded

MIN_SEGMENT_CHARS = 20  # a smaller cap would cut ordinary sentences into words

# Boundaries from best to worst; each match ends where the piece ends (spaces after it are dropped).
_S = TypeVar("_S", bound=Segment)  # Segment, or a reader's Sentence (text, start, end and more fields)

_BOUNDARIES = (
    re.compile(r"[.!?…;:][\"'»”’)\]]*(?=\s)"),
    re.compile(r"[,)\]](?=\s)|\S(?=\s+[—–-]\s)"),
    re.compile(r"\S(?=\s)"),
)


def check_max_chars(max_chars: int) -> int:
    """Validate a ``--max-segment-chars`` value (0 turns the cap off)."""
    if max_chars != 0 and max_chars < MIN_SEGMENT_CHARS:
        raise ConfigError(f"--max-segment-chars {max_chars}: give 0 (no cap) or at least {MIN_SEGMENT_CHARS}")
    return max_chars


def _cut(text: str, start: int, end: int, max_chars: int) -> int:
    """Where the piece starting at ``start`` ends: the best boundary in its second half, else the cap."""
    limit = start + max_chars
    floor = start + max_chars // 2
    window = text[floor:limit + 1]  # a boundary may end exactly at the limit (lookahead sees one more)
    for pattern in _BOUNDARIES:
        best = None
        for match in pattern.finditer(window):
            if floor + match.end() <= limit:
                best = floor + match.end()
        if best is not None:
            return best
    return limit


def split_long(segment: _S, max_chars: int) -> list[_S]:
    """``segment`` as pieces of at most ``max_chars`` characters (offsets stay offsets into the document;
    any other field, such as a sentence's paragraph, is the segment's)."""
    text, offset = segment.text, segment.start
    pieces: list[_S] = []
    start, end = 0, len(text)
    while end - start > max_chars:
        cut = _cut(text, start, end, max_chars)
        pieces.append(replace(segment, text=text[start:cut], start=offset + start, end=offset + cut))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if start < end:
        pieces.append(replace(segment, text=text[start:end], start=offset + start, end=offset + end))
    codes = getattr(segment, "codes", ())
    if codes and pieces:  # a sentence with inline codes: each code goes to one piece (the one boundary rule)
        coded = split_coded(CodedText(text, codes), [(p.start - offset, p.end - offset) for p in pieces])
        pieces = [replace(piece, codes=part.codes) for piece, part in zip(pieces, coded, strict=True)]
    return pieces


def cap_segments(segments: Sequence[_S], max_chars: int) -> tuple[list[_S], int]:
    """Segments with every one longer than ``max_chars`` split (0: no cap); and how many were split."""
    if not max_chars:
        return list(segments), 0
    result: list[_S] = []
    split = 0
    for segment in segments:
        if len(segment.text) <= max_chars:
            result.append(segment)
            continue
        split += 1
        result.extend(split_long(segment, max_chars))
    return result, split


def long_segment_warning(count: int, max_chars: int) -> str:
    """The warning a command prints when segments were split."""
    return (f"{count} segment(s) longer than {max_chars} characters (no sentence end inside) were split at "
            "clause punctuation or spaces; set --max-segment-chars to change the cap")
