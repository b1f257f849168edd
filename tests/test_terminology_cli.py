"""``aligntool translate --glossary FILE --terms enforce|check|off`` end to end with the shipped glossary."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest
from lxml import etree

from aligntool.cli.app import run_cli

REPO = Path(__file__).resolve().parents[1]
GLOSSARY = REPO / "glossary" / "csto.yaml"
MIXED = (
    "The CSTO Secretary General arrived in Minsk.\n"
    "The lesson is that we responded almost instantly.\n"
    "NATO and the CSTO met.\n"
    "It's probably unprecedented.\n"
)


@pytest.fixture(scope="module")
def glossary() -> Path:
    if not GLOSSARY.is_file():
        pytest.skip("glossary/csto.yaml is not in this checkout")
    return GLOSSARY


def _models(tiny_en_ru: Path, tiny_en_trk: Path) -> list[str]:
    return ["--model", f"ru={tiny_en_ru}", "--model", f"kk={tiny_en_trk}", "--target-token", "kk=>>kaz_Cyrl<<"]


def _units(path: Path) -> list[tuple[str, dict[str, str]]]:
    tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False))
    out = []
    for tu in tree.findall(".//tu"):
        segs = [seg.text or "" for seg in tu.findall(".//seg")]
        props = {p.get("type"): p.text or "" for p in tu.findall("prop")}
        out.append((segs[-1], props))
    return out


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    capsys.readouterr()
    assert run_cli(["translate", *args, "--json", "--quiet", "--max-length", "24"]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.fixture(scope="module")
def corpus_enforced(tmp_path_factory: pytest.TempPathFactory, tiny_en_ru: Path, tiny_en_trk: Path,
                    sample_corpus: Path, glossary: Path) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("terms")
    buffer = io.StringIO()  # module fixtures cannot use capsys
    with contextlib.redirect_stdout(buffer):
        code = run_cli(["translate", str(sample_corpus), "--to", "ru,kk", *_models(tiny_en_ru, tiny_en_trk),
                        "--glossary", str(glossary), "--out", str(out), "--json", "--quiet", "--max-length", "24"])
    assert code == 0
    return out, json.loads(buffer.getvalue())


def test_sample_corpus_reaches_full_term_success_in_ru_and_kk(corpus_enforced: tuple[Path, dict]) -> None:
    out, summary = corpus_enforced
    for lang in ("ru", "kk"):
        terms = summary["languages"][lang]["terms"]
        assert terms["mode"] == "enforce"
        assert terms["occurrences"] > 40
        assert terms["rates"]["exact_after"] == 100.0
        assert terms["rates"]["lemma_after"] == 100.0
        # The default engine (auto: CTranslate2) decodes every sentence freely first and places the missing terms
        # into that translation, so the figure without enforcement is measured too (random weights: no term).
        assert terms["rates"]["exact_before"] < 100.0 and terms["unmeasured"] == 0
        units = _units(out / f"csto_news_en.en-{lang}.tmx")
        with_terms = [props["x-terms"] for _, props in units if "x-terms" in props]
        assert len(with_terms) == terms["sentences"]
        assert all("missing" not in p for p in with_terms)
        # The case check (issue 28) counts what it accepts; a term the decoder forced in a case its (random)
        # context excludes is marked wrong-case in x-terms and left out of the case-aware count.
        wrong = sum(p.count("=wrong-case") for p in with_terms)
        assert terms["case_after"] <= terms["occurrences"] - wrong
        assert terms["rates"]["case_after"] == round(100.0 * terms["case_after"] / terms["occurrences"], 2)
    assert "glossary:" in summary["signature"] and "terms:enforce" in summary["signature"]


def test_check_reports_the_lower_figure_and_changes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                           tiny_en_ru: Path, tiny_en_trk: Path,
                                                           glossary: Path) -> None:
    source = tmp_path / "mixed.txt"
    source.write_text(MIXED, encoding="utf-8")
    models = _models(tiny_en_ru, tiny_en_trk)
    off = _run(capsys, str(source), "--to", "ru", *models, "--out", str(tmp_path / "off"))
    check = _run(capsys, str(source), "--to", "ru", *models, "--glossary", str(glossary), "--terms", "check",
                 "--out", str(tmp_path / "check"))
    enforce = _run(capsys, str(source), "--to", "ru", *models, "--glossary", str(glossary),
                   "--out", str(tmp_path / "enforce"))
    assert off["languages"]["ru"]["terms"] == {}
    checked, enforced = check["languages"]["ru"]["terms"], enforce["languages"]["ru"]["terms"]
    assert checked["rates"]["exact_after"] == checked["rates"]["exact_before"] < 100.0
    assert enforced["rates"]["exact_after"] == 100.0
    assert enforced["exact_before"] == checked["exact_before"]
    plain = _units(tmp_path / "off" / "mixed.en-ru.tmx")
    checked_units = _units(tmp_path / "check" / "mixed.en-ru.tmx")
    enforced_units = _units(tmp_path / "enforce" / "mixed.en-ru.tmx")
    assert [t for t, _ in checked_units] == [t for t, _ in plain]
    for (p, _), (e, props) in zip(plain, enforced_units, strict=True):
        if "x-terms" not in props:  # sentences without terms: exactly the --terms off output
            assert e == p
        else:
            assert "=enforced" in props["x-terms"] or "=ok" in props["x-terms"]
    assert sum("x-terms" in props for _, props in enforced_units) == 2


def test_terms_without_glossary_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                 sample_corpus: Path) -> None:
    assert run_cli(["translate", str(sample_corpus), "--to", "ru", "--terms", "check", "--out", str(tmp_path)]) != 0
    assert "--terms check needs --glossary FILE" in capsys.readouterr().err
    assert run_cli(["translate", str(sample_corpus), "--to", "ru", "--glossary", str(GLOSSARY),
                    "--terms", "always", "--out", str(tmp_path)]) != 0
    assert "--terms always: expected one of enforce, check, off" in capsys.readouterr().err


def test_ct2_float32_enforces_the_terms_itself_and_reaches_the_same_term_rate(
    tmp_path: Path, corpus_enforced: tuple[Path, dict], tiny_en_ru: Path, sample_corpus: Path, glossary: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pytest.importorskip("ctranslate2", reason="ctranslate2 is not installed")
    monkeypatch.setenv("ALIGNTOOL_CT2_CACHE", str(tmp_path / "ct2"))
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        code = run_cli(["translate", str(sample_corpus), "--to", "ru", "--model", f"ru={tiny_en_ru}", "--engine",
                        "ctranslate2", "--compute-type", "float32", "--glossary", str(glossary), "--out",
                        str(tmp_path / "out"), "--json", "--quiet", "--max-length", "24"])
    assert code == 0
    summary = json.loads(buffer.getvalue())
    ru = summary["languages"]["ru"]
    default_rates = corpus_enforced[1]["languages"]["ru"]["terms"]["rates"]
    assert ru["terms"]["rates"]["exact_after"] == default_rates["exact_after"] == 100.0
    assert ru["terms"]["rates"]["lemma_after"] == default_rates["lemma_after"]
    # CTranslate2 placed every term itself (random weights: the free output misses them all): the transformers
    # engine, the last resort, decoded nothing, and neither the summary nor the signature nor a unit names it.
    engines = ru["engines"]
    assert list(engines) and all(e.startswith("ctranslate2-") for e in engines), engines
    assert ru["repaired"] == 0 and ru["terms"]["redecoded"] > 0
    signature_engine = next(f for f in summary["signature"].split("|") if f.startswith("engine-ru:"))
    assert "ctranslate2-" in signature_engine and "transformers" not in signature_engine
    units = _units(tmp_path / "out" / "csto_news_en.en-ru.tmx")
    assert not [props for _, props in units if "transformers" in props.get("x-mt-engine", "")]
    assert all("missing" not in props.get("x-terms", "") for _, props in units)
