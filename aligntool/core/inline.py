"""Inline codes: formatting and other non-text markup inside a paragraph, kept beside its text.

A paragraph's ``text`` stays code-free: segmentation, MT, the glossary, the term scorer and the TM see
plain text, exactly as before. Its codes sit at character offsets of that text (:class:`CodeAt`), each
carrying the native markup it came from so a writer of the same format can rebuild the original, and TMX /
XLIFF writers can emit it as ``bpt/ept/ph/it`` (TMX 1.4b level 2) or ``g/x/bx/ex/bpt/ept/ph/it`` (XLIFF).

Kinds, as CAT tools and TMX name them:

* ``OPEN`` / ``CLOSE`` — a paired code (bold, italic, underline, strike, sub/superscript, font or colour
  change, hyperlink, HTML ``b/i/em/strong/a/span/code``, Markdown emphasis, links, inline code). The open and
  the close of one pair share ``pair``. Within one segment an open without its close (or the reverse) is
  written as TMX ``<it>``.
* ``ISOLATED`` — a standalone code (footnote/endnote reference, field, tab, line break, image, comment
  anchor): TMX ``<ph>``.

Rules every stage follows (this module owns them; see :func:`slice_coded`):

* A code never creates or hides a sentence boundary (segmentation runs on the code-free text).
* At a boundary, an opening code goes with the next sentence and a closing code with the previous one;
  an isolated code at a boundary goes with the previous sentence (a note reference follows its word).
* Content that must not be translated (a link's URL, inline code's text, a field's instruction) lives in
  the code (``native``/``content``), never in ``text``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import Enum


class CodeKind(str, Enum):
    """Where a code stands in its pair."""

    OPEN = "open"
    CLOSE = "close"
    ISOLATED = "isolated"


@dataclass(frozen=True, slots=True)
class InlineCode:
    """One inline code.

    ``pair`` links an OPEN with its CLOSE and is unique within a paragraph (isolated codes get their own).
    ``type`` says what it is: ``bold``, ``italic``, ``underline``, ``strike``, ``sub``, ``sup``, ``font``,
    ``link``, ``code``, ``span``, ``footnote``, ``endnote``, ``field``, ``tab``, ``break``, ``image``,
    ``comment``, or a format's own name. ``native`` is the original markup (an HTML tag, a DOCX run's
    properties XML, ``**``); ``content`` is untranslatable text the code carries (inline code, a field's
    result, an image's alt text), which is kept but never sent to MT; ``attrs`` holds what a writer needs
    besides (``("href", url)``).
    """

    kind: CodeKind
    pair: int
    type: str
    native: str = ""
    content: str = ""
    attrs: tuple[tuple[str, str], ...] = ()

    def attr(self, name: str) -> str | None:
        """The value of attribute ``name``, or None."""
        for key, value in self.attrs:
            if key == name:
                return value
        return None


@dataclass(frozen=True, slots=True)
class CodeAt:
    """A code at ``offset`` of the code-free text (0 … len(text)); codes at one offset keep their order."""

    offset: int
    code: InlineCode


@dataclass(frozen=True, slots=True)
class CodedText:
    """A code-free text and its codes, sorted by offset (stable for equal offsets)."""

    text: str
    codes: tuple[CodeAt, ...] = field(default_factory=tuple)

    @property
    def has_codes(self) -> bool:
        """Whether any code is present."""
        return bool(self.codes)


def split_coded(coded: CodedText, spans: list[tuple[int, int]]) -> list[CodedText]:
    """Cut ``coded`` into the pieces ``spans`` (sorted, non-overlapping ``(start, end)`` of its text, e.g.
    the sentences of a paragraph), giving every code to exactly one piece, offsets relative to the piece.

    A code strictly inside a piece stays there. A code on a boundary or in the gap between two pieces
    (whitespace between sentences) goes to the next piece's start if it OPENs, else (CLOSE, ISOLATED) to
    the previous piece's end; codes before the first piece go to its start, after the last to its end.
    No code is ever dropped: ``sum(len(p.codes)) == len(coded.codes)`` whenever ``spans`` is not empty.
    """
    if not spans:
        return []
    buckets: list[list[CodeAt]] = [[] for _ in spans]
    piece = 0
    for placed in coded.codes:  # codes are sorted by offset, so the piece index only moves forward
        offset = placed.offset
        while piece + 1 < len(spans) and offset >= spans[piece + 1][0] and not (
                offset == spans[piece + 1][0] and placed.code.kind is not CodeKind.OPEN
                and spans[piece][1] <= offset):
            piece += 1
        end = spans[piece][1]
        target = piece
        if offset >= end and piece + 1 < len(spans) and placed.code.kind is CodeKind.OPEN:
            target = piece + 1  # in the gap after this piece: an opening code starts the next sentence
        t_start, t_end = spans[target]
        buckets[target].append(replace(placed, offset=min(max(offset - t_start, 0), t_end - t_start)))
    return [CodedText(coded.text[start:end], tuple(codes)) for (start, end), codes in zip(spans, buckets, strict=True)]
