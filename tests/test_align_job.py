"""The align job in the Python API (``aligntool.AlignJob``) and the CLI produce the same files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import aligntool
from aligntool.cli.app import run_cli
from aligntool.core.errors import ConfigError

DATA = Path(__file__).parent / "data" / "alignment"
EN, RU = DATA / "csto_news.en", DATA / "csto_news.ru"


def _without_dates(path: Path) -> str:
    return re.sub(r'(creation|change)date="\d{8}T\d{6}Z"', "", path.read_text(encoding="utf-8"))


def test_cli_and_api_write_the_same_tmx_and_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cli_out, cli_report = tmp_path / "cli.tmx", tmp_path / "cli.tsv"
    assert run_cli(["align", str(EN), str(RU), "--from", "en", "--to", "ru", "--presegmented",
                    "--min-score", "0.3", "--out", str(cli_out), "--report", str(cli_report)]) == 0
    cli_line = capsys.readouterr().err.strip()
    api_out, api_report = tmp_path / "api.tmx", tmp_path / "api.tsv"
    summary = aligntool.align_file(EN, RU, "en", "ru", api_out, presegmented=True, min_score=0.3,
                                   report=api_report)
    assert _without_dates(api_out) == _without_dates(cli_out)
    assert "x-aligntool-aligner" in _without_dates(api_out)
    assert api_report.read_text(encoding="utf-8") == cli_report.read_text(encoding="utf-8")
    assert cli_line == f"aligntool: {summary.line()}"
    assert summary.kept + summary.doubtful + summary.unmatched == len(summary.beads) == 32
    assert summary.reported >= summary.doubtful + summary.unmatched  # and kept beads a reviewer should see
    assert summary.files == [api_out, api_report]


def test_api_job_beads_match_the_cli(tmp_path: Path) -> None:
    cli_out = tmp_path / "cli.beads"
    assert run_cli(["align", str(EN), str(RU), "--from", "en", "--to", "ru", "--presegmented",
                    "--format", "beads", "--out", str(cli_out), "--report", str(tmp_path / "r.tsv")]) == 0
    job = aligntool.AlignJob(source=EN, target=RU, source_lang="en", target_lang="ru", presegmented=True,
                             output_format="beads", out=tmp_path / "api.beads")
    summary = aligntool.align_files(job)
    assert (tmp_path / "api.beads").read_text(encoding="utf-8") == cli_out.read_text(encoding="utf-8")
    assert summary.reported == 0  # no report asked for: the beads are in the summary only
    assert len(summary.beads) == 32 and summary.unmatched == 2


def test_job_options_are_checked_before_reading(tmp_path: Path) -> None:
    job = aligntool.AlignJob(source=tmp_path / "missing.en", target=tmp_path / "missing.ru", source_lang="english",
                             target_lang="ru", output_format="xml", min_score=2.0)
    with pytest.raises(ConfigError) as error:
        aligntool.align_files(job)
    message = str(error.value)
    assert "--format must be one of tmx, beads, tsv" in message and "--min-score" in message
    assert "english" in message


def test_mt_assisted_job_takes_the_translation_options(tmp_path: Path, tiny_en_ru: Path) -> None:
    options = aligntool.EngineOptions(beams=1, max_length=8)
    summary = aligntool.align_file(EN, RU, "en", "ru", tmp_path / "mt.tmx", presegmented=True, mt=True,
                                   mt_models=[f"ru={tiny_en_ru}"], mt_options=options)
    assert "align-mt:chrf" in summary.signature and f"model-ru:{tiny_en_ru}@" in summary.signature
    assert len(summary.beads) >= 30
