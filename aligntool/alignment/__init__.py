"""Sentence alignment of a document and its translation (``aligntool align``).

:func:`align_sentences` runs a banded monotone DP over beads 1-1, 1-0, 0-1, 1-2, 2-1, 2-2, 1-3, 3-1
whose cost combines a Gale–Church length model (ratio estimated from the documents), lexical evidence
(numbers and dates, punctuation, names across scripts, cognates, URLs, glossary terms) and paragraph
anchors. No neural encoder is involved.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from aligntool.alignment.beads import Bead, format_bead, parse_bead, read_beads
from aligntool.alignment.confidence import bead_confidence, margins
from aligntool.alignment.dp import diagonal_band, run_dp, touches_edge
from aligntool.alignment.features import GlossaryLike, build_features, sentence_keys
from aligntool.alignment.length import cumulative_lengths, estimate_ratio
from aligntool.alignment.mt import chrf, word_keys
from aligntool.alignment.scoring import AlignOptions, BeadCoster
from aligntool.errors import ConfigError

__all__ = ["AlignOptions", "Bead", "align_sentences", "format_bead", "parse_bead", "read_beads"]

_OPTION_NAMES = {f.name for f in dataclasses.fields(AlignOptions)}


def make_options(**values: Any) -> AlignOptions:
    """AlignOptions from keyword values; unknown names and bad values are reported together."""
    unknown = sorted(set(values) - _OPTION_NAMES)
    if unknown:
        raise ConfigError(
            f"unknown alignment option(s): {', '.join(unknown)} (known: {', '.join(sorted(_OPTION_NAMES))})")
    options = AlignOptions(**values)
    options.validate()
    return options


RATIO_TOLERANCE = 0.03


def _aligned_ratio(path: Sequence[tuple[int, int]], src_cum: np.ndarray, tgt_cum: np.ndarray) -> float | None:
    """Target/source length ratio over the beads of ``path`` that have both sides."""
    i = j = 0
    src_total = tgt_total = 0.0
    for a, b in path:
        if a and b:
            src_total += src_cum[i + a] - src_cum[i]
            tgt_total += tgt_cum[j + b] - tgt_cum[j]
        i, j = i + a, j + b
    return estimate_ratio(src_total, tgt_total) if src_total > 0 and tgt_total > 0 else None


def _mirror(breaks: Sequence[int] | None, size: int) -> list[int] | None:
    return None if breaks is None else sorted(size - position for position in breaks)


def align_sentences(src: Sequence[str], tgt: Sequence[str], src_lang: str, tgt_lang: str, *,
                    src_breaks: Sequence[int] | None = None, tgt_breaks: Sequence[int] | None = None,
                    glossary: GlossaryLike | None = None, options: AlignOptions | None = None,
                    src_keys: Sequence[set[str]] | None = None, tgt_keys: Sequence[set[str]] | None = None,
                    src_translations: Sequence[str] | None = None, **option_values: Any) -> list[Bead]:
    """Align two lists of sentences; returns beads in document order covering every sentence once.

    ``src_breaks``/``tgt_breaks``: indices of sentences that start a paragraph; breaks present in both
    documents act as (soft) anchors. ``glossary``: an object with ``find(text, lang)`` (entry ids become
    shared evidence). ``src_keys``/``tgt_keys``: extra evidence keys per sentence.
    ``src_translations``: machine translations of ``src`` into the target language (``--mt``); their
    words become evidence and chrF against the target joins each bead's confidence.
    Other keyword arguments are :class:`AlignOptions` fields (``band=100``, ``skip_cost=5``).
    """
    if options is None:
        options = make_options(**option_values)
    elif option_values:
        options = dataclasses.replace(options, **option_values)
        options.validate()
    n, m = len(src), len(tgt)
    if n == 0 or m == 0:
        return [Bead((i,), (), 0.0) for i in range(n)] + [Bead((), (j,), 0.0) for j in range(m)]
    src_sets = [sentence_keys(text, src_lang, glossary) for text in src]
    tgt_sets = [sentence_keys(text, tgt_lang, glossary) for text in tgt]
    if src_translations is not None:
        if len(src_translations) != n:
            raise ConfigError("src_translations must have one translation per source sentence")
        for target, text in zip(src_sets, src_translations, strict=True):
            target.update(word_keys(text))
        for target, text in zip(tgt_sets, tgt, strict=True):
            target.update(word_keys(text))
    for sets, extra in ((src_sets, src_keys), (tgt_sets, tgt_keys)):
        if extra is not None:
            if len(extra) != len(sets):
                raise ConfigError("extra evidence keys must have one entry per sentence")
            for target, more in zip(sets, extra, strict=True):
                target.update(more)
    src_side, tgt_side, index = build_features(src_sets, tgt_sets)
    src_cum = cumulative_lengths(src)
    tgt_cum = cumulative_lengths(tgt)
    coster = BeadCoster(src_cum, tgt_cum, src_side, tgt_side, index, options, src_breaks, tgt_breaks)
    beads_allowed = list(options.bead_costs)
    width = options.band
    while True:
        lo, hi = diagonal_band(src_cum, tgt_cum, width)
        forward: list[np.ndarray] = []
        path = run_dp(n, m, lo, hi, coster, beads_allowed, options.skip_cost, keep_costs=forward)
        if width >= max(n, m) or not touches_edge(path, lo, hi, m, margin=max(1, min(5, width // 4))):
            break
        width *= 2
    if options.ratio is None:
        # Omitted or added text skews the whole-document length ratio; re-estimate it from the beads
        # that have both sides and align again when it moved.
        ratio = _aligned_ratio(path, src_cum, tgt_cum)
        if ratio is not None and abs(math.log(ratio / coster.ratio)) > RATIO_TOLERANCE:
            options = dataclasses.replace(options, ratio=ratio)
            coster = BeadCoster(src_cum, tgt_cum, src_side, tgt_side, index, options, src_breaks, tgt_breaks)
            forward = []
            path = run_dp(n, m, lo, hi, coster, beads_allowed, options.skip_cost, keep_costs=forward)
    # The same programme on the reversed documents gives each cell's best cost to the end.
    rev_src, rev_tgt, rev_index = build_features(src_sets[::-1], tgt_sets[::-1])
    rev_coster = BeadCoster(src_cum[-1] - src_cum[::-1], tgt_cum[-1] - tgt_cum[::-1], rev_src, rev_tgt,
                            rev_index, dataclasses.replace(options, ratio=coster.ratio),
                            _mirror(src_breaks, n), _mirror(tgt_breaks, m))
    backward: list[np.ndarray] = []
    run_dp(n, m, m - hi[::-1], m - lo[::-1], rev_coster, beads_allowed, options.skip_cost, keep_costs=backward)
    row_margin, col_margin = margins(forward, backward, lo, hi, m, path, coster.cell_penalty)
    beads: list[Bead] = []
    i = j = 0
    for a, b in path:
        src_ids = tuple(range(i, i + a))
        tgt_ids = tuple(range(j, j + b))
        score = bead_confidence(src_ids, tgt_ids, row_margin, col_margin)
        if src_translations is not None and a and b:
            mt_score = chrf(" ".join(src_translations[k] for k in src_ids), " ".join(tgt[k] for k in tgt_ids))
            score = (2.0 * score + mt_score) / 3.0
        beads.append(Bead(src_ids, tgt_ids, score))
        i, j = i + a, j + b
    return beads
