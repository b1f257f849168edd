"""MT-assisted alignment (Bleualign's idea): translate the source, compare the result with the target.

The translation of each source sentence is in the target language, so its words can be compared with
the target's directly: they become extra evidence keys for the DP, and chrF of a bead's translation
against its target text joins the bead's confidence.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

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


class SourceTranslator:
    """Translates source sentences for ``--mt``: the model is loaded once (on first use) and every
    sentence is translated once, however many documents repeat it (corpus mode); batches are the
    engine's."""

    def __init__(self, model: str | None = None, options: EngineOptions | None = None) -> None:
        self.model = model
        self.options = options
        self._translators: dict[tuple[str, str], Any] = {}
        self._cache: dict[tuple[str, str, str], str] = {}

    def _translator(self, src_lang: str, tgt_lang: str) -> Any:
        from aligntool.languages import base_language
        from aligntool.translation import load_translator, resolve_models

        if base_language(src_lang) != "en":
            raise ConfigError(f"--mt: aligntool's models translate from English, not from '{src_lang}'; "
                              "align without --mt")
        lang = base_language(tgt_lang)
        key = (base_language(src_lang), lang)
        if key not in self._translators:
            spec = resolve_models([lang], [f"{lang}={self.model}"] if self.model else None)[lang]
            self._translators[key] = load_translator(spec, self.options)
        return self._translators[key]

    def __call__(self, src: Sequence[str], src_lang: str, tgt_lang: str) -> list[str]:
        """The translations of ``src`` into ``tgt_lang``, in order."""
        translator = self._translator(src_lang, tgt_lang)
        missing = list(dict.fromkeys(text for text in src if (src_lang, tgt_lang, text) not in self._cache))
        if missing:
            for text, translation in zip(missing, translator.translate(missing), strict=True):
                self._cache[(src_lang, tgt_lang, text)] = translation
        return [self._cache[(src_lang, tgt_lang, text)] for text in src]


def translate_source(src: Sequence[str], src_lang: str, tgt_lang: str, model: str | None = None,
                     options: EngineOptions | None = None) -> list[str]:
    """Translate the source sentences with aligntool's model for ``tgt_lang`` (or ``model``: Hub id, dir),
    decoded as ``options`` say (engine, device, beams, …; the defaults when None).

    Raises ConfigError when no model translates ``src_lang`` into ``tgt_lang`` (the shipped models
    translate from English), ModelNotFoundError when the model cannot be found.
    """
    return SourceTranslator(model, options)(src, src_lang, tgt_lang)
