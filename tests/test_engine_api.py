"""The engine registry, the one options object, the Python API with engine and glossary, and layering."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

import aligntool
from aligntool.api import from_pretrained, load_translator
from aligntool.cli.app import run_cli
from aligntool.core.defaults import DEFAULT_ENGINE
from aligntool.core.errors import ConfigError
from aligntool.engines.translation.engines import engine_class, engine_names
from aligntool.engines.translation.families import ModelFamily, families, get_family
from aligntool.engines.translation.options import EngineOptions
from aligntool.engines.translation.registry import ModelSpec

REPO = Path(__file__).resolve().parents[1]
GLOSSARY = REPO / "glossary" / "csto.yaml"
TERM_SENTENCES = ["The CSTO Secretary General arrived in Minsk.", "NATO and the CSTO met.", "It rained."]


def test_engine_choices_come_from_the_registry_and_are_checked_before_files_are_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert engine_names()[0] == DEFAULT_ENGINE == "auto"  # the default is listed first
    assert {"transformers", "ctranslate2"} <= set(engine_names())
    for name in engine_names():
        capabilities = engine_class(name).capabilities
        assert capabilities.compute_types and capabilities.devices
    missing = tmp_path / "does-not-exist.txt"  # reading it would be an input error naming the file
    code = run_cli(["translate", str(missing), "--to", "ru", "--engine", "onnx", "--out", str(tmp_path)])
    assert code == 2
    err = capsys.readouterr().err
    assert "--engine onnx" in err and ", ".join(engine_names()) in err and "does-not-exist" not in err
    capsys.readouterr()
    assert run_cli(["translate", "--help"]) == 0
    assert "|".join(engine_names()) in capsys.readouterr().out


def test_options_are_checked_once_and_reported_together() -> None:
    with pytest.raises(ConfigError) as error:
        EngineOptions(engine="ctranslate2", device="tpu", compute_type="int3", threads=-1, beams=0)
    message = str(error.value)
    for part in ("--device tpu", "--compute-type int3", "--threads -1", "--beams 0"):
        assert part in message
    with pytest.raises(ConfigError, match="transformers engine supports auto, float32, int8"):
        EngineOptions(engine="transformers", compute_type="int8_float16")
    with pytest.raises(ConfigError, match="unknown translation option"):
        EngineOptions.build(num_beams=4)
    options = EngineOptions.build(engine="ctranslate2", compute_type="int8", beams=2)
    assert options.with_repair_engine() == EngineOptions(engine="transformers", compute_type="int8", beams=2)
    with pytest.raises(AttributeError):
        options.beams = 3  # type: ignore[misc]  # frozen


def test_terminology_imports_nothing_private_from_translation() -> None:
    paths = sorted((REPO / "aligntool" / "engines" / "terminology").glob("*.py"))
    assert len(paths) > 5  # the package is where the layout says it is: an empty glob would pass anything
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("aligntool.engines.translation"):
                assert not any(alias.name.startswith("_") for alias in node.names), (path.name, node.module)
            if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__"):
                owner = node.value
                assert not (isinstance(owner, ast.Name) and owner.id == "translator"), (path.name, node.attr)


def test_python_api_translates_with_a_glossary_and_an_engine_choice(tiny_en_ru: Path, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    if not GLOSSARY.is_file():
        pytest.skip("glossary/csto.yaml is not in this checkout")
    pytest.importorskip("ctranslate2")
    monkeypatch.setenv("ALIGNTOOL_CT2_CACHE", str(tmp_path / "ct2"))
    common = {"to": "ru", "model": str(tiny_en_ru), "max_length": 24, "device": "cpu"}
    default = aligntool.translate(TERM_SENTENCES, glossary=GLOSSARY, **common)
    ct2 = aligntool.translate(TERM_SENTENCES, glossary=GLOSSARY, engine="ctranslate2", compute_type="float32",
                              **common)
    free = aligntool.translate(TERM_SENTENCES, **common)  # the default engine: auto (CTranslate2 int8 here)
    free_ct2 = aligntool.translate(TERM_SENTENCES, engine="ctranslate2", compute_type="float32", **common)
    for outputs, unconstrained in ((default, free), (ct2, free_ct2)):
        assert "Минск" in outputs[0] and "НАТО" in outputs[1] and "ОДКБ" in outputs[1]
        assert outputs[2] == unconstrained[2]  # no terms: the free translation of the same engine
    assert "ОДКБ" not in free[1]  # random weights: the terms come from the constraints
    translator = aligntool.from_pretrained(str(tiny_en_ru), lang="ru", glossary=GLOSSARY, terms="check",
                                           max_length=24, device="cpu")
    assert translator.translate(TERM_SENTENCES) == free
    assert any(check.outcome == "missing" for check in translator.terms[0].checks)
    summary = aligntool.translate_file(_doc(tmp_path), to="ru", out_dir=tmp_path / "out", glossary=GLOSSARY,
                                       models=[f"ru={tiny_en_ru}"], engine="ctranslate2", compute_type="float32",
                                       max_length=24, progress=False)
    assert summary.languages["ru"].terms["rates"]["exact_after"] == 100.0
    # the terms are placed inside CTranslate2: no sentence goes to the transformers engine
    ctranslate2 = pytest.importorskip("ctranslate2")
    assert list(summary.languages["ru"].engines) == [f"ctranslate2-{ctranslate2.__version__}/float32"]
    assert summary.languages["ru"].repaired == 0


def _doc(tmp_path: Path) -> Path:
    path = tmp_path / "doc.txt"
    path.write_text(" ".join(TERM_SENTENCES), encoding="utf-8")
    return path


def test_length_limit_warning_counts_sentences_not_pieces(tiny_en_ru: Path, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    translator = from_pretrained(str(tiny_en_ru), lang="ru", max_length=1, device="cpu")
    translator.max_input_tokens = 12  # force the long sentence into several pieces
    long = "The delegation arrived for the meeting, and the ministers spoke, and the talks went on, and on."
    translator.translate([long, "NATO."])
    assert translator.stats.split_sentences == 1
    assert translator.stats.capped_outputs == 2  # two sentences, however many pieces reached the cap
    source = tmp_path / "doc.txt"
    source.write_text("NATO and the CSTO met. It rained.", encoding="utf-8")
    capsys.readouterr()
    assert run_cli(["translate", str(source), "--to", "ru", "--model", f"ru={tiny_en_ru}", "--max-length", "1",
                    "--out", str(tmp_path / "out")]) == 0
    err = capsys.readouterr().err
    assert "ru: 2 sentence(s) reached the output length limit" in err
    assert err.index("loading model…") < err.index("wrote ")


def test_memory_budget_bounds_batches_without_changing_outputs(tiny_en_ru: Path) -> None:
    sentences = TERM_SENTENCES * 4
    unbounded = load_translator(ModelSpec("ru", str(tiny_en_ru)), device="cpu", batch_memory_mb=0, max_length=12)
    out = unbounded.translate(sentences)
    assert unbounded.stats.batches == 1
    assert 0 < unbounded.memory_per_item(20, 12) < unbounded.memory_per_item(40, 12)
    bounded = load_translator(ModelSpec("ru", str(tiny_en_ru)), device="cpu", batch_memory_mb=1, max_length=12)
    bounded.memory_per_item = lambda width, cap: 0.3 * 1024 * 1024  # type: ignore[method-assign]  # 3 per MB
    assert bounded.translate(sentences) == out
    assert bounded.stats.batches == 4


def test_a_model_family_with_a_forced_first_token_plugs_in_by_configuration(
    tiny_en_ru: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An NLLB-style family (target language as the forced first decoder token), on the tiny Marian model."""
    assert get_family("marian").target == "prefix-token"
    with pytest.raises(ConfigError, match="unknown"):
        get_family("nllb-that-is-not-configured")
    forced = ModelFamily("forced", "MarianTokenizer", "MarianMTModel", target="forced-bos")
    monkeypatch.setattr("aligntool.engines.translation.families.families", lambda: {**families(), "forced": forced})
    monkeypatch.setenv("ALIGNTOOL_CT2_CACHE", str(tmp_path / "ct2"))
    spec = ModelSpec("ru", str(tiny_en_ru), family="forced", target_code="▁Минск")
    transformers = load_translator(spec, device="cpu", beams=1, max_length=6)
    assert transformers.decoder_prefix == [transformers.tokenizer.convert_tokens_to_ids("▁Минск")]
    texts = transformers.translate(TERM_SENTENCES)
    if "ctranslate2" in engine_names() and _has_ct2():
        ct2 = load_translator(spec, device="cpu", beams=1, max_length=6, engine="ctranslate2",
                              compute_type="float32")
        assert ct2.translate(TERM_SENTENCES) == texts  # both engines decode after the forced token
    plain = load_translator(ModelSpec("ru", str(tiny_en_ru)), device="cpu", beams=1, max_length=6)
    assert texts != plain.translate(TERM_SENTENCES)


def _has_ct2() -> bool:
    try:
        import ctranslate2  # noqa: F401
    except ImportError:
        return False
    return True


def test_help_does_not_import_torch() -> None:
    code = "import sys, aligntool.cli.app as c; c.run_cli(['translate', '--help']); print('torch' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO,
                            env={**os.environ, "PYTHONPATH": str(REPO)})
    assert result.stdout.strip().endswith("False"), result.stdout + result.stderr
