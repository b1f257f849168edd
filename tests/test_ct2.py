"""The CTranslate2 engine and engine options, on tiny random-weight MarianMT models in the OPUS-MT layout."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from aligntool.cli.app import run_cli
from aligntool.core.errors import ConfigError
from aligntool.engines.terminology.constraints import build_constraint, constraint_from_strings
from aligntool.engines.translation import ct2 as ct2_module
from aligntool.engines.translation.beam_cache import _deferred_layer_class
from aligntool.engines.translation.ct2 import CTranslate2Translator, cache_root, converted_path
from aligntool.engines.translation.engine import default_threads
from aligntool.engines.translation.factory import load_translator
from aligntool.engines.translation.registry import ModelSpec
from aligntool.engines.translation.transformers_engine import TransformersTranslator

pytest.importorskip("ctranslate2", reason="ctranslate2 is not installed")

SENTENCES = [
    "The CSTO Secretary General arrived in Minsk.",
    "NATO.",
    "According to the Russian Foreign Ministry, the CSTO fails to establish cooperation with NATO.",
    "Conducting peacekeeping missions",
    "The lesson is that we responded almost instantly.",
    "It's probably unprecedented.",
    "Moscow, 10 February.",
]


@pytest.fixture(scope="module", autouse=True)
def ct2_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Every test converts into a private cache, never the user's HF cache."""
    root = tmp_path_factory.mktemp("ct2-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ALIGNTOOL_CT2_CACHE", str(root))
        yield root


def _ct2(model: Path, lang: str = "ru", token: str | None = None, **decoding: int) -> CTranslate2Translator:
    """A CTranslate2 float32 translator; ``decoding``: EngineOptions fields (beams, max_length)."""
    translator = load_translator(ModelSpec(lang, str(model), token), device="cpu", engine="ctranslate2",
                                 compute_type="float32", **decoding)
    assert isinstance(translator, CTranslate2Translator)
    return translator


def _generated_ids(translator, sentences: list[str]) -> list[list[int]]:
    """Token ids each sentence decodes to, through the engine's batched workflow."""
    seen: list[list[int]] = []
    original = translator.decode
    translator.decode = lambda ids: (seen.append(list(ids)), original(ids))[1]
    try:
        texts = translator.translate(sentences)
    finally:
        translator.decode = original
    by_text = dict(zip([original(ids) for ids in seen], seen, strict=True))
    return [by_text[text] for text in texts]


@pytest.fixture(scope="module")
def ru_ct2(tiny_en_ru: Path) -> CTranslate2Translator:
    return _ct2(tiny_en_ru)


def test_greedy_ct2_float32_gives_the_same_tokens_as_transformers(tiny_en_ru: Path) -> None:
    ct2 = _ct2(tiny_en_ru, beams=1)
    reference = load_translator(ModelSpec("ru", str(tiny_en_ru)), device="cpu", engine="transformers",
                                beams=1)
    assert ct2.translate(SENTENCES) == reference.translate(SENTENCES)
    assert ct2.stats.capped_outputs == reference.stats.capped_outputs


def test_greedy_batches_mix_caps_and_cut_each_piece_at_its_own(tiny_en_ru: Path) -> None:
    ct2 = _ct2(tiny_en_ru, beams=1)
    caps = [ct2.length_cap(len(ct2.encode(s))) for s in SENTENCES]
    assert len(set(caps)) > 1
    ids = _generated_ids(ct2, SENTENCES)
    assert ct2.stats.batches == 1
    assert all(len(out) <= cap for out, cap in zip(ids, caps, strict=True))
    assert ids == [_generated_ids(ct2, [s])[0] for s in SENTENCES]


def test_beam_search_batched_equals_one_sentence_at_a_time(ru_ct2: CTranslate2Translator) -> None:
    assert ru_ct2.num_beams == 4  # from the model's generation config
    batched = ru_ct2.translate(SENTENCES)
    assert batched == [ru_ct2.translate([s])[0] for s in SENTENCES]
    assert all(batched)


def test_beam_batches_never_mix_length_caps(ru_ct2: CTranslate2Translator) -> None:
    items = ru_ct2._prepare(SENTENCES * 3, None)
    for batch in ru_ct2._batches(items):
        assert len({items[i].cap for i in batch}) == 1
    assert sorted(i for batch in ru_ct2._batches(items) for i in batch) == list(range(len(items)))


def test_a_fixed_max_length_caps_ct2_output(tiny_en_ru: Path) -> None:
    ct2 = _ct2(tiny_en_ru, max_length=3)
    assert all(len(ids) <= 3 for ids in _generated_ids(ct2, SENTENCES[:3]))


def test_multi_target_model_gets_its_token_and_never_generates_language_tokens(tiny_en_trk: Path) -> None:
    ct2 = _ct2(tiny_en_trk, "kk", ">>kaz_Cyrl<<", beams=1)
    reference = load_translator(ModelSpec("kk", str(tiny_en_trk), ">>kaz_Cyrl<<"), device="cpu",
                                engine="transformers", beams=1)
    assert ct2.translate(SENTENCES[:4]) == reference.translate(SENTENCES[:4])
    for ids in _generated_ids(_ct2(tiny_en_trk, "kk", ">>kaz_Cyrl<<"), SENTENCES):
        assert not set(ids) & set(ct2.suppressed_ids)


def test_ct2_enforces_terms_itself_and_hands_over_only_what_it_cannot_place(
        tiny_en_ru: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ct2 = _ct2(tiny_en_ru, max_length=16)
    plain = ct2.translate(SENTENCES[:2])
    assert ct2.capabilities.constraints is True and ct2.repair_identity is None
    term = constraint_from_strings("nato", ["НАТО"], ct2.target_vocabulary)
    assert term is not None
    finished: list[int] = []
    out = ct2.translate(SENTENCES[:3], [None, [term], None], progress=finished.append)
    assert sum(finished) == 3
    assert out[0] == plain[0] and out.engines[0] == ct2.engine_identity and not out.constrained[0]
    assert "НАТО" in out[1].split() and out.engines[1] == ct2.engine_identity
    assert out.constrained[1] and out.unconstrained[1] == plain[1]
    assert ct2.loaded.model is None and ct2.stats.repaired == 0  # torch weights never loaded
    # What prefix decoding cannot place goes to the transformers engine's constrained search, counted.
    monkeypatch.setattr("aligntool.engines.translation.ct2.enforce", lambda *args, **kwargs: None)
    again = ct2.translate(SENTENCES[1:2], [[term]])
    assert again.engines[0] == "transformers/float32" and ct2.stats.repaired == 1
    reference = load_translator(ModelSpec("ru", str(tiny_en_ru)), device="cpu", engine="transformers",
                                max_length=16)
    assert reference.translate(SENTENCES[1:2], [[term]]) == [again[0]]


def test_terms_of_every_batch_are_placed_in_one_round_of_questions(
        tiny_en_ru: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Batches are decoded one by one, but the terms of four batches are placed together (each round of form
    questions is one model call for them), with the outputs of one big batch; progress moves after each group."""
    sentences = [SENTENCES[1], SENTENCES[2], "NATO and the CSTO met in Minsk.", "NATO troops.", "We met NATO."]
    whole = _ct2(tiny_en_ru, max_length=16)
    term = constraint_from_strings("nato", ["НАТО", "НАТОм"], whole.target_vocabulary)
    assert term is not None
    expected = whole.translate(sentences, [[term]] * 5)
    calls: list[int] = []
    real = ct2_module.enforce
    monkeypatch.setattr(ct2_module, "enforce", lambda tasks, *args: (calls.append(len(tasks)), real(tasks, *args))[1])
    one_by_one = _ct2(tiny_en_ru, max_length=16, max_batch_size=1)
    finished: list[int] = []
    out = one_by_one.translate(sentences, [[term]] * 5, progress=finished.append)
    assert one_by_one.stats.batches == 5 and calls == [4, 1]
    assert list(out) == list(expected) and finished == [1, 1, 1, 1, 1]


def test_term_form_choice_past_the_decoder_positions_is_a_tie_not_a_crash(ru_ct2: CTranslate2Translator) -> None:
    # A free output at the length cap plus a placed term reaches the decoder's last position: CTranslate2 would
    # raise there, so such a row is a tie (first form) while the other rows of the same call are scored.
    source = ru_ct2.tokenizer.convert_ids_to_tokens(ru_ct2.tokenizer("The CSTO met in Minsk.")["input_ids"])
    full = [10] * (ru_ct2.decoder_positions - 1)
    scores = ru_ct2.next_logprobs([source, source], [full, [10, 11]], [[12, 13], [12, 13]])
    assert scores[0] == [0.0, 0.0]
    assert all(value < 0.0 for value in scores[1])
    assert scores[1][0] != scores[1][1]


def test_term_form_choice_reads_a_shorter_prefix_from_the_longer_row(ru_ct2: CTranslate2Translator,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ct2_module, "_SCORED_DIRECTLY", 0)  # every row read from a forced decode's logits
    # Rows of one source whose prefix starts another row's prefix are read from that row, and every row stops
    # right after its own prefix: the scores are those of each row decoded alone.
    encode = ru_ct2.tokenizer
    source = encode.convert_ids_to_tokens(encode("The CSTO met in Minsk.")["input_ids"])
    other = encode.convert_ids_to_tokens(encode("Moscow hosted the summit.")["input_ids"])
    prefix = [10, 11, 12, 13, 14]
    rows = [source, source, other, source]
    prefixes = [prefix[:2], prefix, prefix[:2], []]
    tokens = [[20, 21], [22, 23, 24], [20, 21], [25, 26]]
    ru_ct2._answers.clear()
    together = ru_ct2.next_logprobs(rows, prefixes, tokens)
    alone = []
    for row, pre, tok in zip(rows, prefixes, tokens, strict=True):
        ru_ct2._answers.clear()  # decoded on its own, not read from the answers kept
        alone.append(ru_ct2.next_logprobs([row], [pre], [tok])[0])
    for scores, reference in zip(together, alone, strict=True):  # differences: each call normalises over its pieces
        assert _spread(scores) == pytest.approx(_spread(reference), abs=1e-5) and all(value < 0.0 for value in scores)
    assert together[0] != pytest.approx(together[2], abs=1e-5)  # another source (same call): decoded on its own


def _spread(values: list[float]) -> list[float]:
    """A question's answers as differences from its first piece's: what the choice compares."""
    return [value - values[0] for value in values]


def test_a_form_question_asked_again_is_answered_without_decoding(tiny_en_ru: Path) -> None:
    ct2 = _ct2(tiny_en_ru)
    encode = ct2.tokenizer
    source = encode.convert_ids_to_tokens(encode("NATO and the CSTO met.")["input_ids"])
    first = ct2.next_logprobs([source, source], [[10, 11], [10, 11, 12]], [[20, 21, 22], [23, 24]])
    calls: list[int] = []
    inner = ct2.ct2

    class Counting:
        def translate_batch(self, batch: list[list[str]], **kwargs: object) -> object:
            calls.append(len(batch))
            return inner.translate_batch(batch, **kwargs)

        def score_batch(self, batch: list[list[str]], targets: list[list[str]], **kwargs: object) -> object:
            calls.append(len(batch))
            return inner.score_batch(batch, targets, **kwargs)

    ct2.ct2 = Counting()
    again = ct2.next_logprobs([source, source], [[10, 11, 12], [10, 11]], [[24], [22, 20]])
    assert calls == [] and again == [[first[1][1]], [first[0][2], first[0][0]]]
    ct2.next_logprobs([source], [[10, 11]], [[25, 20]])  # a piece not asked before: both scored again
    assert calls == [2]


class _CallLog:
    """Wraps a translator's ctranslate2.Translator and records each call: (method, rows, use_vmap)."""

    def __init__(self, translator: CTranslate2Translator) -> None:
        self.inner, self.calls = translator.ct2, []
        translator.ct2 = self

    def translate_batch(self, batch: list[list[str]], **options: object) -> object:
        self.calls.append(("translate", len(batch), bool(options.get("use_vmap"))))
        return self.inner.translate_batch(batch, **options)

    def score_batch(self, batch: list[list[str]], targets: list[list[str]], **options: object) -> object:
        self.calls.append(("score", len(batch), False))
        return self.inner.score_batch(batch, targets, **options)


def _questions(translator: CTranslate2Translator) -> tuple[list[list[str]], list[list[int]], list[list[int]]]:
    encode = translator.tokenizer
    first, second = (encode.convert_ids_to_tokens(encode(text)["input_ids"]) for text in SENTENCES[:2])
    return [first, first, second], [[10, 11, 12], [], [30, 31]], [[20, 21, 22], [23, 24, 40], [25, 26, 27]]


@pytest.mark.parametrize("kind", ["one target", "multi-target"])
def test_form_questions_on_a_restricted_output_layer_keep_the_models_differences(
        kind: str, tiny_en_ru: Path, tiny_en_trk: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The forced decode of a round of questions runs on an output layer restricted to the pieces it needs
    (CTranslate2's vocabulary map): one call, and each question's differences are those of the full layer."""
    monkeypatch.setattr(ct2_module, "_SCORED_DIRECTLY", 0)
    translator = _ct2(tiny_en_ru) if kind == "one target" else _ct2(tiny_en_trk, "kk", ">>kaz_Cyrl<<")
    assert (translator.model_dir / "vmap.txt").is_file() and translator._restrictable
    sources, prefixes, tokens = _questions(translator)
    log = _CallLog(translator)
    restricted = translator.next_logprobs(sources, prefixes, tokens)
    # two decoded rows (the empty prefix is read from the longer one of its source) and three holding the nine
    # pieces asked about, none longer than the longest prefix
    assert log.calls == [("translate", 2 + 3, True)]
    translator._answers.clear()
    translator._restrictable = False
    full = translator.next_logprobs(sources, prefixes, tokens)
    assert log.calls[1:] == [("translate", 2, False)]
    for mine, theirs in zip(restricted, full, strict=True):
        assert _spread(mine) == pytest.approx(_spread(theirs), abs=1e-4) and all(v < 0.0 for v in mine)


def test_a_restricted_call_always_follows_a_full_one(tiny_en_ru: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """CTranslate2 4.8 keeps a stale output layer between two restricted calls with different pieces (wrong
    logits from a small layer to a larger one): a one-step full call goes between them, and free decoding after
    a restricted call is unchanged."""
    monkeypatch.setattr(ct2_module, "_SCORED_DIRECTLY", 0)
    translator = _ct2(tiny_en_ru)
    before = list(translator.translate(SENTENCES[:3]))
    sources, prefixes, tokens = _questions(translator)
    reference = _ct2(tiny_en_ru)
    reference._restrictable = False
    expected = reference.next_logprobs(sources, prefixes, tokens)
    log = _CallLog(translator)
    small = translator.next_logprobs(sources[:1], prefixes[:1], tokens[:1])  # few pieces first, then more
    large = translator.next_logprobs(sources[1:], prefixes[1:], tokens[1:])
    assert [vmap for _, _, vmap in log.calls] == [True, False, True]
    for mine, theirs in zip([*small, *large], expected, strict=True):
        assert _spread(mine) == pytest.approx(_spread(theirs), abs=1e-4)
    translator._kept.clear()
    assert list(translator.translate(SENTENCES[:3])) == before


def test_the_vocabulary_map_is_added_to_our_caches_only(tiny_en_ru: Path, tmp_path: Path) -> None:
    """Caches converted before the map get it on load; a CTranslate2 folder not made by aligntool is not
    written to (its questions read the full output layer)."""
    translator = _ct2(tiny_en_ru)
    (translator.model_dir / "vmap.txt").unlink()
    assert _ct2(tiny_en_ru)._restrictable and (translator.model_dir / "vmap.txt").read_text() == "\t</s>\n"
    foreign = tmp_path / "theirs"
    foreign.mkdir()
    assert not ct2_module.add_vocabulary_map(foreign) and not any(foreign.iterdir())


def test_a_few_pieces_are_scored_directly_with_the_forced_decodes_differences(
        ru_ct2: CTranslate2Translator, monkeypatch: pytest.MonkeyPatch) -> None:
    """A late round with few pieces is scored with score_batch, one row per piece; the model's preferences are the
    forced decode's: the same differences between the pieces (each way normalises over its own vocabulary, so
    only differences within a question are compared, and only they are used)."""
    encode = ru_ct2.tokenizer
    source = encode.convert_ids_to_tokens(encode("The CSTO Secretary General arrived.")["input_ids"])
    rows, prefixes, tokens = [source, source], [[10, 11, 12], []], [[20, 21, 22], [23, 24]]
    used: list[str] = []
    for name in ("_scored", "_read_from_logits"):
        real = getattr(ru_ct2, name)
        monkeypatch.setattr(ru_ct2, name, lambda *args, real=real, name=name: (used.append(name), real(*args))[1])
    ru_ct2._answers.clear()
    direct = ru_ct2.next_logprobs(rows, prefixes, tokens)
    ru_ct2._answers.clear()
    monkeypatch.setattr(ct2_module, "_SCORED_DIRECTLY", 0)
    forced = ru_ct2.next_logprobs(rows, prefixes, tokens)
    assert used == ["_scored", "_read_from_logits"]
    for mine, theirs in zip(direct, forced, strict=True):
        assert [v - mine[0] for v in mine] == pytest.approx([v - theirs[0] for v in theirs], abs=1e-4)
        assert all(v < 0.0 for v in mine)


def test_term_form_choice_logits_stay_within_the_batch_memory(tiny_en_ru: Path) -> None:
    # Each decoded position returns a full-vocabulary row of logits: rows are split into calls that hold at most
    # --batch-memory of them (1 MiB here: 1 MiB / (4 bytes x the tiny vocabulary) positions per call).
    small = _ct2(tiny_en_ru, batch_memory_mb=1)
    small._restrictable = False  # the full output layer (a restricted call's logits are a few columns wide)
    budget = 1024 * 1024 // (4 * len(small._every_token))
    calls: list[int] = []
    inner = small.ct2

    class Counting:
        def translate_batch(self, sources: list[list[str]], **options: object) -> object:
            calls.append(sum(len(prefix) + 1 for prefix in options["target_prefix"]))
            return inner.translate_batch(sources, **options)

    small.ct2 = Counting()
    encode = small.tokenizer
    sources = [encode.convert_ids_to_tokens(encode(text)["input_ids"]) for text in SENTENCES[:4]]
    prefixes = [[10 + k] * (budget // 3) for k in range(4)]  # four rows, three fit in a call
    tokens = [[20, 21]] * 4
    split = small.next_logprobs(sources, prefixes, tokens)
    assert len(calls) == 2 and all(positions <= budget for positions in calls)
    whole = _ct2(tiny_en_ru, batch_memory_mb=0)  # 0: one call
    whole._restrictable = False
    reference = whole.next_logprobs(sources, prefixes, tokens)
    for scores, expected in zip(split, reference, strict=True):
        assert scores == pytest.approx(expected, abs=1e-5)


def test_conversion_is_cached_by_revision_and_precision(tiny_en_ru: Path, ct2_cache: Path) -> None:
    first = _ct2(tiny_en_ru)
    stamp = (first.model_dir / "model.bin").stat().st_mtime_ns
    second = _ct2(tiny_en_ru)
    assert second.model_dir == first.model_dir
    assert (second.model_dir / "model.bin").stat().st_mtime_ns == stamp
    assert first.model_dir.parent == ct2_cache == cache_root()
    assert first.loaded.revision in first.model_dir.name and first.model_dir.name.endswith("-float32")
    int8 = load_translator(ModelSpec("ru", str(tiny_en_ru)), device="cpu", engine="ctranslate2",
                           compute_type="int8")
    assert int8.model_dir == converted_path(int8.loaded, "int8") != first.model_dir
    assert int8.engine_identity.startswith("ctranslate2-") and "/int8" in int8.engine_identity
    assert all(int8.translate(SENTENCES[:2]))
    assert not [p for p in ct2_cache.iterdir() if p.name.startswith(".")]  # no scratch left behind


def test_cache_lives_in_hf_home_by_default(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("ALIGNTOOL_CT2_CACHE")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    assert cache_root() == tmp_path / "hf" / "aligntool-ct2"


def test_failed_conversion_falls_back_to_transformers_with_a_warning(
    tiny_en_ru: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("ALIGNTOOL_CT2_CACHE", str(blocker / "cache"))  # cannot be created
    with caplog.at_level(logging.WARNING, logger="aligntool"):
        translator = load_translator(ModelSpec("ru", str(tiny_en_ru)), device="cpu", engine="ctranslate2",
                                     beams=1)
    assert isinstance(translator, TransformersTranslator)
    assert translator.engine_identity == "transformers/float32"
    assert "translating with transformers instead" in caplog.text
    assert all(translator.translate(SENTENCES[:2]))


def test_option_errors_are_reported_together(tiny_en_ru: Path) -> None:
    spec = ModelSpec("ru", str(tiny_en_ru))
    with pytest.raises(ConfigError) as error:
        load_translator(spec, device="cpu", engine="ctranslate2", compute_type="int3", threads=-1)
    assert "--compute-type int3" in str(error.value) and "--threads -1" in str(error.value)
    with pytest.raises(ConfigError, match="transformers engine supports auto, float32, int8"):
        load_translator(spec, device="cpu", engine="transformers", compute_type="int8_float16")
    with pytest.raises(ConfigError, match="unknown engine"):
        load_translator(spec, device="cpu", engine="onnx")


def test_transformers_int8_is_an_opt_in_that_still_translates(tiny_en_ru: Path) -> None:
    translator = load_translator(ModelSpec("ru", str(tiny_en_ru)), device="cpu", engine="transformers",
                                 compute_type="int8", threads=1, beams=1)
    assert translator.engine_identity == "transformers/int8"
    assert translator.threads == 1
    assert all(translator.translate(SENTENCES[:3]))


def test_default_threads_is_at_least_one_and_at_most_the_usable_cpus() -> None:
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    assert 1 <= default_threads() <= (usable or 1)


def test_cli_engine_options_reach_the_tmx_signature(tmp_path: Path, tiny_en_ru: Path) -> None:
    source = tmp_path / "doc.txt"
    source.write_text(" ".join(SENTENCES[:3]), encoding="utf-8")
    code = run_cli(["translate", str(source), "--to", "ru", "--model", f"ru={tiny_en_ru}", "--out",
                    str(tmp_path / "out"), "--engine", "ctranslate2", "--compute-type", "int8", "--threads", "1",
                    "--beams", "1", "--quiet"])
    assert code == 0
    tmx = (tmp_path / "out" / "doc.en-ru.tmx").read_text(encoding="utf-8")
    assert "ctranslate2-" in tmx and "/int8" in tmx


def test_cli_rejects_an_unknown_compute_type(tmp_path: Path, tiny_en_ru: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "doc.txt"
    source.write_text("NATO.", encoding="utf-8")
    code = run_cli(["translate", str(source), "--to", "ru", "--model", f"ru={tiny_en_ru}", "--out",
                    str(tmp_path / "out"), "--engine", "ctranslate2", "--compute-type", "fast", "--quiet"])
    assert code != 0
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--compute-type fast" in err[0]


def test_terms_enforce_with_ct2_renders_every_term(
    tmp_path: Path, tiny_en_ru: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    glossary = Path(__file__).resolve().parents[1] / "glossary" / "csto.yaml"
    if not glossary.is_file():
        pytest.skip("glossary/csto.yaml is not in this checkout")
    source = tmp_path / "doc.txt"
    source.write_text("The CSTO Secretary General arrived in Minsk.\nNATO and the CSTO met.\n", encoding="utf-8")
    capsys.readouterr()
    code = run_cli(["translate", str(source), "--to", "ru", "--model", f"ru={tiny_en_ru}", "--engine",
                    "ctranslate2", "--glossary", str(glossary), "--out", str(tmp_path / "out"), "--json",
                    "--quiet", "--max-length", "24"])
    assert code == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["languages"]["ru"]["terms"]["rates"]["exact_after"] == 100.0
    assert "ctranslate2-" in summary["signature"]


def test_aligntools_cache_reordering_changes_no_output(tiny_en_ru: Path) -> None:
    translator = load_translator(ModelSpec("ru", str(tiny_en_ru)), device="cpu", engine="transformers")
    model = translator.loaded.model
    assert "_reorder_cache" in vars(model)  # aligntool's hook: beams reorder only the self-attention cache
    deferred = _deferred_layer_class()
    calls: list[int] = []
    original = deferred.update
    deferred.update = lambda self, *a, **k: (calls.append(1), original(self, *a, **k))[1]
    try:
        fast = translator.translate(SENTENCES)
    finally:
        deferred.update = original
    assert calls  # the self-attention cache was reordered lazily, fused with the append
    del model._reorder_cache
    assert translator.translate(SENTENCES) == fast


def test_auto_engine_is_ctranslate2_int8_on_cpu(tiny_en_ru: Path, ct2_cache: Path) -> None:
    translator = load_translator(ModelSpec("ru", str(tiny_en_ru)), device="cpu")  # engine "auto", the default
    assert isinstance(translator, CTranslate2Translator)
    assert translator.engine_identity.startswith("ctranslate2-") and "/int8" in translator.engine_identity
    assert translator.model_dir.name.endswith("-int8")  # stored int8: no float32 weights in memory
    assert translator.loaded.model is None


def test_auto_engine_falls_back_to_transformers_with_one_warning(
    tiny_en_ru: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "ctranslate2", None)  # not installed
    with caplog.at_level(logging.WARNING, logger="aligntool"):
        translator = load_translator(ModelSpec("ru", str(tiny_en_ru)), device="cpu", beams=1)
    assert isinstance(translator, TransformersTranslator)
    warnings = [r for r in caplog.records if "warning" in r.getMessage()]
    assert len(warnings) == 1 and "CTranslate2 is not installed" in warnings[0].getMessage()
    monkeypatch.delitem(sys.modules, "ctranslate2")
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("ALIGNTOOL_CT2_CACHE", str(blocker / "cache"))  # the conversion cannot be written
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="aligntool"):
        translator = load_translator(ModelSpec("ru", str(tiny_en_ru)), device="cpu", beams=1)
    assert translator.engine_identity == "transformers/float32"
    warnings = [r for r in caplog.records if "warning" in r.getMessage()]
    assert len(warnings) == 1 and "translating with transformers instead" in warnings[0].getMessage()


def test_first_conversion_says_so_and_the_next_run_does_not(
    tiny_en_ru: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("ALIGNTOOL_CT2_CACHE", str(tmp_path / "fresh"))
    with caplog.at_level(logging.WARNING, logger="aligntool"):
        load_translator(ModelSpec("ru", str(tiny_en_ru)), device="cpu")
    notes = [r.getMessage() for r in caplog.records if "convert" in r.getMessage()]
    assert len(notes) == 2 and "first use only" in notes[0] and notes[1].startswith("aligntool: note: converted in")
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="aligntool"):
        load_translator(ModelSpec("ru", str(tiny_en_ru)), device="cpu")
    assert not [r for r in caplog.records if "convert" in r.getMessage()]


def test_a_second_pass_over_the_same_pieces_reuses_their_free_decoding(tiny_en_ru: Path) -> None:
    """The case check's second pass decodes a sentence again with other forms of a term: its free decoding is the
    same, so it is not run again (and a neighbour's avoided forms never change a sentence's decoding)."""
    ct2 = _ct2(tiny_en_ru, max_length=16)
    term = constraint_from_strings("nato", ["НАТО"], ct2.target_vocabulary)
    avoided = build_constraint("csto", [("ОДКБ", "first")], ct2.target_vocabulary, "ru", avoid=["Организация"])
    assert term is not None and avoided is not None and avoided.avoid
    first = ct2.translate(SENTENCES[1:3], [[term], [avoided]])
    decoded: list[int] = []
    real = ct2._decode
    ct2._decode = lambda sources, *args, **kwargs: (decoded.append(len(sources)), real(sources, *args, **kwargs))[1]
    again = ct2.translate(SENTENCES[1:2], [[term]])
    assert sum(decoded) == 0 and again[0] == first[0]
    alone = _ct2(tiny_en_ru, max_length=16).translate(SENTENCES[1:2], [[term]])
    assert alone[0] == first[0]


def test_kept_decodes_stay_within_their_bound(tiny_en_ru: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ct2_module, "_KEPT_DECODES", 2)
    ct2 = _ct2(tiny_en_ru, max_length=16)
    term = constraint_from_strings("nato", ["НАТО"], ct2.target_vocabulary)
    assert term is not None
    first = ct2.translate(SENTENCES[:3], [[term]] * 3)
    again = ct2.translate([SENTENCES[0], SENTENCES[4], SENTENCES[2]], [[term]] * 3)  # kept, new, kept or not
    assert len(ct2._kept) == 2 and again[0] == first[0] and again[2] == first[2]
