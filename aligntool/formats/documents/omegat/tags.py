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
* XLIFF 1.2 (:attr:`TagStyle.XLIFF`): one tag per inline element, numbered like HTML. ``<g>``/``<mrk>`` are
  pairs with the element's first letter (``<g0>…</g0>``); ``<x/>``, ``<bx/>``, ``<ex/>`` are standalone
  (``<x1/>``, ``<b2/>``, ``<e3/>``, each its own number); ``<bpt>``/``<ept>``/``<it>``/``<ph>`` take the letter of
  the markup they hold (``&lt;i&gt;`` → ``<i0>``, ``&lt;w:tab/&gt;`` → ``<w1/>``), ``f`` when it holds no markup;
  ``<ept>`` closes its ``<bpt>``'s number. A standalone tag at the paragraph's edge is not shown.
* Plain text (:attr:`TagStyle.PLAIN`): no tags.

Numbers run through the whole paragraph, not the sentence: the second sentence of a paragraph may start at
``<t6/>``. So the functions here take a paragraph's sentences together.

An isolated code that stands for text (a typed note number, inline code, a field's result) shows that text
between its tags in OmegaT (``Security<t4/>1<t5/>``, ``<s3>1</s3>``, ``<c0>aligntool translate</c0>``). Where a
code sits at a sentence boundary, OmegaT's rules see the tag next to the space and may not cut there, so the
sentences joined across such boundaries are given as one more segment (a unit OmegaT does not need is never
used). An HTML ``<br>`` is inline for OmegaT: sentences our rules cut at a line break are joined.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from itertools import pairwise

from aligntool.core.inline import CodedText, CodeKind, InlineCode, split_coded


class TagStyle(str, Enum):
    """How an OmegaT file filter turns inline markup into tag text."""

    WORD = "word"
    HTML = "html"
    XLIFF = "xliff"
    PLAIN = "plain"


#: OmegaT's tag style for a source file, by extension; files of other kinds are not given to OmegaT
STYLE_BY_SUFFIX: dict[str, TagStyle] = {".docx": TagStyle.WORD, ".html": TagStyle.HTML, ".htm": TagStyle.HTML,
                                        ".xhtml": TagStyle.HTML, ".txt": TagStyle.PLAIN, ".xlf": TagStyle.XLIFF,
                                        ".xliff": TagStyle.XLIFF}

_HTML_TAG = re.compile(r"<\s*(/?)\s*([A-Za-z][\w:.-]*)[^>]*?(/?)>")
_XML_TAG = re.compile(r"<(/?)(?:[\w.-]+:)?([A-Za-z][\w.-]*)((?:\s[^>]*?)?)(/?)>")
#: XLIFF 1.2 inline elements whose content is the native markup they stand for
_XLIFF_CONTENT = frozenset({"bpt", "ept", "it", "ph"})
#: XLIFF 1.2 inline elements OmegaT shows as one standalone tag
_XLIFF_STANDALONE = frozenset({"x", "bx", "ex", "ph"})
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


_Mark = tuple[int, CodeKind, int]  # (pair, kind, part): part numbers the tags one code stands for
_Item = str | _Mark  # a sentence as OmegaT sees it: text and the places of tags, in order
_Pair = tuple[CodedText, CodedText | None]
_PUNCTUATION = frozenset(".,;:!?)]}»”")


def _html_parts(native: str) -> list[tuple[str, str, bool, bool]]:
    """``native`` as (text before, element name, is an end tag, is an empty XML tag) per HTML tag, and the
    text after the last tag as a part with an empty name."""
    parts = []
    position = 0
    for match in _HTML_TAG.finditer(native):
        parts.append((native[position:match.start()], match.group(2).lower(), bool(match.group(1)),
                      match.group(3) == "/"))
        position = match.end()
    parts.append((native[position:], "", False, False))
    return parts


def _xliff_parts(native: str) -> list[tuple[str, str]]:
    """``native`` (XLIFF inline elements, as the XLIFF reader keeps them) as (element name, letter OmegaT shows)
    per element."""
    parts = []
    position = 0
    while (match := _XML_TAG.search(native, position)) is not None:
        name = match.group(2)
        position = match.end()
        letter = name[:1]
        if name in _XLIFF_CONTENT:
            content = ""
            if not match.group(4) and not match.group(1):
                end = native.find(f"</{name}>", position)
                end = len(native) if end < 0 else end
                content, position = native[position:end], end + len(name) + 3
            markup = html.unescape(content).lstrip()
            inner = markup[1:].lstrip("/")[:1] if markup.startswith("<") else ""
            letter = inner if inner.isalpha() else "f"
        if match.group(1) and name not in _XLIFF_CONTENT:
            letter = ""  # the end of a <g>/<mrk>: takes the letter of its start
        parts.append((name, letter))
    return parts


def _visible(code: InlineCode, style: TagStyle) -> str:
    """The text OmegaT shows inside an isolated code (a note number, inline code, a field's result)."""
    if code.kind is not CodeKind.ISOLATED:
        return ""
    if style is TagStyle.HTML:
        return "".join(text for text, *_ in _html_parts(code.native))
    return code.content


def _code_items(code: InlineCode, style: TagStyle) -> list[_Item]:
    key = (code.pair, code.kind)
    if style is TagStyle.XLIFF:
        return [(*key, index) for index, _ in enumerate(_xliff_parts(code.native) or [("", "f")])]
    if style is TagStyle.HTML:
        parts = _html_parts(code.native)
        if len(parts) == 1:  # no HTML markup (another reader's code): one tag per merged type
            return [(*key, index) for index, _ in enumerate(code.type.split("+"))]
        items: list[_Item] = []
        for index, (text, name, _end, _empty) in enumerate(parts):
            if text and code.kind is CodeKind.ISOLATED:
                items.append(text)
            if name:
                items.append((*key, index))
        return items
    visible = _visible(code, style)
    return [(*key, 0), visible, (*key, 1)] if visible else [(*key, 0)]


def _items(coded: CodedText, style: TagStyle) -> list[_Item]:
    items: list[_Item] = []
    position = 0
    text = coded.text
    for placed in coded.codes:
        offset = placed.offset
        before = text[position:offset]
        if (_visible(placed.code, style) and offset < len(text) and text[offset] == " " and offset > 0
                and text[offset - 1] != " "):
            # the reader collapsed the spaces around text it moved into the code: put them back as OmegaT has
            # them ("Run <c0>x</c0> on", "word <c0>x</c0>.")
            before += " "
            if offset + 1 < len(text) and text[offset + 1] in _PUNCTUATION:
                offset += 1
        if before:
            items.append(before)
        items.extend(_code_items(placed.code, style))
        position = max(position, offset)
    if text[position:]:
        items.append(text[position:])
    return items


def _flat(sentences: Sequence[list[_Item]]) -> tuple[list[_Item], int, int]:
    """A paragraph's items with a space between sentences, and the first and last index holding text."""
    flat: list[_Item] = []
    for index, items in enumerate(sentences):
        if index:
            flat.append(" ")
        flat.extend(items)
    texts = [index for index, item in enumerate(flat) if isinstance(item, str) and item.strip()]
    return flat, (texts[0] if texts else len(flat)), (texts[-1] if texts else -1)


def _word_tags(sentences: Sequence[list[_Item]]) -> dict[_Mark, str]:
    """OmegaT's Word filter: marks with no text between them are one tag; none before the paragraph's first
    or after its last character."""
    flat, first, last = _flat(sentences)
    tags: dict[_Mark, str] = {}
    number = 0
    group: list[_Mark] = []
    for index, item in enumerate([*flat, ""]):
        if not isinstance(item, str):
            group.append(item)
            continue
        if group and first < index - len(group) and index <= last:
            for mark in group:
                tags[mark] = f"<t{number}/>"
            number += 1
        if item:
            group = []
    return tags


def _html_tags(sentences: Sequence[list[_Item]], codes: dict[tuple[int, CodeKind], InlineCode]) -> dict[_Mark, str]:
    # OmegaT's HTML FilterVisitor.shortcut: a start (or standalone) tag takes the next number; an end tag
    # looks back through the paragraph's tags for its start, counting nesting, and takes its number. Tags of
    # text-less isolated codes before the paragraph's first or after its last character are not shown.
    flat, first, last = _flat(sentences)
    seen: list[tuple[str, bool, int]] = []
    counter = 0
    tags: dict[_Mark, str] = {}
    for index, item in enumerate(flat):
        if isinstance(item, str):
            continue
        code = codes[(item[0], item[1])]
        if code.kind is CodeKind.ISOLATED and not _visible(code, TagStyle.HTML) and not first < index < last:
            continue
        parts = _html_parts(code.native)
        if len(parts) > 1:
            _text, name, is_end, empty = parts[item[2]]
        else:
            name = _HTML_FALLBACK.get(code.type.split("+")[item[2]], code.type[:1] or "f")
            is_end, empty = code.kind is CodeKind.CLOSE, False
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
        tags[item] = f"<{'/' if is_end else ''}{letter}{number}{'/' if empty else ''}>"
    return tags


def _xliff_tags(sentences: Sequence[list[_Item]],
                codes: dict[tuple[int, CodeKind], InlineCode]) -> dict[_Mark, str]:
    # Numbered as OmegaT's XML filters number: each start or standalone tag takes the next number, an end tag
    # (</g>, <ept>) that of its start (the same code pair; merged pairs close innermost first).
    flat, first, last = _flat(sentences)
    counter = 0
    opened: dict[tuple[int, int], int] = {}
    tags: dict[_Mark, str] = {}
    for index, item in enumerate(flat):
        if isinstance(item, str):
            continue
        pair, kind, part = item
        code = codes[(pair, kind)]
        parts = _xliff_parts(code.native) or [("", "f")]
        name, letter = parts[part]
        standalone = name in _XLIFF_STANDALONE or (kind is CodeKind.ISOLATED and name not in _XLIFF_CONTENT)
        if standalone and not first < index < last:
            continue  # OmegaT does not show a standalone tag before the paragraph's text or after it
        if kind is CodeKind.CLOSE and not standalone:
            partner = codes.get((pair, CodeKind.OPEN))
            start = len(parts) - 1 - part  # merged pairs: closes come innermost first
            number = opened.get((pair, start)) if partner is not None else None
            if number is not None:
                if not letter:
                    letter = (_xliff_parts(partner.native) or [("", "f")])[start][1] if partner is not None else "f"
                tags[item] = f"</{letter}{number}>"
                continue
        number = counter
        counter += 1
        opened[(pair, part)] = number
        letter = letter or name[:1] or "f"
        tags[item] = f"<{letter}{number}/>" if standalone else (f"</{letter}{number}>" if kind is CodeKind.CLOSE
                                                                  else f"<{letter}{number}>")
    return tags


def _render(items: list[_Item], tags: dict[_Mark, str], complete: Sequence[str] = ()) -> str:
    """The items as OmegaT's text, each tag once; tags of ``complete`` not placed are appended (so that the
    target holds every tag of the source)."""
    out: list[str] = []
    done: set[str] = set()
    for item in items:
        if isinstance(item, str):
            out.append(item)
            continue
        tag = tags.get(item)
        if tag is not None and tag not in done:
            out.append(tag)
            done.add(tag)
    out.extend(tag for tag in complete if tag not in done)
    return "".join(out)


def _is_cut(code: InlineCode) -> bool:
    return code.kind is CodeKind.ISOLATED and any(part in _WORD_CUTS for part in code.type.split("+"))


def _cut(coded: CodedText, cuts: list[InlineCode]) -> list[CodedText]:
    """``coded`` cut at the codes ``cuts`` (left out), each piece trimmed, other codes given to a piece by the
    boundary rule of :func:`aligntool.core.inline.split_coded`."""
    keys = {(code.pair, code.kind) for code in cuts}
    offsets = [p.offset for p in coded.codes if (p.code.pair, p.code.kind) in keys]
    rest = CodedText(coded.text, tuple(p for p in coded.codes if (p.code.pair, p.code.kind) not in keys))
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
        keys = [(c.pair, c.kind) for c in cuts]
        in_target = [(p.code.pair, p.code.kind) for p in target.codes if (p.code.pair, p.code.kind) in keys] \
            if target is not None else []
        sources = _cut(source, cuts)
        targets: list[CodedText | None] = (list(_cut(target, cuts)) if target is not None and in_target == keys
                                           else [None] * len(sources))
        for index, (piece, translated) in enumerate(zip(sources, targets, strict=True)):
            if index:
                groups.append([])
            if piece.text:
                groups[-1].append((piece, translated if translated is None or translated.text else None))
    return [group for group in groups if group]


def _joined(segments: list[OmegatSegment], joins: list[str | None]) -> list[OmegatSegment]:
    """Segments made of sentences joined across boundaries OmegaT may not cut (``joins[i]`` between sentence i
    and i+1: the text between them, or None for a boundary OmegaT cuts)."""
    extra = []
    start = 0
    for index in range(len(segments)):
        if index < len(joins) and joins[index] is not None:
            continue
        if index > start:
            run = segments[start:index + 1]
            gaps = joins[start:index]
            source = run[0].source + "".join(f"{gap}{seg.source}" for gap, seg in zip(gaps, run[1:], strict=True))
            target = None
            if all(seg.target is not None for seg in run):
                target = run[0].target + "".join(f"{gap}{seg.target}" for gap, seg in zip(gaps, run[1:], strict=True))
            extra.append(OmegatSegment(source, target))
        start = index + 1
    return extra


def _boundary(left: CodedText, right: CodedText, style: TagStyle) -> str | None:
    """How OmegaT may see the boundary between two sentences of a paragraph: None where it cuts as we do,
    else the text that joins them (a tag next to the space hides the boundary from its rules; an HTML line
    break is inline)."""
    end = [p.code for p in left.codes if p.offset == len(left.text)]
    if style is TagStyle.HTML and end and end[-1].kind is CodeKind.ISOLATED and "break" in end[-1].type.split("+"):
        return ""
    if end or any(p.offset == 0 for p in right.codes):
        return " "
    return None


def paragraph_segments(sentences: Sequence[_Pair], style: TagStyle) -> list[OmegatSegment]:
    """The sentences of one paragraph (source, translation or None), in order, as OmegaT's segment texts, and
    the joined segments OmegaT may make instead (see the module docstring).

    A translation's codes are those of its source (same ``pair`` and kind) placed in the translated text;
    a source tag whose code the translation lacks is appended at its end, so OmegaT writes every tag back.
    """
    if style is TagStyle.PLAIN:
        return [OmegatSegment(source.text, None if target is None else target.text) for source, target in sentences]
    groups = _word_groups(sentences) if style is TagStyle.WORD else [list(sentences)]
    segments: list[OmegatSegment] = []
    for group in groups:
        items = [_items(source, style) for source, _ in group]
        codes = {(p.code.pair, p.code.kind): p.code for source, _ in group for p in source.codes}
        if style is TagStyle.WORD:
            tags = _word_tags(items)
        elif style is TagStyle.XLIFF:
            tags = _xliff_tags(items, codes)
        else:
            tags = _html_tags(items, codes)
        own: list[OmegatSegment] = []
        for (_source, target), source_items in zip(group, items, strict=True):
            in_order = list(dict.fromkeys(tags[m] for m in source_items if not isinstance(m, str) and m in tags))
            rendered = None if target is None else _render(_items(target, style), tags, in_order)
            own.append(OmegatSegment(_render(source_items, tags), rendered))
        joins = [_boundary(left, right, style) for (left, _), (right, _) in pairwise(group)]
        segments.extend(own)
        segments.extend(_joined(own, joins))
    return segments
