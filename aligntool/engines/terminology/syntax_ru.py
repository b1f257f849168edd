"""Russian dependency parses and case tags for the case check (:mod:`aligntool.engines.terminology.case_ru`).

natasha ships its slovnet syntax model and the navec embeddings inside its wheel, so parsing works offline.
Only slovnet and navec are used (natasha's own ``MorphVocab`` needs pymorphy2, which does not work on Python
3.11; the case check uses pymorphy3 for word forms). The models are loaded lazily, once each, the first time a
rule needs a parse to confirm its evidence or the tagger's reading of a case (about 1 s for both on a quiet
machine; the navec embeddings are shared), or earlier in the background (:func:`load_in_background`).
"""

from __future__ import annotations

import functools
import importlib.util
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

#: Longest sentence (in tokens) that is parsed; longer ones are left unconfirmed (nothing flagged).
MAX_TOKENS = 150
_EMBEDDINGS = "data/emb/navec_news_v1_1B_250K_300d_100q.tar"
_SYNTAX = "data/model/slovnet_syntax_news_v1.tar"
_MORPH = "data/model/slovnet_morph_news_v1.tar"
#: Universal Dependencies case names → pymorphy3 grammemes (the case check's names).
_UD_CASES = {"Nom": "nomn", "Gen": "gent", "Dat": "datv", "Acc": "accs", "Ins": "ablt", "Loc": "loct"}
#: Held while a model loads: the background load and a rule that needs the model at that moment must not load it
#: twice (the second caller waits for the first).
_LOADING = threading.Lock()


@dataclass(frozen=True)
class Arc:
    """One token of a parse: the index of its head (-1 for the root) and the relation (Universal Dependencies)."""

    head: int
    rel: str


def _natasha_data() -> Path | None:
    """natasha's package folder, found without importing natasha (its ``__init__`` needs pymorphy2)."""
    spec = importlib.util.find_spec("natasha")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


@functools.lru_cache(maxsize=1)
def _embeddings() -> Any | None:
    """navec's news embeddings (shared by the parser and the tagger), or None when not installed."""
    folder = _natasha_data()
    if folder is None or not (folder / _EMBEDDINGS).is_file():
        return None
    try:
        from navec import Navec
    except ImportError:
        return None
    return Navec.load(str(folder / _EMBEDDINGS))


def _slovnet_model(model_file: str, kind: str) -> Any | None:
    """A slovnet model (``Syntax``, ``Morph``) from natasha's wheel with navec embeddings, or None when
    natasha/slovnet/navec are not installed."""
    folder = _natasha_data()
    navec = _embeddings()
    if folder is None or navec is None or not (folder / model_file).is_file():
        return None
    try:
        import slovnet
    except ImportError:
        return None
    return getattr(slovnet, kind).load(str(folder / model_file), batch_size=1).navec(navec)


def parser() -> Any | None:
    """The slovnet syntax parser with navec embeddings, or None when natasha/slovnet/navec are not installed."""
    with _LOADING:
        return _parser()


def parser_loaded() -> bool:
    """Whether the parser has been loaded in this process (a run that never needed it did not load it)."""
    return _parser.cache_info().currsize > 0


@functools.lru_cache(maxsize=1)
def _parser() -> Any | None:
    return _slovnet_model(_SYNTAX, "Syntax")


def tagger() -> tuple[Any, np.ndarray] | None:
    """slovnet's morphology tagger with navec embeddings and, per tag, the index of its case in
    :data:`TAGGER_CASES` (-1: no case); None when natasha/slovnet/navec are not installed."""
    with _LOADING:
        return _tagger()


@functools.lru_cache(maxsize=1)
def _tagger() -> tuple[Any, np.ndarray] | None:
    model = _slovnet_model(_MORPH, "Morph")
    if model is None:
        return None
    names = list(_UD_CASES)
    cases = [next((names.index(f[5:]) for f in tag.split("|") if f.startswith("Case=") and f[5:] in names), -1)
             for tag in model.infer.decoder.tags_vocab.items]
    return model, np.asarray(cases)


#: The cases :func:`case_probabilities` reports, in pymorphy3's names.
TAGGER_CASES = tuple(_UD_CASES.values())


@functools.lru_cache(maxsize=2048)
def case_probabilities(words: tuple[str, ...], index: int) -> dict[str, float] | None:
    """The tagger's probability of each case for ``words[index]`` in its sentence (the tag distribution summed by
    case); None when no tagger is available or the sentence is too long."""
    if not words or len(words) > MAX_TOKENS:
        return None
    loaded = tagger()
    if loaded is None:
        return None
    model, tag_cases = loaded
    batch = next(iter(model.infer.encoder([list(words)])))
    logits = np.asarray(model.infer.model(batch.word_id, batch.shape_id, batch.pad_mask)[0, index], dtype=np.float64)
    weights = np.exp(logits - logits.max())
    weights /= weights.sum()
    return {case: float(weights[tag_cases == i].sum()) for i, case in enumerate(TAGGER_CASES)}


def load_in_background() -> threading.Thread:
    """Start loading the parser and the tagger in a daemon thread and return it: a translation run starts this
    before it decodes, so that the load (about 1 s of CPU) overlaps the decoding (CTranslate2 and PyTorch release
    the GIL while they compute) instead of following it. Wall time only: the CPU time is the same."""
    thread = threading.Thread(target=_load_quietly, name="aligntool-case-models", daemon=True)
    thread.start()
    return thread


def _load_quietly() -> None:
    # A model that fails to load here fails again, with its error reported, when a rule asks for it.
    try:
        parser()
        tagger()
    except Exception:
        return


def available() -> bool:
    """The parser can be loaded (the natasha wheel with its models is installed)."""
    folder = _natasha_data()
    return folder is not None and (folder / _SYNTAX).is_file() and importlib.util.find_spec("slovnet") is not None


@functools.lru_cache(maxsize=512)
def parse(words: tuple[str, ...]) -> tuple[Arc, ...] | None:
    """Heads and relations of a tokenised sentence; None when no parser is available or it is too long."""
    if not words or len(words) > MAX_TOKENS:
        return None
    model = parser()
    if model is None:
        return None
    markup = next(iter(model.map([list(words)])))
    ids = {token.id: index for index, token in enumerate(markup.tokens)}
    return tuple(Arc(ids.get(token.head_id, -1), token.rel) for token in markup.tokens)
