"""The fuzzy-match score: token-level edit distance in %, with penalties for numbers, punctuation, tags and case.

For a new source ``Q`` and a stored source ``C`` (both tokenized by :mod:`aligntool.formats.tmdb.tokens`)::

    base    = 100 × (L − d) / L            d = edit distance between the word sequences (insert, delete and
                                           substitute a word cost 1; a number is one slot, equal to any number),
                                           L = the longer word sequence
    score   = base − 2 × (numbers that differ, paired in order)        placeables: carried into the target
                   − 1 × (edit distance between the punctuation sequences)
                   − 1 × (edit distance between the inline-code sequences, a code being its kind, type and
                          the number of words before it; only when both sides' codes are known)
                   − 1   (when some word differs only in case)
    reported as the integer part, never below 0; 100 only for the same match key (and the same codes),
    a different text that scores 100 is reported as 99.

OmegaT's three scores (FuzzyMatcher.calcSimilarity) are ``100 × (L − d) / L`` over, in turn, stemmed words,
lowercased words and all tokens including numbers, tags and punctuation; ours is its second one plus
explicit penalties instead of counting a number, a comma or a tag as a whole changed word (docs/tm.md compares
the two on a sample).

Because every penalty is ≥ 0, ``base ≥ minimum`` is necessary for ``score ≥ minimum``; the candidate search
(:mod:`aligntool.formats.tmdb.search`) relies on that bound.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from aligntool.formats.tmdb.tokens import SegmentTokens, number_value

NUMBER_PENALTY = 2.0
PUNCT_PENALTY = 1.0
TAG_PENALTY = 1.0
CASE_PENALTY = 1.0


def edit_distance(a: Sequence[Hashable], b: Sequence[Hashable]) -> int:
    """Levenshtein distance between two token sequences (Myers' bit-parallel algorithm, Hyyrö's form).

    One pass over ``b`` with the tokens of ``a`` as bits of Python integers: about a microsecond per token of
    ``b`` whatever the length of ``a``.
    """
    if len(a) < len(b):
        a, b = b, a
    m = len(a)
    if m == 0:
        return len(b)
    peq: dict[Hashable, int] = {}
    for i, token in enumerate(a):
        peq[token] = peq.get(token, 0) | (1 << i)
    mask = (1 << m) - 1
    high = 1 << (m - 1)
    pv, mv, score = mask, 0, m
    for token in b:
        eq = peq.get(token, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = mv | (~(xh | pv) & mask)
        mh = pv & xh
        if ph & high:
            score += 1
        elif mh & high:
            score -= 1
        ph = ((ph << 1) | 1) & mask
        mh = (mh << 1) & mask
        pv = mh | (~(xv | ph) & mask)
        mv = ph & xv
    return score


def max_distance(length: int, minimum: float) -> int:
    """The largest word edit distance a candidate can have and still reach ``minimum`` % against a query of
    ``length`` words (the candidate may be longer: at most ``length / (minimum / 100)`` words)."""
    if minimum <= 0:
        return 1 << 30
    share = 1.0 - minimum / 100.0
    longest = length / (minimum / 100.0)
    return math.floor(share * longest + 1e-9)


def length_range(length: int, minimum: float) -> tuple[int, int]:
    """The word-sequence lengths a candidate can have and still reach ``minimum`` %."""
    if minimum <= 0:
        return 0, 1 << 30
    ratio = minimum / 100.0
    return math.ceil(length * ratio - 1e-9), math.floor(length / ratio + 1e-9)


@dataclass(frozen=True, slots=True)
class Score:
    """A fuzzy score and how it came about (all in percentage points)."""

    value: float  # final, before the integer part is taken
    base: float
    words: int  # word edit distance
    numbers: int  # numbers that differ (placeables)
    punctuation: int
    tags: int
    case: bool

    @property
    def percent(self) -> int:
        """The reported score: the integer part, 0..100."""
        return max(0, min(100, math.floor(self.value + 1e-9)))


def number_pairs(query: SegmentTokens, candidate: SegmentTokens) -> list[tuple[str, str]]:
    """``(candidate number, query number)`` pairs that differ in value, paired in order when both sides have
    the same count of numbers (otherwise none are paired: the difference is in the word distance)."""
    if len(query.numbers) != len(candidate.numbers):
        return []
    return [(old, new) for old, new in zip(candidate.numbers, query.numbers, strict=True)
            if number_value(old) != number_value(new) or not number_value(old)]


def fuzzy_score(query: SegmentTokens, candidate: SegmentTokens, same_key: bool = False,
                query_tags: Sequence[str] | None = None, candidate_tags: Sequence[str] | None = None) -> Score:
    """Score ``candidate`` (a stored source) against ``query`` (the new source); see the module docstring.

    ``same_key``: the two texts have the same match key (only then can the score be 100). Tags are compared
    only when both sequences are given.
    """
    longest = max(len(query.words), len(candidate.words))
    distance = edit_distance(query.words, candidate.words)
    if longest == 0:  # only punctuation (or nothing): all or nothing
        base = 100.0 if query.punct == candidate.punct else 0.0
    else:
        base = 100.0 * (longest - distance) / longest
    numbers = len(number_pairs(query, candidate))
    punctuation = edit_distance(query.punct, candidate.punct) if longest else 0
    tags = edit_distance(query_tags, candidate_tags) if query_tags is not None and candidate_tags is not None else 0
    case = (distance == 0 and query.cased != candidate.cased) or (
        distance > 0 and edit_distance(query.cased, candidate.cased) > distance)
    value = (base - NUMBER_PENALTY * numbers - PUNCT_PENALTY * punctuation - TAG_PENALTY * tags
             - (CASE_PENALTY if case else 0.0))
    if not same_key or tags:
        value = min(value, 99.0)
    return Score(max(0.0, value), base, distance, numbers, punctuation, tags, case)
