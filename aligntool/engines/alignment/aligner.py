"""Sentence alignment of a document and its translation (``aligntool align``).

:func:`align_sentences` runs a banded monotone DP over beads 1-1, 1-0, 0-1, 1-2, 2-1, 2-2, 1-3, 3-1
(and 2-3, 3-2, 1-4, 4-1, 3-3, 1-5, 5-1) whose cost combines a Gale–Church length model (ratio estimated from the
documents), lexical evidence (numbers and dates, punctuation, names across scripts, cognates, URLs,
glossary terms) and paragraph anchors; each bead is scored by its max-marginal gap. No neural encoder
is involved.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from aligntool.core.errors import ConfigError
from aligntool.engines.alignment.anchors import find_anchors
from aligntool.engines.alignment.beads import Bead, BeadEvidence, format_bead, parse_bead, read_beads
from aligntool.engines.alignment.confidence import bead_confidence, margins
from aligntool.engines.alignment.debris import Kept, restore
from aligntool.engines.alignment.dp import diagonal_band, run_dp, touches_edge
from aligntool.engines.alignment.features import GlossaryLike, KeyTable, build_features, sentence_keys
from aligntool.engines.alignment.length import cumulative_lengths, estimate_ratio, length_cost
from aligntool.engines.alignment.lexical import LexicalModel, confident_pairs
from aligntool.engines.alignment.lexical import train as train_lexical
from aligntool.engines.alignment.scoring import AlignOptions, BeadCoster
from aligntool.engines.alignment.similarity import chrf, word_keys
from aligntool.engines.alignment.window import WindowedAligner, windowed

#: The aligner's name in output signatures (``x-aligntool-aligner``).
ALIGNER_NAME = "gale-church+lexical"

__all__ = ["ALIGNER_NAME", "AlignOptions", "Bead", "LexicalModel", "align_sentences", "format_bead", "parse_bead",
           "read_beads"]

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


class _Run:
    """One alignment problem: the band, the latest costs, and the DP rows kept for confidence."""

    def __init__(self, src_cum: np.ndarray, tgt_cum: np.ndarray, options: AlignOptions,
                 src_breaks: Sequence[int] | None, tgt_breaks: Sequence[int] | None,
                 lexical: tuple[KeyTable, KeyTable] | None = None) -> None:
        self.src_cum, self.tgt_cum = src_cum, tgt_cum
        self.lexical = lexical
        self.n, self.m = len(src_cum) - 1, len(tgt_cum) - 1
        self.options = options
        self.breaks = (src_breaks, tgt_breaks)
        self.width = options.band
        self.anchors: list[tuple[int, int]] = []
        self.lo, self.hi = diagonal_band(src_cum, tgt_cum, self.width)
        self.forward: list[np.ndarray] = []
        self.coster: BeadCoster  # set by align()
        self.windowed_margins: tuple[np.ndarray, np.ndarray] | None = None  # long documents (.window)

    def set_anchors(self, anchors: list[tuple[int, int]]) -> None:
        """Centre the band on these (source, target) sentence pairs."""
        self.anchors = anchors
        self.lo, self.hi = diagonal_band(self.src_cum, self.tgt_cum, self.width, anchors)

    def align(self, src_sets: KeyTable, tgt_sets: KeyTable, widen: bool = True
              ) -> list[tuple[int, int]]:
        """Best path; with ``widen``, the band doubles until the path stays clear of its edges."""
        src_side, tgt_side, index = build_features(src_sets, tgt_sets)
        lexical = build_features(*self.lexical) if self.lexical is not None else None
        self.coster = BeadCoster(self.src_cum, self.tgt_cum, src_side, tgt_side, index, self.options,
                                 *self.breaks, lexical=lexical)
        beads = list(self.options.bead_costs)
        self.windowed_margins = None
        if windowed(self.n, self.options.window):
            aligner = WindowedAligner(
                self.n, self.m, lambda width: diagonal_band(self.src_cum, self.tgt_cum, width, self.anchors),
                self.coster, self._reverse_coster(src_sets, tgt_sets), beads, self.options.skip_cost,
                self.anchors, self.options.window)
            path, row_margin, col_margin, self.width = aligner.align(self.width, widen)
            self.windowed_margins = (row_margin, col_margin)
            self.lo, self.hi = diagonal_band(self.src_cum, self.tgt_cum, self.width, self.anchors)
            return path
        while True:
            self.forward = []
            path = run_dp(self.n, self.m, self.lo, self.hi, self.coster, beads, self.options.skip_cost,
                          keep_costs=self.forward)
            margin = max(1, min(5, self.width // 4))
            if not widen or self.width >= max(self.n, self.m) or not touches_edge(
                    path, self.lo, self.hi, self.m, margin):
                return path
            self.width *= 2
            self.lo, self.hi = diagonal_band(self.src_cum, self.tgt_cum, self.width, self.anchors)

    def _reverse_coster(self, src_sets: KeyTable, tgt_sets: KeyTable) -> BeadCoster:
        """The costs of the reversed documents (the cost to go of every cell, for margins)."""
        n, m = self.n, self.m
        rev_src, rev_tgt, rev_index = build_features(src_sets[::-1], tgt_sets[::-1])
        return BeadCoster(self.src_cum[-1] - self.src_cum[::-1], self.tgt_cum[-1] - self.tgt_cum[::-1],
                          rev_src, rev_tgt, rev_index,
                          dataclasses.replace(self.options, ratio=self.coster.ratio),
                          _mirror(self.breaks[0], n), _mirror(self.breaks[1], m),
                          lexical=None if self.lexical is None else build_features(
                              self.lexical[0][::-1], self.lexical[1][::-1]))

    def margins(self, src_sets: KeyTable, tgt_sets: KeyTable,
                path: list[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray]:
        """Max-marginal gaps: the same programme on the reversed documents gives each cell's cost to go."""
        if self.windowed_margins is not None:
            return self.windowed_margins  # computed window by window with the path
        n, m = self.n, self.m
        backward: list[np.ndarray] = []
        run_dp(n, m, m - self.hi[::-1], m - self.lo[::-1], self._reverse_coster(src_sets, tgt_sets),
               list(self.options.bead_costs), self.options.skip_cost, keep_costs=backward)
        return margins(self.forward, backward, self.lo, self.hi, m, path, self.coster.cell_penalty)


def align_sentences(src: Sequence[str], tgt: Sequence[str], src_lang: str, tgt_lang: str, *,
                    src_breaks: Sequence[int] | None = None, tgt_breaks: Sequence[int] | None = None,
                    glossary: GlossaryLike | None = None, options: AlignOptions | None = None,
                    src_keys: Sequence[set[str]] | None = None, tgt_keys: Sequence[set[str]] | None = None,
                    src_translations: Sequence[str] | None = None, lexical: LexicalModel | None = None,
                    **option_values: Any) -> list[Bead]:
    """Align two lists of sentences; returns beads in document order covering every sentence once.

    ``src_breaks``/``tgt_breaks``: indices of sentences that start a paragraph; breaks present in both
    documents act as (soft) anchors. ``glossary``: an object with ``find(text, lang)`` (entry ids become
    shared evidence). ``src_keys``/``tgt_keys``: extra evidence keys per sentence.
    ``src_translations``: machine translations of ``src`` into the target language (``--mt``); their
    words become evidence and chrF against the target joins each bead's confidence.
    ``lexical``: a translation table trained beforehand (corpus mode); without one, and with
    ``options.lexical_model``, a first pass trains one on this document pair (:mod:`.lexical`).
    Other keyword arguments are :class:`AlignOptions` fields (``band=100``, ``skip_cost=5``).
    """
    if options is None:
        options = make_options(**option_values)
    elif option_values:
        options = make_options(**{**{f: getattr(options, f) for f in _OPTION_NAMES}, **option_values})
    n, m = len(src), len(tgt)
    if n == 0 or m == 0:
        return [Bead((i,), (), 0.0) for i in range(n)] + [Bead((), (j,), 0.0) for j in range(m)]
    if src_translations is not None and len(src_translations) != n:
        raise ConfigError("src_translations must have one translation per source sentence")
    if (src_keys is not None and len(src_keys) != n) or (tgt_keys is not None and len(tgt_keys) != m):
        raise ConfigError("extra evidence keys must have one entry per sentence")
    if options.set_aside_debris:
        src_kept, tgt_kept = Kept.of(src), Kept.of(tgt)
        if not (src_kept.complete and tgt_kept.complete):
            # The kept sentences hold no debris: the inner call need not look for it again.
            beads = align_sentences(
                src_kept.select(src), tgt_kept.select(tgt), src_lang, tgt_lang,
                src_breaks=src_kept.breaks(src_breaks), tgt_breaks=tgt_kept.breaks(tgt_breaks), glossary=glossary,
                options=dataclasses.replace(options, set_aside_debris=False),
                src_keys=src_kept.select(src_keys), tgt_keys=tgt_kept.select(tgt_keys),
                src_translations=src_kept.select(src_translations), lexical=lexical)
            return restore(beads, src_kept, tgt_kept)
    mt_words = (src_translations, tgt) if src_translations is not None else (None, None)
    src_sets = _keys(src, src_lang, glossary, mt_words[0], src_keys)
    tgt_sets = _keys(tgt, tgt_lang, glossary, mt_words[1], tgt_keys)
    src_cum = cumulative_lengths(src)
    tgt_cum = cumulative_lengths(tgt)
    breaks = (src_breaks, tgt_breaks)
    if lexical is None and options.lexical_model:
        first = _align_pass(src_cum, tgt_cum, src_sets, tgt_sets, options, breaks)
        lexical = train_lexical(confident_pairs(_beads(first, None, tgt, None), src, tgt))
        start_ratio = first[3]
        del first  # its DP rows and margins: the second pass needs the memory
    else:
        start_ratio = None
    lexical_keys = lexical.keys(src, tgt) if lexical is not None and len(lexical) and options.lexical_model else None
    result = _align_pass(src_cum, tgt_cum, src_sets, tgt_sets, options, breaks, lexical_keys, start_ratio)
    return _beads(result, src_translations, tgt, _Evidence(src_cum, tgt_cum, options.variance, lexical_keys))


def _keys(texts: Sequence[str], lang: str, glossary: GlossaryLike | None, mt_texts: Sequence[str] | None,
          extra: Sequence[set[str]] | None) -> KeyTable:
    """Evidence keys of every sentence (with ``--mt``, the words of ``mt_texts`` too), stored compactly."""

    def one(k: int) -> set[str]:
        keys = sentence_keys(texts[k], lang, glossary)
        if mt_texts is not None:
            keys.update(word_keys(mt_texts[k]))
        if extra is not None:
            keys.update(extra[k])
        return keys

    return KeyTable.build(one(k) for k in range(len(texts)))


Pass = tuple[list[tuple[int, int]], np.ndarray, np.ndarray, float]


@dataclasses.dataclass(frozen=True)
class _Evidence:
    """What the review report needs to explain a bead: lengths, variance, translation-table keys."""

    src_cum: np.ndarray
    tgt_cum: np.ndarray
    variance: float
    lexical: tuple[KeyTable, KeyTable] | None

    def of(self, src_ids: tuple[int, ...], tgt_ids: tuple[int, ...], ratio: float, mt: float | None
           ) -> BeadEvidence:
        src_len = self.src_cum[src_ids[-1] + 1] - self.src_cum[src_ids[0]] if src_ids else 0.0
        tgt_len = self.tgt_cum[tgt_ids[-1] + 1] - self.tgt_cum[tgt_ids[0]] if tgt_ids else 0.0
        length = float(length_cost(src_len, np.array([tgt_len]), ratio, self.variance)[0])
        share = None
        if self.lexical is not None:
            src_keys = set().union(*(self.lexical[0][k] for k in src_ids))
            tgt_keys = set().union(*(self.lexical[1][k] for k in tgt_ids))
            if src_keys or tgt_keys:
                share = 2.0 * len(src_keys & tgt_keys) / (len(src_keys) + len(tgt_keys))
        return BeadEvidence(length, share, mt)


def _align_pass(src_cum: np.ndarray, tgt_cum: np.ndarray, src_sets: KeyTable,
                tgt_sets: KeyTable, options: AlignOptions,
                breaks: tuple[Sequence[int] | None, Sequence[int] | None],
                lexical: tuple[KeyTable, KeyTable] | None = None, start_ratio: float | None = None) -> Pass:
    """One DP alignment (re-run when the aligned length ratio moved) and its margins.

    ``start_ratio``: the length ratio to start from instead of the documents' (the first pass's aligned
    ratio: a second pass then need not rediscover an omission's skew by aligning twice).
    """
    start = options if options.ratio is not None or start_ratio is None else dataclasses.replace(
        options, ratio=start_ratio)
    run = _Run(src_cum, tgt_cum, start, *breaks, lexical=lexical)
    run.set_anchors(find_anchors(src_sets, tgt_sets))
    path = run.align(src_sets, tgt_sets)
    if options.ratio is None:
        # Omitted or added text skews the whole-document length ratio; re-estimate it from the beads
        # that have both sides and align again when it moved.
        ratio = _aligned_ratio(path, src_cum, tgt_cum)
        if ratio is not None and abs(math.log(ratio / run.coster.ratio)) > RATIO_TOLERANCE:
            run.options = dataclasses.replace(run.options, ratio=ratio)
            path = run.align(src_sets, tgt_sets, widen=False)
    row_margin, col_margin = run.margins(src_sets, tgt_sets, path)
    return path, row_margin, col_margin, run.coster.ratio


def _beads(result: Pass, src_translations: Sequence[str] | None, tgt: Sequence[str],
           evidence: _Evidence | None) -> list[Bead]:
    """The path as scored beads (chrF of the MT against the target joins the score with ``--mt``);
    with ``evidence``, each bead carries what the review report says about it."""
    path, row_margin, col_margin, ratio = result
    beads: list[Bead] = []
    i = j = 0
    for a, b in path:
        src_ids = tuple(range(i, i + a))
        tgt_ids = tuple(range(j, j + b))
        score = bead_confidence(src_ids, tgt_ids, row_margin, col_margin)
        mt_score = None
        if src_translations is not None and a and b:
            mt_score = chrf(" ".join(src_translations[k] for k in src_ids), " ".join(tgt[k] for k in tgt_ids))
            score = (2.0 * score + mt_score) / 3.0
        seen = evidence.of(src_ids, tgt_ids, ratio, mt_score) if evidence is not None and a and b else None
        beads.append(Bead(src_ids, tgt_ids, score, seen))
        i, j = i + a, j + b
    return beads
