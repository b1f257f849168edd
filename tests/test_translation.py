"""The translation engine on real (tiny, random-weight) MarianMT models in the OPUS-MT layout."""

from __future__ import annotations

from pathlib import Path

import pytest

from aligntool.api import from_pretrained, load_translator
from aligntool.core.errors import ConfigError, ModelNotFoundError
from aligntool.engines.translation.loading import locate_model
from aligntool.engines.translation.registry import ModelSpec, resolve_models

SENTENCES = [
    "The CSTO Secretary General arrived in Minsk.",
    "NATO.",
    "According to the Russian Foreign Ministry, the CSTO fails to establish cooperation with NATO.",
    "Conducting peacekeeping missions",
    "The lesson is that we responded almost instantly.",
    "It's probably unprecedented.",
]


@pytest.fixture(scope="module")
def ru_translator(tiny_en_ru: Path):
    return from_pretrained(str(tiny_en_ru), lang="ru")


def test_batched_run_equals_one_sentence_at_a_time_in_input_order(ru_translator) -> None:
    batched = ru_translator.translate(SENTENCES)
    single = [ru_translator.translate([s])[0] for s in SENTENCES]
    assert batched == single
    assert len(batched) == len(SENTENCES)
    assert all(batched)


def test_small_token_budget_gives_the_same_output(tiny_en_ru: Path, ru_translator) -> None:
    small = load_translator(ModelSpec("ru", str(tiny_en_ru)), device="cpu",
                            batch_tokens=40, max_batch_size=2)
    assert small.translate(SENTENCES) == ru_translator.translate(SENTENCES)
    assert small.stats.batches >= 3


def test_generation_settings_come_from_the_model_and_can_be_overridden(tiny_en_ru: Path, ru_translator) -> None:
    assert ru_translator.num_beams == 4  # generation_config.json of OPUS-MT
    greedy = from_pretrained(str(tiny_en_ru), lang="ru", beams=1, max_length=3)
    assert greedy.num_beams == 1
    outputs = greedy.translate(SENTENCES[:2])
    pieces = [greedy.tokenizer.spm_target.encode(o, out_type=str) for o in outputs]
    assert all(pieces) and all(len(p) <= 3 for p in pieces)


def test_target_token_is_added_exactly_when_the_model_needs_it(tiny_en_ru: Path, tiny_en_trk: Path) -> None:
    kk = from_pretrained(str(tiny_en_trk), lang="kk", target_token=">>kaz_Cyrl<<")
    tokens = kk.tokenizer.convert_ids_to_tokens(kk.encode("Hello"))
    assert tokens[0] == ">>kaz_Cyrl<<"
    assert tokens.count(">>kaz_Cyrl<<") == 1
    # A single-target model never gets one, even if the language's registry entry has a token.
    ru = from_pretrained(str(tiny_en_ru), lang="ru", target_token=">>kaz_Cyrl<<")
    assert ru.loaded.target_token is None
    assert not any(t.startswith(">>") for t in ru.tokenizer.convert_ids_to_tokens(ru.encode("Hello")))
    # A multi-target model without a token is a configuration error naming the choices.
    with pytest.raises(ConfigError, match=r">>kaz_Cyrl<<"):
        from_pretrained(str(tiny_en_trk), lang="kk")
    with pytest.raises(ConfigError, match="has no target token"):
        from_pretrained(str(tiny_en_trk), lang="kk", target_token=">>xyz<<")


def test_language_tokens_are_never_generated(tiny_en_trk: Path) -> None:
    kk = from_pretrained(str(tiny_en_trk), lang="kk", target_token=">>kaz_Cyrl<<")
    outputs = kk.translate(SENTENCES)
    assert all(">>" not in o for o in outputs)
    assert all(outputs)


def test_sentence_longer_than_the_model_input_is_translated_in_full(ru_translator) -> None:
    clause = "the CSTO member states held consultations in Minsk, Moscow and Astana"
    long_sentence = "; ".join([clause] * 12) + "."
    assert len(ru_translator.encode(long_sentence)) > ru_translator.max_input_tokens
    before = ru_translator.stats.split_sentences
    pieces = ru_translator._split_to_fit(long_sentence)
    assert len(pieces) > 1
    assert all(len(ru_translator.encode(p)) <= ru_translator.max_input_tokens for p in pieces)
    assert " ".join(pieces).split() == long_sentence.split()  # nothing dropped
    [translation] = ru_translator.translate([long_sentence])
    assert ru_translator.stats.split_sentences == before + 1
    assert translation


def test_unbreakable_text_is_still_split(ru_translator) -> None:
    blob = "x" * 2000
    pieces = ru_translator._split_to_fit(blob)
    assert "".join(pieces) == blob
    assert all(len(ru_translator.encode(p)) <= ru_translator.max_input_tokens for p in pieces)


def test_empty_sentences_translate_to_empty(ru_translator) -> None:
    assert ru_translator.translate(["", "  "]) == ["", ""]
    assert ru_translator.translate([]) == []


def test_registry_defaults_config_and_overrides(tmp_path: Path) -> None:
    specs = resolve_models(["ru", "kk"])
    assert specs["ru"] == ModelSpec("ru", "Helsinki-NLP/opus-mt-en-ru", None)
    assert specs["kk"].model == "Helsinki-NLP/opus-mt-en-trk"
    assert specs["kk"].target_token == ">>kaz_Cyrl<<"
    config = tmp_path / "aligntool.toml"
    config.write_text('[models.ru]\nmodel = "/models/ru"\n[models.kk]\nmodel = "x/y"\ntarget_token = ">>kaz_Cyrl<<"\n')
    specs = resolve_models(["ru", "kk"], ["kk=/models/kk"], config=config)
    assert specs["ru"].model == "/models/ru"
    assert specs["kk"] == ModelSpec("kk", "/models/kk", ">>kaz_Cyrl<<")
    with pytest.raises(ConfigError) as excinfo:
        resolve_models(["ru", "de"], ["ru"], ["kk=kaz"])
    message = str(excinfo.value)
    assert "--model 'ru'" in message and "kaz" in message and "'de'" in message  # all problems at once


def test_missing_models_give_clear_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ModelNotFoundError, match="does not exist"):
        locate_model(ModelSpec("ru", str(tmp_path / "nope")))
    (tmp_path / "empty").mkdir()
    with pytest.raises(ModelNotFoundError, match=r"lacks config\.json"):
        locate_model(ModelSpec("ru", str(tmp_path / "empty")))
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(ModelNotFoundError) as excinfo:
        locate_model(ModelSpec("ru", "Helsinki-NLP/opus-mt-en-ru"))
    assert "Helsinki-NLP/opus-mt-en-ru" in str(excinfo.value)
    assert "--model ru=" in str(excinfo.value)


def test_hub_id_is_loaded_from_the_hf_cache(tiny_en_ru: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A model in the HF cache layout loads by its Hub id, offline, through the same code path."""
    commit = "0123456789abcdef0123456789abcdef01234567"
    repo = tmp_path / "hf" / "hub" / "models--Helsinki-NLP--opus-mt-en-ru"
    snapshot = repo / "snapshots" / commit
    snapshot.mkdir(parents=True)
    for item in tiny_en_ru.iterdir():
        (snapshot / item.name).symlink_to(item)
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text(commit)
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hf" / "hub"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    import huggingface_hub.constants as hub_constants

    monkeypatch.setattr(hub_constants, "HF_HUB_OFFLINE", True)
    monkeypatch.setattr(hub_constants, "HF_HUB_CACHE", str(tmp_path / "hf" / "hub"))
    _directory, revision = locate_model(ModelSpec("ru", "Helsinki-NLP/opus-mt-en-ru"))
    assert revision == commit
    translator = from_pretrained("Helsinki-NLP/opus-mt-en-ru", lang="ru")
    assert translator.model_identity == f"Helsinki-NLP/opus-mt-en-ru@{commit}"
    assert translator.translate(SENTENCES[:2])[0]
