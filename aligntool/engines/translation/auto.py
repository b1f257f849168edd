"""``--engine auto``, the default: CTranslate2 at the fastest precision for the device, else transformers.

The checkpoint is converted for CTranslate2 once (cached, :mod:`aligntool.engines.translation.ct2`) and decoded there
with ``compute_type`` ``auto`` resolved per device (:func:`~aligntool.engines.translation.ct2.fastest_compute_type`:
int8 on CPU). When CTranslate2 is not installed, or the model does not convert or load, the run goes on with
the transformers engine on the same checkpoint, after one warning. The translator returned is the engine that
runs, so its ``engine_identity`` (TMX header, summary) names it: ``ctranslate2-4.8.5/int8_float32`` or
``transformers/float32``.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import TYPE_CHECKING

from aligntool.core.errors import MissingDependencyError
from aligntool.engines.translation.ct2 import COMPUTE_TYPES, CTranslate2Translator, import_ctranslate2
from aligntool.engines.translation.engine import Translator
from aligntool.engines.translation.engines import Capabilities
from aligntool.engines.translation.options import EngineOptions
from aligntool.engines.translation.transformers_engine import TransformersTranslator

if TYPE_CHECKING:
    from aligntool.engines.translation.registry import ModelSpec

logger = logging.getLogger("aligntool.engines.translation")


class AutoEngine(Translator):
    """Chooses the engine at load time; :meth:`load` returns a CTranslate2 or transformers translator."""

    engine_name = "auto"
    capabilities = Capabilities(constraints=True, compute_types=COMPUTE_TYPES)

    @classmethod
    def load(cls, spec: ModelSpec, options: EngineOptions) -> Translator:
        """CTranslate2 (converted once) when it can run the model, else transformers with one warning."""
        try:
            import_ctranslate2()
        except MissingDependencyError:
            logger.warning("aligntool: warning: CTranslate2 is not installed (pip install ctranslate2); "
                           "translating %s with transformers", spec.model)
            return TransformersTranslator.load(spec, transformers_options(options))
        return CTranslate2Translator.load(spec, replace(options, engine="ctranslate2"))

    @classmethod
    def identity_for(cls, options: EngineOptions) -> str:
        """``auto`` (the engine that runs is known only once the model has loaded)."""
        return cls.engine_name


def transformers_options(options: EngineOptions) -> EngineOptions:
    """``options`` for the transformers engine: a CTranslate2-only precision becomes ``auto`` (float32)."""
    fallback = options.with_repair_engine()
    if fallback.compute_type == "int8" and options.device not in ("auto", "cpu"):
        fallback = replace(fallback, compute_type="auto")
    return fallback
