"""Sentence translation with MarianMT: splitting over-long sentences, length-sorted token-budget batches.

:class:`Translator` owns the workflow (encode once → split what exceeds the model's input length → sort by
length → batch under a token budget → generate → restore the input order → join split pieces); engines fill
in one hook, :meth:`Translator._generate`, which turns a batch of source token ids into target token ids.
"""

from __future__ import annotations

import os
import re
import warnings
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aligntool.errors import ConfigError

if TYPE_CHECKING:
    from aligntool.translation.loading import LoadedModel

ProgressCallback = Callable[[int], None]

# Clause boundaries tried in order when a sentence exceeds the model's input length.
_SPLIT_PATTERNS = (r"(?<=;)\s+", r"(?<=:)\s+", r"(?<=,)\s+", r"\s+")


@dataclass(frozen=True)
class DecodingOptions:
    """Generation settings; None means "take it from the model's generation config" (beam 4 for OPUS-MT)."""

    num_beams: int | None = None
    max_new_tokens: int | None = None
    batch_tokens: int = 4096
    max_batch_size: int = 64

    def __post_init__(self) -> None:
        problems = []
        if self.num_beams is not None and not 1 <= self.num_beams <= 64:
            problems.append(f"--beams {self.num_beams}: expected 1 to 64")
        if self.max_new_tokens is not None and self.max_new_tokens < 1:
            problems.append(f"--max-length {self.max_new_tokens}: expected a positive number of tokens")
        if self.batch_tokens < 1 or self.max_batch_size < 1:
            problems.append("batch limits must be positive")
        if problems:
            raise ConfigError("; ".join(problems))


def default_length_cap(source_tokens: int) -> int:
    """Most new tokens a translation may have: generous for real models, bounded for runaway ones."""
    return 2 * source_tokens + 10


def default_threads() -> int:
    """CPU threads when ``--threads`` is not given: the CPUs this process may use, less those kept busy.

    Counts the CPU affinity mask and a cgroup (container) quota, then leaves out cores that other processes
    occupy (1-minute load average): OpenMP threads waiting for a busy core spin, and on a loaded 2-core
    machine two threads decoded 5x slower than one.
    """
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    try:
        quota, period = Path("/sys/fs/cgroup/cpu.max").read_text().split()[:2]
        if quota != "max":
            cpus = min(cpus, max(1, -(-int(quota) // int(period))))
    except (OSError, ValueError):
        pass
    busy = int(os.getloadavg()[0]) if hasattr(os, "getloadavg") else 0
    return max(1, cpus - busy)


@dataclass
class TranslationStats:
    """Counters a run reports at the end."""

    sentences: int = 0
    split_sentences: int = 0
    capped_outputs: int = 0
    batches: int = 0
    capped_examples: list[str] = field(default_factory=list)


def length_sorted_batches(lengths: Sequence[int], budget: int, max_size: int) -> list[list[int]]:
    """Indices grouped into batches, longest first, each within ``budget`` tokens (padding counted)."""
    order = sorted(range(len(lengths)), key=lambda i: lengths[i], reverse=True)
    batches: list[list[int]] = []
    current: list[int] = []
    width = 0
    for index in order:
        new_width = max(width, lengths[index])
        if current and (new_width * (len(current) + 1) > budget or len(current) >= max_size):
            batches.append(current)
            current, new_width = [], lengths[index]
        current.append(index)
        width = new_width
    if current:
        batches.append(current)
    return batches


@dataclass
class _Item:
    """One piece to translate: a whole sentence, or a clause of a sentence too long for the model."""

    sentence: int
    ids: list[int]
    cap: int


class Translator:
    """Translate sentences with a loaded MarianMT model; subclasses implement :meth:`_generate`."""

    engine_name = "base"

    def __init__(self, loaded: LoadedModel, options: DecodingOptions | None = None) -> None:
        self.loaded = loaded
        self.tokenizer = loaded.tokenizer
        self.options = options or DecodingOptions()
        self.stats = TranslationStats()
        positions = int(loaded.setting("max_position_embeddings") or 512)
        self.max_input_tokens = min(int(getattr(self.tokenizer, "model_max_length", 512) or 512), positions)
        self.num_beams = self.options.num_beams or int(loaded.setting("num_beams", generation=True) or 4)
        # Decoder positions bound the output too: never ask for more tokens than the model can place.
        self.max_output_tokens = min(
            int(loaded.setting("max_length", generation=True) or self.max_input_tokens), positions - 2
        )
        self.eos_id = int(self.tokenizer.eos_token_id)
        self.pad_id = int(self.tokenizer.pad_token_id)
        vocab = self.tokenizer.get_vocab()
        self.suppressed_ids = sorted(vocab[t] for t in vocab if t.startswith(">>") and t.endswith("<<"))

    # -- public API ----------------------------------------------------------------------------------

    @property
    def model_identity(self) -> str:
        """``model@revision`` for TMX props and signatures."""
        return self.loaded.identity

    @property
    def engine_identity(self) -> str:
        """The engine and its numeric precision, e.g. ``transformers/float32`` (for signatures)."""
        return self.engine_name

    def transformers_model(self) -> Any:
        """The transformers ``MarianMTModel`` (engines that do not decode with it may load it lazily).

        Terminology enforcement re-decodes failing sentences with its constrained search on this model.
        """
        return self.loaded.load_weights()

    def translate(self, sentences: Sequence[str], progress: ProgressCallback | None = None) -> list[str]:
        """Translate each sentence; the result has the same length and order as the input."""
        items = self._prepare(sentences)
        outputs = self._run(items, progress)
        pieces: list[list[str]] = [[] for _ in sentences]
        for item, text in zip(items, outputs, strict=True):
            pieces[item.sentence].append(text)
        self.stats.sentences += len(sentences)
        return [" ".join(p for p in parts if p) for parts in pieces]

    def encode(self, text: str) -> list[int]:
        """Source token ids (with the target-language token of multi-target models, and ``</s>``)."""
        if self.loaded.target_token:
            text = f"{self.loaded.target_token} {text}"
        return list(self.tokenizer(text, truncation=False)["input_ids"])

    def decode(self, ids: Sequence[int]) -> str:
        """Target token ids → text, without special tokens."""
        return self.tokenizer.decode(list(ids), skip_special_tokens=True).strip()

    def length_cap(self, source_tokens: int) -> int:
        """Most new tokens for a piece with this many source tokens."""
        if self.options.max_new_tokens is not None:
            return min(self.options.max_new_tokens, self.max_output_tokens)
        return min(default_length_cap(source_tokens), self.max_output_tokens)

    # -- workflow ------------------------------------------------------------------------------------

    def _prepare(self, sentences: Sequence[str]) -> list[_Item]:
        items: list[_Item] = []
        for index, sentence in enumerate(sentences):
            text = sentence.strip()
            if not text:
                continue
            ids = self.encode(text)
            if len(ids) <= self.max_input_tokens:
                items.append(_Item(index, ids, self.length_cap(len(ids))))
                continue
            self.stats.split_sentences += 1
            for piece in self._split_to_fit(text):
                piece_ids = self.encode(piece)
                items.append(_Item(index, piece_ids, self.length_cap(len(piece_ids))))
        return items

    def _fits(self, text: str) -> bool:
        return len(self.encode(text)) <= self.max_input_tokens

    def _split_to_fit(self, text: str, level: int = 0) -> list[str]:
        """Split at clause boundaries (; : , then whitespace), packing neighbours back together while they fit."""
        if self._fits(text):
            return [text]
        if level >= len(_SPLIT_PATTERNS):
            middle = len(text) // 2  # one unbreakable token run: halve it
            return self._split_to_fit(text[:middle], level) + self._split_to_fit(text[middle:], level)
        parts = [p for p in re.split(_SPLIT_PATTERNS[level], text) if p]
        if len(parts) == 1:
            return self._split_to_fit(text, level + 1)
        chunks: list[str] = []
        current = ""
        for part in parts:
            candidate = f"{current} {part}" if current else part
            if current and not self._fits(candidate):
                chunks.append(current)
                current = part
            else:
                current = candidate
        chunks.append(current)
        result: list[str] = []
        for chunk in chunks:
            result.extend(self._split_to_fit(chunk, level + 1) if not self._fits(chunk) else [chunk])
        return result

    def _batches(self, items: list[_Item]) -> list[list[int]]:
        """Indices into ``items``, longest first, each batch within the token budget (padding counted)."""
        return length_sorted_batches([len(item.ids) for item in items], self.options.batch_tokens,
                                     self.options.max_batch_size)

    def _run(self, items: list[_Item], progress: ProgressCallback | None) -> list[str]:
        outputs: list[str] = [""] * len(items)
        pieces_left = Counter(item.sentence for item in items)  # progress counts whole sentences
        for batch in self._batches(items):
            generated = self._generate([items[i].ids for i in batch], [items[i].cap for i in batch])
            self.stats.batches += 1
            for index, ids in zip(batch, generated, strict=True):
                if len(ids) >= items[index].cap:
                    self.stats.capped_outputs += 1
                outputs[index] = self.decode(ids)
            if progress:
                finished = 0
                for index in batch:
                    pieces_left[items[index].sentence] -= 1
                    finished += pieces_left[items[index].sentence] == 0
                progress(finished)
        return outputs

    def _generate(self, batch: list[list[int]], caps: list[int]) -> list[list[int]]:
        """Hook: target ids (without the decoder start token) for each source in ``batch``.

        Generation must stop each piece after at most ``caps[i]`` tokens, whatever else is in the batch,
        so that a batched run gives the same output as one sentence at a time.
        """
        raise NotImplementedError


def _reorder_self_attention_only(cache: Any, beam_idx: Any) -> Any:
    """Beam-search cache reordering that leaves the cross-attention cache as it is.

    All beams of a sentence attend to the same encoder output, so their cross-attention keys and values are
    identical and reordering them among the sentence's beams changes nothing; transformers copies them at
    every step anyway (hundreds of MB per step for a 64-sentence batch), which this skips.
    """
    self_attention = getattr(cache, "self_attention_cache", None)
    (self_attention if self_attention is not None else cache).reorder_cache(beam_idx)
    return cache


class TransformersTranslator(Translator):
    """The default engine: ``model.generate`` from transformers under ``torch.inference_mode``.

    ``compute_type`` ``int8`` quantizes the linear layers dynamically (CPU only; outputs differ slightly
    from float32, see the README's Speed section); ``threads`` sets torch's intra-op threads
    (0: :func:`default_threads`).
    """

    engine_name = "transformers"
    compute_types = ("auto", "float32", "int8")

    def __init__(self, loaded: LoadedModel, options: DecodingOptions | None = None, *,
                 compute_type: str = "auto", threads: int = 0) -> None:
        problems = []
        if compute_type not in self.compute_types:
            problems.append(f"--compute-type {compute_type}: the transformers engine supports "
                            f"{', '.join(self.compute_types)} (more with --engine ctranslate2)")
        if threads < 0:
            problems.append(f"--threads {threads}: expected 0 (automatic) or a positive number")
        if compute_type == "int8" and loaded.device != "cpu":
            problems.append("--compute-type int8: dynamic int8 quantization runs on CPU only; add --device cpu")
        if problems:
            raise ConfigError("; ".join(problems))
        super().__init__(loaded, options)
        self.compute_type = "int8" if compute_type == "int8" else "float32"
        import torch

        self.threads = threads or default_threads()
        torch.set_num_threads(self.threads)
        if self.compute_type == "int8":
            # Dynamic quantization: int8 weights, activations quantized per batch; embeddings stay float.
            from torch.ao.quantization import quantize_dynamic

            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # deprecation notice pointing at torchao
                quantize_dynamic(loaded.load_weights(), {torch.nn.Linear}, dtype=torch.qint8, inplace=True)
        model = loaded.load_weights()
        if not hasattr(model, "_reorder_cache"):  # generate() uses this hook when a model has one
            model._reorder_cache = _reorder_self_attention_only

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

        from aligntool.translation.processors import PerSentenceLengthCap

        width = max(len(ids) for ids in batch)
        input_ids = torch.full((len(batch), width), self.pad_id, dtype=torch.long)
        attention = torch.zeros((len(batch), width), dtype=torch.long)
        for row, ids in enumerate(batch):
            input_ids[row, : len(ids)] = torch.tensor(ids, dtype=torch.long)
            attention[row, : len(ids)] = 1
        device = self.loaded.device
        processors = LogitsProcessorList(
            [PerSentenceLengthCap(caps, self.num_beams, self.eos_id)]
        )
        with torch.inference_mode(), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            output = self.loaded.model.generate(
                input_ids=input_ids.to(device), attention_mask=attention.to(device),
                max_new_tokens=max(caps) + 1, logits_processor=processors, **self.generate_kwargs(),
            )
        results: list[list[int]] = []
        for row in output.tolist():
            ids = row[1:]  # drop decoder_start_token
            while ids and ids[-1] == self.pad_id:
                ids.pop()
            if ids and ids[-1] == self.eos_id:
                ids.pop()
            results.append(ids)
        return results
