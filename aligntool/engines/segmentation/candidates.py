"""Candidate boundaries and their features (razdel's ``SentSplit``): the rules read these properties.

A candidate is a run of sentence punctuation (``. ! ? … ‽``, a spaced ellipsis ``. . .``) plus the closing
quotes and brackets that follow it; its boundary is after those closers.  Two more kinds need no
punctuation: a date glued to the next word (``10.02.2022February``) and the next item of an inline list.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from aligntool.engines.segmentation.resources import LanguageResources

TERMINALS = ".!?…‽"
CLOSERS = "\"'»”’)]}"
OPENERS = "\"'«“‘„([{"
DASHES = "-‐‑–—−"
BULLETS = "•◦▪‣⁃●"
NONWORD_RIGHT = "./,;:%)]}»”’&*+=<>|\\"
# Whitespace as the rules see it: ASCII plus the no-break and thin spaces news text uses between words.
SPACES = " \t\n\x0b\f\r\u00a0\u2002\u2003\u2009\u200a\u202f\u3000"
DIGITS = "0123456789"
TOKEN_EXTRA = ".°"

_RUN = re.compile(r"[.!?…‽]+")
_GLUED_YEAR = re.compile(r"[0-9]{4}(?=[^\W\d_]{2})")
_DATE_HEAD = re.compile(r"(?<![0-9.])[0-9]{1,2}[./][0-9]{1,2}[./]\Z")
# A list paragraph starts with a marker: "1. ", "1.) ", "2) ", "a. " (optionally after a bullet), or a bullet.
_LIST_START = re.compile(r"[ \t]{0,8}(?:(?P<bullet>[" + BULLETS + r"])[ \t]{0,4})?"
                         r"(?:(?P<marker>[0-9]{1,3}|[^\W\d_])(?P<close>\.\)|\.|\))[ \t])?")
MAX_LIST_SPAN = 2000


class cached_property:
    """functools.cached_property without its lock (Python < 3.12 takes an RLock on every first read)."""

    def __init__(self, func: Any) -> None:
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    def __get__(self, instance: Any, owner: Any = None) -> Any:
        if instance is None:
            return self
        value = self.func(instance)
        instance.__dict__[self.name] = value
        return value


RIGHT_CLASSES = ("end", "tight", "upper", "lower", "digit", "dash", "opener", "nonword", "other")


def right_class(char: str, has_space: bool, at_end: bool) -> str:
    """What follows a candidate, in the classes rules are dispatched on (see ``Rule.right``)."""
    if at_end:
        return "end"
    if not has_space:
        return "tight"
    if char.isupper():
        return "upper"
    if char.islower():
        return "lower"
    if char in DIGITS:
        return "digit"
    if char in DASHES:
        return "dash"
    if char in OPENERS:
        return "opener"
    if char in NONWORD_RIGHT:
        return "nonword"
    return "other"


class Split:
    """One candidate boundary in ``text[para_start:para_end]``."""

    def __init__(self, text: str, para_start: int, para_end: int, kind: str, start: int, end: int,
                 pos: int, res: LanguageResources) -> None:
        self.text = text
        self.para_start = para_start
        self.para_end = para_end
        self.kind = kind  # run, chain, attached, date, list, bullet
        self.start = start  # first punctuation character
        self.end = end  # after the punctuation
        self.pos = pos  # the boundary: after the closers
        self.res = res
        self.list_dots: frozenset[int] = frozenset()  # periods of list markers in this paragraph
        self.openers = "([«"  # the opening brackets and guillemets the paragraph contains (set per paragraph)
        # read by nearly every rule, so computed at once
        self.punct = text[start:end]
        self.closers = text[end:pos]
        after = pos
        while after < para_end and text[after] in SPACES:
            after += 1
        self.after = after  # the first non-space character after the boundary (or the paragraph end)
        self.has_space = after > pos
        self.at_end = after >= para_end
        self.right_char = char = "" if self.at_end else text[after]
        self.right_class = right_class(char, self.has_space, self.at_end)

    @cached_property
    def right_open(self) -> int:
        """Index after the whitespace and any opening quotes or brackets."""
        index, end, text = self.after, self.para_end, self.text
        while index < end and text[index] in OPENERS:
            index += 1
        return index

    @cached_property
    def right_word(self) -> str:
        """The letters that start the next word (after opening quotes), e.g. ``The`` in ``"The``."""
        index = self.right_open
        stop, text = min(self.para_end, index + 40), self.text
        end = index
        while end < stop and text[end].isalpha():
            end += 1
        if end < self.para_end and text[end].isalnum():
            return ""  # glued to digits: not a word
        return text[index:end]

    @cached_property
    def right_lower(self) -> bool:
        index = self.right_open
        return index < self.para_end and self.text[index].islower()

    @cached_property
    def right_upper(self) -> bool:
        index = self.right_open
        return index < self.para_end and self.text[index].isupper()

    @cached_property
    def token(self) -> str:
        """The word before the punctuation, with inner periods: ``U.S``, ``Mr``, ``2014г``, ``N°``."""
        index, text, limit = self.start, self.text, max(self.para_start, self.start - 40)
        while index > limit and (text[index - 1].isalnum() or text[index - 1] in TOKEN_EXTRA):
            index -= 1
        return text[index:self.start]

    @cached_property
    def core(self) -> str:
        """The token without leading digits (``2014г`` → ``г``); a spaced listed pair as one (``т. д`` → ``т.д``)."""
        token = self.token
        if len(token) == 1 and self.res.pairs:
            begin, text = self.start - 1, self.text
            before = text[begin - 4] if begin - 4 >= self.para_start else " "
            if (begin - 3 >= self.para_start and text[begin - 2:begin] == ". "
                    and not (before.isalnum() or before in TOKEN_EXTRA)):
                pair = text[begin - 3] + "." + token
                if pair in self.res.pairs:
                    return pair
        return token.lstrip(DIGITS)

    @cached_property
    def is_initials(self) -> bool:
        """``A``, ``Л.Н``, ``U.S``: capital letters, each followed by a period."""
        parts = self.token.split(".")
        return all(len(part) == 1 and part.isupper() for part in parts)

    @cached_property
    def is_dotted(self) -> bool:
        """``a.m``, ``Ph.D``, ``т.д``: short letter groups joined by periods."""
        parts = self.token.split(".")
        return len(parts) > 1 and all(0 < len(p) <= 4 and p.isalpha() for p in parts)

    def left_window(self, size: int) -> str:
        return self.text[max(self.para_start, self.start - size):self.start]

    def right_window(self, size: int, start: int | None = None) -> str:
        begin = self.pos if start is None else start
        return self.text[begin:min(self.para_end, begin + size)]


def find_candidates(text: str, para_start: int, para_end: int, res: LanguageResources) -> Iterator[Split]:
    """Every candidate boundary of one paragraph, left to right.

    Kinds: ``run`` (``.``, ``?!``, ``...``), ``chain`` (spaced ``. . .``), ``attached`` (the full stop of
    ``word. . . .``, which is followed by a three-dot chain), ``date`` (``10.02.2022February``),
    ``list`` and ``bullet`` (see :func:`list_candidates`).
    """
    consumed = para_start
    for match in _RUN.finditer(text, para_start, para_end):
        start, end = match.span()
        if end <= consumed:
            continue
        start = max(start, consumed)
        kind = "run"
        if end - start == 1 and text[start] == "." and text[end:end + 2] == " .":
            index = end
            while text[index:index + 2] == " ." and index + 2 <= para_end:
                index += 2
            dots = 1 + (index - end) // 2
            before = text[start - 1] if start > para_start else " "
            if dots == 4 and not before.isspace() and before != ".":
                yield Split(text, para_start, para_end, "attached", start, end, end, res)
                start, end = end + 1, index
            else:
                end = index
            kind = "chain"
        consumed = end
        pos = end
        while pos < para_end and text[pos] in CLOSERS:
            pos += 1
        yield Split(text, para_start, para_end, kind, start, end, pos, res)
    for match in _GLUED_YEAR.finditer(text, para_start, para_end):
        end = match.end()
        if _DATE_HEAD.search(text, max(para_start, match.start() - 6), match.start()):
            yield Split(text, para_start, para_end, "date", end, end, end, res)
    yield from list_candidates(text, para_start, para_end, res)


def list_markers(text: str, para_start: int, para_end: int) -> tuple[str, list[int], list[int]]:
    """For a paragraph that starts like a list: (style, later item starts, periods of later markers).

    A later item is a marker of the paragraph's style (``2.)`` after ``1.)``, ``•`` after ``•``) that
    follows a space, not more than MAX_LIST_SPAN characters after the first marker, on the same line.
    A new item is not cut where a sentence boundary already separates it (space after ``. ! ? "``).
    """
    head = _LIST_START.match(text, para_start, para_end)
    if head is None:
        return "", [], []
    bullet, marker, close = head.group("bullet"), head.group("marker"), head.group("close")
    if bullet:
        item, style, body = "(" + re.escape(bullet) + ")", "bullet", head.end("bullet")
    elif marker is not None and (marker.isdigit() or marker.islower()):
        digit = marker.isdigit()
        item = (r"[0-9]{1,3}" if digit else r"[^\W\d_]") + "(" + re.escape(close) + r")[ \t]"
        style, body = ("digit" if digit else "letter") + close, head.end()
    else:
        return "", [], []
    starts: list[int] = []
    dots: list[int] = []
    for match in re.compile(r"(?<=[ \t])" + item).finditer(text, body, para_end):
        begin = match.start()
        space = begin - 1
        if space < body:
            continue
        if space - body > MAX_LIST_SPAN or "\n" in text[body:space]:
            break
        if style.startswith("letter") and not text[begin].islower():
            continue
        if space - 1 < para_start or text[space - 1] not in TERMINALS + CLOSERS:
            starts.append(begin)
        if style != "bullet" and close.startswith("."):
            dots.append(match.start(1))
    return style, starts, dots


def list_candidates(text: str, para_start: int, para_end: int, res: LanguageResources) -> Iterator[Split]:
    """Boundaries before the items of an inline list (``1.) The first item 2.) The second item``)."""
    first = text[para_start:para_start + 12].lstrip(" \t")[:1]
    if not first or not (first.isalnum() or first in BULLETS):
        return
    style, starts, _ = list_markers(text, para_start, para_end)
    for begin in starts:
        yield Split(text, para_start, para_end, "bullet" if style == "bullet" else "list",
                    begin, begin, begin, res)
