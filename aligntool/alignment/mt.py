"""MT-assisted alignment (Bleualign's idea): translate the source, compare the result with the target.

The translation of each source sentence is in the target language, so its words can be compared with
the target's directly: they become extra evidence keys for the DP, and chrF of a bead's translation
against its target text joins the bead's confidence.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from aligntool.errors import ConfigError

if TYPE_CHECKING:
    from aligntool.translation import EngineOptions

_WORD = re.compile(r"[^\W_]+")


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
    return {"m:" + word[:5] for word in (w.lower() for w in _WORD.findall(text)) if len(word) >= 3}


def translate_source(src: Sequence[str], src_lang: str, tgt_lang: str, model: str | None = None,
                     options: EngineOptions | None = None) -> list[str]:
    """Translate the source sentences with aligntool's model for ``tgt_lang`` (or ``model``: Hub id, dir),
    decoded as ``options`` say (engine, device, beams, …; the defaults when None).

    Raises ConfigError when no model translates ``src_lang`` into ``tgt_lang`` (the shipped models
    translate from English), ModelNotFoundError when the model cannot be found.
    """
    from aligntool.languages import base_language
    from aligntool.translation import load_translator, resolve_models

    if base_language(src_lang) != "en":
        raise ConfigError(f"--mt: aligntool's models translate from English, not from '{src_lang}'; "
                          "align without --mt")
    lang = base_language(tgt_lang)
    spec = resolve_models([lang], [f"{lang}={model}"] if model else None)[lang]
    translator = load_translator(spec, options)
    return list(translator.translate(list(src)))
