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

import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from enum import Enum
from importlib import resources
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


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


# ---- building a paragraph's codes (readers) --------------------------------------------------------------

_SPACE = " \t\f\v\u00a0"  # collapsed like a space (a no-break space too, as readers always did)
#: what a superscript note reference holds ("Security¹", "Pankin²,", "Treaty³⁻⁵", "Minsk¹,⁴"): a number, a list or
#: range of numbers, or a mark, nothing else. Readers make such a superscript one isolated code, so that the
#: word before it stays clean for MT, glossary and TM.
NOTE_MARK = re.compile(r"^\s*[\[(]?(\d{1,3}(?:\s*[,–-]\s*\d{1,3}){0,8}|[*†‡§]{1,3})[\])]?\s*$")


class CodedBuilder:
    """Collects a paragraph as a reader walks it: text pieces and codes, in document order.

    :meth:`build` gives the :class:`CodedText` every reader returns: whitespace collapsed as the reader's plain
    text always was (runs of spaces and tabs are one space, lines trimmed, empty lines dropped) with the codes
    moved with their text; codes adjacent in the same way merged (:func:`merge_adjacent`); pairs that cover the
    whole paragraph taken out (formatting of the whole paragraph is not a code) and returned apart (opening
    codes, then closing codes, in writing order) for a writer that rebuilds the paragraph.
    """

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self._codes: list[CodeAt] = []
        self._next_pair = 1

    def text(self, text: str) -> None:
        """Append text."""
        if text:
            self._parts.append(text)
            self._length += len(text)

    def new_pair(self) -> int:
        """A pair number not used yet in this paragraph."""
        self._next_pair += 1
        return self._next_pair - 1

    def code(self, code: InlineCode) -> None:
        """Append a code at the current end of the text."""
        self._codes.append(CodeAt(self._length, code))

    def open(self, type_: str, native: str = "", attrs: tuple[tuple[str, str], ...] = ()) -> int:
        """Append an opening code; returns its pair number (give it to :meth:`close`)."""
        pair = self.new_pair()
        self.code(InlineCode(CodeKind.OPEN, pair, type_, native, "", attrs))
        return pair

    def close(self, pair: int, type_: str, native: str = "") -> None:
        """Append the closing code of ``pair``."""
        self.code(InlineCode(CodeKind.CLOSE, pair, type_, native))

    def isolated(self, type_: str, native: str = "", content: str = "",
                 attrs: tuple[tuple[str, str], ...] = ()) -> None:
        """Append an isolated code."""
        self.code(InlineCode(CodeKind.ISOLATED, self.new_pair(), type_, native, content, attrs))

    def build(self, lines: bool = True) -> tuple[CodedText, tuple[InlineCode, ...]]:
        """The paragraph and its whole-paragraph pairs (see :func:`strip_whole`).

        ``lines``: a line feed in the text is a line break (DOCX, Markdown); else every whitespace is a
        space and only ``\\x00`` marks a line break (HTML, where ``<br>`` is also a code).
        """
        raw = "".join(self._parts).replace("\r", "\n")
        if not lines:
            raw = re.sub(r"\s", " ", raw).replace("\x00", "\n")
        text, where = _collapse(raw)
        codes = tuple(CodeAt(where[c.offset], c.code) for c in self._codes)
        return strip_whole(CodedText(text, merge_adjacent(codes)))


    def exact(self) -> CodedText:
        """The text and codes exactly as appended (formats whose whitespace is significant: TMX, XLIFF targets)."""
        return CodedText("".join(self._parts), tuple(self._codes))


def _collapse(raw: str) -> tuple[str, list[int]]:
    """``raw`` with spaces collapsed, lines trimmed and empty lines dropped; and where each offset of ``raw``
    (0 … len) went in the result."""
    kept: list[str] = []
    where = [0] * (len(raw) + 1)
    line_start = 0  # offset in ``kept`` where the current output line starts
    pending_space = False
    for index, char in enumerate(raw):
        where[index] = len(kept) + (1 if pending_space and char not in _SPACE and char != "\n" else 0)
        if char == "\n":
            pending_space = False
            where[index] = len(kept)
            if len(kept) > line_start:  # a non-empty line ends
                kept.append("\n")
                line_start = len(kept)
        elif char in _SPACE:
            pending_space = len(kept) > line_start
            where[index] = len(kept)
        else:
            if pending_space:
                kept.append(" ")
                pending_space = False
            kept.append(char)
    if kept and kept[-1] == "\n":
        kept.pop()
    end = len(kept)
    where[len(raw)] = end
    return "".join(kept), [min(w, end) for w in where]


def merge_adjacent(codes: tuple[CodeAt, ...]) -> tuple[CodeAt, ...]:
    """Merge codes with nothing between them, as CAT tools do, keeping every pair well formed:

    * isolated codes next to each other become one (``tab+tab``, natives joined);
    * two pairs that open together and close together (``<b><i>…</i></b>``) become one pair
      (``bold+italic``), opening and closing natives joined in order.

    A close followed by an open (``</b><i>``) stays two codes: merging them would cross two pairs.
    """
    merged: list[CodeAt] = []
    for placed in codes:  # isolated codes next to each other: one
        if (merged and placed.offset == merged[-1].offset and placed.code.kind is CodeKind.ISOLATED
                and merged[-1].code.kind is CodeKind.ISOLATED):
            last = merged[-1].code
            merged[-1] = CodeAt(placed.offset, _joined(last, placed.code, last.pair))
        else:
            merged.append(placed)
    close_at: dict[int, int] = {}
    for index, placed in enumerate(merged):
        if placed.code.kind is CodeKind.CLOSE:
            close_at.setdefault(placed.code.pair, index)
    gone = [False] * len(merged)
    for index, placed in enumerate(merged):  # outer pairs first: an inner pair is merged into the outer one
        if gone[index] or placed.code.kind is not CodeKind.OPEN:
            continue
        close = close_at.get(placed.code.pair)
        if close is None or close < index:
            continue
        inner, before = index + 1, close - 1  # the next open, and the close just inside this pair's close
        while inner < before and merged[inner].code.kind is CodeKind.OPEN and merged[inner].offset == placed.offset:
            a, b = merged[index].code, merged[inner].code
            if close_at.get(b.pair) != before or merged[before].offset != merged[close].offset:
                break
            merged[close] = CodeAt(merged[close].offset, _joined(merged[before].code, merged[close].code, a.pair,
                                                                 a.type, b.type))
            merged[index] = CodeAt(placed.offset, _joined(a, b, a.pair))
            gone[inner] = gone[before] = True
            inner, before = inner + 1, before - 1
    return tuple(placed for index, placed in enumerate(merged) if not gone[index])


def _joined(a: InlineCode, b: InlineCode, pair: int, type_a: str | None = None,
            type_b: str | None = None) -> InlineCode:
    """One code standing for ``a`` then ``b``."""
    return InlineCode(a.kind, pair, f"{type_a or a.type}+{type_b or b.type}", a.native + b.native,
                      a.content + b.content, a.attrs + b.attrs)


def strip_whole(coded: CodedText) -> tuple[CodedText, tuple[InlineCode, ...]]:
    """``coded`` without the pairs that open at its start and close at its end (while they enclose everything
    else); those codes are returned apart: the opening ones outermost first, then the closing ones innermost
    first (the order to write them around the text)."""
    codes = list(coded.codes)
    opens: list[InlineCode] = []
    closes: list[InlineCode] = []
    end = len(coded.text)
    while (len(codes) >= 2 and coded.text and codes[0].offset == 0 and codes[-1].offset == end
           and codes[0].code.kind is CodeKind.OPEN and codes[-1].code.kind is CodeKind.CLOSE
           and codes[0].code.pair == codes[-1].code.pair):
        opens.append(codes[0].code)
        closes.insert(0, codes[-1].code)
        codes = codes[1:-1]
    return CodedText(coded.text, tuple(codes)), (*opens, *closes)


# ---- checks and numbering (writers) --------------------------------------------------------------------

def unmatched(codes: tuple[CodeAt, ...]) -> frozenset[int]:
    """Indices of paired codes whose partner is not in ``codes`` or that break the nesting (TMX ``<it>``,
    XLIFF ``isolated``): an open without its close, a close without its open."""
    stack: list[tuple[int, int]] = []  # (pair, index) of open codes
    broken: set[int] = set()
    for index, placed in enumerate(codes):
        code = placed.code
        if code.kind is CodeKind.OPEN:
            stack.append((code.pair, index))
        elif code.kind is CodeKind.CLOSE:
            if stack and stack[-1][0] == code.pair:
                stack.pop()
            elif any(pair == code.pair for pair, _ in stack):  # crosses inner pairs: those are broken
                while stack[-1][0] != code.pair:
                    broken.add(stack.pop()[1])
                stack.pop()
            else:
                broken.add(index)
    broken.update(index for _, index in stack)
    return frozenset(broken)


def well_formed(coded: CodedText) -> bool:
    """Offsets inside the text and in order, every pair opened before it closes and properly nested."""
    offsets = [placed.offset for placed in coded.codes]
    return (all(0 <= o <= len(coded.text) for o in offsets) and offsets == sorted(offsets)
            and not unmatched(coded.codes))


def code_counts(codes: Iterable[CodeAt | InlineCode]) -> dict[str, int]:
    """How many codes of each type (``bold``, ``link``, ``footnote`` …): a pair counts once, by its open
    code (or its close where the open is elsewhere); merged codes count each part."""
    counts: dict[str, int] = {}
    seen: set[int] = set()
    for item in codes:
        code = item.code if isinstance(item, CodeAt) else item
        if code.pair in seen:
            continue
        seen.add(code.pair)
        for part in code.type.split("+"):
            counts[part] = counts.get(part, 0) + 1
    return counts


def shift(codes: Iterable[CodeAt], by: int) -> tuple[CodeAt, ...]:
    """``codes`` with ``by`` added to every offset."""
    return tuple(replace(placed, offset=placed.offset + by) for placed in codes)


def join_coded(pieces: list[CodedText], gaps: list[str]) -> CodedText:
    """Pieces joined with ``gaps[i]`` between piece i and i+1 (the inverse of :func:`split_coded` over the
    spans a segmenter found, with the text between them)."""
    parts: list[str] = []
    codes: list[CodeAt] = []
    length = 0
    for index, piece in enumerate(pieces):
        if index:
            gap = gaps[index - 1] if index - 1 < len(gaps) else " "
            parts.append(gap)
            length += len(gap)
        codes.extend(shift(piece.codes, length))
        parts.append(piece.text)
        length += len(piece.text)
    return CodedText("".join(parts), tuple(codes))


def tie_codes(source: tuple[CodeAt, ...], target: tuple[CodeAt, ...]) -> tuple[CodeAt, ...]:
    """``target``'s codes renumbered so that each one that matches a code of ``source`` (the same type and
    kind of pair, in order: the first bold with the first bold) has that code's pair number, as TMX ``x`` and
    XLIFF ids expect of two sides read from two documents; the others get numbers no source code has."""
    def first_type(code: InlineCode) -> tuple[str, bool]:
        return code.type.split("+", 1)[0], code.kind is CodeKind.ISOLATED

    free: dict[tuple[str, bool], list[int]] = {}
    seen: set[int] = set()
    for placed in source:
        if placed.code.pair not in seen:
            seen.add(placed.code.pair)
            free.setdefault(first_type(placed.code), []).append(placed.code.pair)
    fresh = max((c.code.pair for c in source), default=0) + 1
    mapping: dict[int, int] = {}
    for placed in target:
        pair = placed.code.pair
        if pair in mapping:
            continue
        candidates = free.get(first_type(placed.code))
        if candidates:
            mapping[pair] = candidates.pop(0)
        else:
            mapping[pair], fresh = fresh, fresh + 1
    return tuple(replace(c, code=replace(c.code, pair=mapping[c.code.pair])) for c in target)


def _code_types() -> dict[str, Any]:
    text = resources.files("aligntool.core.data").joinpath("code_types.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


_CODE_TYPES = _code_types()


def standard_type(type_: str, standard: str) -> str:
    """A code's type as ``standard`` (``tmx``, ``xliff12``) names it: ``underline`` → ``ulined`` in TMX; a type
    the standard has no name for gets the user prefix (``x-field``). Merged types use their first part."""
    first = type_.split("+", 1)[0]
    names: dict[str, str] = _CODE_TYPES[standard]
    return names.get(first, _CODE_TYPES["user_prefix"] + first.replace(" ", "-"))


def type_from_standard(name: str, standard: str) -> str:
    """The reverse of :func:`standard_type`: ``ulined`` → ``underline``, ``x-field`` → ``field``."""
    for ours, theirs in _CODE_TYPES[standard].items():
        if theirs == name:
            return str(ours)
    return name.removeprefix(_CODE_TYPES["user_prefix"])
