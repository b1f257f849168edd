"""Segments as OmegaT 3.6 shows them: inline codes written as OmegaT's tag text, so a TMX unit matches 100 %.

OmegaT compares a ``tm/auto/`` unit with its own segment text, tags included, character for character. Its
tags are not TMX level 2 elements but text made by each file filter (found by experiment with OmegaT 3.6 and
its own source, see docs/omegat.md):

* Word (``.docx``, :attr:`TagStyle.WORD`): every run boundary inside the paragraph is one standalone tag
  ``<tN/>`` (the default "aggregate tags" joins whatever markup sits between two pieces of text: a bold run's
  end and a footnote reference are one tag); tags before the paragraph's first character and after its
  last are left out. A tab or a line break ends OmegaT's paragraph: the text on each side is a segment of its
  own, numbered and trimmed apart.
* HTML (:attr:`TagStyle.HTML`): one tag per element, ``<b0>…</b0>`` with the element name's first letter
  (``br`` for ``<br>``), ``/`` before the number for an end tag and after it for an empty XML tag
  (``<i0/>`` for ``<img …/>``). An end tag takes the number of its start tag; a code merged from adjacent
  elements (``<b><i>``) is one tag per element.
* Plain text (:attr:`TagStyle.PLAIN`): no tags.

Numbers run through the whole paragraph, not the sentence: the second sentence of a paragraph may start at
``<t6/>``. So the functions here take a paragraph's sentences together.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from aligntool.core.inline import CodedText, CodeKind, InlineCode, split_coded


class TagStyle(str, Enum):
    """How an OmegaT file filter turns inline markup into tag text."""

    WORD = "word"
    HTML = "html"
    PLAIN = "plain"


#: OmegaT's tag style for a source file, by extension; files of other kinds are not given to OmegaT
STYLE_BY_SUFFIX: dict[str, TagStyle] = {".docx": TagStyle.WORD, ".html": TagStyle.HTML, ".htm": TagStyle.HTML,
                                        ".xhtml": TagStyle.HTML, ".txt": TagStyle.PLAIN, ".xlf": TagStyle.PLAIN,
                                        ".xliff": TagStyle.PLAIN}

_HTML_TAG = re.compile(r"<\s*(/?)\s*([A-Za-z][\w:.-]*)[^>]*?(/?)>")
#: element name for a code whose native markup is not an HTML tag (e.g. built by another reader)
_HTML_FALLBACK = {"bold": "b", "italic": "i", "underline": "u", "strike": "s", "sub": "sub", "sup": "sup",
                  "link": "a", "code": "code", "span": "span", "font": "font", "break": "br", "image": "img"}
#: isolated Word codes at which OmegaT's Word filter ends a paragraph
_WORD_CUTS = frozenset({"tab", "break"})


@dataclass(frozen=True)
class OmegatSegment:
    """One sentence as OmegaT's text: ``source`` matches OmegaT's segment, ``target`` has the same tags."""

    source: str
    target: str | None


_CodeKey = tuple[int, CodeKind]


def _key(code: InlineCode) -> _CodeKey:
    return code.pair, code.kind


def _render(coded: CodedText, tags: dict[_CodeKey, str], *, complete: Sequence[str] = ()) -> str:
    """``coded``'s text with each code's tag at its offset (a tag shared by several codes once); tags of
    ``complete`` that no code placed are appended, so that the target holds every tag of the source."""
    out: list[str] = []
    done: set[str] = set()
    position = 0
    for placed in coded.codes:
        tag = tags.get(_key(placed.code))
        if tag is None or tag in done:
            continue
        out.append(coded.text[position:placed.offset])
        out.append(tag)
        done.add(tag)
        position = placed.offset
    out.append(coded.text[position:])
    out.extend(tag for tag in complete if tag not in done)
    return "".join(out)


def _word_tags(sentences: Sequence[CodedText]) -> list[dict[_CodeKey, str]]:
    tags: list[dict[_CodeKey, str]] = []
    number = 0
    last = len(sentences) - 1
    for index, sentence in enumerate(sentences):
        own: dict[_CodeKey, str] = {}
        offsets: dict[int, str] = {}
        for placed in sentence.codes:
            if (index == 0 and placed.offset == 0) or (index == last and placed.offset == len(sentence.text)):
                continue  # before the paragraph's first or after its last character: OmegaT shows no tag
            if placed.offset not in offsets:
                offsets[placed.offset] = f"<t{number}/>"
                number += 1
            own[_key(placed.code)] = offsets[placed.offset]
        tags.append(own)
    return tags


def _html_elements(code: InlineCode) -> list[tuple[str, bool, bool]]:
    """The HTML tags a code stands for, as (element name, is an end tag, is an empty XML tag); a code the
    reader merged from adjacent elements (``<b><i>``) stands for several."""
    found = [(match.group(2).lower(), bool(match.group(1)), match.group(3) == "/")
             for match in _HTML_TAG.finditer(code.native)]
    if found:
        return found
    names = [_HTML_FALLBACK.get(part, part[:1] or "f") for part in code.type.split("+")]
    return [(name, code.kind is CodeKind.CLOSE, False) for name in names]


def _html_tags(sentences: Sequence[CodedText]) -> list[dict[_CodeKey, str]]:
    # OmegaT's HTML FilterVisitor.shortcut: a start (or standalone) tag takes the next number; an end tag
    # looks back through the paragraph's tags for its start, counting nesting, and takes its number.
    seen: list[tuple[str, bool, int]] = []  # (element, is end tag, number) in paragraph order
    counter = 0
    tags: list[dict[_CodeKey, str]] = []
    for sentence in sentences:
        own: dict[_CodeKey, str] = {}
        for placed in sentence.codes:
            shortcuts = []
            for name, is_end, empty in _html_elements(placed.code):
                number = -1
                if is_end:
                    depth = 1
                    for other, other_end, other_number in reversed(seen):
                        if other != name:
                            continue
                        depth += 1 if other_end else -1
                        if depth == 0:
                            number = other_number
                            break
                if number < 0:
                    number = counter
                    counter += 1
                seen.append((name, is_end, number))
                letter = "br" if name == "br" else name[0]
                shortcuts.append(f"<{'/' if is_end else ''}{letter}{number}{'/' if empty else ''}>")
            own[_key(placed.code)] = "".join(shortcuts)
        tags.append(own)
    return tags


_Pair = tuple[CodedText, CodedText | None]


def _is_cut(code: InlineCode) -> bool:
    return code.kind is CodeKind.ISOLATED and any(part in _WORD_CUTS for part in code.type.split("+"))


def _cut(coded: CodedText, cuts: list[InlineCode]) -> list[CodedText]:
    """``coded`` cut at the codes ``cuts`` (left out), each piece trimmed, other codes given to a piece by the
    boundary rule of :func:`aligntool.core.inline.split_coded`."""
    keys = {_key(code) for code in cuts}
    offsets = [p.offset for p in coded.codes if _key(p.code) in keys]
    rest = CodedText(coded.text, tuple(p for p in coded.codes if _key(p.code) not in keys))
    spans = []
    for start, end in zip([0, *offsets], [*offsets, len(coded.text)], strict=True):
        piece = coded.text[start:end]
        spans.append((start + len(piece) - len(piece.lstrip()), end - (len(piece) - len(piece.rstrip()))))
    return split_coded(rest, spans)


def _word_groups(sentences: Sequence[_Pair]) -> list[list[_Pair]]:
    """A Word paragraph as OmegaT's Word filter sees it: a tab or a line break ends a paragraph, so the
    sentences are cut there (the translation at the same codes, when it has them all in order) and grouped
    into the pieces OmegaT numbers and trims apart."""
    groups: list[list[_Pair]] = [[]]
    for source, target in sentences:
        cuts = [p.code for p in source.codes if _is_cut(p.code)]
        if not cuts:
            groups[-1].append((source, target))
            continue
        in_target = [p.code for p in target.codes if _key(p.code) in {_key(c) for c in cuts}] if target else []
        sources = _cut(source, cuts)
        targets: list[CodedText | None] = (list(_cut(target, cuts)) if target is not None and
                                           [_key(c) for c in in_target] == [_key(c) for c in cuts]
                                           else [None] * len(sources))
        for index, (piece, translated) in enumerate(zip(sources, targets, strict=True)):
            if index:
                groups.append([])
            if piece.text:
                groups[-1].append((piece, translated if translated is None or translated.text else None))
    return [group for group in groups if group]


def paragraph_segments(sentences: Sequence[tuple[CodedText, CodedText | None]],
                       style: TagStyle) -> list[OmegatSegment]:
    """The sentences of one paragraph (source, translation or None), in order, as OmegaT's segment texts.

    A translation's codes are those of its source (same ``pair`` and kind) placed in the translated text;
    a source tag whose code the translation lacks is appended at its end, so OmegaT writes every tag back.
    """
    if style is TagStyle.PLAIN:
        return [OmegatSegment(source.text, None if target is None else target.text) for source, target in sentences]
    groups = _word_groups(sentences) if style is TagStyle.WORD else [list(sentences)]
    segments = []
    for group in groups:
        sources = [source for source, _ in group]
        tags = _word_tags(sources) if style is TagStyle.WORD else _html_tags(sources)
        for (source, target), own in zip(group, tags, strict=True):
            in_order = list(dict.fromkeys(own[_key(p.code)] for p in source.codes if _key(p.code) in own))
            rendered = None if target is None else _render(target, own, complete=in_order)
            segments.append(OmegatSegment(_render(source, own), rendered))
    return segments

