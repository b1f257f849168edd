"""Machine translation: model registry and families, loading, the engine registry, one options object.

``load_translator(spec, options)`` / ``from_pretrained(model, ...)`` give a :class:`Translator` whose
:meth:`~Translator.translate` (sentences, optional constraints) is the only way anything decodes.
Names are imported on first use, so ``aligntool --help`` (which needs only the engine names) stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aligntool.lazy import lazy_attributes

# public name -> module that defines it
_LAZY = {
    "WORD_START": "aligntool.translation.constraints",
    "Constraint": "aligntool.translation.constraints",
    "TargetVocabulary": "aligntool.translation.constraints",
    "Translations": "aligntool.translation.engine",
    "TransformersTranslator": "aligntool.translation.transformers_engine",
    "Translator": "aligntool.translation.engine",
    "DEFAULT_ENGINE": "aligntool.translation.engines",
    "ENGINES": "aligntool.translation.engines",
    "Capabilities": "aligntool.translation.engines",
    "engine_class": "aligntool.translation.engines",
    "engine_names": "aligntool.translation.engines",
    "EngineOptions": "aligntool.translation.options",
    "ModelSpec": "aligntool.translation.registry",
    "default_models": "aligntool.translation.registry",
    "resolve_models": "aligntool.translation.registry",
}

if TYPE_CHECKING:
    from aligntool.translation.constraints import WORD_START, Constraint, TargetVocabulary
    from aligntool.translation.engine import Translations, Translator
    from aligntool.translation.engines import DEFAULT_ENGINE, ENGINES, Capabilities, engine_class, engine_names
    from aligntool.translation.options import EngineOptions
    from aligntool.translation.registry import ModelSpec, default_models, resolve_models
    from aligntool.translation.transformers_engine import TransformersTranslator


__getattr__ = lazy_attributes(__name__, _LAZY, globals())


def load_translator(spec: ModelSpec, options: EngineOptions | None = None, **settings: Any) -> Translator:
    """Load the model for ``spec`` in the engine ``options.engine`` (settings override fields of ``options``).

    Example: ``load_translator(spec, engine="ctranslate2", compute_type="int8", beams=4)``.
    """
    from aligntool.translation.engines import engine_class
    from aligntool.translation.options import EngineOptions

    resolved = EngineOptions.build(options, **settings)
    return engine_class(resolved.engine).load(spec, resolved)


def from_pretrained(model: str, *, lang: str = "xx", target_token: str | None = None,
                    options: EngineOptions | None = None, **settings: Any) -> Translator:
    """A translator for a Hub id or local directory, e.g. ``from_pretrained("Helsinki-NLP/opus-mt-en-ru")``.

    ``settings``: any :class:`EngineOptions` field (``engine``, ``device``, ``beams``, ``max_length``, …).
    """
    from aligntool.translation.registry import ModelSpec

    return load_translator(ModelSpec(lang, model, target_token), options, **settings)


__all__ = [
    "DEFAULT_ENGINE",
    "ENGINES",
    "WORD_START",
    "Capabilities",
    "Constraint",
    "EngineOptions",
    "ModelSpec",
    "TargetVocabulary",
    "TransformersTranslator",
    "Translations",
    "Translator",
    "default_models",
    "engine_class",
    "engine_names",
    "from_pretrained",
    "load_translator",
    "resolve_models",
]
