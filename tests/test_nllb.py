"""NLLB-200 (M2M100 architecture) models through the same engine interface as OPUS-MT, on tiny checkpoints
built in the real facebook/nllb-200 layout."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aligntool.core.errors import ConfigError, ModelNotFoundError
from aligntool.engines.translation.factory import load_translator
from aligntool.engines.translation.families import detect_family
from aligntool.engines.translation.loading import load_model
from aligntool.engines.translation.registry import ModelSpec, resolve_models
from aligntool.formats.tmx.reader import read_tmx
from tests.model_factory_nllb import build_nllb_checkpoint

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpora" / "csto_news_en.txt"
GLOSSARY = REPO / "glossary" / "csto.yaml"
SENTENCES = ["The CSTO met in Minsk.", "NATO did not comment on the exercises."]


@pytest.fixture(scope="module")
def tiny_nllb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_nllb_checkpoint(tmp_path_factory.mktemp("models") / "tiny-nllb")


def test_family_and_language_codes_come_from_the_checkpoint_and_the_table(tiny_nllb: Path) -> None:
    assert detect_family(tiny_nllb, "tiny").name == "nllb"
    spec = resolve_models(["kk"], [f"kk={tiny_nllb}"], source_lang="en")["kk"]
    assert spec.family is None  # recognised when the checkpoint loads, not guessed from the name
    loaded = load_model(spec, "cpu", load_weights=False)
    assert (loaded.spec.family, loaded.spec.source_code, loaded.spec.target_code) == ("nllb", "eng_Latn", "kaz_Cyrl")
    ids = loaded.source_ids("The CSTO met in Minsk.")
    tokenizer = loaded.tokenizer
    assert ids[0] == tokenizer.convert_tokens_to_ids("eng_Latn") and ids[-1] == tokenizer.eos_token_id
    assert loaded.decoder_prefix == [tokenizer.convert_tokens_to_ids("kaz_Cyrl")]


# Pinned engines in float32: the default (auto: CTranslate2 int8) rounds a random-weight model's logits enough to
# make two languages' outputs coincide, which would hide whether the forced token is applied.
@pytest.mark.parametrize("engine", ["transformers", "ctranslate2"])
def test_the_target_language_is_the_forced_first_token(tiny_nllb: Path, engine: str) -> None:
    if engine == "ctranslate2":
        pytest.importorskip("ctranslate2")
    options = {"engine": engine, "compute_type": "float32"} if engine == "ctranslate2" else {"engine": engine}
    kk = load_translator(ModelSpec("kk", str(tiny_nllb)), device="cpu", beams=2, max_length=8, **options)
    ru = load_translator(ModelSpec("ru", str(tiny_nllb)), device="cpu", beams=2, max_length=8, **options)
    out_kk, out_ru = kk.translate(SENTENCES), ru.translate(SENTENCES)
    assert len(out_kk) == len(SENTENCES) and all(out_kk)
    assert list(out_kk) != list(out_ru)  # same weights, another forced language token
    assert not any(code in text for text in [*out_kk, *out_ru] for code in ("kaz_Cyrl", "rus_Cyrl", "</s>"))
    # batched == one at a time (the forced token does not break per-sentence caps)
    assert [kk.translate([s])[0] for s in SENTENCES] == list(out_kk)


def test_ctranslate2_decodes_the_same_as_transformers(tiny_nllb: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("ctranslate2")
    monkeypatch.setenv("ALIGNTOOL_CT2_CACHE", str(tmp_path / "ct2"))
    spec = ModelSpec("kk", str(tiny_nllb))
    reference = load_translator(spec, device="cpu", beams=2, max_length=8, engine="transformers").translate(SENTENCES)
    ct2 = load_translator(spec, device="cpu", beams=2, max_length=8, engine="ctranslate2", compute_type="float32")
    assert ct2.engine_identity.startswith("ctranslate2")
    assert list(ct2.translate(SENTENCES)) == list(reference)


def test_unknown_language_code_and_unknown_checkpoint_are_clear_errors(tiny_nllb: Path, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"no language code for .xx.*target_code"):
        load_model(ModelSpec("xx", str(tiny_nllb)), "cpu", load_weights=False)
    odd = tmp_path / "odd"
    odd.mkdir()
    (odd / "config.json").write_text(json.dumps({"model_type": "t5"}), encoding="utf-8")
    with pytest.raises(ModelNotFoundError, match="cannot tell what kind of translation model"):
        load_model(ModelSpec("kk", str(odd)), "cpu", load_weights=False)


@pytest.mark.parametrize("engine", ["transformers", "ctranslate2"])
def test_corpus_end_to_end_with_glossary_enforcement(tiny_nllb: Path, tmp_path: Path, engine: str,
                                                     monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str],
                                                     caplog: pytest.LogCaptureFixture) -> None:
    if engine == "ctranslate2":
        pytest.importorskip("ctranslate2")
    from aligntool.cli.app import run_cli

    monkeypatch.setenv("ALIGNTOOL_CT2_CACHE", str(tmp_path / "ct2"))
    out = tmp_path / "out"
    code = run_cli(["translate", str(CORPUS), "--to", "ru,kk", "--model", f"ru={tiny_nllb}",
                    "--model", f"kk={tiny_nllb}", "--glossary", str(GLOSSARY), "--terms", "enforce",
                    "--max-length", "24", "--engine", engine, "--out", str(out), "--json", "--quiet"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    summary = json.loads(captured.out)
    assert "CC-BY-NC-4.0" in caplog.text + captured.err  # the licence is shown where the model is used
    for lang in ("ru", "kk"):
        units = list(read_tmx(out / f"csto_news_en.en-{lang}.tmx"))
        assert len(units) == summary["sentences"] > 30
        terms = summary["languages"][lang]["terms"]
        assert terms["occurrences"] == 56 and terms["exact_after"] == 56, (lang, terms)
