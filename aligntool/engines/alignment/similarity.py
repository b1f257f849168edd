"""Similarity of a machine translation and a target text (MT-assisted alignment, Bleualign's idea).

``chrf`` scores a bead's translation against its target text; ``word_keys`` turns a target-language text
into evidence keys the DP can compare with the target's own.
"""

from __future__ import annotations

from collections import Counter

from aligntool.core.words import WORD


def _ngrams(text: str, n: int) -> Counter[str]:
    return Counter(text[i:i + n] for i in range(len(text) - n + 1))


def chrf(hypothesis: str, reference: str, max_order: int = 6, beta: float = 2.0) -> float:
    """chrF (Popović 2015), 0..1: character n-gram F-score, n = 1..6, recall weighted by ``beta``.

    Whitespace is ignored, as in sacrebleu's chrF; precision and recall are averaged over the orders
    that occur in both strings.
    """
    hyp = "".join(hypothesis.split())
    ref = "".join(reference.split())
    precisions: list[float] = []
    recalls: list[float] = []
    for n in range(1, max_order + 1):
        hyp_grams = _ngrams(hyp, n)
        ref_grams = _ngrams(ref, n)
        if not hyp_grams or not ref_grams:
            continue
        common = sum((hyp_grams & ref_grams).values())
        precisions.append(common / sum(hyp_grams.values()))
        recalls.append(common / sum(ref_grams.values()))
    if not precisions:
        return 0.0
    p = sum(precisions) / len(precisions)
    r = sum(recalls) / len(recalls)
    if p + r == 0:
        return 0.0
    return (1 + beta**2) * p * r / (beta**2 * p + r)


def word_keys(text: str) -> set[str]:
    """Evidence keys of a target-language text: lower-cased 5-letter word prefixes (``m:…``)."""
    return {"m:" + word[:5] for word in (w.lower() for w in WORD.findall(text)) if len(word) >= 3}
