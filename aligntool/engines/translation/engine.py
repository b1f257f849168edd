"""Sentence translation: the one decoding entry point, :meth:`Translator.translate` (sentences, constraints).

:class:`Translator` owns the workflow (encode once → split what exceeds the model's input length → sort by
length → batch under a token and memory budget → generate → restore the input order → join split pieces);
engines fill in :meth:`Translator._generate` (source ids → target ids) and, when their
:class:`~aligntool.engines.translation.engines.Capabilities` say so, :meth:`Translator._generate_constrained`.
An engine without constraint support decodes every sentence itself, then hands the pieces whose output
lacks a constraint to the default engine (same model, same options) through this same interface; the
result says which engine produced each sentence (:class:`Translations`).
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from aligntool.engines.translation.constraints import Constraint, TargetVocabulary, satisfies
from aligntool.engines.translation.engines import Capabilities, engine_class
from aligntool.engines.translation.options import EngineOptions

if TYPE_CHECKING:
    from aligntool.engines.translation.loading import LoadedModel
    from aligntool.engines.translation.registry import ModelSpec

ProgressCallback = Callable[[int], None]
#: Per sentence: the constraints its translation must contain (None or empty: decode freely).
SentenceConstraints = Sequence[Sequence[Constraint] | None]

# Clause boundaries tried in order when a sentence exceeds the model's input length.
_SPLIT_PATTERNS = (r"(?<=;)\s+", r"(?<=:)\s+", r"(?<=,)\s+", r"\s+")
# Decoding memory per beam row, in float32 values (an estimate; docs/benchmarks.md compares it with measured peak RSS):
# the self-attention cache exists about twice at a step (the cache and its reordered, appended copy), the
# cross-attention cache once, and a score row over the vocabulary about four times (logits, log-softmax,
# processed scores, beam scores).
_SELF_CACHE_COPIES = 2
_SCORE_ROW_COPIES = 4


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
    """Counters a run reports at the end (sentences, not clause pieces)."""

    split_sentences: int = 0
    capped_outputs: int = 0  # sentences with a piece that reached the output length cap
    batches: int = 0
    constrained: int = 0  # sentences decoded with constraints
    handed_over: int = 0  # sentences (re-)decoded by another engine
    repaired: int = 0  # constrained sentences the engine could not complete itself: decoded by the repair engine


class Translations(list[str]):
    """Translations in input order, and where each came from.

    ``engines[i]``: identity of every engine that produced text of sentence ``i`` (``+``-joined when a
    piece was re-decoded by another engine; '' for an empty input); ``constrained[i]``: decoded with its
    constraints; ``unconstrained[i]``: the engine's free output that a constrained re-decoding replaced
    (None where the sentence was decoded with its constraints from the start, or not constrained);
    ``capped[i]``: some piece of the output reached its length cap (it may be cut short).
    """

    def __init__(self, texts: Sequence[str], engines: Sequence[str], constrained: Sequence[bool],
                 unconstrained: Sequence[str | None], capped: Sequence[bool] | None = None) -> None:
        super().__init__(texts)
        self.engines = list(engines)
        self.constrained = list(constrained)
        self.unconstrained = list(unconstrained)
        self.capped = list(capped) if capped is not None else [False] * len(texts)


def length_sorted_batches(lengths: Sequence[int], budget: int, max_size: int,
                          cost: Callable[[int, int], float] | None = None, memory: float = 0) -> list[list[int]]:
    """Indices grouped into batches, longest first, each within ``budget`` tokens (padding counted).

    With ``cost`` (index, batch width → bytes) and ``memory`` > 0, a batch also stays within ``memory``
    bytes (a single item always forms a batch).
    """
    order = sorted(range(len(lengths)), key=lambda i: lengths[i], reverse=True)
    batches: list[list[int]] = []
    current: list[int] = []
    width = 0
    spent = 0.0
    for index in order:
        new_width = max(width, lengths[index])
        item_cost = cost(index, new_width) if cost is not None and memory > 0 else 0.0
        if current and (new_width * (len(current) + 1) > budget or len(current) >= max_size
                        or (memory > 0 and spent + item_cost > memory)):
            batches.append(current)
            current, new_width, spent = [], lengths[index], 0.0
            item_cost = cost(index, new_width) if cost is not None and memory > 0 else 0.0
        current.append(index)
        width = new_width
        spent += item_cost
    if current:
        batches.append(current)
    return batches


@dataclass
class _Item:
    """One piece to translate: a whole sentence, or a clause of a sentence too long for the model."""

    sentence: int
    text: str
    ids: list[int]
    cap: int
    constraints: tuple[Constraint, ...] = ()


@dataclass
class _Output:
    text: str
    engine: str
    unconstrained: str | None = None
    capped: bool = False
    ids: list[int] = field(default_factory=list)
    constrained: bool = False


class Translator:
    """Translate sentences with a loaded model; engines implement :meth:`_generate` (and :meth:`load`)."""

    engine_name = "base"
    capabilities = Capabilities(constraints=False, compute_types=("auto",))

    def __init__(self, loaded: LoadedModel, options: EngineOptions | None = None) -> None:
        self.loaded = loaded
        self.tokenizer = loaded.tokenizer
        self.options = options or EngineOptions(engine=self.engine_name)
        self.stats = TranslationStats()
        positions = int(loaded.setting("max_position_embeddings") or 512)
        self.decoder_positions = positions  # the decoder cannot read a token past this position
        self.max_input_tokens = min(int(getattr(self.tokenizer, "model_max_length", 512) or 512), positions)
        self.num_beams = self.options.beams or int(loaded.setting("num_beams", generation=True) or 4)
        # Decoder positions bound the output too: never ask for more tokens than the model can place.
        self.max_output_tokens = min(
            int(loaded.setting("max_length", generation=True) or self.max_input_tokens), positions - 2
        )
        self.eos_id = int(self.tokenizer.eos_token_id)
        self.pad_id = int(self.tokenizer.pad_token_id)
        vocab = self.tokenizer.get_vocab()
        self.suppressed_ids = sorted(vocab[t] for t in vocab if t.startswith(">>") and t.endswith("<<"))
        self.decoder_prefix = loaded.decoder_prefix
        self._vocabulary: TargetVocabulary | None = None
        self._repair: Translator | None = None

    @classmethod
    def load(cls, spec: ModelSpec, options: EngineOptions) -> Translator:
        """Load the model for ``spec`` for this engine (see
        :func:`~aligntool.engines.translation.factory.load_translator`)."""
        raise NotImplementedError

    # -- public API ----------------------------------------------------------------------------------

    @property
    def model_identity(self) -> str:
        """``model@revision`` for TMX props and signatures."""
        return self.loaded.identity

    @property
    def engine_identity(self) -> str:
        """The engine and its numeric precision, e.g. ``transformers/float32`` (for signatures)."""
        return self.engine_name

    @property
    def repair_identity(self) -> str | None:
        """The engine that decodes this engine's constrained sentences (None: this engine does it)."""
        if self.capabilities.constraints:
            return None
        return engine_class(self.options.with_repair_engine().engine).identity_for(self.options.with_repair_engine())

    def signature_fields(self, lang: str) -> dict[str, str]:
        """What names this translator in an output signature (``model-<lang>``, ``engine-<lang>``, target token,
        beams): the one list ``translate`` and ``align --mt`` record."""
        fields = {f"model-{lang}": self.model_identity, f"engine-{lang}": self.engine_identity}
        if self.loaded.target_token:
            fields[f"target-token-{lang}"] = self.loaded.target_token
        fields[f"beams-{lang}"] = str(self.num_beams)
        return fields

    @classmethod
    def identity_for(cls, options: EngineOptions) -> str:
        """The identity an engine of this class would report with ``options`` (without loading anything)."""
        return cls.engine_name

    @property
    def target_vocabulary(self) -> TargetVocabulary:
        """The model's target pieces, to write constraints in (built once)."""
        if self._vocabulary is None:
            self._vocabulary = TargetVocabulary.from_tokenizer(self.tokenizer, self.loaded.setting("vocab_size"))
        return self._vocabulary

    def translate(self, sentences: Sequence[str], constraints: SentenceConstraints | None = None,
                  progress: ProgressCallback | None = None) -> Translations:
        """Translate each sentence; ``constraints[i]``: phrases sentence ``i``'s translation must contain.

        The result has the input's length and order. Constraints that cannot fit before the model's last
        position are dropped (the caller's check reports them missing).
        """
        if constraints is not None and len(constraints) != len(sentences):
            raise ValueError("constraints: one entry (or None) per sentence expected")
        items = self._prepare(sentences, constraints)
        outputs = self._run(items, progress)
        pieces: list[list[str]] = [[] for _ in sentences]
        engines: list[list[str]] = [[] for _ in sentences]
        before: list[list[str] | None] = [None] * len(sentences)
        capped: set[int] = set()
        constrained = [False] * len(sentences)
        for item, output in zip(items, outputs, strict=True):
            pieces[item.sentence].append(output.text)
            constrained[item.sentence] |= output.constrained
            if output.engine not in engines[item.sentence]:
                engines[item.sentence].append(output.engine)
            if output.capped:
                capped.add(item.sentence)
            if output.unconstrained is not None:
                before[item.sentence] = []
        for item, output in zip(items, outputs, strict=True):
            replaced = before[item.sentence]
            if replaced is not None:
                replaced.append(output.unconstrained if output.unconstrained is not None else output.text)
        self.stats.capped_outputs += len(capped)
        self.stats.constrained += sum(constrained)
        self.stats.handed_over += sum(any(name != self.engine_identity for name in e) for e in engines)
        return Translations(
            [" ".join(p for p in parts if p) for parts in pieces], ["+".join(e) for e in engines], constrained,
            [" ".join(p for p in parts if p) if parts is not None else None for parts in before],
            [i in capped for i in range(len(sentences))],
        )

    def batch_plan(self, sentences: Sequence[str]) -> list[list[int]]:
        """Sentence indices grouped as :meth:`translate` would batch them (free decoding), so a caller that
        translates group by group (the resume journal commits each) decodes about as one call would.
        Sentences split into pieces that fall into different batches form one last group."""
        items = self._prepare(sentences, None)
        batches = self._batches(items)
        where: dict[int, set[int]] = {}
        for number, batch in enumerate(batches):
            for i in batch:
                where.setdefault(items[i].sentence, set()).add(number)
        plan = [list(dict.fromkeys(items[i].sentence for i in batch if len(where[items[i].sentence]) == 1))
                for batch in batches]
        spread = [index for index, numbers in where.items() if len(numbers) > 1]
        return [group for group in [*plan, spread] if group]

    def encode(self, text: str) -> list[int]:
        """Source token ids (with the language marking the model family needs, and ``</s>``)."""
        return self.loaded.source_ids(text)

    def decode(self, ids: Sequence[int]) -> str:
        """Target token ids → text, without special tokens."""
        return self.tokenizer.decode(list(ids), skip_special_tokens=True).strip()

    def length_cap(self, source_tokens: int) -> int:
        """Most new tokens for a piece with this many source tokens."""
        if self.options.max_length is not None:
            return min(self.options.max_length, self.max_output_tokens)
        return min(default_length_cap(source_tokens), self.max_output_tokens)

    # -- workflow ------------------------------------------------------------------------------------

    def _prepare(self, sentences: Sequence[str], constraints: SentenceConstraints | None) -> list[_Item]:
        items: list[_Item] = []
        for index, sentence in enumerate(sentences):
            text = sentence.strip()
            if not text:
                continue
            wanted = tuple((constraints[index] or ()) if constraints is not None else ())
            ids = self.encode(text)
            if len(ids) <= self.max_input_tokens:
                items.append(_Item(index, text, ids, self.length_cap(len(ids)), wanted))
                continue
            self.stats.split_sentences += 1
            parts = self._split_to_fit(text)
            for part, part_constraints in zip(parts, _assign(wanted, parts), strict=True):
                part_ids = self.encode(part)
                items.append(_Item(index, part, part_ids, self.length_cap(len(part_ids)), part_constraints))
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

    def memory_per_item(self, width: int, cap: int) -> float:
        """Estimated bytes one piece adds to a batch while decoding (caches × beams × layers, score rows)."""
        layers = int(self.loaded.setting("decoder_layers") or 6)
        d_model = int(self.loaded.setting("d_model") or 512)
        vocab = int(self.loaded.setting("vocab_size") or len(self.tokenizer))
        per_row = layers * 2 * d_model * (width + _SELF_CACHE_COPIES * cap) + _SCORE_ROW_COPIES * vocab
        return 4.0 * self.num_beams * per_row

    def _batches(self, items: list[_Item]) -> list[list[int]]:
        """Indices into ``items``, longest first, each batch within the token and memory budgets."""
        return length_sorted_batches(
            [len(item.ids) for item in items], self.options.batch_tokens, self.options.max_batch_size,
            cost=lambda i, width: self.memory_per_item(width, items[i].cap),
            memory=self.options.batch_memory_mb * 1024 * 1024,
        )

    def _run(self, items: list[_Item], progress: ProgressCallback | None) -> list[_Output]:
        outputs: list[_Output | None] = [None] * len(items)
        pieces_left = Counter(item.sentence for item in items)  # progress counts whole sentences
        own_constraints = self.capabilities.constraints
        free = [i for i, item in enumerate(items) if not (own_constraints and item.constraints)]
        bound = [i for i, item in enumerate(items) if own_constraints and item.constraints]
        for group, constrained in ((free, False), (bound, True)):
            batches = [[group[i] for i in local] for local in self._batches([items[i] for i in group])]
            results = self._constrained_batches([[items[i] for i in batch] for batch in batches]) if constrained \
                else (self._free_outputs([items[i] for i in batch]) for batch in batches)
            for batch, produced in zip(batches, results, strict=True):
                self.stats.batches += 1
                for index, output in zip(batch, produced, strict=True):
                    outputs[index] = output
                if progress:  # constrained pieces of an engine that hands them over count once that is done
                    done_now = batch if own_constraints else [i for i in batch if not items[i].constraints]
                    progress(self._finished(done_now, items, pieces_left))
        done = [o for o in outputs if o is not None]
        if not own_constraints:
            self._hand_over(items, done, progress, pieces_left)
        return done

    @staticmethod
    def _finished(batch: list[int], items: list[_Item], pieces_left: Counter[int]) -> int:
        finished = 0
        for index in batch:
            pieces_left[items[index].sentence] -= 1
            finished += pieces_left[items[index].sentence] == 0
        return finished

    def _hand_over(self, items: list[_Item], outputs: list[_Output], progress: ProgressCallback | None,
                   pieces_left: Counter[int]) -> None:
        """Re-decode, on the default engine, the pieces whose free output lacks one of their constraints."""
        failing = [i for i, item in enumerate(items)
                   if item.constraints and not satisfies(outputs[i].ids, item.constraints)]
        if failing:
            repaired = self.repair_translator().translate([items[i].text for i in failing],
                                                          [items[i].constraints for i in failing])
            for index, text, engine in zip(failing, repaired, repaired.engines, strict=True):
                before = outputs[index]
                outputs[index] = _Output(text, engine, unconstrained=before.text, capped=before.capped,
                                         constrained=True)
        if progress:
            constrained = [i for i, item in enumerate(items) if item.constraints]
            if constrained:
                progress(self._finished(constrained, items, pieces_left))

    def repair_translator(self) -> Translator:
        """The default engine on this model, loaded on first need (it decodes the constrained pieces)."""
        if self._repair is None:
            options = self.options.with_repair_engine()
            self.loaded.load_weights()
            self._repair = engine_class(options.engine)(self.loaded, options)
        return self._repair

    def _generate(self, batch: list[list[int]], caps: list[int]) -> list[list[int]]:
        """Hook: target ids (without the decoder start token) for each source in ``batch``.

        Generation must stop each piece after at most ``caps[i]`` tokens, whatever else is in the batch,
        so that a batched run gives the same output as one sentence at a time.
        """
        raise NotImplementedError

    def _free_outputs(self, items: list[_Item]) -> list[_Output]:
        generated = self._generate([item.ids for item in items], [item.cap for item in items])
        return [_Output(self.decode(ids), self.engine_identity, capped=len(ids) >= item.cap, ids=ids)
                for item, ids in zip(items, generated, strict=True)]

    def _constrained_batches(self, batches: list[list[_Item]]) -> Iterable[list[_Output]]:
        """The outputs of each batch of constrained pieces, batch by batch (progress is reported as each one is
        done); an engine that places terms after a free pass overrides this to place those of all batches
        together."""
        return (self._constrained_outputs(batch) for batch in batches)

    def _constrained_outputs(self, items: list[_Item]) -> list[_Output]:
        """Decode pieces with their constraints (engines with ``capabilities.constraints``): by default
        :meth:`_generate_constrained`; an engine may decode freely first and record that output as the
        ``unconstrained`` one it replaced."""
        generated = self._generate_constrained([item.ids for item in items], [list(item.constraints) for item in items],
                                               [item.cap for item in items])
        return [_Output(self.decode(ids), self.engine_identity, capped=len(ids) >= item.cap, ids=ids, constrained=True)
                for item, ids in zip(items, generated, strict=True)]

    def _generate_constrained(self, batch: list[list[int]], constraints: list[list[Constraint]],
                              caps: list[int]) -> list[list[int]]:
        """Hook for engines with ``capabilities.constraints``: like :meth:`_generate`, every constraint included."""
        raise NotImplementedError


def _assign(constraints: tuple[Constraint, ...], parts: list[str]) -> list[tuple[Constraint, ...]]:
    """Constraints of a split sentence, each given to the piece that holds its source words (else the first)."""
    assigned: list[list[Constraint]] = [[] for _ in parts]
    for constraint in constraints:
        target = 0
        if constraint.source:
            needle = constraint.source.casefold()
            for index, part in enumerate(parts):
                taken = sum(c.source.casefold() == needle for c in assigned[index])
                if part.casefold().count(needle) > taken:
                    target = index
                    break
        assigned[target].append(constraint)
    return [tuple(a) for a in assigned]
