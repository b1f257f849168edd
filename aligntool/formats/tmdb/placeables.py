"""Placeables: numbers that differ between a fuzzy match and the new source are carried into the match's target.

The numbers of the new source and of the match's source are paired in order (only when both have the same
count, see :func:`~aligntool.formats.tmdb.score.number_pairs`). For each pair that differs, the old number is looked
for among the target's numbers by its digits (``1,000`` in the source finds ``1 000`` in the target); when it
occurs exactly once there, it is replaced: by the new number as written when the target wrote the old one the
same way as the source, else by the new number's digits in the target's own grouping when both are plain
groupings of the same digits. Anything else is left for the translator (the match keeps its number penalty).
"""

from __future__ import annotations

import re

from aligntool.formats.tmdb.score import number_pairs
from aligntool.formats.tmdb.tokens import number_value, tokenize

_NUMBER = re.compile(r"\d+(?:[.,:/\u00a0\u202f -]\d+)*(?!\w)")


def _regroup(new: str, target_form: str) -> str | None:
    """``new`` (digits with any separators) written with the separators of ``target_form``, when both are
    integers with the same number of digits (``2,500`` → ``2 500`` when the target wrote ``1 000``)."""
    digits = number_value(new)
    if len(digits) != len(number_value(target_form)):
        return None
    out, index = [], 0
    for ch in target_form:
        if ch.isdigit():
            out.append(digits[index])
            index += 1
        else:
            out.append(ch)
    return "".join(out)


def carry_numbers(query: str, source: str, target: str) -> tuple[str, int]:
    """``target`` with the numbers in which ``query`` differs from ``source`` replaced; and how many were."""
    pairs = number_pairs(tokenize(query), tokenize(source))
    if not pairs:
        return "", 0
    adjusted = target
    carried = 0
    for old, new in pairs:
        spots = [m for m in _NUMBER.finditer(adjusted) if number_value(m.group()) == number_value(old)]
        if len(spots) != 1:
            continue
        spot = spots[0]
        written = spot.group()
        replacement = new if written == old else _regroup(new, written)
        if replacement is None:
            continue
        adjusted = adjusted[:spot.start()] + replacement + adjusted[spot.end():]
        carried += 1
    return (adjusted, carried) if carried else ("", 0)
