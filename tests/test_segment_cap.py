"""--max-segment-chars: an over-long sentence is split at the best boundary inside it, with a warning."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aligntool.cli.app import run_cli
from aligntool.core.datatypes import Segment
from aligntool.core.errors import ConfigError
from aligntool.engines.segmentation.cap import cap_segments, check_max_chars, split_long
from aligntool.engines.segmentation.segmenter import segment


def _whole(text: str) -> Segment:
    return Segment(text, 0, len(text))


def test_clause_punctuation_beats_commas_and_spaces() -> None:
    text = "alpha beta gamma delta; epsilon, zeta eta theta iota kappa lambda mu"
    pieces = split_long(_whole(text), 40)
    assert [p.text for p in pieces] == ["alpha beta gamma delta;", "epsilon, zeta eta theta iota kappa", "lambda mu"]
    # only the second half of the window counts: a clause mark at character 3 would leave a tiny piece
    assert split_long(_whole("ab; " + "word " * 20), 40)[0].text.endswith("word")


def test_no_space_at_all_cuts_at_the_cap() -> None:
    text = "x" * 2500
    assert [len(p.text) for p in split_long(_whole(text), 1000)] == [1000, 1000, 500]


def test_short_segments_are_untouched_and_counted_right() -> None:
    doc = "A short sentence. Words " + "word " * 600 + "end"
    segments = segment(doc, "en")
    capped, split = cap_segments(segments, 1000)
    assert split == 1
    assert capped[0] == segments[0]
    assert all(len(s.text) <= 1000 for s in capped) and len(capped) == 5
    assert all(doc[s.start:s.end] == s.text for s in capped)
    assert cap_segments(segments, 0) == (segments, 0)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab ;,.-—\n\t"), min_size=0, max_size=400), st.integers(20, 120))
def test_pieces_cover_the_text_within_the_cap(text: str, cap: int) -> None:
    pieces = split_long(Segment(text, 7, 7 + len(text)), cap)
    assert all(len(p.text) <= cap and p.text for p in pieces)
    assert all(p.end - p.start == len(p.text) and text[p.start - 7:p.end - 7] == p.text for p in pieces)
    assert "".join(text.split()) == "".join("".join(p.text for p in pieces).split())  # nothing but space lost


def test_cap_value_is_checked() -> None:
    assert check_max_chars(0) == 0 and check_max_chars(500) == 500
    with pytest.raises(ConfigError, match="at least 20"):
        check_max_chars(5)


def test_segment_command_caps_and_warns(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "log.txt"
    source.write_text("Intro line.\n" + ", ".join(f"item {i}" for i in range(400)) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert run_cli(["segment", str(source), "-f", "jsonl", "-o", str(out)]) == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 5 and all(len(r["text"]) <= 1000 for r in records)
    assert all(r["text"].endswith(",") for r in records[1:-1])  # cut after a comma, not inside "item 12"
    err = capsys.readouterr().err
    assert "1 segment(s) longer than 1000 characters" in err
    assert run_cli(["segment", str(source), "--max-segment-chars", "0", "-o", str(out)]) == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == 2


def test_translate_caps_an_over_long_line(tmp_path: Path, tiny_en_ru: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from aligntool.formats.tmx.reader import read_tmx

    source = tmp_path / "pasted.txt"
    source.write_text("A title\n" + " ".join(f"word{i}" for i in range(500)) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    assert run_cli(["translate", str(source), "--to", "ru", "--model", f"ru={tiny_en_ru}", "--out", str(out),
                    "--beams", "1", "--max-length", "3", "--max-segment-chars", "400", "--json", "-q",
                    "--no-resume"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["long_segments"] == 1
    assert "1 segment(s) longer than 400 characters" in captured.err
    units = list(read_tmx(out / "pasted.en-ru.tmx"))
    sources = [unit.variants["en-US"] for unit in units]
    assert sources[0] == "A title" and len(sources) == 1 + 10
    assert all(200 < len(s) <= 400 for s in sources[1:-1])  # each cut at a space in the window's second half
    assert " ".join(sources[1:]) == " ".join(f"word{i}" for i in range(500))
