"""The CTranslate2 engine: the same MarianMT checkpoint, converted once, decoded by CTranslate2's C++ search.

The conversion (``ctranslate2.converters.TransformersConverter``) runs on first use and is cached beside the
Hugging Face cache, keyed by the checkpoint's revision and the stored precision; a failed conversion falls
back to the transformers engine with a warning. Tokenization stays with the transformers tokenizer (the
base :class:`~aligntool.engines.translation.engine.Translator`), so the target-language token and sentence
splitting are identical across engines; only :meth:`CTranslate2Translator._generate` differs.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aligntool.core.errors import ConfigError, MissingDependencyError, first_line
from aligntool.engines.translation.engine import Translator, _Item, default_threads
from aligntool.engines.translation.engines import Capabilities
from aligntool.engines.translation.loading import load_model, resolve_device
from aligntool.engines.translation.options import EngineOptions
from aligntool.engines.translation.transformers_engine import TransformersTranslator

if TYPE_CHECKING:
    from aligntool.engines.translation.loading import LoadedModel
    from aligntool.engines.translation.registry import ModelSpec

logger = logging.getLogger("aligntool.engines.translation")

# What ctranslate2.Translator accepts as compute_type; "auto" picks the fastest the device supports.
COMPUTE_TYPES = ("auto", "default", "float32", "int8", "int8_float32", "int8_float16", "int8_bfloat16",
                 "int16", "float16", "bfloat16")
_STORED_TYPES = frozenset(COMPUTE_TYPES) - {"auto", "default"}
_MARKER = "aligntool-source.json"


def import_ctranslate2() -> Any:
    """The ``ctranslate2`` module, or a MissingDependencyError naming the extra to install."""
    try:
        import ctranslate2
    except ImportError:
        raise MissingDependencyError("ctranslate2", "ct2", "--engine ctranslate2") from None
    return ctranslate2


def cache_root() -> Path:
    """Where converted models live: ``$ALIGNTOOL_CT2_CACHE``, else ``aligntool-ct2`` inside ``HF_HOME``."""
    explicit = os.environ.get("ALIGNTOOL_CT2_CACHE")
    if explicit:
        return Path(explicit).expanduser()
    hf_home = os.environ.get("HF_HOME")
    if not hf_home:
        xdg = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        hf_home = str(Path(xdg) / "huggingface")
    return Path(hf_home).expanduser() / "aligntool-ct2"


def stored_type(compute_type: str) -> str:
    """Precision the converted weights are stored in: the requested one, float32 for auto/default.

    Storing int8 (rather than quantizing float32 weights at load time) keeps the int8 run's memory low.
    """
    return compute_type if compute_type in _STORED_TYPES else "float32"


def converted_path(loaded: LoadedModel, quantization: str) -> Path:
    """Cache directory for this checkpoint revision and stored precision."""
    name = re.sub(r"[^\w.-]+", "--", loaded.spec.model.strip("/\\")).strip("-") or "model"
    return cache_root() / f"{name[-80:]}-{loaded.revision}-{quantization}"


def convert(loaded: LoadedModel, quantization: str) -> Path:
    """The CTranslate2 model for ``loaded``, converting it now if it is not cached yet."""
    target = converted_path(loaded, quantization)
    if (target / "model.bin").is_file() and (target / _MARKER).is_file():
        return target
    ctranslate2 = import_ctranslate2()
    from ctranslate2.converters import TransformersConverter

    target.parent.mkdir(parents=True, exist_ok=True)
    # Convert beside the target and rename: a crash or a concurrent run never leaves half a model there.
    scratch = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        TransformersConverter(str(loaded.directory), low_cpu_mem_usage=True).convert(
            str(scratch), quantization=quantization, force=True
        )
        marker = {"model": loaded.spec.model, "revision": loaded.revision, "quantization": quantization,
                  "ctranslate2": ctranslate2.__version__}
        (scratch / _MARKER).write_text(json.dumps(marker, indent=2), encoding="utf-8")
        if target.exists():
            if (target / _MARKER).is_file():
                return target  # a concurrent run finished first
            shutil.rmtree(target)  # an incomplete earlier attempt (no marker)
        scratch.rename(target)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return target


class CTranslate2Translator(Translator):
    """Decode with ``ctranslate2.Translator.translate_batch``; same caps, beam size and tokens as transformers.

    Per-sentence length caps: CTranslate2 has one ``max_decoding_length`` per call. Beam search with a
    longer limit is not a prefix of the capped search, so with beams > 1 every call holds pieces with the
    same cap (batches are formed that way); greedy output under a longer limit *is* the capped output plus
    more tokens, so greedy batches mix caps and cut each piece at its own cap.
    """

    engine_name = "ctranslate2"
    capabilities = Capabilities(constraints=False, compute_types=COMPUTE_TYPES)

    def __init__(self, loaded: LoadedModel, options: EngineOptions | None = None, *,
                 model_dir: Path | None = None) -> None:

        options = options or EngineOptions(engine=self.engine_name)
        super().__init__(loaded, options)
        ctranslate2 = import_ctranslate2()
        device = resolve_device(loaded.device, ctranslate2.get_cuda_device_count(), "CTranslate2")
        self.model_dir = model_dir or convert(loaded, stored_type(options.compute_type))
        self.version = ctranslate2.__version__
        self.ct2 = ctranslate2.Translator(str(self.model_dir), device=device.split(":")[0],
                                          compute_type=options.compute_type, inter_threads=1,
                                          intra_threads=options.threads or default_threads())
        self.compute_type = str(self.ct2.compute_type)
        self._vocab = self.tokenizer.get_vocab()
        self._suppress = [[token] for token in self.tokenizer.convert_ids_to_tokens(self.suppressed_ids)]

    @property
    def engine_identity(self) -> str:
        """``ctranslate2-<version>/<compute type>``."""
        return f"{self.engine_name}-{self.version}/{self.compute_type}"

    @classmethod
    def load(cls, spec: ModelSpec, options: EngineOptions) -> Translator:
        """Convert (once) and load ``spec``; falls back to transformers (with a warning) if that fails."""

        import_ctranslate2()
        loaded = load_model(spec, options.device, load_weights=False)
        try:
            return cls(loaded, options)
        except ConfigError:
            raise
        except Exception as exc:  # the converter and loader raise many types; any of them means "use transformers"
            reason = first_line(exc)
            logger.warning("aligntool: warning: %s cannot be used with CTranslate2 (%s); translating with "
                           "transformers instead", spec.model, reason)
        loaded.load_weights()
        fallback = options.with_repair_engine()
        if fallback.compute_type == "int8" and loaded.device != "cpu":
            fallback = fallback.build(fallback, compute_type="auto")
        return TransformersTranslator(loaded, fallback)

    def _batches(self, items: list[_Item]) -> list[list[int]]:
        if self.num_beams == 1:
            return super()._batches(items)
        batches: list[list[int]] = []
        by_cap: dict[int, list[int]] = {}
        for index, item in enumerate(items):
            by_cap.setdefault(item.cap, []).append(index)
        for cap in sorted(by_cap, reverse=True):
            group = by_cap[cap]
            batches.extend([group[i] for i in batch] for batch in super()._batches([items[i] for i in group]))
        return batches

    def _generate(self, batch: list[list[int]], caps: list[int]) -> list[list[int]]:
        groups: dict[int, list[int]] = {}
        for row, cap in enumerate(caps):
            groups.setdefault(max(caps) if self.num_beams == 1 else cap, []).append(row)
        results: list[list[int]] = [[] for _ in batch]
        prefix = self.tokenizer.convert_ids_to_tokens(self.decoder_prefix) if self.decoder_prefix else None
        for limit, rows in groups.items():
            translated = self.ct2.translate_batch(
                [self.tokenizer.convert_ids_to_tokens(batch[row]) for row in rows],
                target_prefix=[list(prefix) for _ in rows] if prefix else None,
                beam_size=self.num_beams, max_decoding_length=limit + len(prefix or ()), min_decoding_length=1,
                max_input_length=0, return_scores=False, suppress_sequences=self._suppress or None,
            )
            for row, result in zip(rows, translated, strict=True):
                tokens = result.hypotheses[0][len(prefix or ()):]
                results[row] = [self._vocab[token] for token in tokens][: caps[row]]
        return results
