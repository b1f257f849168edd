"""Golden Rules (pySBD / pragmatic_segmenter) from ../shared, and the seed document as a reader splits it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aligntool.engines.segmentation.segmenter import segment

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT.parent / "shared" / "data" / "segmentation"
SEED = ROOT / "corpora" / "csto_news_en.txt"

# Expected outputs we judge wrong (see benchmarks/segmentation.py for the reasoning).
WRONG = {
    "ru-more-39": "'1898 г. В 1854 году' is a caption followed by a new sentence; we split after a year's 'г.'",
}


def _cases() -> list[pytest.param]:
    if not GOLDEN.is_dir():
        return [pytest.param(None, None, marks=pytest.mark.skip(reason=f"{GOLDEN} not found"))]
    cases = []
    for name, lang in (("golden_en", "en"), ("golden_en_pragmatic_extra", "en"), ("golden_ru", "ru"),
                       ("golden_kk", "kk")):
        for line in (GOLDEN / f"{name}.jsonl").read_text(encoding="utf-8").splitlines():
            case = json.loads(line)
            marks = [pytest.mark.xfail(reason=WRONG[case["id"]], strict=True)] if case["id"] in WRONG else []
            cases.append(pytest.param(case, lang, id=case["id"], marks=marks))
    return cases


@pytest.mark.parametrize(("case", "lang"), _cases())
def test_golden_rule(case: dict, lang: str) -> None:
    got = segment(case["text"], lang)
    # expected texts of cases with line breaks inside a sentence have the break as a space
    assert [" ".join(s.text.split()) for s in got] == [" ".join(e.split()) for e in case["expected"]]


SEED_STARTS = [
    "On October 30, 2024,", "The CSTO Secretary General arrived", "The subregional anti-drug",
    "According to the Russian Foreign Ministry", "10.02.2022", "February 9. /TASS/.", "The Collective Security",
    "This was said by", '"[The CSTO] has positioned', "The organization has established", "- It is strange",
    "In this regard,", '"The threat to each', "- We're practically", "At the same time,",
    '"The area of responsibility', "That's the difference", "According to Pankin,", '"Therefore, the demand',
    "The demand for the CSTO", "Our many partners", '"It\'s probably time', "In addition, the Deputy",
    '"The main thing', "Conducting peacekeeping missions", "Pankin said that after", '"We need to learn',
    "The Deputy Minister added", '"The lesson is', "It's probably unprecedented.", "No one prepared",
    "He pointed out", '"In the case of', "So, it was", "Indeed, it was enough", "And these were very well",
]


def test_seed_document_is_split_as_a_reader_would() -> None:
    text = SEED.read_text(encoding="utf-8")
    segments = segment(text, "en")
    assert len(segments) == len(SEED_STARTS)
    for seg, start in zip(segments, SEED_STARTS, strict=True):
        assert seg.text.startswith(start), (seg.text, start)
        assert text[seg.start:seg.end] == seg.text
    assert segments[5].text == "February 9. /TASS/."
    assert segments[-1].text.endswith("concluded.")
