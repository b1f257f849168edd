"""The default engine: transformers ``generate`` and aligntool's constrained beam search on the same model.

Beam search here reorders the key/value cache its own way (:func:`reorder_self_attention_only`): the
cross-attention cache is never reordered and the self-attention cache's reordering is fused with the next
step's append, so each step copies the cache once instead of twice; outputs are identical.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from aligntool.core.errors import ConfigError
from aligntool.engines.translation.beam_cache import reorder_self_attention_only
from aligntool.engines.translation.constrained import constrained_generate
from aligntool.engines.translation.constraints import Constraint
from aligntool.engines.translation.engine import Translator, default_threads
from aligntool.engines.translation.engines import Capabilities
from aligntool.engines.translation.loading import load_model
from aligntool.engines.translation.options import EngineOptions

if TYPE_CHECKING:
    from aligntool.engines.translation.loading import LoadedModel
    from aligntool.engines.translation.registry import ModelSpec


def padded(batch: Sequence[Sequence[int]], pad_id: int) -> tuple[Any, Any]:
    """``input_ids`` and ``attention_mask`` tensors for a batch of token id lists (right padding)."""
    import torch

    width = max(len(ids) for ids in batch)
    input_ids = torch.full((len(batch), width), pad_id, dtype=torch.long)
    attention = torch.zeros((len(batch), width), dtype=torch.long)
    for row, ids in enumerate(batch):
        input_ids[row, : len(ids)] = torch.tensor(list(ids), dtype=torch.long)
        attention[row, : len(ids)] = 1
    return input_ids, attention


class TransformersTranslator(Translator):
    """The default engine: ``model.generate`` from transformers under ``torch.inference_mode``, and the
    constrained beam search (:mod:`aligntool.engines.translation.constrained`) on the same model.

    ``compute_type`` ``int8`` quantizes the linear layers dynamically (CPU only; outputs differ slightly
    from float32, see docs/speed.md); ``threads`` sets torch's intra-op threads
    (0: :func:`default_threads`).
    """

    engine_name = "transformers"
    capabilities = Capabilities(constraints=True, compute_types=("auto", "float32", "int8"))

    def __init__(self, loaded: LoadedModel, options: EngineOptions | None = None) -> None:
        options = options or EngineOptions()
        if options.compute_type == "int8" and loaded.device != "cpu":
            raise ConfigError("--compute-type int8: dynamic int8 quantization runs on CPU only; add --device cpu")
        super().__init__(loaded, options)
        self.compute_type = "int8" if options.compute_type == "int8" else "float32"
        import torch

        self.threads = options.threads or default_threads()
        torch.set_num_threads(self.threads)
        model = loaded.load_weights()
        if self.compute_type == "int8" and not getattr(model, "_aligntool_int8", False):
            # Dynamic quantization: int8 weights, activations quantized per batch; embeddings stay float.
            from torch.ao.quantization import quantize_dynamic

            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # deprecation notice pointing at torchao
                quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8, inplace=True)
            model._aligntool_int8 = True
        if not hasattr(model, "_reorder_cache"):  # generate() uses this hook when a model has one
            model._reorder_cache = reorder_self_attention_only

    @classmethod
    def load(cls, spec: ModelSpec, options: EngineOptions) -> Translator:
        """Load tokenizer and weights for ``spec``."""

        return cls(load_model(spec, options.device), options)

    @classmethod
    def identity_for(cls, options: EngineOptions) -> str:
        """``transformers/float32`` or ``transformers/int8``."""
        return f"{cls.engine_name}/{'int8' if options.compute_type == 'int8' else 'float32'}"

    @property
    def engine_identity(self) -> str:
        """``transformers/float32`` or ``transformers/int8``."""
        return f"{self.engine_name}/{self.compute_type}"

    def generate_kwargs(self) -> dict[str, Any]:
        """Arguments shared by every ``generate`` call (beam size, special tokens never produced)."""
        kwargs: dict[str, Any] = {"num_beams": self.num_beams, "min_new_tokens": 1, "do_sample": False}
        if self.suppressed_ids:
            kwargs["suppress_tokens"] = self.suppressed_ids
        return kwargs

    def _generate(self, batch: list[list[int]], caps: list[int]) -> list[list[int]]:
        import torch
        from transformers import LogitsProcessorList


        input_ids, attention = padded(batch, self.pad_id)
        device = self.loaded.device
        prefix = self.decoder_prefix
        # processors subclasses transformers' LogitsProcessor: importing it loads torch, so only when decoding
        from aligntool.engines.translation.processors import PerSentenceLengthCap

        processors = LogitsProcessorList([PerSentenceLengthCap(caps, self.num_beams, self.eos_id, len(prefix))])
        extra: dict[str, Any] = {}
        if prefix:
            start = int(self.loaded.setting("decoder_start_token_id") or self.pad_id)
            extra["decoder_input_ids"] = torch.tensor([[start, *prefix]] * len(batch), device=device)
        with torch.inference_mode(), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            output = self.loaded.model.generate(
                input_ids=input_ids.to(device), attention_mask=attention.to(device),
                max_new_tokens=max(caps) + 1, logits_processor=processors, **extra, **self.generate_kwargs(),
            )
        results: list[list[int]] = []
        for row in output.tolist():
            ids = row[1 + len(prefix):]  # drop decoder_start_token and the forced prefix
            while ids and ids[-1] == self.pad_id:
                ids.pop()
            if ids and ids[-1] == self.eos_id:
                ids.pop()
            results.append(ids)
        return results

    def _generate_constrained(self, batch: list[list[int]], constraints: list[list[Constraint]],
                              caps: list[int]) -> list[list[int]]:

        input_ids, attention = padded(batch, self.pad_id)
        return constrained_generate(
            self.loaded.model, input_ids, attention, constraints, caps, vocabulary=self.target_vocabulary,
            num_beams=self.num_beams, eos_id=self.eos_id, pad_id=self.pad_id, banned_ids=self.suppressed_ids,
            max_cap=self.max_output_tokens, prefix=self.decoder_prefix,
        )
