"""``aligntool translate`` end to end: segment → MarianMT → TMX, through the CLI and the Python API."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from aligntool.cli.app import run_cli
from aligntool.engines.segmentation.segmenter import segment
from aligntool.formats.tmx.reader import read_tmx

REPO = Path(__file__).resolve().parents[1]


def _models(tiny_en_ru: Path, tiny_en_trk: Path) -> list[str]:
    return ["--model", f"ru={tiny_en_ru}", "--model", f"kk={tiny_en_trk}"]


def _units(path: Path) -> list[etree._Element]:
    tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False))
    return tree.findall(".//tu")


def _validate_dtd(path: Path, shared: Path) -> None:
    dtd = etree.DTD(str(shared / "schemas" / "tmx14.dtd"))
    tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False))
    assert dtd.validate(tree), dtd.error_log.filter_from_errors()


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory: pytest.TempPathFactory, tiny_en_ru: Path, tiny_en_trk: Path,
               sample_corpus: Path) -> Path:
    out = tmp_path_factory.mktemp("out")
    code = run_cli(["translate", str(sample_corpus), "--to", "ru,kk", *_models(tiny_en_ru, tiny_en_trk),
                    "--out", str(out), "--quiet"])
    assert code == 0
    return out


def test_corpus_gives_one_valid_tmx_per_pair(corpus_run: Path, sample_corpus: Path, shared_dir: Path) -> None:
    sentences = segment(sample_corpus.read_text(encoding="utf-8"), "en")
    for pair, lang in (("en-ru", "ru-RU"), ("en-kk", "kk-KZ")):
        path = corpus_run / f"csto_news_en.{pair}.tmx"
        _validate_dtd(path, shared_dir)
        units = _units(path)
        assert len(units) == len(sentences)
        for unit, sentence in zip(units, sentences, strict=True):
            tuvs = unit.findall("tuv")
            langs = [t.get("{http://www.w3.org/XML/1998/namespace}lang") for t in tuvs]
            assert langs == ["en-US", lang]
            assert tuvs[0].findtext("seg") == sentence.text
            assert tuvs[1].findtext("seg").strip()  # no empty target
            props = {p.get("type"): p.text for p in unit.findall("prop")}
            assert props["x-origin"] == "mt"
            assert props["x-document"] == "csto_news_en.txt"


def test_header_carries_required_attributes_and_signature(corpus_run: Path) -> None:
    tree = etree.parse(str(corpus_run / "csto_news_en.en-ru.tmx"))
    header = tree.find("header")
    for attribute in ("creationtool", "creationtoolversion", "segtype", "o-tmf", "adminlang", "srclang",
                      "datatype"):
        assert header.get(attribute), attribute
    assert header.get("srclang") == "en-US"
    assert header.get("segtype") == "sentence"
    assert len(header.get("creationdate")) == 16 and header.get("creationdate").endswith("Z")
    props = {p.get("type"): p.text for p in header.findall("prop")}
    assert props["x-aligntool-version"]
    assert "@local-" in props["x-aligntool-model-ru"]


def test_language_tags_can_be_changed(tmp_path: Path, tiny_en_ru: Path, tiny_en_trk: Path) -> None:
    source = tmp_path / "doc.txt"
    source.write_text("The CSTO met in Minsk.\n", encoding="utf-8")
    code = run_cli(["translate", str(source), "--to", "ru", *_models(tiny_en_ru, tiny_en_trk), "--lang-tag",
                    "ru=ru", "--lang-tag", "en=en-GB", "--out", str(tmp_path), "--quiet"])
    assert code == 0
    tree = etree.parse(str(tmp_path / "doc.en-ru.tmx"))
    assert tree.find("header").get("srclang") == "en-GB"
    langs = [t.get("{http://www.w3.org/XML/1998/namespace}lang") for t in tree.iter("tuv")]
    assert langs == ["en-GB", "ru"]


@pytest.mark.parametrize("content", ["", "   \n\n  \t\n"])
def test_empty_input_gives_valid_tmx_without_units(tmp_path: Path, tiny_en_ru: Path, tiny_en_trk: Path,
                                                   content: str, shared_dir: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "empty.txt"
    source.write_text(content, encoding="utf-8")
    code = run_cli(["translate", str(source), "--to", "ru,kk", *_models(tiny_en_ru, tiny_en_trk),
                    "--out", str(tmp_path / "out"), "--quiet"])
    assert code == 0
    err = capsys.readouterr().err  # warned even with --quiet
    assert f"aligntool: warning: {source} has no text to translate" in err and "no units" in err
    for pair in ("en-ru", "en-kk"):
        path = tmp_path / "out" / f"empty.{pair}.tmx"
        _validate_dtd(path, shared_dir)
        assert _units(path) == []


def test_bom_and_crlf_are_tolerated(tmp_path: Path, tiny_en_ru: Path, tiny_en_trk: Path) -> None:
    source = tmp_path / "windows.txt"
    source.write_bytes("\ufeffThe CSTO met in Minsk.\r\nNATO did not.\r\n".encode())
    code = run_cli(["translate", str(source), "--to", "ru", *_models(tiny_en_ru, tiny_en_trk),
                    "--out", str(tmp_path), "--quiet"])
    assert code == 0
    segs = [u.find("tuv").findtext("seg") for u in _units(tmp_path / "windows.en-ru.tmx")]
    assert segs == ["The CSTO met in Minsk.", "NATO did not."]


def test_other_encodings_are_a_clear_error(tmp_path: Path, tiny_en_ru: Path, tiny_en_trk: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "cp1251.txt"
    source.write_bytes("Организация\n".encode("cp1251"))
    code = run_cli(["translate", str(source), "--to", "ru", *_models(tiny_en_ru, tiny_en_trk),
                    "--out", str(tmp_path / "out"), "--quiet"])
    assert code != 0
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0
    assert "cp1251.txt:1" in err and "UTF-8" in err
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_two_inputs_with_one_stem_are_refused(tmp_path: Path, tiny_en_ru: Path, tiny_en_trk: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    """report.txt and report.html would both write OUT/report.en-ru.tmx: refused before anything is written."""
    (tmp_path / "report.txt").write_text("The first report.\n", encoding="utf-8")
    (tmp_path / "report.html").write_text("<p>The second report.</p>\n", encoding="utf-8")
    code = run_cli(["translate", str(tmp_path / "report.txt"), str(tmp_path / "report.html"), "--to", "ru",
                    *_models(tiny_en_ru, tiny_en_trk), "--out", str(tmp_path / "out"), "--quiet"])
    assert code == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "report.txt and" in err and "would both write" in err
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_missing_model_directory_is_one_clear_line(tmp_path: Path, sample_corpus: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "aligntool", "translate", str(sample_corpus), "--to", "ru",
         "--model", f"ru={tmp_path / 'no-such-model'}", "--out", str(tmp_path / "out")],
        capture_output=True, text=True, cwd=REPO, env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "no-such-model" in lines[0] and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_uncached_hub_model_offline_is_one_clear_line(tmp_path: Path, sample_corpus: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "aligntool", "translate", str(sample_corpus), "--to", "kk",
         "--out", str(tmp_path / "out")],
        capture_output=True, text=True, cwd=REPO,
        env={**os.environ, "HF_HUB_OFFLINE": "1", "HF_HOME": str(tmp_path / "hf")},
    )
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Helsinki-NLP/opus-mt-en-trk" in lines[0] and "--model kk=" in lines[0]


def test_multilingual_file_and_json_summary(tmp_path: Path, tiny_en_ru: Path, tiny_en_trk: Path,
                                            capsys: pytest.CaptureFixture[str], shared_dir: Path) -> None:
    source = tmp_path / "doc.txt"
    source.write_text("The CSTO met in Minsk. NATO did not.\n\nConducting peacekeeping missions\n", encoding="utf-8")
    code = run_cli(["translate", str(source), "--to", "ru,kk", *_models(tiny_en_ru, tiny_en_trk),
                    "--multilingual", "--out", str(tmp_path), "--quiet", "--json"])
    assert code == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["sentences"] == 3
    assert set(summary["languages"]) == {"ru", "kk"}
    path = tmp_path / "doc.tmx"
    _validate_dtd(path, shared_dir)
    for unit in _units(path):
        langs = [t.get("{http://www.w3.org/XML/1998/namespace}lang") for t in unit.findall("tuv")]
        assert langs == ["en-US", "ru-RU", "kk-KZ"]
    # split gives back exactly the bilingual files' units and props (apart from dates and tuids)
    assert run_cli(["tmx", "split", str(path), "-o", str(tmp_path / "split")]) == 0
    assert run_cli(["translate", str(source), "--to", "ru,kk", *_models(tiny_en_ru, tiny_en_trk),
                    "--out", str(tmp_path / "bilingual"), "--quiet"]) == 0
    for pair in ("en-ru", "en-kk"):
        split = [(u.variants, u.props) for u in read_tmx(tmp_path / "split" / f"doc.{pair}.tmx")]
        bilingual = [(u.variants, u.props) for u in read_tmx(tmp_path / "bilingual" / f"doc.{pair}.tmx")]
        assert split == bilingual and len(split) == 3
        assert [dict(props)["x-segment"] for _, props in split] == ["0", "1", "2"]


def test_python_api_translates_text_and_sentence_lists(tiny_en_ru: Path) -> None:
    import aligntool

    sentences = aligntool.translate(["The CSTO met in Minsk.", "NATO did not."], to="ru", model=str(tiny_en_ru))
    assert len(sentences) == 2 and all(sentences)
    document = aligntool.translate("The CSTO met in Minsk. NATO did not.", to="ru", model=str(tiny_en_ru))
    assert document == sentences


def test_translate_file_api(tmp_path: Path, tiny_en_ru: Path, tiny_en_trk: Path) -> None:
    import aligntool

    source = tmp_path / "doc.txt"
    source.write_text("The CSTO met in Minsk.\n", encoding="utf-8")
    summary = aligntool.translate_file(source, to=["ru", "kk"], out_dir=tmp_path / "out",
                                       models=[f"ru={tiny_en_ru}", f"kk={tiny_en_trk}"], progress=False)
    assert sorted(p.name for p in summary.files) == ["doc.en-kk.tmx", "doc.en-ru.tmx"]
    assert summary.sentences == 1


def test_tm_exact_matches_replace_mt(tmp_path: Path, tiny_en_ru: Path, tiny_en_trk: Path) -> None:
    from aligntool.core.datatypes import TranslationUnit
    from aligntool.formats.tmx.writer import TmxHeader, write_tmx

    memory = tmp_path / "memory.tmx"
    write_tmx(memory, TmxHeader(srclang="en-US"),
              [TranslationUnit({"en-US": "The CSTO met in Minsk.", "ru-RU": "ОДКБ собралась в Минске."})])
    source = tmp_path / "doc.txt"
    source.write_text("The CSTO met in Minsk. NATO did not.\n", encoding="utf-8")
    code = run_cli(["translate", str(source), "--to", "ru", *_models(tiny_en_ru, tiny_en_trk), "--tm", str(memory),
                    "--out", str(tmp_path / "out"), "--quiet"])
    assert code == 0
    units = _units(tmp_path / "out" / "doc.en-ru.tmx")
    origins = [{p.get("type"): p.text for p in u.findall("prop")}["x-origin"] for u in units]
    assert origins == ["tm", "mt"]
    assert units[0].findall("tuv")[1].findtext("seg") == "ОДКБ собралась в Минске."
    header = {p.get("type"): p.text for p in etree.parse(str(tmp_path / "out" / "doc.en-ru.tmx")).find("header")}
    assert "x-aligntool-tm-memory.tmx" in header


@pytest.mark.parametrize("args", [["translate", "x.txt", "--beams", "abc"], ["no-such-command"], []])
def test_usage_errors_exit_2_without_traceback(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(args) == 2
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err + captured.out
