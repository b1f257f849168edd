"""Putting a sentence's inline codes into its translation.

MT translates the code-free sentence; the codes then go where the words they belong to went. Words are
aligned by evidence that holds for any engine: the same word or number on both sides (names, acronyms,
figures) and the same word across scripts (``Minsk``/``Минске``, by :func:`aligntool.engines.alignment.
transliteration.match_key`); an engine or aligner that has its own word links (cross-attention, a lexical
model) passes them as ``links`` and they are used first.

* A pair (bold, a link) spans the target words aligned to the source words it spans; a pair over the whole
  sentence spans the whole translation.
* An isolated code (a note reference, an image) follows the target word aligned to the word it follows
  (or precedes the word it preceded at the start of a sentence); one before the sentence's final punctuation
  stays before it, one at an end stays at that end.
* Pairs stay nested and ordered as in the source, and a pair around words keeps at least one word.

When a code has no aligned word, or the result would not be well formed, every code of the sentence is put
in source order at the position proportional to its source position, moved to the nearest word boundary
(never inside a word): :attr:`Placement.confident` is False, and callers mark the unit and count it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from aligntool.core.inline import CodeAt, CodedText, CodeKind, well_formed
from aligntool.core.words import JOINED_WORD
from aligntool.engines.alignment.transliteration import match_key

_WORD = JOINED_WORD  # letters and digits, joined parts kept together (core.words)
_FINAL = re.compile(r"[\s.!?…:;,\"'»”’)\]]*$")
#: the share of a pair's source words that must be aligned for its placement to count as confident
MIN_ALIGNED = 0.5


@dataclass(frozen=True)
class Placement:
    """The translation with its codes, and whether every code was placed by aligned words."""

    coded: CodedText
    confident: bool


def words(text: str) -> list[tuple[int, int]]:
    """(start, end) of each word."""
    return [(m.start(), m.end()) for m in _WORD.finditer(text)]


def _key(word: str) -> str:
    if any(ch.isdigit() for ch in word):
        return "#" + "".join(ch for ch in word if ch.isdigit())
    return match_key(word) if len(word) > 2 else "=" + word.casefold()


def lexical_links(source: str, target: str) -> list[tuple[int, int]]:
    """(source word, target word) index pairs: the same word, number or transliterated word; among several
    candidates, the one nearest the same relative position."""
    src, tgt = words(source), words(target)
    if not src or not tgt:
        return []
    keys: dict[str, list[int]] = {}
    for index, (start, end) in enumerate(tgt):
        keys.setdefault(_key(target[start:end]), []).append(index)
    links = []
    for index, (start, end) in enumerate(src):
        candidates = keys.get(_key(source[start:end]))
        if candidates:
            relative = index / max(len(src) - 1, 1)
            links.append((index, min(candidates, key=lambda t: abs(t / max(len(tgt) - 1, 1) - relative))))
    return links


def span_links(source: str, target: str, spans: Sequence[tuple[tuple[int, int], tuple[int, int]]]
               ) -> list[tuple[int, int]]:
    """Word links from pairs of character spans known to translate each other (a glossary term and its
    rendering): every source word inside the one with every target word inside the other."""
    src, tgt = words(source), words(target)
    links = []
    for (s_start, s_end), (t_start, t_end) in spans:
        inside_t = [t for t, (a, b) in enumerate(tgt) if a >= t_start and b <= t_end]
        links.extend((s, t) for s, (a, b) in enumerate(src) if a >= s_start and b <= s_end for t in inside_t)
    return links


def place_codes(source: CodedText, target: str, links: Sequence[tuple[int, int]] | None = None) -> Placement:
    """``target`` with ``source``'s codes placed (see the module doc); ``links``: word links from elsewhere
    (source word index, target word index), used before the lexical ones."""
    if not source.codes:
        return Placement(CodedText(target), True)
    src, tgt = words(source.text), words(target)
    aligned: dict[int, list[int]] = {}
    for s, t in links or ():
        if 0 <= s < len(src) and 0 <= t < len(tgt):
            aligned.setdefault(s, []).append(t)
    given = set(aligned)
    for s, t in lexical_links(source.text, target):  # for the words the given links do not cover
        if s not in given:
            aligned.setdefault(s, []).append(t)
    placed = _by_alignment(source, target, src, tgt, aligned)
    fallback = proportional(source, target)
    if all(p is not None for p in placed):  # every code by aligned words
        coded = CodedText(target, _ordered([p for p in placed if p is not None]))
        if well_formed(coded) and _pairs_keep_words(source, coded):
            return Placement(coded, True)
    # some codes without evidence: those at their proportional place, the others where their words went
    mixed = CodedText(target, _ordered([p if p is not None else f for p, f in zip(placed, fallback.codes,
                                                                                   strict=True)]))
    if well_formed(mixed) and _pairs_keep_words(source, mixed):
        return Placement(mixed, False)
    return Placement(fallback, False)


def _by_alignment(source: CodedText, target: str, src: list[tuple[int, int]], tgt: list[tuple[int, int]],
                  aligned: dict[int, list[int]]) -> list[CodeAt | None]:
    """Each code at the target offset its aligned words give (None where a code has no evidence)."""
    closes = {c.code.pair: c.offset for c in source.codes if c.code.kind is CodeKind.CLOSE}
    spans: dict[int, tuple[int, int] | None] = {}
    result: list[CodeAt | None] = []
    final_src = len(source.text) - len(_FINAL.search(source.text).group())  # type: ignore[union-attr]
    final_tgt = len(target) - len(_FINAL.search(target).group())  # type: ignore[union-attr]
    for placed in source.codes:
        code, offset = placed.code, placed.offset
        if code.kind is CodeKind.OPEN and code.pair in closes:
            span = _pair_span(offset, closes[code.pair], src, tgt, target, aligned)
            spans[code.pair] = span
            result.append(CodeAt(span[0], code) if span is not None else None)
        elif code.kind is CodeKind.CLOSE and code.pair in spans:
            span = spans[code.pair]
            result.append(CodeAt(span[1], code) if span is not None else None)
        else:  # isolated, or half a pair (its other half is in another sentence)
            where = _isolated(offset, source.text, target, src, tgt, aligned, final_src, final_tgt)
            result.append(CodeAt(where, code) if where is not None else None)
    return result


def _pair_span(start: int, end: int, src: list[tuple[int, int]], tgt: list[tuple[int, int]], target: str,
               aligned: dict[int, list[int]]) -> tuple[int, int] | None:
    """The target span of a pair over source ``start``-``end``: its aligned target words, grown over
    neighbouring target words no outside word claims, one per inside word left unaligned."""
    inside = [i for i, (s, e) in enumerate(src) if s >= start and e <= end]
    if not inside:
        return None
    if len(inside) == len(src):  # the whole sentence
        return (tgt[0][0], tgt[-1][1]) if tgt else (0, len(target))
    hits = [t for i in inside for t in aligned.get(i, ())]
    if not hits or sum(i in aligned for i in inside) < MIN_ALIGNED * len(inside):
        return None
    first, last = min(hits), max(hits)
    claimed = {t for i, targets in aligned.items() if i not in inside for t in targets}
    missing = sum(i not in aligned for i in inside)
    while missing and last + 1 < len(tgt) and last + 1 not in claimed:
        last, missing = last + 1, missing - 1
    while missing and first - 1 >= 0 and first - 1 not in claimed:
        first, missing = first - 1, missing - 1
    return tgt[first][0], tgt[last][1]


def _isolated(offset: int, source: str, target: str, src: list[tuple[int, int]], tgt: list[tuple[int, int]],
              aligned: dict[int, list[int]], final_src: int, final_tgt: int) -> int | None:
    if offset >= len(source.rstrip()):
        return len(target.rstrip())
    if offset == final_src:
        return final_tgt
    before = [i for i, (_s, e) in enumerate(src) if e <= offset]
    if not before:  # at the start of the sentence
        return tgt[0][0] if offset <= (src[0][0] if src else 0) and tgt else 0
    word = before[-1]
    if word in aligned:
        return tgt[max(aligned[word])][1]
    return None


def _ordered(codes: list[CodeAt]) -> tuple[CodeAt, ...]:
    """Codes sorted by offset; at one offset closes first (inner before outer), then isolated codes, then opens
    (outer before inner); an empty pair's open before its close."""
    position = {(c.code.pair, c.code.kind): index for index, c in enumerate(codes)}

    def rank(item: CodeAt) -> tuple[int, int, int]:
        code = item.code
        if code.kind is CodeKind.CLOSE:
            opened = position.get((code.pair, CodeKind.OPEN))
            if opened is not None and codes[opened].offset == item.offset:
                return (item.offset, 3, -opened)
            return (item.offset, 0, -(opened if opened is not None else 0))
        if code.kind is CodeKind.ISOLATED:
            return (item.offset, 1, position[(code.pair, code.kind)])
        return (item.offset, 2, position[(code.pair, code.kind)])

    return tuple(sorted(codes, key=rank))


def _pairs_keep_words(source: CodedText, placed: CodedText) -> bool:
    """A pair that held a word in the source holds one in the translation; one that did not cover the whole
    source does not cover the whole translation (it would read back as whole-paragraph formatting)."""
    def spans(coded: CodedText) -> dict[int, tuple[int, int]]:
        opens = {c.code.pair: c.offset for c in coded.codes if c.code.kind is CodeKind.OPEN}
        return {c.code.pair: (opens[c.code.pair], c.offset) for c in coded.codes
                if c.code.kind is CodeKind.CLOSE and c.code.pair in opens}

    before, after = spans(source), spans(placed)
    for pair, (start, end) in before.items():
        if pair not in after:
            continue
        had_word = _WORD.search(source.text[start:end]) is not None
        a, b = after[pair]
        if had_word and _WORD.search(placed.text[a:b]) is None:
            return False
        whole_source = not source.text[:start].strip() and not source.text[end:].strip()
        if not whole_source and not placed.text[:a].strip() and not placed.text[b:].strip():
            return False
    return True


def proportional(source: CodedText, target: str) -> CodedText:
    """The safe placement: every code in source order at its proportional position, at a word boundary; a pair
    that held words keeps at least one."""
    found = words(target)
    end = len(target.rstrip())
    starts = sorted({0, *(s for s, _ in found)})  # an opening code goes before a word
    ends = sorted({end, *(e for _, e in found)})  # closing and isolated codes after one
    bounds = sorted({*starts, *ends})
    scale = end / max(len(source.text.rstrip()), 1)
    offsets = []
    previous = 0
    for placed in source.codes:
        wanted = placed.offset * scale
        kinds = starts if placed.code.kind is CodeKind.OPEN else [0, *ends] if placed.offset == 0 else ends
        allowed = [b for b in kinds if b >= previous] or [previous]
        snapped = min(allowed, key=lambda b: (abs(b - wanted), b))
        snapped = max(snapped, previous)  # monotone: the source order is kept, so nesting is too
        offsets.append(snapped)
        previous = snapped
    opens = {c.code.pair: i for i, c in enumerate(source.codes) if c.code.kind is CodeKind.OPEN}
    for index, placed in enumerate(source.codes):  # an empty pair that held words: widen it by one word
        opened = opens.get(placed.code.pair)
        if (placed.code.kind is CodeKind.CLOSE and opened is not None and offsets[index] == offsets[opened]
                and _WORD.search(source.text[source.codes[opened].offset:placed.offset])):
            later = [b for b in bounds if b > offsets[index] and _WORD.search(target[offsets[index]:b])]
            if later:
                for after in range(index, len(offsets)):
                    offsets[after] = max(offsets[after], later[0])
    return CodedText(target, tuple(CodeAt(o, c.code) for o, c in zip(offsets, source.codes, strict=True)))
