"""The segmenter workflow: paragraphs (line-break policy) → boundaries (a subclass hook) → trimmed spans.

Both the rule segmenter and the SRX segmenter share this, so they cut lines and trim spaces the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from aligntool.core.datatypes import Segment
from aligntool.core.errors import ConfigError
from aligntool.core.paragraphs import BLANK_RUN, LINE_END

JOIN = "join"
SPLIT = "split"
NEWLINE_MODES = ("break", "space")

_SOFT_WRAP_MIN_WORDS = 4


def check_newlines(newlines: str) -> str:
    """Validate a ``newlines`` option value."""
    if newlines not in NEWLINE_MODES:
        raise ConfigError(f"newlines must be one of {', '.join(NEWLINE_MODES)}, not {newlines!r}")
    return newlines


def _is_soft_wrap(line: str, next_line: str) -> bool:
    """A line that continues on the next one: the next starts in lower case, and this one either ends in
    a space (format=flowed, RFC 3676) or is a long line ending in a letter, digit or comma (wrapped text).
    Short lower-case lines stay apart, as list items do."""
    nxt = next_line.lstrip()
    if not nxt or not nxt[0].islower():
        return False
    if line[-1:] in (" ", "\t"):
        return bool(line.strip())
    last = line.rstrip()[-1:]
    return (last.isalnum() or last == ",") and len(line.split()) >= _SOFT_WRAP_MIN_WORDS


def paragraphs(text: str, newlines: str = "break") -> Iterator[tuple[int, int]]:
    """Spans of ``text`` inside which sentence rules apply; nothing joins across a span boundary.

    ``break``: every line is a paragraph (headings and list items stay apart), except soft-wrapped lines.
    ``space``: only blank lines separate paragraphs; single line breaks are plain spaces.
    """
    if newlines == "space":
        start = 0
        for match in BLANK_RUN.finditer(text):
            yield start, match.start()
            start = match.end()
        yield start, len(text)
        return
    lines: list[tuple[int, int]] = []
    start = 0
    for match in LINE_END.finditer(text):
        lines.append((start, match.start()))
        start = match.end()
    lines.append((start, len(text)))
    para_start, para_end = lines[0]
    for line_start, line_end in lines[1:]:
        if para_end > para_start and _is_soft_wrap(text[para_start:para_end], text[line_start:line_end]):
            para_end = line_end
            continue
        yield para_start, para_end
        para_start, para_end = line_start, line_end
    yield para_start, para_end


class BaseSegmenter:
    """Splits text into sentence spans; subclasses fill in :meth:`boundaries` for one paragraph."""

    def __init__(self, newlines: str = "break") -> None:
        self.newlines = check_newlines(newlines)

    def boundaries(self, text: str, start: int, end: int) -> Iterable[int]:
        """Positions inside ``text[start:end]`` where a new segment begins."""
        raise NotImplementedError

    def spans(self, text: str) -> Iterator[tuple[int, int]]:
        """(start, end) of every segment, whitespace trimmed, empty ones dropped."""
        for para_start, para_end in paragraphs(text, self.newlines):
            if para_start == para_end or text[para_start:para_end].isspace():
                continue
            cuts = sorted(set(self.boundaries(text, para_start, para_end)))
            previous = para_start
            for cut in [*cuts, para_end]:
                if cut <= previous or cut > para_end:
                    continue
                yield from _trimmed(text, previous, cut)
                previous = cut

    def segment(self, text: str) -> list[Segment]:
        """Segments with offsets: ``text[s.start:s.end] == s.text``."""
        return [Segment(text[start:end], start, end) for start, end in self.spans(text)]


def _trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        yield start, end
