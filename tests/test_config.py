"""The config file: unknown tables and keys are errors that name them; [translate]/[align] option tables,
type-checked with the option's own message; the command line wins."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aligntool.cli.app import run_cli
from aligntool.core.config import read_config
from aligntool.core.errors import EXIT_USAGE, ConfigError


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "aligntool.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_unknown_tables_and_top_level_keys_are_named(tmp_path: Path) -> None:
    path = _write(tmp_path, 'beems = 3\n[model.ru]\nmodel = "x"\n[translate]\nbeams = 4\n')
    with pytest.raises(ConfigError) as caught:
        read_config(path)
    message = str(caught.value)
    assert "unknown top-level key 'beems'" in message and "unknown table [model]" in message
    assert "known tables: [models.LANG], [translate], [align]" in message


def test_typos_inside_tables_exit_2_naming_the_known_options(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                            tiny_en_ru: Path) -> None:
    source = tmp_path / "in.txt"
    source.write_text("Hello.\n", encoding="utf-8")
    path = _write(tmp_path, "[translate]\nbeems = 4\n")
    assert run_cli(["translate", str(source), "--to", "ru", "--config", str(path)]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "[translate] has no option 'beems' (known: " in err and "beams" in err
    path = _write(tmp_path, '[translate]\nbeams = "four"\n[models.ru]\nmodel = "x"\nrevison = "main"\n')
    assert run_cli(["translate", str(source), "--to", "ru", f"--config={path}"]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert "[translate] beams = \"four\": Invalid value for '--beams'" in err
    path = _write(tmp_path, "[translate]\nquiet = 1\n")
    assert run_cli(["translate", str(source), "--config", str(path)]) == EXIT_USAGE
    assert "[translate] quiet = 1: expected true or false" in capsys.readouterr().err
    path = _write(tmp_path, f'[models.ru]\nmodel = "{tiny_en_ru}"\nrevison = "main"\n')
    assert run_cli(["translate", str(source), "--to", "ru", "--config", str(path)]) == EXIT_USAGE
    assert "[models.ru] unknown keys: revison" in capsys.readouterr().err


def test_align_table_sets_defaults_and_the_command_line_wins(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "a.en.txt"
    tgt = tmp_path / "a.ru.txt"
    src.write_text("The treaty was signed.\nThe meeting ended.\n", encoding="utf-8")
    tgt.write_text("Договор был подписан.\nВстреча закончилась.\n", encoding="utf-8")
    path = _write(tmp_path, '[align]\nfrom = "en"\nto = "ru"\nformat = "tsv"\n')
    assert run_cli(["align", str(src), str(tgt), "--config", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.count("\t") >= 4 and "Договор был подписан." in out  # tsv from the file's format
    assert run_cli(["align", str(src), str(tgt), "--config", str(path), "--format", "beads"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[:2] == ["[0]:[0]", "[1]:[1]"]
    path = _write(tmp_path, '[align]\nmin-score = "high"\n')
    assert run_cli(["align", str(src), str(tgt), "--from", "en", "--to", "ru", "--config",
                    str(path)]) == EXIT_USAGE
    assert "[align] min-score = \"high\": Invalid value for '--min-score'" in capsys.readouterr().err


def test_translate_table_sets_defaults_and_the_command_line_wins(tmp_path: Path, tiny_en_ru: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "in.txt"
    source.write_text("Hello world.\n", encoding="utf-8")
    path = _write(tmp_path, f'[models.ru]\nmodel = "{tiny_en_ru}"\n[translate]\nto = "ru"\nbeams = 2\n'
                            f'max-length = 4\nquiet = true\nout = "{tmp_path / "out"}"\n')
    assert run_cli(["translate", str(source), "--config", str(path), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert "beams-ru:2" in summary["signature"] and summary["files"] == [str(tmp_path / "out" / "in.en-ru.tmx")]
    assert run_cli(["translate", str(source), "--config", str(path), "--json", "--beams", "1"]) == 0
    assert "beams-ru:1" in json.loads(capsys.readouterr().out)["signature"]
