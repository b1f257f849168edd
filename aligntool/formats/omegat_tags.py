"""Segments as OmegaT 3.6 shows them: inline codes written as OmegaT's tag text, so a TMX unit matches 100 %.

OmegaT compares a ``tm/auto/`` unit with its own segment text, tags included, character for character. Its
tags are not TMX level 2 elements but text made by each file filter (found by experiment with OmegaT 3.6 and
its own source, see docs/omegat.md):

* Word (``.docx``, :attr:`TagStyle.WORD`): every run boundary inside the paragraph is one standalone tag
  ``<tN/>`` (the default "aggregate tags" joins whatever markup sits between two pieces of text: a bold run's
  end and a footnote reference are one tag); tags before the paragraph's first character and after its
  last are left out.
* HTML (:attr:`TagStyle.HTML`): one tag per element, ``<b0>…</b0>`` with the element name's first letter
  (``br`` for ``<br>``), ``/`` before the number for an end tag and after it for an empty XML tag
  (``<i0/>`` for ``<img …/>``). An end tag takes the number of its start tag.
* Plain text (:attr:`TagStyle.PLAIN`): no tags.

Numbers run through the whole paragraph, not the sentence: the second sentence of a paragraph may start at
``<t6/>``. So the functions here take a paragraph's sentences together.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from aligntool.core.inline import CodedText, CodeKind, InlineCode


class TagStyle(str, Enum):
    """How an OmegaT file filter turns inline markup into tag text."""

    WORD = "word"
    HTML = "html"
    PLAIN = "plain"


#: OmegaT's tag style for a source file, by extension; files of other kinds are not given to OmegaT
STYLE_BY_SUFFIX: dict[str, TagStyle] = {".docx": TagStyle.WORD, ".html": TagStyle.HTML, ".htm": TagStyle.HTML,
                                        ".xhtml": TagStyle.HTML, ".txt": TagStyle.PLAIN, ".xlf": TagStyle.PLAIN,
                                        ".xliff": TagStyle.PLAIN}

_HTML_NAME = re.compile(r"<\s*/?\s*([A-Za-z][\w:.-]*)")
#: element name for a code whose native markup is not an HTML tag (e.g. built by another reader)
_HTML_FALLBACK = {"bold": "b", "italic": "i", "underline": "u", "strike": "s", "sub": "sub", "sup": "sup",
                  "link": "a", "code": "code", "span": "span", "font": "font", "break": "br", "image": "img"}


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


def _html_name(code: InlineCode) -> str:
    match = _HTML_NAME.match(code.native.strip())
    if match:
        return match.group(1).lower()
    return _HTML_FALLBACK.get(code.type, code.type[:1] or "f")


def _html_tags(sentences: Sequence[CodedText]) -> list[dict[_CodeKey, str]]:
    # OmegaT's HTML FilterVisitor.shortcut: a start (or standalone) tag takes the next number; an end tag
    # looks back through the paragraph's tags for its start, counting nesting, and takes its number.
    seen: list[tuple[str, bool, int]] = []  # (element, is end tag, number) in paragraph order
    counter = 0
    tags: list[dict[_CodeKey, str]] = []
    for sentence in sentences:
        own: dict[_CodeKey, str] = {}
        for placed in sentence.codes:
            code = placed.code
            name = _html_name(code)
            is_end = code.kind is CodeKind.CLOSE
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
            empty = "/" if code.kind is CodeKind.ISOLATED and code.native.rstrip().endswith("/>") else ""
            own[_key(code)] = f"<{'/' if is_end else ''}{letter}{number}{empty}>"
        tags.append(own)
    return tags


def paragraph_segments(sentences: Sequence[tuple[CodedText, CodedText | None]],
                       style: TagStyle) -> list[OmegatSegment]:
    """The sentences of one paragraph (source, translation or None), in order, as OmegaT's segment texts.

    A translation's codes are those of its source (same ``pair`` and kind) placed in the translated text;
    a source tag whose code the translation lacks is appended at its end, so OmegaT writes every tag back.
    """
    sources = [source for source, _ in sentences]
    if style is TagStyle.PLAIN:
        return [OmegatSegment(source.text, None if target is None else target.text) for source, target in sentences]
    tags = _word_tags(sources) if style is TagStyle.WORD else _html_tags(sources)
    segments = []
    for (source, target), own in zip(sentences, tags, strict=True):
        in_order = list(dict.fromkeys(own[_key(p.code)] for p in source.codes if _key(p.code) in own))
        rendered = None if target is None else _render(target, own, complete=in_order)
        segments.append(OmegatSegment(_render(source, own), rendered))
    return segments

