"""Loading a translator: ``load_translator(spec, options)`` gives a :class:`Translator` whose
:meth:`~Translator.translate` (sentences, optional constraints) is the only way anything decodes.
(:func:`aligntool.api.from_pretrained` is the public form that takes a model name.)
"""

from __future__ import annotations

from typing import Any

from aligntool.engines.translation.engine import Translator
from aligntool.engines.translation.engines import engine_class
from aligntool.engines.translation.options import EngineOptions
from aligntool.engines.translation.registry import ModelSpec


def load_translator(spec: ModelSpec, options: EngineOptions | None = None, **settings: Any) -> Translator:
    """Load the model for ``spec`` in the engine ``options.engine`` (settings override fields of ``options``).

    Example: ``load_translator(spec, engine="ctranslate2", compute_type="int8", beams=4)``.
    """
    resolved = EngineOptions.build(options, **settings)
    return engine_class(resolved.engine).load(spec, resolved)
