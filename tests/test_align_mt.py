"""``align --mt`` with translate's model and decoding options: CLI == API, the header names the model and
engine, the resume journal spares a rerun the decoding, and the options are refused without ``--mt``."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

import aligntool
from aligntool.cli.app import app, run_cli
from aligntool.cli.decoding import ENGINE_FIELDS
from aligntool.cli.help import click_command
from aligntool.core.errors import ConfigError, ModelNotFoundError
from aligntool.engines.translation.engines import engine_names
from aligntool.formats.tmx.reader import read_tmx_header
from aligntool.jobs.journal import JOURNAL_NAME, recorded

DATA = Path(__file__).parent / "data" / "alignment"
EN, RU = DATA / "csto_news.en", DATA / "csto_news.ru"
ARGS = ["align", str(EN), str(RU), "--from", "en", "--to", "ru", "--presegmented"]


def _without_dates(path: Path) -> str:
    return re.sub(r'(creation|change)date="\d{8}T\d{6}Z"', "", path.read_text(encoding="utf-8"))


def _header(path: Path) -> dict[str, str]:
    return dict(read_tmx_header(path).props)


def _distinct_sentences(path: Path) -> int:
    return len({line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()})


def test_ctranslate2_through_cli_and_api_same_tmx_named_engine_and_a_rerun_decodes_nothing(
        tmp_path: Path, tiny_en_ru: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("ctranslate2", reason="ctranslate2 is not installed")
    monkeypatch.setenv("ALIGNTOOL_CT2_CACHE", str(tmp_path / "ct2"))
    cli_out = tmp_path / "cli" / "mt.tmx"
    assert run_cli([*ARGS, "--mt", "--model", f"ru={tiny_en_ru}", "--engine", "ctranslate2", "--compute-type",
                    "float32", "--device", "cpu", "--threads", "1", "--beams", "1", "--max-length", "8",
                    "--out", str(cli_out), "--report", str(tmp_path / "cli.tsv")]) == 0
    api_out = tmp_path / "api" / "mt.tmx"
    options = aligntool.EngineOptions(engine="ctranslate2", compute_type="float32", device="cpu", threads=1,
                                      beams=1, max_length=8)
    summary = aligntool.align_file(EN, RU, "en", "ru", api_out, presegmented=True, mt=True,
                                   mt_models=[f"ru={tiny_en_ru}"], mt_options=options,
                                   report=tmp_path / "api.tsv")
    assert _without_dates(api_out) == _without_dates(cli_out)
    assert (tmp_path / "api.tsv").read_text(encoding="utf-8") == (tmp_path / "cli.tsv").read_text(encoding="utf-8")
    header = _header(cli_out)
    assert header["x-aligntool-align-mt"] == "chrf"
    assert header["x-aligntool-engine-ru"].startswith("ctranslate2-")
    assert header["x-aligntool-engine-ru"].endswith("/float32")
    assert header["x-aligntool-model-ru"].startswith(f"{tiny_en_ru}@")
    assert (header["x-aligntool-beams-ru"], header["x-aligntool-max-new-tokens"]) == ("1", "8")
    assert "engine-ru:ctranslate2-" in summary.signature
    # each distinct source sentence was translated once and journaled beside the output
    assert recorded(cli_out.parent / JOURNAL_NAME) == _distinct_sentences(EN)

    def no_decoding(*args: object, **kwargs: object) -> None:
        raise AssertionError("a rerun decoded a sentence the journal holds")

    monkeypatch.setattr("aligntool.engines.translation.ct2.CTranslate2Translator.translate", no_decoding)
    rerun = tmp_path / "cli" / "again.tmx"
    assert run_cli([*ARGS, "--mt", "--model", f"ru={tiny_en_ru}", "--engine", "ctranslate2", "--compute-type",
                    "float32", "--device", "cpu", "--threads", "1", "--beams", "1", "--max-length", "8",
                    "--out", str(rerun), "--report", str(tmp_path / "again.tsv")]) == 0
    assert _without_dates(rerun) == _without_dates(cli_out)
    assert f"({_distinct_sentences(EN)} source translations from the resume journal)" in capsys.readouterr().err
    with pytest.raises(AssertionError, match="journal holds"):  # --no-resume neither reads nor writes it
        run_cli([*ARGS, "--mt", "--model", f"ru={tiny_en_ru}", "--engine", "ctranslate2", "--compute-type",
                 "float32", "--beams", "1", "--max-length", "8", "--no-resume", "--out", str(rerun)])


def test_decoding_options_without_mt_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "a.tmx"
    assert run_cli([*ARGS, "--engine", "ctranslate2", "--beams", "2", "--out", str(out)]) == 2
    assert "--engine, --beams only matter with --mt" in capsys.readouterr().err
    assert run_cli([*ARGS, "--model", "ru=models/x", "--no-resume", "--out", str(out)]) == 2
    assert "--model, --resume only matter with --mt" in capsys.readouterr().err
    assert run_cli([*ARGS, "--threads", "2", "--out", str(out)]) == 2
    assert "--threads only matters with --mt" in capsys.readouterr().err
    assert not out.exists()
    with pytest.raises(ConfigError, match="mt_models, mt_options only matter"):
        aligntool.align_file(EN, RU, "en", "ru", out, presegmented=True, mt_models=["ru=x"],
                             mt_options=aligntool.EngineOptions(beams=2))
    # engine options are checked like translate's, before any file is read
    assert run_cli([*ARGS, "--mt", "--engine", "marian", "--out", str(out)]) == 2
    assert ("--engine marian: unknown engine; choose one of " + ", ".join(engine_names())) in capsys.readouterr().err


def test_config_file_chooses_the_mt_model_and_decoding(tmp_path: Path, tiny_en_ru: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "aligntool.toml"
    config.write_text(f'[models.ru]\nmodel = "{tiny_en_ru}"\n\n[align]\nmt = true\nbeams = 1\nmax-length = 6\n'
                      'device = "cpu"\nresume = false\n', encoding="utf-8")
    out = tmp_path / "a.tmx"
    assert run_cli([*ARGS, "--config", str(config), "--out", str(out)]) == 0
    header = _header(out)
    assert header["x-aligntool-model-ru"].startswith(f"{tiny_en_ru}@")
    assert header["x-aligntool-engine-ru"].startswith("ctranslate2-")  # the default engine, auto
    assert (header["x-aligntool-beams-ru"], header["x-aligntool-max-new-tokens"]) == ("1", "6")
    assert not (tmp_path / JOURNAL_NAME).exists()  # resume = false
    # decoding defaults in the file are no error without --mt: they wait for a run that translates
    config.write_text('[align]\nbeams = 1\nengine = "ctranslate2"\n', encoding="utf-8")
    assert run_cli([*ARGS, "--config", str(config), "--out", str(out)]) == 0
    assert "x-aligntool-model-ru" not in _header(out)


def test_a_collection_translates_each_distinct_sentence_once(tmp_path: Path, tiny_en_ru: Path) -> None:
    src, tgt = tmp_path / "en", tmp_path / "ru"
    for folder in (src, tgt):
        folder.mkdir()
    for name in ("a.txt", "b.txt"):  # the same document twice: its sentences are translated once
        shutil.copy(EN, src / name)
        shutil.copy(RU, tgt / name)
    out = tmp_path / "tm"
    assert run_cli(["align", str(src), str(tgt), "--from", "en", "--to", "ru", "--presegmented", "--mt",
                    "--model", f"ru={tiny_en_ru}", "--beams", "1", "--max-length", "6", "--out", str(out)]) == 0
    assert recorded(out / JOURNAL_NAME) == _distinct_sentences(EN)
    for name in ("a.txt.tmx", "b.txt.tmx"):
        assert _header(out / name)["x-aligntool-model-ru"].startswith(f"{tiny_en_ru}@")


def test_non_english_source_needs_a_model_that_translates_from_it(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"translates from English, not from 'de'; give one that does with "
                                          r"--model ru=ID_OR_DIR"):
        aligntool.align_file(EN, RU, "de", "ru", tmp_path / "a.tmx", presegmented=True, mt=True)


def test_align_help_shows_translates_decoding_options_word_for_word(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["align", "--help"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    for option in ("--model LANG=ID_OR_DIR", "--target-token LANG=TOKEN", "--engine " + "|".join(engine_names()),
                   "--device auto|cpu|cuda", "--compute-type auto|float32", "--threads N", "--beams N",
                   "--max-length N", "--batch-tokens N", "--batch-memory MB", "--resume / --no-resume"):
        assert option in text
    commands = click_command(app).commands
    shared = ["model", "target_token", *ENGINE_FIELDS]

    def declared(name: str) -> dict[str, tuple[object, ...]]:
        return {p.name: (p.opts, p.metavar, p.help, p.default) for p in commands[name].params if p.name in shared}

    assert declared("align") == declared("translate") and len(declared("align")) == len(shared)


def test_a_missing_mt_model_stops_a_ray_collection_before_any_worker(tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("ray", reason="--executor ray is the optional extra aligntool[ray]")
    src, tgt = tmp_path / "en", tmp_path / "ru"
    for folder in (src, tgt):
        folder.mkdir()
    shutil.copy(EN, src / "a.txt")
    shutil.copy(RU, tgt / "a.txt")
    code = run_cli(["align", str(src), str(tgt), "--from", "en", "--to", "ru", "--mt", "--model",
                    f"ru={tmp_path / 'no-such-model'}", "--executor", "ray", "--out", str(tmp_path / "tm")])
    assert code == ModelNotFoundError.exit_code
    assert f"{tmp_path / 'no-such-model'}" in capsys.readouterr().err
    assert not (tmp_path / "tm").exists()
