"""Anchor points for the DP band: sentence pairs sharing a key found once in each document.

A number, name or term that occurs in exactly one sentence of each document almost always marks a
translation pair. The longest chain of such pairs that is monotone in both documents, cleared of
isolated points, gives the band its centre line, so a long omission bends the band instead of forcing
it wide.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence

NEIGHBOURHOOD = 50  # an anchor needs another one within this many sentences on both sides


def _unique_positions(sentences: Sequence[Iterable[str]]) -> dict[str, int]:
    seen: dict[str, int] = {}
    repeated: set[str] = set()
    for index, keys in enumerate(sentences):
        for key in keys:
            if key.startswith("p:"):
                continue  # punctuation is far too common to pin a sentence
            if key in seen and seen[key] != index:
                repeated.add(key)
            seen.setdefault(key, index)
    return {key: index for key, index in seen.items() if key not in repeated}


def _longest_chain(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Longest subsequence strictly increasing in both coordinates (patience sorting)."""
    pairs = sorted(set(pairs), key=lambda pair: (pair[0], -pair[1]))
    tails: list[int] = []  # smallest j ending a chain of each length
    tail_index: list[int] = []
    previous: list[int] = []
    for k, (_, j) in enumerate(pairs):
        length = bisect.bisect_left(tails, j)
        if length == len(tails):
            tails.append(j)
            tail_index.append(k)
        else:
            tails[length] = j
            tail_index[length] = k
        previous.append(tail_index[length - 1] if length else -1)
    chain: list[tuple[int, int]] = []
    k = tail_index[-1] if tail_index else -1
    while k >= 0:
        chain.append(pairs[k])
        k = previous[k]
    return chain[::-1]


def find_anchors(src_keys: Sequence[Iterable[str]], tgt_keys: Sequence[Iterable[str]]) -> list[tuple[int, int]]:
    """Monotone (source index, target index) pairs, each with a neighbour anchor nearby."""
    src_unique = _unique_positions(src_keys)
    tgt_unique = _unique_positions(tgt_keys)
    chain = _longest_chain([(i, tgt_unique[key]) for key, i in src_unique.items() if key in tgt_unique])
    kept = []
    for k, (i, j) in enumerate(chain):
        neighbours = chain[max(0, k - 1):k] + chain[k + 1:k + 2]
        if any(abs(i - i2) <= NEIGHBOURHOOD and abs(j - j2) <= NEIGHBOURHOOD for i2, j2 in neighbours):
            kept.append((i, j))
    return kept
