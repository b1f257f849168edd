"""The one options object every translation entry point takes (CLI, ``aligntool.translate``, ``from_pretrained``).

:class:`EngineOptions` is frozen and validated once, here: engine name against the engine registry,
device, threads, beams, caps and batch limits. Engine-specific checks (which compute types an engine
has, which devices) come from the engine's declared :class:`~aligntool.engines.translation.engines.Capabilities`.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

from aligntool.core.defaults import DEFAULT_BATCH_MEMORY_MB, DEFAULT_ENGINE
from aligntool.core.errors import ConfigError
from aligntool.engines.translation.engines import REPAIR_ENGINE, engine_class

DEVICES = ("auto", "cpu", "cuda")
#: Memory (MB) a batch's decoding state may take by default: key/value caches and score rows (see docs/speed.md).


@dataclass(frozen=True)
class EngineOptions:
    """How to decode: engine, device, precision, threads, beams, length cap, batch budget.

    ``beams``/``max_length`` None: the model's generation config (beam 4 for OPUS-MT) and the default cap
    (2 × source tokens + 10). ``batch_tokens``: source tokens per batch, padding included.
    ``batch_memory_mb``: estimated decoding memory a batch may take (cache × beams × layers, score rows);
    0 = no memory bound (fastest, most memory). ``threads`` 0 = automatic.
    """

    engine: str = DEFAULT_ENGINE
    device: str = "auto"
    compute_type: str = "auto"
    threads: int = 0
    beams: int | None = None
    max_length: int | None = None
    batch_tokens: int = 4096
    max_batch_size: int = 64
    batch_memory_mb: int = DEFAULT_BATCH_MEMORY_MB

    def __post_init__(self) -> None:

        problems = []
        capabilities = None
        try:
            capabilities = engine_class(self.engine).capabilities
        except ConfigError as exc:
            problems.append(str(exc))
        device = self.device.split(":")[0]
        if device not in DEVICES:
            problems.append(f"--device {self.device}: expected auto, cpu or cuda")
        elif capabilities is not None and device != "auto" and device not in capabilities.devices:
            problems.append(f"--device {self.device}: the {self.engine} engine runs on "
                            f"{', '.join(capabilities.devices)}")
        if capabilities is not None and self.compute_type not in capabilities.compute_types:
            problems.append(f"--compute-type {self.compute_type}: the {self.engine} engine supports "
                            f"{', '.join(capabilities.compute_types)}")
        if self.threads < 0:
            problems.append(f"--threads {self.threads}: expected 0 (automatic) or a positive number")
        if self.beams is not None and not 1 <= self.beams <= 64:
            problems.append(f"--beams {self.beams}: expected 1 to 64")
        if self.max_length is not None and self.max_length < 1:
            problems.append(f"--max-length {self.max_length}: expected a positive number of tokens")
        if self.batch_tokens < 1 or self.max_batch_size < 1:
            problems.append(f"--batch-tokens {self.batch_tokens}: batch limits must be positive")
        if self.batch_memory_mb < 0:
            problems.append(f"--batch-memory {self.batch_memory_mb}: expected 0 (no bound) or megabytes")
        if problems:
            raise ConfigError("; ".join(problems))

    @classmethod
    def build(cls, options: EngineOptions | None = None, **settings: Any) -> EngineOptions:
        """``options`` (default: the defaults) with ``settings`` replaced, e.g. ``build(engine="ctranslate2")``.

        Unknown setting names are a ConfigError listing the known ones.
        """
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(settings) - known)
        if unknown:
            raise ConfigError(f"unknown translation option(s) {', '.join(unknown)}; "
                              f"expected some of {', '.join(sorted(known))}")
        given = {k: v for k, v in settings.items() if v is not None or k in ("beams", "max_length")}
        return replace(options, **given) if options is not None else cls(**given)

    def with_repair_engine(self) -> EngineOptions:
        """The options for the engine that re-decodes what this one cannot (same beams, caps, device)."""
        repair = REPAIR_ENGINE
        compute = self.compute_type if self.compute_type in engine_class(repair).capabilities.compute_types else "auto"
        return replace(self, engine=repair, compute_type=compute)
