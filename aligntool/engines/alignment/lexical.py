"""A word translation table learned from the documents being aligned (Moore 2002).

The first alignment pass (length, anchors, cheap evidence) yields beads; its confident 1-1 beads are
treated as a small parallel corpus and IBM Model 1 is trained on them in both directions (sparse EM
with numpy over the word pairs that co-occur in a bead: memory is proportional to the training pairs,
never to the vocabularies' product). Word pairs that each direction finds likely become evidence keys
for the second pass: a source sentence gets ``l:<target word>`` for every translation of its words, a
target sentence ``l:<word>`` for each of its words the table knows. The DP then rewards beads whose
sides share them, like any other evidence.

Everything is deterministic: vocabularies are sorted, training beads ordered, EM has no randomness.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from aligntool.core.words import LETTER_WORD
from aligntool.engines.alignment.beads import Bead
from aligntool.engines.alignment.features import KeyTable

PREFIX = 6  # words are cut to this many letters: inflected forms of one word then meet
MAX_TOKENS = 60  # longer sentences are left out of training (their pairs grow quadratically)
MAX_PAIRS = 1_000_000  # training stops adding beads beyond this many co-occurrence pairs
ITERATIONS = 5
NULL = 0


def words(text: str) -> list[str]:
    """Lower-cased word tokens cut to :data:`PREFIX` letters (one-letter words dropped)."""
    return [word[:PREFIX] for word in (w.lower() for w in LETTER_WORD.findall(text)) if len(word) > 1]


@dataclass(frozen=True)
class LexicalModel:
    """Source word → the target words it translates to (both as :func:`words` tokens)."""

    translations: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def target_words(self) -> frozenset[str]:
        """Every target word the table knows."""
        return frozenset(t for targets in self.translations.values() for t in targets)

    def __len__(self) -> int:
        return sum(len(targets) for targets in self.translations.values())

    def source_keys(self, text: str) -> set[str]:
        """Evidence keys of a source sentence: the translations of its words."""
        return {"l:" + t for word in words(text) for t in self.translations.get(word, ())}

    def target_keys(self, text: str, known: frozenset[str] | None = None) -> set[str]:
        """Evidence keys of a target sentence: its words the table can produce."""
        known = self.target_words if known is None else known
        return {"l:" + word for word in words(text) if word in known}

    def keys(self, src: Sequence[str], tgt: Sequence[str]) -> tuple[KeyTable, KeyTable]:
        """Evidence keys of every source and target sentence (stored compactly)."""
        known = self.target_words
        return (KeyTable.build(self.source_keys(text) for text in src),
                KeyTable.build(self.target_keys(text, known) for text in tgt))


CONFIDENT = 0.5  # first-pass beads scoring at least this train the table


def confident_pairs(beads: Iterable[Bead], src: Sequence[str], tgt: Sequence[str],
                    min_score: float = CONFIDENT) -> list[tuple[str, str]]:
    """(source, target) texts of the 1-1 beads scoring at least ``min_score``, in document order."""
    return [(src[bead.src[0]], tgt[bead.tgt[0]]) for bead in beads
            if len(bead.src) == 1 and len(bead.tgt) == 1 and bead.score >= min_score]


def _vocabulary(sentences: Iterable[list[str]]) -> dict[str, int]:
    """Word → id, sorted for determinism; id 0 is reserved for NULL."""
    return {word: index + 1 for index, word in enumerate(sorted({w for s in sentences for w in s}))}


def model1(pairs: Sequence[tuple[list[str], list[str]]], iterations: int = ITERATIONS
           ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, list[str], list[str]]:
    """IBM Model 1 ``t(f|e)`` by EM over sentence pairs (e: first element, f: second).

    Returns (e ids, f ids, probabilities, number of pairs they co-occur in) of every co-occurring word
    pair, and both vocabularies (index 0 of the e vocabulary is NULL). Each target token's alignment
    posterior is normalised over its bead's source tokens and NULL; vectorised over all pairs at once.
    """
    e_vocab = _vocabulary(e for e, _ in pairs)
    f_vocab = _vocabulary(f for _, f in pairs)
    e_names = ["<null>", *sorted(e_vocab, key=e_vocab.__getitem__)]
    f_names = ["<none>", *sorted(f_vocab, key=f_vocab.__getitem__)]
    # Every (source token incl. NULL, target token) pair of every bead, target-major within a bead,
    # written into preallocated int32 arrays (memory: about 40 bytes per pair at the peak).
    size = sum((len(e) + 1) * len(f) for e, f in pairs)
    token = sum(len(f) for _, f in pairs)
    if not token:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0), empty, e_names, f_names
    pair_e = np.empty(size, dtype=np.int32)
    pair_f = np.empty(size, dtype=np.int32)
    pair_token = np.empty(size, dtype=np.int32)
    bead_of_token = np.empty(token, dtype=np.int32)
    start = token = 0
    for bead, (e_words, f_words) in enumerate(pairs):
        e_ids = np.array([NULL] + [e_vocab[w] for w in e_words], dtype=np.int32)
        f_ids = np.array([f_vocab[w] for w in f_words], dtype=np.int32)
        stop = start + len(e_ids) * len(f_ids)
        pair_e[start:stop] = np.tile(e_ids, len(f_ids))
        pair_f[start:stop] = np.repeat(f_ids, len(e_ids))
        pair_token[start:stop] = np.repeat(np.arange(token, token + len(f_ids), dtype=np.int32), len(e_ids))
        bead_of_token[token:token + len(f_ids)] = bead
        start, token = stop, token + len(f_ids)
    codes = pair_e.astype(np.int64)
    del pair_e
    codes *= len(f_vocab) + 1
    codes += pair_f
    del pair_f
    codes, param = np.unique(codes, return_inverse=True)
    param_e = codes // (len(f_vocab) + 1)
    param_f = codes % (len(f_vocab) + 1)
    # In how many beads each pair co-occurs: distinct (pair, bead) combinations.
    seen = param * len(pairs)
    seen += bead_of_token[pair_token]
    seen = np.unique(seen)
    seen //= len(pairs)
    support = np.bincount(seen, minlength=len(codes))
    del seen
    prob = np.ones(len(codes))
    for _ in range(iterations):
        weight = prob[param]
        denominator = np.bincount(pair_token, weight, minlength=token)
        weight /= denominator[pair_token]
        counts = np.bincount(param, weight, minlength=len(codes))
        del weight
        totals = np.bincount(param_e, counts, minlength=len(e_names))
        prob = counts / totals[param_e]
    return param_e, param_f, prob, support, e_names, f_names


def train(pairs: Sequence[tuple[str, str]], threshold: float = 0.1, min_count: int = 2,
          iterations: int = ITERATIONS) -> LexicalModel:
    """A translation table from aligned (source text, target text) pairs.

    A word pair is kept when it co-occurs in at least ``min_count`` pairs and both ``t(f|e)`` and
    ``t(e|f)`` reach ``threshold`` (the intersection of the two directions, which drops Model 1's
    "garbage collector" links of rare words).
    """
    tokenised: list[tuple[list[str], list[str]]] = []
    budget = MAX_PAIRS
    for src_text, tgt_text in pairs:
        src_words, tgt_words = words(src_text), words(tgt_text)
        if not src_words or not tgt_words or len(src_words) > MAX_TOKENS or len(tgt_words) > MAX_TOKENS:
            continue
        budget -= (len(src_words) + 1) * (len(tgt_words) + 1)
        if budget < 0:
            break
        tokenised.append((src_words, tgt_words))
    if not tokenised:
        return LexicalModel()
    forward = _table(*model1(tokenised, iterations), threshold, min_count)
    backward = _table(*model1([(f, e) for e, f in tokenised], iterations), threshold, min_count)
    translations: dict[str, list[str]] = {}
    for (e, f) in sorted(forward):
        if (f, e) in backward:
            translations.setdefault(e, []).append(f)
    return LexicalModel({e: tuple(fs) for e, fs in translations.items()})


def _table(param_e: np.ndarray, param_f: np.ndarray, prob: np.ndarray, support: np.ndarray,
           e_names: list[str], f_names: list[str], threshold: float, min_count: int) -> set[tuple[str, str]]:
    """The (e, f) pairs with ``t(f|e) >= threshold`` seen in ``min_count`` pairs, NULL excluded."""
    keep = (prob >= threshold) & (param_e != NULL) & (support >= min_count)
    return {(e_names[e], f_names[f]) for e, f in zip(param_e[keep].tolist(), param_f[keep].tolist(), strict=True)}
