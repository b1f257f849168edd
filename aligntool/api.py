"""The public Python API: translate text or files, load a translator, align, segment.

Everything here is a thin layer over the jobs and engines; the command line calls the same code. Loaded
translators are kept in a small least-recently-used cache (:data:`MAX_CACHED_TRANSLATORS`), so repeated
``translate(...)`` calls reuse a model without holding every model ever used.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import fields as dataclass_fields
from pathlib import Path
from typing import Any

from aligntool.core.datatypes import Segment, TranslationUnit
from aligntool.core.errors import AligntoolError
from aligntool.core.languages import base_language
from aligntool.engines.alignment.aligner import align_sentences
from aligntool.engines.segmentation.segmenter import segment
from aligntool.engines.segmentation.sentences import document_sentences
from aligntool.engines.terminology.enforce import TermEnforcer, check_mode
from aligntool.engines.terminology.termbase import Glossary
from aligntool.engines.translation.engine import Translations, Translator
from aligntool.engines.translation.factory import load_translator
from aligntool.engines.translation.options import EngineOptions
from aligntool.engines.translation.registry import ModelSpec, resolve_models
from aligntool.formats.documents.reading import text_document
from aligntool.jobs.align import AlignJob, AlignSummary, align_file, align_files
from aligntool.jobs.translate import RunSummary, TranslateJob, translate_files

__all__ = ["AlignJob", "AlignSummary", "AligntoolError", "EngineOptions", "Glossary", "GlossaryTranslator",
           "Segment", "TranslationUnit", "Translator", "align_file", "align_files", "align_sentences",
           "from_pretrained", "load_translator", "segment", "translate", "translate_file"]

#: How many loaded translators ``translate`` keeps (least recently used first out): a model is hundreds of MB.
MAX_CACHED_TRANSLATORS = 4

class GlossaryTranslator:
    """A translator with a glossary: :meth:`translate` enforces (or checks) its terms; ``terms`` holds the
    outcome of the last call's sentences and ``enforcer.summaries`` the totals."""

    def __init__(self, translator: Translator, glossary: str | Path, lang: str, source_lang: str = "en",
                 terms: str = "enforce") -> None:
        self.translator = translator
        self.lang = base_language(lang)
        self.enforcer = TermEnforcer(Glossary.load(glossary), base_language(source_lang), terms)
        self.terms: list[Any] = []

    def translate(self, sentences: Sequence[str], progress: Any = None) -> Translations:
        """Translate ``sentences`` with the glossary's terms (see
        :class:`~aligntool.engines.terminology.enforce.TermEnforcer`)."""
        if self.enforcer.mode == "off":
            return self.translator.translate(sentences, progress=progress)
        translations, self.terms = self.enforcer.translate(self.translator, self.lang, sentences, progress=progress)
        return translations


_TRANSLATORS: OrderedDict[tuple[Any, ...], Translator | GlossaryTranslator] = OrderedDict()


def _cached_translator(key: tuple[Any, ...], spec: ModelSpec, options: EngineOptions, glossary: str | Path | None,
                       lang: str, source_lang: str, terms: str) -> Translator | GlossaryTranslator:
    """The translator for ``key``, loaded on first use; the least recently used one is dropped beyond the cap."""
    if key in _TRANSLATORS:
        _TRANSLATORS.move_to_end(key)
        return _TRANSLATORS[key]
    translator = load_translator(spec, options)
    loaded = GlossaryTranslator(translator, glossary, lang, source_lang, terms) if glossary is not None else translator
    _TRANSLATORS[key] = loaded
    while len(_TRANSLATORS) > MAX_CACHED_TRANSLATORS:
        _TRANSLATORS.popitem(last=False)
    return loaded


def from_pretrained(model: str, *, lang: str = "xx", target_token: str | None = None,
                    glossary: str | Path | None = None, terms: str = "enforce", source_lang: str = "en",
                    options: EngineOptions | None = None, **settings: Any) -> Translator | GlossaryTranslator:
    """A translator for a Hub id or local directory; with ``glossary``, one that enforces (``terms``) its terms.

    ``settings``: any :class:`~aligntool.engines.translation.options.EngineOptions` field (engine, device, beams, …).
    """
    check_mode(terms)
    resolved = EngineOptions.build(options, **settings)
    translator = load_translator(ModelSpec(lang, model, target_token), resolved)
    if glossary is None:
        return translator
    return GlossaryTranslator(translator, glossary, lang, source_lang, terms)


def translate(
    text: str | Sequence[str], to: str = "ru", *, model: str | None = None, target_token: str | None = None,
    source_lang: str = "en", glossary: str | Path | None = None, terms: str = "enforce",
    options: EngineOptions | None = None, **settings: Any,
) -> list[str]:
    """Translate a document (a string, segmented first) or a list of sentences into ``to``.

    ``model`` defaults to the registry's model for the language; ``glossary``/``terms`` as in
    ``aligntool translate``; ``settings``: any :class:`~aligntool.engines.translation.options.EngineOptions` field
    (``engine="ctranslate2"``, ``beams=4``, …). Loaded models are reused across calls.
    """
    check_mode(terms)
    lang = base_language(to)
    resolved = EngineOptions.build(options, **settings)
    spec = resolve_models([lang], [f"{lang}={model}"] if model else [],
                          [f"{lang}={target_token}"] if target_token else [], source_lang=source_lang)[lang]
    key = (spec, resolved, str(glossary) if glossary else None, terms, source_lang)
    translator = _cached_translator(key, spec, resolved, glossary, lang, source_lang, terms)
    if isinstance(text, str):
        sentences = [s.text for s in document_sentences(text_document(text, "<text>"), base_language(source_lang))]
    else:
        sentences = list(text)
    return list(translator.translate(sentences))


def translate_file(path: str | Path, to: str | Sequence[str] = ("ru", "kk"), out_dir: str | Path = "out", *,
                   options: EngineOptions | None = None, **settings: Any) -> RunSummary:
    """Translate one file into TMX files in ``out_dir``.

    ``settings``: :class:`TranslateJob` fields (``glossary``, ``terms``, ``models``, …) and
    :class:`~aligntool.engines.translation.options.EngineOptions` fields (``engine``, ``beams``, …).
    """
    targets = [to] if isinstance(to, str) else list(to)
    engine_fields = {f.name for f in dataclass_fields(EngineOptions)}
    engine_settings = {k: v for k, v in settings.items() if k in engine_fields}
    job_settings = {k: v for k, v in settings.items() if k not in engine_fields}
    return translate_files(TranslateJob(inputs=[Path(path)], targets=targets, out_dir=Path(out_dir),
                                        options=EngineOptions.build(options, **engine_settings), **job_settings))
