"""aligntool align: TMX, beads and TSV output, the report, option errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from aligntool.cli.app import run_cli
from aligntool.engines.alignment.beads import read_beads

DATA = Path(__file__).parent / "data" / "alignment"
EN = str(DATA / "csto_news.en")
RU = str(DATA / "csto_news.ru")
BASE = ["align", EN, RU, "--from", "en", "--to", "ru", "--presegmented"]


def _tmx_units(path: Path) -> list:
    from lxml import etree

    tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
    return tree.findall(".//tu")


def test_tmx_holds_scored_units_and_header_signature(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "news.tmx"
    assert run_cli([*BASE, "--out", str(out)]) == 0
    units = _tmx_units(out)
    gold = read_beads(DATA / "csto_news.en-ru.gold")
    assert len(units) == sum(1 for bead in gold if not bead.is_null)
    first = units[0]
    props = {prop.get("type"): prop.text for prop in first.findall("prop")}
    assert props["x-origin"] == "aligned"
    assert 0.0 <= float(props["x-align-score"]) <= 1.0
    assert props["x-document"] == "csto_news.en"
    assert props["x-segment"] == "0"
    assert props["x-align-bead"] == "[0]:[0]"
    third = {prop.get("type"): prop.text for prop in units[2].findall("prop")}
    assert third["x-segment"] == "2" and third["x-align-bead"] == "[2]:[2, 3]"
    langs = [tuv.get("{http://www.w3.org/XML/1998/namespace}lang") for tuv in first.findall("tuv")]
    assert langs == ["en-US", "ru-RU"]
    header = out.read_text(encoding="utf-8")
    assert 'type="x-aligntool-aligner"' in header and 'type="x-aligntool-align-skip"' in header
    err = capsys.readouterr().err
    # the untranslated sentence and the translator's addition are reported, not written
    assert "[17]:[]\t0.000\tleft out\tno counterpart\tThe demand for the CSTO" in err
    assert "[]:[23]\t0.000\tleft out\tno counterpart\t\tРечь идет" in err
    assert "32 beads: 30 kept, 0 below --min-score, 2 without counterpart" in err


def test_min_score_moves_beads_to_the_report(tmp_path: Path) -> None:
    out = tmp_path / "news.tmx"
    report = tmp_path / "report.tsv"
    assert run_cli([*BASE, "--out", str(out), "--min-score", "0.99", "--report", str(report)]) == 0
    lines = report.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# bead")
    doubtful = [line for line in lines if "score below 0.99" in line]
    assert len(_tmx_units(out)) + len(doubtful) == 30
    assert doubtful


def test_beads_format_matches_gold(tmp_path: Path) -> None:
    out = tmp_path / "news.beads"
    assert run_cli([*BASE, "--format", "beads", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == (DATA / "csto_news.en-ru.gold").read_text(encoding="utf-8")


def test_tsv_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli([*BASE, "--format", "tsv"]) == 0
    rows = [line.split("\t") for line in capsys.readouterr().out.splitlines()]
    assert len(rows) == 30 and all(len(row) == 3 for row in rows)
    assert rows[2][0].startswith("The subregional") and rows[2][1].startswith("На территории")
    assert "Ее цель" in rows[2][1]


def test_raw_documents_are_segmented(tmp_path: Path) -> None:
    src = tmp_path / "a.en"
    tgt = tmp_path / "a.ru"
    src.write_text("Pankin spoke in Minsk. He met Ryzhenkov.\n\nThe talks ended on 10 May 2024.\n",
                   encoding="utf-8")
    tgt.write_text("Панкин выступил в Минске. Он встретился с Рыженковым.\n\n"
                   "Переговоры завершились 10.05.2024.\n", encoding="utf-8")
    out = tmp_path / "a.beads"
    assert run_cli(["align", str(src), str(tgt), "--from", "en", "--to", "ru", "--format", "beads",
                    "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == "[0]:[0]\n[1]:[1]\n[2]:[2]\n"


def test_glossary_option(tmp_path: Path) -> None:
    glossary = Path(__file__).resolve().parents[1] / "glossary" / "csto.yaml"
    if not glossary.exists():
        pytest.skip("glossary/csto.yaml is not in this checkout")
    out = tmp_path / "news.beads"
    assert run_cli([*BASE, "--format", "beads", "--out", str(out), "--glossary", str(glossary)]) == 0
    assert out.read_text(encoding="utf-8") == (DATA / "csto_news.en-ru.gold").read_text(encoding="utf-8")


def test_option_errors_are_reported_together(capsys: pytest.CaptureFixture[str]) -> None:
    code = run_cli(["align", EN, RU, "--from", "english", "--to", "ru", "--format", "xml",
                    "--min-score", "2"])
    assert code == 2
    err = capsys.readouterr().err
    assert "--format must be one of tmx, beads, tsv" in err and "--min-score must be between 0 and 1" in err
    assert "--from: 'english' is not a language tag" in err


def test_tmx_needs_out(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(BASE) == 2
    assert "--format tmx needs --out" in capsys.readouterr().err


def test_missing_input_is_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = run_cli(["align", str(tmp_path / "nope.en"), RU, "--from", "en", "--to", "ru",
                    "--out", str(tmp_path / "x.tmx")])
    assert code == 1
    err = capsys.readouterr().err
    assert "nope.en: no such file" in err
    assert not (tmp_path / "x.tmx").exists()


def test_mt_from_non_english_source_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(RU, tmp_path / "a.ru")
    code = run_cli(["align", str(tmp_path / "a.ru"), EN, "--from", "ru", "--to", "en", "--presegmented",
                    "--mt", "--out", str(tmp_path / "x.tmx")])
    assert code == 2
    assert "--mt" in capsys.readouterr().err


def test_mt_without_a_local_model_is_one_line_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    code = run_cli([*BASE, "--mt", "--out", str(tmp_path / "x.tmx")])
    err = capsys.readouterr().err
    assert code == 3
    assert len(err.strip().splitlines()) == 1 and "opus-mt-en-ru" in err
    assert not (tmp_path / "x.tmx").exists()


def test_tmx_passes_dtd_and_tmx_checks(tmp_path: Path) -> None:
    from aligntool.formats.tmx.validate import count_errors, schema_problems, validate_tmx

    shared = Path(__file__).resolve().parents[1].parent / "shared" / "schemas"
    out = tmp_path / "news.tmx"
    assert run_cli([*BASE, "--out", str(out), "--min-score", "0.2"]) == 0
    assert count_errors(validate_tmx(out)) == 0
    if not (shared / "tmx14.dtd").exists():
        pytest.skip("../shared/schemas is absent; DTD check skipped")
    assert schema_problems(out, dtd=shared / "tmx14.dtd", xsd=shared / "tmx14.omegat.xsd") == []
