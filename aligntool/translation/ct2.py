"""The CTranslate2 engine: the same MarianMT checkpoint, converted once, decoded by CTranslate2's C++ search.

The conversion (``ctranslate2.converters.TransformersConverter``) runs on first use and is cached beside the
Hugging Face cache, keyed by the checkpoint's revision and the stored precision; a failed conversion falls
back to the transformers engine with a warning. Tokenization stays with the transformers tokenizer (the
base :class:`~aligntool.translation.engine.Translator`), so the target-language token and sentence
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

from aligntool.errors import ConfigError, MissingDependencyError
from aligntool.translation.engine import (
    DecodingOptions,
    TransformersTranslator,
    Translator,
    _Item,
    default_threads,
)

if TYPE_CHECKING:
    from aligntool.translation.loading import LoadedModel
    from aligntool.translation.registry import ModelSpec

logger = logging.getLogger("aligntool.translation")

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


def _ct2_device(ctranslate2: Any, device: str) -> str:
    if device == "auto":
        return "cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu"
    if device.startswith("cuda") and ctranslate2.get_cuda_device_count() == 0:
        raise ConfigError(f"--device {device}: CTranslate2 sees no CUDA GPU; use --device cpu")
    if device != "cpu" and not device.startswith("cuda"):
        raise ConfigError(f"--device {device}: expected auto, cpu or cuda")
    return device.split(":")[0]


class CTranslate2Translator(Translator):
    """Decode with ``ctranslate2.Translator.translate_batch``; same caps, beam size and tokens as transformers.

    Per-sentence length caps: CTranslate2 has one ``max_decoding_length`` per call. Beam search with a
    longer limit is not a prefix of the capped search, so with beams > 1 every call holds pieces with the
    same cap (batches are formed that way); greedy output under a longer limit *is* the capped output plus
    more tokens, so greedy batches mix caps and cut each piece at its own cap.
    """

    engine_name = "ctranslate2"

    def __init__(self, loaded: LoadedModel, options: DecodingOptions | None = None, *, model_dir: Path,
                 compute_type: str = "auto", threads: int = 0) -> None:
        super().__init__(loaded, options)
        ctranslate2 = import_ctranslate2()
        device = _ct2_device(ctranslate2, loaded.device)
        self.model_dir = model_dir
        self.version = ctranslate2.__version__
        self.ct2 = ctranslate2.Translator(str(model_dir), device=device, compute_type=compute_type,
                                          inter_threads=1, intra_threads=threads or default_threads())
        self.compute_type = str(self.ct2.compute_type)
        self._vocab = self.tokenizer.get_vocab()
        self._suppress = [[token] for token in self.tokenizer.convert_ids_to_tokens(self.suppressed_ids)]

    @property
    def engine_identity(self) -> str:
        """``ctranslate2-<version>/<compute type>``."""
        return f"{self.engine_name}-{self.version}/{self.compute_type}"

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
        for limit, rows in groups.items():
            translated = self.ct2.translate_batch(
                [self.tokenizer.convert_ids_to_tokens(batch[row]) for row in rows],
                beam_size=self.num_beams, max_decoding_length=limit, min_decoding_length=1,
                max_input_length=0, return_scores=False, suppress_sequences=self._suppress or None,
            )
            for row, result in zip(rows, translated, strict=True):
                results[row] = [self._vocab[token] for token in result.hypotheses[0]][: caps[row]]
        return results


def load_ct2_translator(spec: ModelSpec, *, device: str = "auto", options: DecodingOptions | None = None,
                        compute_type: str = "auto", threads: int = 0) -> Translator:
    """A CTranslate2 translator for ``spec``; falls back to transformers (with a warning) if conversion fails."""
    from aligntool.translation.loading import load_model

    problems = []
    if compute_type not in COMPUTE_TYPES:
        problems.append(f"--compute-type {compute_type}: expected one of {', '.join(COMPUTE_TYPES)}")
    if threads < 0:
        problems.append(f"--threads {threads}: expected 0 (automatic) or a positive number")
    if problems:
        raise ConfigError("; ".join(problems))
    import_ctranslate2()
    loaded = load_model(spec, device, load_weights=False)
    quantization = stored_type(compute_type)
    try:
        model_dir = convert(loaded, quantization)
        return CTranslate2Translator(loaded, options, model_dir=model_dir, compute_type=compute_type,
                                     threads=threads)
    except ConfigError:
        raise
    except Exception as exc:  # the converter and loader raise many types; any of them means "use transformers"
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        logger.warning("aligntool: warning: %s cannot be used with CTranslate2 (%s); translating with "
                       "transformers instead", spec.model, reason)
    loaded.load_weights()
    fallback_type = compute_type if compute_type in TransformersTranslator.compute_types else "auto"
    if fallback_type == "int8" and loaded.device != "cpu":
        fallback_type = "auto"
    return TransformersTranslator(loaded, options, compute_type=fallback_type, threads=threads)
