"""The one term scorer: glossary check and translate --terms agree; occurrences; classes; context binding."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aligntool.cli import run_cli
from aligntool.datatypes import TranslationUnit
from aligntool.glossary import Glossary
from aligntool.glossary.check import check_pairs
from aligntool.glossary.scoring import TermScorer
from aligntool.segmentation import segment
from aligntool.terminology import TermEnforcer
from aligntool.tmx.writer import TmxHeader, write_tmx

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "glossary" / "csto.yaml"
CORPUS = ROOT / "corpora" / "csto_news_en.txt"


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return Glossary.load(SHIPPED)


def test_old_disagreement_two_occurrences_need_two_renderings(glossary: Glossary) -> None:
    """Was 2/2 in `glossary check` and 1/2 in `translate --terms check`; now both 1/2, count-short."""
    source, target = "The CSTO said the CSTO would act.", "ОДКБ заявила, что она будет действовать."
    report = check_pairs(glossary, [("t.txt:1", source, target)], "en", "ru")
    assert (report.occurrences, report.exact, report.lemma) == (2, 1, 1)
    assert [(i.kind, i.entry_id) for i in report.issues] == [("count-short", "csto")]
    terms = TermEnforcer(glossary, "en", "check").check(source, target, "ru")
    assert [(c.entry_id, c.occurrences, c.exact_after, c.lemma_after, c.outcome) for c in terms.checks] == [
        ("csto", 2, 1, 1, "count-short")]
    assert terms.prop() == "csto(2)=count-short"


def test_old_disagreement_source_tmx_checks_every_unit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`glossary check SOURCE TMX` used to keep only units whose source was a whole line (6 of 36)."""
    sentences = [s.text for s in segment(CORPUS.read_text(encoding="utf-8"), "en")]
    tmx = tmp_path / "corpus.tmx"
    write_tmx(tmx, TmxHeader(srclang="en"), [TranslationUnit({"en": s, "ru": s}) for s in sentences])
    assert run_cli(["glossary", "check", str(CORPUS), str(tmx), "--to", "ru", "-g", str(SHIPPED), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["units"] == len(sentences) > 30
    assert report["skipped"] == 0
    assert report["occurrences"] > 50
    first = report["failures"][0]
    assert first["file"] == str(tmx) and isinstance(first["line"], int) and first["class"] == "missing"


def test_failure_lines_follow_the_compiler_convention(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source, target = tmp_path / "en.txt", tmp_path / "ru.txt"
    source.write_text("The CSTO met.\nThe CSTO Secretary General arrived.\n", encoding="utf-8")
    target.write_text("ОДКБ собралась.\nГенеральный секретарь ООН прибыл.\n", encoding="utf-8")
    assert run_cli(["glossary", "check", str(source), str(target), "--to", "ru", "-g", str(SHIPPED)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"{target}:2: other-entity: 'CSTO Secretary General' [csto-secretary-general]: "
                               "'Генеральный секретарь' here belongs to 'ООН' [un]")
    assert lines[-1].startswith("2 unit(s) checked, 2 term occurrences")


@pytest.mark.parametrize("lang, target, kind", [
    ("ru", "Генеральный секретарь прибыл.", None),
    ("ru", "Генеральный секретарь ООН прибыл.", "other-entity"),
    ("kk", "ҰҚШҰ Бас хатшысы келді.", None),
    ("kk", "Бас хатшы келді.", None),
    ("kk", "БҰҰ Бас хатшысы келді.", "other-entity"),
    ("ru", "Прибыл.", "missing"),
])
def test_generic_short_forms_are_bound_by_their_qualifier(glossary: Glossary, lang: str, target: str,
                                                          kind: str | None) -> None:
    scored = TermScorer(glossary, "en").score("The CSTO Secretary General arrived.", target, lang)
    assert [f.kind for f in scored.failures] == ([kind] if kind else [])


def test_source_side_qualifier_and_hyphenated_names(glossary: Glossary) -> None:
    scorer = TermScorer(glossary, "en")
    assert [m.entry.id for m in scorer.source_matches("The UN Secretary General spoke.")] == ["un"]
    assert [m.entry.id for m in scorer.source_matches("the Secretary General of the UN")] == ["un"]
    assert [m.entry.id for m in scorer.source_matches("the operation Kanal-Avangard ended")] == ["kanal-avangard"]
    assert [m.entry.id for m in scorer.source_matches("CSTO-led forces")] == ["csto"]


@pytest.mark.parametrize("target", ["Панкинға барды.", "Панкинге барды."])
def test_kazakh_wrong_suffix_is_a_wrong_form(glossary: Glossary, target: str) -> None:
    scored = TermScorer(glossary, "en").score("They went to Pankin.", target, "kk")
    assert [f.kind for f in scored.failures] == (["wrong-form"] if "ға" in target else [])
