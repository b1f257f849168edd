"""The CTranslate2 engine: the same MarianMT checkpoint, converted once, decoded by CTranslate2's C++ search.

The conversion (``ctranslate2.converters.TransformersConverter``) runs on first use, says so on stderr with its
duration, and is cached beside the Hugging Face cache, keyed by the checkpoint's revision and the stored
precision; a failed conversion falls back to the transformers engine with a warning. Tokenization stays with
the transformers tokenizer (the base :class:`~aligntool.engines.translation.engine.Translator`), so the target-language
token and sentence splitting are identical across engines.

Glossary terms are enforced inside CTranslate2 (:mod:`aligntool.engines.translation.term_placement`): free decoding with
attention (``return_attention``) and the entry's deprecated and forbidden forms suppressed
(``suppress_sequences``); where a term is missing, it replaces the model's rendering of its source words, in the
form the model scores best after the sentence so far (next-piece log-probabilities, ``return_logits_vocab``; a
late round of a few questions through ``score_batch``). The terms of several batches are placed together, so each
round of questions is one call; a sentence's free decoding and the answers are kept, so the case check's second
pass over a sentence decodes only what changed. Only what that cannot place goes to the transformers engine's
constrained search (loaded then, counted in ``stats.repaired``), so a CTranslate2 run that does not need it never
imports PyTorch.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import tempfile
import time
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from itertools import accumulate
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy

from aligntool.core.errors import ConfigError, MissingDependencyError, first_line
from aligntool.engines.translation.constraints import satisfies
from aligntool.engines.translation.engine import Translator, _Item, _Output, default_threads
from aligntool.engines.translation.engines import Capabilities
from aligntool.engines.translation.families import read_settings
from aligntool.engines.translation.loading import load_model, resolve_device
from aligntool.engines.translation.options import EngineOptions
from aligntool.engines.translation.term_placement import Decoded, EnforcementStats, TermTask, enforce, suppressible
from aligntool.engines.translation.transformers_engine import TransformersTranslator

if TYPE_CHECKING:
    from aligntool.engines.translation.loading import LoadedModel
    from aligntool.engines.translation.registry import ModelSpec

logger = logging.getLogger("aligntool.engines.translation")

# What ctranslate2.Translator accepts as compute_type; "auto" picks the fastest the device supports.
COMPUTE_TYPES = ("auto", "default", "float32", "int8", "int8_float32", "int8_float16", "int8_bfloat16",
                 "int16", "float16", "bfloat16")
_STORED_TYPES = frozenset(COMPUTE_TYPES) - {"auto", "default"}
#: ``auto`` on a GPU: the first of these the device supports (int8 weights with float16 activations are the
#: fastest for Marian-size models in CTranslate2's own benchmarks); on CPU always int8.
_GPU_PREFERENCE = ("int8_float16", "float16", "int8_bfloat16", "bfloat16", "int8", "float32")
_MARKER = "aligntool-source.json"
#: Free decodings of constrained pieces kept for a second pass over the same pieces (ids and float32 attention:
#: a few kB each).
_KEPT_DECODES = 1024
#: Batches of constrained pieces whose terms are placed together (one model call per round of form questions):
#: a round of one or two rows costs about as much as one of ten (docs/benchmarks.md); progress moves after each
#: group.
_BATCHES_PLACED_TOGETHER = 4
#: Form questions answered kept (the same pass asks them again for the terms it did not narrow).
_KEPT_ANSWERS = 4096
#: At most this many pieces to score in a round: scored directly (``score_batch``, a pass of about 0.09 s per
#: piece after a 28-piece prefix) rather than read from a forced decode (about 0.55 s for one row and 0.61 s for
#: two: each prefix step runs the full 62k-piece output layer for one or two rows). Measured on opus-mt-en-ru's
#: shape, int8, one thread (docs/benchmarks.md).
_SCORED_DIRECTLY = 6
#: CTranslate2's vocabulary map (dynamic vocabulary reduction): with ``use_vmap`` a call's output layer holds only
#: the map's candidates for the batch, the pieces of its target prefixes and the special pieces. Ours maps nothing
#: (its one rule names the end piece, always a candidate), so a restricted call's output layer is exactly the
#: prefixes' pieces: what a form question needs (see _restricted_logits).
_VOCABULARY_MAP = "vmap.txt"
_INERT_MAP = "\t</s>\n"


def import_ctranslate2() -> Any:
    """The ``ctranslate2`` module, or a MissingDependencyError (a core dependency this installation lacks)."""
    try:
        import ctranslate2
    except ImportError:
        raise MissingDependencyError("ctranslate2", "", "--engine ctranslate2") from None
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


def fastest_compute_type(device: str, supported: set[str] | frozenset[str]) -> str:
    """What ``auto`` means on ``device`` (``cpu``/``cuda``) given the compute types CTranslate2 supports there."""
    if device.startswith("cuda"):
        return next((t for t in _GPU_PREFERENCE if t in supported), "float32")
    return "int8" if "int8" in supported else "float32"


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
    started = time.perf_counter()
    logger.warning("aligntool: note: converting %s for CTranslate2 (%s; first use only, cached in %s)…",
                   loaded.spec.model, quantization, target)
    try:
        TransformersConverter(str(loaded.directory), low_cpu_mem_usage=True).convert(
            str(scratch), quantization=quantization, force=True
        )
        size = sum(f.stat().st_size for f in scratch.iterdir() if f.is_file()) / 1e6
        logger.warning("aligntool: note: converted in %.1f s (%.0f MB)", time.perf_counter() - started, size)
        marker = {"model": loaded.spec.model, "revision": loaded.revision, "quantization": quantization,
                  "ctranslate2": ctranslate2.__version__}
        (scratch / _MARKER).write_text(json.dumps(marker, indent=2), encoding="utf-8")
        (scratch / _VOCABULARY_MAP).write_text(_INERT_MAP, encoding="utf-8")
        if target.exists():
            if (target / _MARKER).is_file():
                return target  # a concurrent run finished first
            shutil.rmtree(target)  # an incomplete earlier attempt (no marker)
        scratch.rename(target)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return target


def add_vocabulary_map(model_dir: Path) -> bool:
    """Give a converted model of ours the inert vocabulary map that lets a call restrict the output layer (see
    :meth:`CTranslate2Translator._restricted_logits`); CTranslate2 reads it when it loads the model. Caches
    converted before it get it now (a new file written beside and renamed); a model folder not made by
    aligntool is left as it is. True when the map is there."""
    path = model_dir / _VOCABULARY_MAP
    if path.is_file():
        return True
    if not (model_dir / _MARKER).is_file():
        return False
    scratch = model_dir / f".{_VOCABULARY_MAP}.{os.getpid()}"
    try:
        scratch.write_text(_INERT_MAP, encoding="utf-8")
        os.replace(scratch, path)
    except OSError:  # a read-only cache: questions read the full output layer
        scratch.unlink(missing_ok=True)
        return False
    return True


def special_ids(model_dir: Path, ids: dict[str, int]) -> set[int]:
    """The pieces CTranslate2 always keeps in a restricted output layer: its unknown, start and end pieces (from
    the converted model's config.json; a piece the vocabulary lacks is the unknown piece)."""
    config = read_settings(model_dir / "config.json")
    unknown = ids.get(str(config.get("unk_token", "<unk>")), 0)
    return {ids.get(str(config.get(key, default)), unknown)
            for key, default in (("unk_token", "<unk>"), ("bos_token", "<s>"), ("eos_token", "</s>"))}


def converted_vocabulary(model_dir: Path) -> list[str]:
    """The target pieces of a converted model, as CTranslate2 knows them (the tokenizer may hold more, e.g. a pad
    piece that the converter left out)."""
    for name in ("target_vocabulary.json", "shared_vocabulary.json"):
        path = model_dir / name
        if path.is_file():
            return list(json.loads(path.read_text(encoding="utf-8")))
    for name in ("target_vocabulary.txt", "shared_vocabulary.txt"):
        path = model_dir / name
        if path.is_file():
            return path.read_text(encoding="utf-8").splitlines()
    raise ConfigError(f"{model_dir}: no target vocabulary; delete the folder to convert the model again")


class CTranslate2Translator(Translator):
    """Decode with ``ctranslate2.Translator.translate_batch``; same caps, beam size and tokens as transformers.

    Per-sentence length caps: CTranslate2 has one ``max_decoding_length`` per call. Beam search with a
    longer limit is not a prefix of the capped search, so with beams > 1 every call holds pieces with the
    same cap (batches are formed that way); greedy output under a longer limit *is* the capped output plus
    more tokens, so greedy batches mix caps and cut each piece at its own cap.
    """

    engine_name = "ctranslate2"
    capabilities = Capabilities(constraints=True, compute_types=COMPUTE_TYPES)

    def __init__(self, loaded: LoadedModel, options: EngineOptions | None = None, *,
                 model_dir: Path | None = None) -> None:

        options = options or EngineOptions(engine=self.engine_name)
        super().__init__(loaded, options)
        ctranslate2 = import_ctranslate2()
        device = resolve_device(loaded.device, ctranslate2.get_cuda_device_count(), "CTranslate2")
        kind = device.split(":")[0]
        compute_type = options.compute_type
        if compute_type == "auto":  # stored in that precision: an int8 run never holds float32 weights
            compute_type = fastest_compute_type(kind, ctranslate2.get_supported_compute_types(kind))
        self.model_dir = model_dir or convert(loaded, stored_type(compute_type))
        self._restrictable = add_vocabulary_map(self.model_dir)  # before loading: CTranslate2 reads it then
        self._restricted_last = False
        self.version = ctranslate2.__version__
        index = int(device.split(":")[1]) if ":" in device else 0
        self.ct2 = ctranslate2.Translator(str(self.model_dir), device=kind, device_index=index,
                                          compute_type=compute_type, inter_threads=1,
                                          intra_threads=options.threads or default_threads())
        self.compute_type = str(self.ct2.compute_type)
        self._vocab = self.tokenizer.get_vocab()
        # next_logprobs: a row ends right after its prefix (ids: CTranslate2 maps 62k strings per call otherwise)
        self._ct2_pieces = converted_vocabulary(self.model_dir)
        self._ct2_ids = {piece: index for index, piece in enumerate(self._ct2_pieces)}
        self._every_token = list(range(len(self._ct2_pieces)))
        self._special_ids = special_ids(self.model_dir, self._ct2_ids)
        self._suppress = [[token] for token in self.tokenizer.convert_ids_to_tokens(self.suppressed_ids)]
        self._prefix_tokens = self.tokenizer.convert_ids_to_tokens(self.decoder_prefix) if self.decoder_prefix \
            else []
        self.enforcement = EnforcementStats()
        # (source pieces, cap, avoided sequences) → the free decoding's ids and attention (see _free_decodes)
        self._kept: OrderedDict[tuple[tuple[str, ...], int, tuple[tuple[int, ...], ...]],
                                tuple[list[int], numpy.ndarray]] = OrderedDict()
        # (source pieces, prefix ids) → piece id → log-probability, answered by next_logprobs
        self._answers: OrderedDict[tuple[tuple[str, ...], tuple[int, ...]], dict[int, float]] = OrderedDict()

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

    @classmethod
    def identity_for(cls, options: EngineOptions) -> str:
        """``ctranslate2/<compute type>`` (the version and resolved precision are known once loaded)."""
        return f"{cls.engine_name}/{options.compute_type}"

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
        sources = [self.tokenizer.convert_ids_to_tokens(ids) for ids in batch]
        return [decoded.ids for decoded in self._decode(sources, [[] for _ in batch], caps)]

    def _decode(self, sources: Sequence[list[str]], prefixes: Sequence[Sequence[int]], caps: Sequence[int], *,
                attention: bool = False, avoid: Sequence[tuple[tuple[int, ...], ...]] = ()) -> list[Decoded]:
        """Translate source pieces, each from its target prefix (ids), at most ``caps[i]`` ids in all, and none of
        the sequences ``avoid[i]`` (each row its own: a sentence decodes the same whatever its batch holds).

        Beam search gets one call per cap (a longer limit is not a prefix of the capped search); greedy rows
        share the longest cap and are cut at their own; rows with different sequences to avoid get their own
        calls. The decoder prefix of the model family (a language code) is forced first and left out of the
        result, with its attention row.
        """
        avoid = avoid or [() for _ in sources]
        groups: dict[tuple[int, tuple[tuple[int, ...], ...]], list[int]] = {}
        for row, cap in enumerate(caps):
            groups.setdefault((max(caps) if self.num_beams == 1 else cap, avoid[row]), []).append(row)
        results: list[Decoded] = [Decoded([]) for _ in sources]
        forced = self._prefix_tokens
        for (limit, avoided), rows in groups.items():
            suppress = self._suppress + [self.tokenizer.convert_ids_to_tokens(list(seq)) for seq in avoided]
            targets = [forced + self.tokenizer.convert_ids_to_tokens(list(prefixes[row])) for row in rows]
            translated = self.ct2.translate_batch(
                [sources[row] for row in rows], target_prefix=targets if any(targets) else None,
                beam_size=self.num_beams, max_decoding_length=limit + len(forced), min_decoding_length=1,
                max_input_length=0, return_scores=False, suppress_sequences=suppress or None,
                return_attention=attention,
            )
            self._restricted_last = False
            for row, result in zip(rows, translated, strict=True):
                tokens = result.hypotheses[0][len(forced):]
                ids = [self._vocab[token] for token in tokens][: caps[row]]
                rows_attention = [list(a) for a in result.attention[0][len(forced):]][: len(ids)] if attention \
                    else []
                results[row] = Decoded(ids, rows_attention)
        return results

    def next_logprobs(self, sources: Sequence[list[str]], prefixes: Sequence[Sequence[int]],
                      tokens: Sequence[Sequence[int]]) -> list[list[float]]:
        """The model's log-probability of each of ``tokens[i]`` right after the forced ``prefixes[i]``.

        One call for all rows, each decoded only as far as it needs: every piece is an end token, so a row stops
        at the first piece after its prefix (a forced piece does not end it), and a row whose prefix starts
        another row's prefix of the same source is not decoded at all but read from that row, since the logits at
        a position depend only on the source and the pieces before it (docs/benchmarks.md, term placement).
        A round with only a few pieces to score scores them directly instead (:meth:`_scored`). Answers are kept
        (the last :data:`_KEPT_ANSWERS` prefixes): a question asked again is not decoded again.
        """
        forced = self._prefix_tokens
        targets = [forced + self.tokenizer.convert_ids_to_tokens(list(prefix)) for prefix in prefixes]
        # A prefix that fills the decoder's positions (the start token takes one, the next piece needs one) has no
        # next piece the model can score: such a row gets a tie (the first form, in the glossary's order), and the
        # output is cut at max_output_tokens anyway.
        scorable = [r for r, target in enumerate(targets) if len(target) + 2 <= self.decoder_positions]
        results: dict[int, list[float]] = {r: [0.0] * len(tokens[r]) for r in range(len(targets))}
        keys = {r: (tuple(sources[r]), tuple(prefixes[r])) for r in scorable}
        for r in list(scorable):
            known = self._answers.get(keys[r], {})
            if all(t in known for t in tokens[r]):
                results[r] = [known[t] for t in tokens[r]]
                scorable.remove(r)
        if not scorable:
            return [results[r] for r in range(len(targets))]
        # score_batch adds </s> after the piece: one position more than the forced decode needs
        few = sum(len(tokens[r]) for r in scorable) <= _SCORED_DIRECTLY and all(
            len(targets[r]) + 3 <= self.decoder_positions for r in scorable)
        values = self._scored(sources, targets, tokens, scorable) if few \
            else self._read_from_logits(sources, targets, tokens, scorable)
        for r in scorable:
            results[r] = values[r]
            self._answers[keys[r]] = dict(zip(tokens[r], values[r], strict=True))  # one source per question
            self._answers.move_to_end(keys[r])
        while len(self._answers) > _KEPT_ANSWERS:
            self._answers.popitem(last=False)
        return [results[r] for r in range(len(targets))]

    def _read_from_logits(self, sources: Sequence[list[str]], targets: list[list[str]],
                          tokens: Sequence[Sequence[int]], rows: list[int]) -> dict[int, list[float]]:
        """Each row's log-probabilities, read from the logits of a forced greedy decode: over the pieces of the call
        when its output layer can be restricted to them (:meth:`_restricted_logits`), else over the full
        vocabulary. Either way the differences between a row's pieces are the model's (a restricted call
        normalises over fewer pieces: only differences within a question are compared, and only they are used)."""
        carrier: dict[int, int] = {}
        decoded_by_source: dict[tuple[str, ...], list[int]] = {}
        for r in sorted(rows, key=lambda row: -len(targets[row])):
            kept = decoded_by_source.setdefault(tuple(sources[r]), [])
            carrier[r] = next((c for c in kept if targets[c][:len(targets[r])] == targets[r]), r)
            if carrier[r] == r:
                kept.append(r)
        carriers = sorted(set(carrier.values()))
        restricted = self._restricted_logits(sources, targets, tokens, rows, carriers)
        if restricted is not None:
            by_row, columns = restricted
        else:
            by_row, columns = {}, None
            for call in self._logit_calls(carriers, targets):
                prefixes = [targets[r] for r in call]
                translated = self.ct2.translate_batch(
                    [list(sources[r]) for r in call], target_prefix=prefixes if any(prefixes) else None,
                    beam_size=1, max_decoding_length=max(len(t) for t in prefixes) + 1, max_input_length=0,
                    return_logits_vocab=True, suppress_sequences=self._suppress or None,
                    end_token=self._every_token, min_decoding_length=0)
                self._restricted_last = False
                by_row.update((r, result.logits[0]) for r, result in zip(call, translated, strict=True))
        values: dict[int, list[float]] = {}
        for r in rows:
            logits = numpy.asarray(by_row[carrier[r]][len(targets[r])], dtype=numpy.float64)
            top = logits.max()
            logprobs = logits - (top + numpy.log(numpy.exp(logits - top).sum()))
            index = [t if t < len(logprobs) else None for t in tokens[r]] if columns is None \
                else [columns.get(t) for t in tokens[r]]
            values[r] = [float(logprobs[i]) if i is not None else float("-inf") for i in index]
        return values

    def _restricted_logits(self, sources: Sequence[list[str]], targets: list[list[str]],
                           tokens: Sequence[Sequence[int]], rows: list[int], carriers: list[int]
                           ) -> tuple[dict[int, Any], dict[int, int]] | None:
        """The carriers' logits from one call whose output layer holds only the pieces it needs (CTranslate2's
        vocabulary map, ``use_vmap``: the forced prefixes' pieces, the special pieces and — through extra
        one-piece-source rows whose prefixes hold them — the pieces asked about), and each piece's column; None
        where that cannot be done (no map, a piece outside CTranslate2's vocabulary, logits past the batch memory).
        CTranslate2 4.8 keeps a stale output layer between two restricted calls with different pieces (wrong
        logits, or an IndexError), so a restricted call always follows a full one: a one-step call where needed.

        Why: a forced prefix step otherwise runs the 62k-piece output layer for every row, about half of a form
        question's cost, only to throw those logits away; the logits of the pieces kept are the same numbers
        (docs/benchmarks.md, "Form questions on a restricted output layer")."""
        if not self._restrictable:
            return None
        size = len(self._every_token)
        asked = sorted({t for r in rows for t in tokens[r] if t < size})
        prefix_ids = [self._ct2_ids.get(piece) for c in carriers for piece in targets[c]]
        # the extra rows' source: one real piece (CTranslate2 leaves a row whose source is only </s> out of the map)
        carrier_source = next((piece for c in carriers for piece in sources[c][:1] if self._ct2_ids.get(piece, -1)
                               not in self._special_ids), None)
        if not asked or None in prefix_ids or carrier_source is None:
            return None
        candidates = sorted(self._special_ids | {i for i in prefix_ids if i is not None} | set(asked))
        longest = max(len(targets[c]) for c in carriers)
        width = max(longest, 1)  # extra rows no longer than the longest prefix: no extra decoding steps
        extra = [[self._ct2_pieces[t] for t in asked[i:i + width]] for i in range(0, len(asked), width)]
        positions = sum(len(targets[c]) + 1 for c in carriers) + sum(len(e) + 1 for e in extra)
        if self.options.batch_memory_mb and positions * len(candidates) * 4 > self.options.batch_memory_mb * 2**20:
            return None  # one call or none (a second restricted call would need a full call between)
        if self._restricted_last:  # a one-step full call first: its output layer is the model's again
            self.ct2.translate_batch([[carrier_source]], beam_size=1, max_decoding_length=1, max_input_length=0)
        translated = self.ct2.translate_batch(
            [list(sources[c]) for c in carriers] + [[carrier_source]] * len(extra),
            target_prefix=[targets[c] for c in carriers] + extra, beam_size=1, max_decoding_length=width + 1,
            max_input_length=0, return_logits_vocab=True, use_vmap=True, suppress_sequences=self._suppress or None,
            end_token=self._every_token, min_decoding_length=0)
        self._restricted_last = True
        by_row = {c: result.logits[0] for c, result in zip(carriers, translated, strict=False)}
        if any(len(by_row[c]) <= len(targets[c]) or numpy.asarray(by_row[c][0]).shape[-1] != len(candidates)
               for c in carriers):
            # not the output layer this model version was expected to build: never guess which column is which
            logger.debug("aligntool: restricted output layer not as expected; form questions read full logits")
            self._restrictable = False
            return None
        return by_row, {token: column for column, token in enumerate(candidates)}

    def _scored(self, sources: Sequence[list[str]], targets: list[list[str]], tokens: Sequence[Sequence[int]],
                rows: list[int]) -> dict[int, list[float]]:
        """Each row's log-probabilities, one ``score_batch`` row per piece (the prefix and the piece, scored in
        one pass): for the few questions of a late round, where a forced decode would run every prefix step
        through the full output layer for one or two rows (see :data:`_SCORED_DIRECTLY`)."""
        vocabulary = len(self._every_token)
        asked = [(r, t) for r in rows for t in tokens[r] if t < vocabulary]
        scored = self.ct2.score_batch([list(sources[r]) for r, _ in asked],
                                      [[*targets[r], *self.tokenizer.convert_ids_to_tokens([t])] for r, t in asked],
                                      max_input_length=0) if asked else []
        self._restricted_last = self._restricted_last and not asked
        found = {(r, t): result.log_probs[len(targets[r])] for (r, t), result in zip(asked, scored, strict=True)}
        return {r: [float(found.get((r, t), float("-inf"))) for t in tokens[r]] for r in rows}

    def _logit_calls(self, rows: list[int], targets: list[list[str]]) -> list[list[int]]:
        """``rows`` split into calls whose returned logits (a full-vocabulary row per decoded position) stay within
        ``--batch-memory`` (0: one call)."""
        budget = self.options.batch_memory_mb * 1024 * 1024 // (4 * len(self._every_token))
        calls: list[list[int]] = []
        used = 0
        for row in rows:
            positions = len(targets[row]) + 1
            if not calls or (budget and used + positions > budget):
                calls.append([])
                used = 0
            calls[-1].append(row)
            used += positions
        return calls

    def _constrained_batches(self, batches: list[list[_Item]]) -> Iterator[list[_Output]]:
        """Free decoding with attention, batch by batch, disallowed forms suppressed; then the missing terms of
        :data:`_BATCHES_PLACED_TOGETHER` batches at a time placed together in the form the model scores best (see
        :mod:`~aligntool.engines.translation.term_placement`), so that each round of form questions is one model call
        for those batches rather than one per batch (fewer, fuller calls: docs/benchmarks.md), and progress still
        moves every few batches; what cannot be placed decoded by the transformers engine's constrained search (the
        last resort)."""
        for start in range(0, len(batches), _BATCHES_PLACED_TOGETHER):
            yield from self._placed_together(batches[start:start + _BATCHES_PLACED_TOGETHER])

    def _placed_together(self, batches: list[list[_Item]]) -> list[list[_Output]]:
        items = [item for batch in batches for item in batch]
        sources = [self.tokenizer.convert_ids_to_tokens(item.ids) for item in items]
        ends = list(accumulate(len(batch) for batch in batches))
        bounds = list(zip([0, *ends[:-1]], ends, strict=True))  # each batch's rows in items
        free = [decoded for batch, (start, end) in zip(batches, bounds, strict=True)
                for decoded in self._free_decodes(sources[start:end], batch)]
        tasks = [TermTask(row, sources[row], list(item.constraints), item.cap, free[row])
                 for row, item in enumerate(items)]
        enforce(tasks, _Rows(self, sources), self.target_vocabulary, self.max_output_tokens, self.enforcement)
        outputs = []
        for item, task, before in zip(items, tasks, free, strict=True):
            changed = task.current.ids != before.ids
            outputs.append(_Output(self.decode(task.current.ids), self.engine_identity,
                                   unconstrained=self.decode(before.ids) if changed else None,
                                   capped=len(before.ids) >= item.cap, ids=task.current.ids, constrained=changed))
        unresolved = [i for i, item in enumerate(items) if not satisfies(outputs[i].ids, item.constraints)]
        if unresolved:
            repaired = self.repair_translator().translate([items[i].text for i in unresolved],
                                                          [items[i].constraints for i in unresolved])
            self.stats.repaired += len(unresolved)
            for i, text, engine in zip(unresolved, repaired, repaired.engines, strict=True):
                outputs[i] = _Output(text, engine, unconstrained=self.decode(free[i].ids), capped=outputs[i].capped,
                                     constrained=True)
        return [outputs[start:end] for start, end in bounds]

    def _free_decodes(self, sources: list[list[str]], items: list[_Item]) -> list[Decoded]:
        """The free decoding, with attention, of a batch of constrained pieces; each avoids its own constraints'
        disallowed sequences. Kept for the last :data:`_KEPT_DECODES` pieces: a piece decoded again with other
        forms of its terms (the case check's second pass) decodes freely to the same output and is not
        decoded again (nor are the form questions of its other terms asked again: see next_logprobs). Both passes
        read the kept copy (float32 attention), so they locate the terms alike."""
        keys = [(tuple(source), item.cap, tuple(suppressible(item.constraints))) for source, item in zip(
            sources, items, strict=True)]
        todo = [row for row, key in enumerate(keys) if key not in self._kept]
        decoded = self._decode([sources[row] for row in todo], [[] for _ in todo], [items[row].cap for row in todo],
                               attention=True, avoid=[keys[row][2] for row in todo])
        for row, result in zip(todo, decoded, strict=True):
            self._kept[keys[row]] = (result.ids, numpy.asarray(result.attention, dtype=numpy.float32))
        out = []
        for key in keys:
            self._kept.move_to_end(key)
            ids, weights = self._kept[key]
            out.append(Decoded(list(ids), weights.tolist()))
        while len(self._kept) > _KEPT_DECODES:  # after reading: this batch's pieces are the newest
            self._kept.popitem(last=False)
        return out


class _Rows:
    """:class:`~aligntool.engines.translation.term_placement.Scorer` over one batch of sources (rows)."""

    def __init__(self, translator: CTranslate2Translator, sources: list[list[str]]) -> None:
        self.translator, self.sources = translator, sources
        self.eos_id = translator.eos_id

    def next_logprobs(self, rows: Sequence[int], prefixes: Sequence[Sequence[int]],
                      tokens: Sequence[Sequence[int]]) -> list[list[float]]:
        """Next-piece log-probabilities for the rows."""
        return self.translator.next_logprobs([self.sources[r] for r in rows], prefixes, tokens)
