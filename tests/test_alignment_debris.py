"""OCR debris and page furniture are left unaligned, and beads stay runs of consecutive sentences."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aligntool.engines.alignment.aligner import align_sentences
from aligntool.engines.alignment.beads import Bead
from aligntool.engines.alignment.debris import Kept, is_debris, restore
from aligntool.jobs.align_output import write_report

SRC = [
    "The Collective Security Treaty Organization held an exercise in Kazakhstan in 2022.",
    "Troops from six member states took part in the drills near Almaty.",
    "The exercise ended on 14 October with a parade of the participating units.",
    "Observers from twelve countries attended the final stage of the manoeuvres.",
]
TGT = [
    "Организация Договора о коллективной безопасности провела учения в Казахстане в 2022 году.",
    ".....",
    "В учениях под Алматы приняли участие войска шести государств-членов.",
    "- _-",
    "Учения завершились 14 октября парадом участвовавших подразделений.",
    "Наблюдатели из двенадцати стран присутствовали на заключительном этапе маневров.",
]


@pytest.mark.parametrize(("text", "debris"), [
    (".....", True), ("- _-", True), ('h * "', True), (".:-- , .", True), ("L' E .", True), ("", True),
    ("1. 1950 :", False), ("Ok.", False), ("Да.", False), ("C ) .", True), ("Ақ", False), ("§ 4", False),
])
def test_debris_is_a_line_without_words_or_digits(text: str, debris: bool) -> None:
    assert is_debris(text) is debris


def test_debris_lines_between_sentences_become_null_beads() -> None:
    beads = align_sentences(SRC, TGT, "en", "ru", lexical_model=False)
    keys = [bead.key() for bead in beads]
    assert keys == [((0,), (0,)), ((), (1,)), ((1,), (2,)), ((), (3,)), ((2,), (4,)), ((3,), (5,))]
    assert all(bead.score == 0.0 for bead in beads if not bead.src)


def test_the_report_says_a_debris_line_has_no_words() -> None:
    beads = align_sentences(SRC, TGT, "en", "ru", lexical_model=False)
    out = io.StringIO()
    write_report(out, beads, SRC, TGT, 0.0)
    rows = [line.split("\t") for line in out.getvalue().splitlines()[1:]]
    assert [(row[0], row[2], row[3], row[5]) for row in rows] == [
        ("[]:[1]", "left out", "no words (debris)", "....."), ("[]:[3]", "left out", "no words (debris)", "- _-")]


def test_debris_inside_a_bead_rejoins_it_and_paragraph_starts_move_to_the_next_sentence() -> None:
    src, tgt = Kept.of(["ab c", "cd", "...", "ef", "gh"]), Kept.of(["xy", "zw"])
    assert src.indices == [0, 1, 3, 4] and not src.complete and tgt.complete
    assert src.breaks([2, 4]) == [2, 3]
    beads = restore([Bead((0,), (0,)), Bead((1, 2), (1,)), Bead((3,), ())], src, tgt)
    assert [bead.key() for bead in beads] == [((0,), (0,)), ((1, 2, 3), (1,)), ((4,), ())]


def test_a_document_of_debris_only_is_aligned_as_it_is() -> None:
    assert Kept.of(["...", "--"]).complete
    beads = align_sentences(["...", "--"], ["..."], "en", "fr")
    assert sorted(i for bead in beads for i in bead.src) == [0, 1]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["Alpha beta gamma.", "...", "Delta 42 epsilon.", "- _-", "Zeta eta."]), max_size=8),
       st.lists(st.sampled_from(["Альфа бета гамма.", "...", "Дельта 42 эпсилон.", "* *", "Дзета эта."]), max_size=8))
def test_beads_with_debris_still_partition_both_documents_in_order(src: list[str], tgt: list[str]) -> None:
    beads = align_sentences(src, tgt, "en", "ru")
    assert [i for bead in beads for i in bead.src] == list(range(len(src)))
    assert [j for bead in beads for j in bead.tgt] == list(range(len(tgt)))
    for bead in beads:
        assert bead.src == tuple(range(bead.src[0], bead.src[0] + len(bead.src))) if bead.src else True
        assert bead.tgt == tuple(range(bead.tgt[0], bead.tgt[0] + len(bead.tgt))) if bead.tgt else True
