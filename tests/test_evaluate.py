"""aligntool evaluate: sacrebleu figures, TMX and text inputs, reconciliation, significance, bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aligntool.cli.app import app, run_cli
from aligntool.core.datatypes import TranslationUnit
from aligntool.formats.tmx.writer import TmxHeader, TmxWriter
from aligntool.jobs.evaluate.run import EvaluateJob, evaluate, write_per_sentence

pytest.importorskip("sacrebleu")

SOURCES = [
    "The cat sits on the mat.",
    "The CSTO held exercises in Minsk.",
    "The CSTO Secretary General arrived in Moscow.",
    "NATO did not comment.",
    "The Collective Security Council met on Monday.",
    "Peacekeepers returned home.",
]
REFERENCES = [
    "Кошка сидит на ковре.",
    "ОДКБ провела учения в Минске.",
    "Генеральный секретарь ОДКБ прибыл в Москву.",
    "НАТО не стало комментировать.",
    "Совет коллективной безопасности собрался в понедельник.",
    "Миротворцы вернулись домой.",
]
SYSTEM_A = [
    "Кошка сидела на ковре.",
    "ОДКБ провела учения в Минск.",
    "Секретарь прибыл в Москву сегодня.",
    "НАТО не комментировал.",
    "Совет безопасности собрался в понедельник.",
    "Миротворцы вернулись.",
]
SYSTEM_B = [
    "Кошка сидит на ковре.",
    "ОДКБ провела учения в Минске.",
    "Генеральный секретарь ОДКБ прибыл в Москву.",
    "НАТО не стало комментировать.",
    "Совет коллективной безопасности собрался.",
    "Миротворцы вернулись домой.",
]


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def write_tmx(path: Path, sources: list[str], targets: list[str], lang: str = "ru-RU",
              document: str | None = None) -> Path:
    with TmxWriter(path, TmxHeader(srclang="en-US")) as writer:
        for index, (source, target) in enumerate(zip(sources, targets, strict=True)):
            props = [("x-document", document)] if document else []
            writer.write(TranslationUnit({"en-US": source, lang: target}, props=props, tuid=f"u{index}"))
    return path


def sacrebleu_cli(ref: Path, hyp: Path) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-m", "sacrebleu", str(ref), "-i", str(hyp), "-m", "bleu", "chrf", "ter",
                          "-w", "4", "-f", "json"], capture_output=True, text=True, check=True).stdout
    scores = {item["name"]: item["score"] for item in json.loads(out)}
    plus = subprocess.run([sys.executable, "-m", "sacrebleu", str(ref), "-i", str(hyp), "-m", "chrf",
                           "--chrf-word-order", "2", "-w", "4", "-b"], capture_output=True, text=True,
                          check=True).stdout
    return {"BLEU": scores["BLEU"], "chrF": scores["chrF2"], "TER": scores["TER"], "chrF++": float(plus)}


def test_figures_match_sacrebleu_cli_on_text_files(tmp_path: Path) -> None:
    ref = write_lines(tmp_path / "ref.ru", REFERENCES)
    hyp = write_lines(tmp_path / "hyp.ru", SYSTEM_A)
    expected = sacrebleu_cli(ref, hyp)
    report = evaluate(EvaluateJob(hypotheses=[hyp], reference=ref))
    scores = report.systems[0].scores
    for name, value in expected.items():
        assert round(scores[name].score, 4) == pytest.approx(value, abs=1e-4), name
    assert scores["BLEU"].signature.startswith("nrefs:1|case:mixed|eff:no|tok:13a")
    assert report.segments == len(REFERENCES)


def test_tmx_inputs_pair_by_source_text_whatever_the_order(tmp_path: Path) -> None:
    ref = write_tmx(tmp_path / "ref.tmx", SOURCES, REFERENCES)
    order = [3, 0, 5, 1, 4, 2]
    hyp = write_tmx(tmp_path / "hyp.tmx", [SOURCES[i] for i in order], [SYSTEM_A[i] for i in order])
    text_ref = write_lines(tmp_path / "ref.ru", REFERENCES)
    text_hyp = write_lines(tmp_path / "hyp.ru", SYSTEM_A)
    from_tmx = evaluate(EvaluateJob(hypotheses=[hyp], reference=ref))
    from_text = evaluate(EvaluateJob(hypotheses=[text_hyp], reference=text_ref))
    assert from_tmx.target_lang == "ru"
    for name in ("BLEU", "chrF", "chrF++", "TER"):
        assert from_tmx.systems[0].scores[name].score == pytest.approx(from_text.systems[0].scores[name].score)


def test_pair_by_tuid(tmp_path: Path) -> None:
    ref = write_tmx(tmp_path / "ref.tmx", SOURCES, REFERENCES)
    # the same tuids, but a hypothesis TMX whose source side was edited: only tuids can pair them
    hyp = write_tmx(tmp_path / "hyp.tmx", [s.upper() for s in SOURCES], SYSTEM_B)
    with pytest.raises(Exception, match="no segment of the reference"):
        evaluate(EvaluateJob(hypotheses=[hyp], reference=ref))
    report = evaluate(EvaluateJob(hypotheses=[hyp], reference=ref, match="tuid"))
    assert report.segments == len(SOURCES)


def test_counts_reconcile_when_segments_are_missing_on_either_side(tmp_path: Path) -> None:
    ref = write_tmx(tmp_path / "ref.tmx", [*SOURCES[:5], "An extra reference."], [*REFERENCES[:5], "Ещё."])
    hyp = write_tmx(tmp_path / "hyp.tmx", [*SOURCES[1:], "Only in the hypothesis."], [*SYSTEM_A[1:], "Лишнее."])
    report = evaluate(EvaluateJob(hypotheses=[hyp], reference=ref))
    rec = report.systems[0].reconciliation
    assert rec.hypotheses == 6 and rec.references == 6
    assert rec.scored == 4  # SOURCES[1:5]
    assert len(rec.hypotheses_without_reference) == 2  # SOURCES[5] and the extra one
    assert len(rec.references_without_hypothesis) == 2  # SOURCES[0] and the extra reference
    assert rec.empty_references == []
    assert rec.balanced()
    table = report.format_table()
    assert "2 hypotheses without a reference" in table and "2 references without a hypothesis" in table


def test_empty_reference_is_reported_not_scored(tmp_path: Path) -> None:
    # (a TMX writer leaves out units without a target, so an empty reference comes from text)
    ref = write_lines(tmp_path / "ref.ru", [*REFERENCES[:5], ""])
    hyp = write_lines(tmp_path / "hyp.ru", SYSTEM_A)
    report = evaluate(EvaluateJob(hypotheses=[hyp], reference=ref))
    rec = report.systems[0].reconciliation
    assert rec.scored == 5 and len(rec.empty_references) == 1 and rec.balanced()


def test_two_systems_get_a_paired_significance_test(tmp_path: Path) -> None:
    ref = write_lines(tmp_path / "ref.ru", REFERENCES)
    a = write_lines(tmp_path / "a.ru", SYSTEM_A)
    b = write_lines(tmp_path / "b.ru", SYSTEM_B)
    report = evaluate(EvaluateJob(hypotheses=[a, b], reference=ref, samples=200))
    first, second = report.systems
    assert first.scores["BLEU"].p_value is None
    assert 0.0 < second.scores["BLEU"].p_value <= 1.0
    assert second.scores["BLEU"].score > first.scores["BLEU"].score
    # the figures themselves are the plain corpus scores, whatever the test
    alone = evaluate(EvaluateJob(hypotheses=[b], reference=ref))
    assert second.scores["chrF"].score == pytest.approx(alone.systems[0].scores["chrF"].score)
    assert "paired bootstrap" in report.format_table()
    ar = evaluate(EvaluateJob(hypotheses=[a, b], reference=ref, significance="ar", samples=200))
    assert 0.0 < ar.systems[1].scores["TER"].p_value <= 1.0


def test_per_document_figures_and_per_sentence_table(tmp_path: Path) -> None:
    ref = tmp_path / "ref.tmx"
    with TmxWriter(ref, TmxHeader(srclang="en-US")) as writer:
        for index, (source, target) in enumerate(zip(SOURCES, REFERENCES, strict=True)):
            writer.write(TranslationUnit({"en-US": source, "ru-RU": target},
                                         props=[("x-document", "a.txt" if index < 3 else "b.txt")]))
    hyp = write_tmx(tmp_path / "hyp.tmx", SOURCES, SYSTEM_A)
    report = evaluate(EvaluateJob(hypotheses=[hyp], reference=ref))
    assert set(report.systems[0].documents) == {"a.txt", "b.txt"}
    tsv = tmp_path / "worst.tsv"
    assert write_per_sentence(report, tsv) == len(SOURCES)
    rows = tsv.read_text(encoding="utf-8").splitlines()
    assert rows[0].startswith("chrF\tBLEU\tsystem")
    chrf = [float(row.split("\t")[0]) for row in rows[1:]]
    assert chrf == sorted(chrf)  # worst first


def test_term_success_rate_from_the_glossary(tmp_path: Path) -> None:
    glossary = Path(__file__).resolve().parents[1] / "glossary" / "csto.yaml"
    ref = write_tmx(tmp_path / "ref.tmx", SOURCES, REFERENCES)
    a = write_tmx(tmp_path / "a.tmx", SOURCES, SYSTEM_A)
    b = write_tmx(tmp_path / "b.tmx", SOURCES, SYSTEM_B)
    report = evaluate(EvaluateJob(hypotheses=[a, b], reference=ref, glossary=glossary, significance="none"))
    terms_a, terms_b = report.systems[0].terms, report.systems[1].terms
    assert terms_a["occurrences"] == terms_b["occurrences"] > 0
    assert terms_b["exact"] > terms_a["exact"]


@pytest.mark.parametrize("case", ["line-counts", "empty-reference", "missing-language", "two-languages"])
def test_bad_inputs_give_one_line_errors(tmp_path: Path, case: str, capsys: pytest.CaptureFixture[str]) -> None:
    hyp = write_lines(tmp_path / "hyp.ru", SYSTEM_A)
    if case == "line-counts":
        args = [str(hyp), "--ref", str(write_lines(tmp_path / "ref.ru", REFERENCES[:4]))]
        expected = "has 6 segments but"
    elif case == "empty-reference":
        args = [str(hyp), "--ref", str(write_lines(tmp_path / "ref.ru", []))]
        expected = "no reference segments"
    elif case == "missing-language":
        ref = write_tmx(tmp_path / "ref.tmx", SOURCES, REFERENCES)
        args = [str(write_tmx(tmp_path / "hyp.tmx", SOURCES, SYSTEM_A)), "--ref", str(ref), "--to", "kk"]
        expected = "no kk segments"
    else:
        ref = tmp_path / "ref.tmx"
        with TmxWriter(ref, TmxHeader(srclang="en-US")) as writer:
            writer.write(TranslationUnit({"en-US": "a", "ru-RU": "б", "kk-KZ": "ә"}))
        args = [str(hyp), "--ref", str(ref)]
        expected = "several target languages"
    code = run_cli(["evaluate", *args])
    err = capsys.readouterr().err.strip().splitlines()
    assert code != 0
    assert len(err) == 1 and err[0].startswith("aligntool: error:") and expected in err[0]


def test_cli_table_and_json(tmp_path: Path) -> None:
    ref = write_lines(tmp_path / "ref.ru", REFERENCES)
    a = write_lines(tmp_path / "a.ru", SYSTEM_A)
    b = write_lines(tmp_path / "b.ru", SYSTEM_B)
    runner = CliRunner()
    result = runner.invoke(app, ["evaluate", str(a), str(b), "--ref", str(ref), "--names", "base,new",
                                 "--samples", "100"])
    assert result.exit_code == 0, result.output
    assert "base" in result.output and "new" in result.output and "nrefs:1" in result.output
    result = runner.invoke(app, ["evaluate", str(a), "--ref", str(ref), "--json"])
    data = json.loads(result.output)
    assert data["segments"] == 6 and data["systems"][0]["scores"]["BLEU"]["signature"].startswith("nrefs:1")
