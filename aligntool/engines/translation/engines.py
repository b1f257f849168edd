"""Translation engines, by name (imported lazily: an engine's libraries load only when it is used).

Each engine class declares its :class:`Capabilities`; the CLI's ``--engine`` choices, option checks and
the hand-over of constrained sentences (an engine without constraint support passes them to
``REPAIR_ENGINE``) all read this registry. ``auto`` (the default) is CTranslate2 at the fastest precision for the
device, or transformers, with one warning, when the model does not convert or load
(:mod:`aligntool.engines.translation.auto`; the default is
:data:`aligntool.core.defaults.DEFAULT_ENGINE`).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from aligntool.core.errors import ConfigError

if TYPE_CHECKING:
    from aligntool.engines.translation.engine import Translator

#: engine name → (module, class)
ENGINES: dict[str, tuple[str, str]] = {
    "auto": ("aligntool.engines.translation.auto", "AutoEngine"),
    "transformers": ("aligntool.engines.translation.transformers_engine", "TransformersTranslator"),
    "ctranslate2": ("aligntool.engines.translation.ct2", "CTranslate2Translator"),
}
#: The engine that decodes with constraints what another engine could not (the last resort of enforcement).
REPAIR_ENGINE = "transformers"


@dataclass(frozen=True)
class Capabilities:
    """What an engine can do: lexical constraints, numeric precisions (``compute_types``), devices."""

    constraints: bool
    compute_types: tuple[str, ...]
    devices: tuple[str, ...] = ("cpu", "cuda")

    @property
    def int8(self) -> bool:
        """The engine has an int8 precision."""
        return any(t.startswith("int8") for t in self.compute_types)


def engine_names() -> list[str]:
    """Registered engine names, the default first."""
    return list(ENGINES)


def engine_class(name: str) -> type[Translator]:
    """The engine class registered under ``name``."""
    if name not in ENGINES:
        raise ConfigError(f"--engine {name}: unknown engine; choose one of {', '.join(ENGINES)}")
    module, cls = ENGINES[name]
    return getattr(importlib.import_module(module), cls)  # type: ignore[no-any-return]
