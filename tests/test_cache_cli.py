"""aligntool cache list|clear on a real CTranslate2 conversion of a tiny MarianMT model."""

from __future__ import annotations

from pathlib import Path

import pytest

from aligntool.cli.app import run_cli
from aligntool.engines.translation.cache import cached_models
from aligntool.engines.translation.factory import load_translator
from aligntool.engines.translation.registry import ModelSpec

pytest.importorskip("ctranslate2", reason="ctranslate2 is not installed")


def test_list_and_clear_converted_models(tiny_en_ru: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "ct2"
    monkeypatch.setenv("ALIGNTOOL_CT2_CACHE", str(root))
    assert run_cli(["cache", "list"]) == 0
    assert f"{root}: 0 converted model(s)" in capsys.readouterr().err  # no cache folder yet: not an error
    translator = load_translator(ModelSpec("ru", str(tiny_en_ru)), device="cpu", engine="ctranslate2",
                                 compute_type="float32")
    (root / ".tiny-en-ru-interrupted").mkdir()  # what a killed conversion leaves
    (root / ".tiny-en-ru-interrupted" / "config.json").write_text("{}", encoding="utf-8")

    assert run_cli(["cache", "list"]) == 0
    out, err = capsys.readouterr()
    assert f"{root}: 2 converted model(s)" in err
    converted = next(line for line in out.splitlines() if "interrupted" not in line)
    assert converted.startswith(f"{translator.model_dir}\t{tiny_en_ru}@{translator.loaded.revision}\tfloat32\t")
    assert "(incomplete" in next(line for line in out.splitlines() if "interrupted" in line)
    size = next(e for e in cached_models() if e.complete).size_bytes
    assert size >= (translator.model_dir / "model.bin").stat().st_size > 0

    assert run_cli(["cache", "clear", "no-such-model"]) == 0
    assert "deleted 0 converted model(s)" in capsys.readouterr().err and translator.model_dir.is_dir()
    assert run_cli(["cache", "clear", "interrupted"]) == 0
    assert "deleted 1 converted model(s)" in capsys.readouterr().err
    assert [e.path for e in cached_models()] == [translator.model_dir]
    assert run_cli(["cache", "clear"]) == 0
    assert f"deleted {translator.model_dir}" in capsys.readouterr().out
    assert not translator.model_dir.exists() and cached_models() == []
