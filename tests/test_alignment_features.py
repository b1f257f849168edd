"""Building blocks of the aligner: transliteration, evidence keys, length model, bead format, scoring."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from aligntool.core.errors import ParseError
from aligntool.engines.alignment.beads import Bead, format_bead, parse_bead
from aligntool.engines.alignment.evaluation import score_documents
from aligntool.engines.alignment.features import month_number, normalise_number, sentence_keys
from aligntool.engines.alignment.length import length_cost, neg_log_erfc
from aligntool.engines.alignment.similarity import chrf
from aligntool.engines.alignment.transliteration import match_key, to_cyrillic, to_latin

# --- transliteration -------------------------------------------------------------------------------


@pytest.mark.parametrize(("latin", "cyrillic"), [
    ("Pankin", "Панкина"),
    ("Minsk", "Минске"),
    ("Tasmagambetov", "Тасмагамбетов"),
    ("Tasmagambetov", "Тасмағамбетов"),  # Kazakh ғ
    ("Ryzhenkov", "Рыженковым"),
    ("Maxim", "Максим"),
    ("Kazakhstan", "Қазақстан"),  # Kazakh қ
    ("Kazakhstan", "Казахстане"),
    ("Valdai", "Валдай"),
    ("NATO", "НАТО"),
    ("Collective", "Коллективной"),
    ("Imangali", "Иманғали"),
])
def test_names_meet_across_scripts(latin: str, cyrillic: str) -> None:
    assert match_key(latin) == match_key(cyrillic)


@pytest.mark.parametrize(("left", "right"), [("Pankin", "Панама"), ("Minsk", "Москва"), ("NATO", "ООН")])
def test_different_names_stay_apart(left: str, right: str) -> None:
    assert match_key(left) != match_key(right)


def test_kazakh_letters_transliterate() -> None:
    assert to_latin("әғқңөұүһі") == "aghqngouuhi"
    assert to_latin("Қазақстан") == "Qazaqstan"
    assert to_latin("Ұлттық Өнер") == "Ulttyq Oner"


def test_to_cyrillic_uses_longest_sequences() -> None:
    assert to_cyrillic("Pankin") == "Панкин"
    assert to_cyrillic("Ryzhenkov") == "Рыженков"
    assert to_cyrillic("Shchukin") == "Щукин"


# --- evidence keys ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("token", "expected"), [
    ("1,000", "1000"), ("1 000", "1000"), ("1.000", "1000"), ("1\u00a0000", "1000"),
    ("3,5", "3.5"), ("3.5", "3.5"), ("007", "7"), ("1.000,50", "1000.5"), ("1,000.5", "1000.5"),
    ("2024", "2024"),
])
def test_numbers_normalise(token: str, expected: str) -> None:
    assert normalise_number(token) == expected


@pytest.mark.parametrize(("word", "month"), [
    ("February", 2), ("февраля", 2), ("ақпан", 2), ("Februar", 2), ("février", 2),
    ("октября", 10), ("қазанда", 10), ("мая", 5), ("Mai", 5), ("May", None), ("маяк", None), ("March", 3),
])
def test_month_names(word: str, month: int | None) -> None:
    assert month_number(word) == month


def test_dates_in_any_notation_share_keys() -> None:
    numeric = sentence_keys("Signed on 10.02.2022 in Moscow.", "en")
    spelled = sentence_keys("Подписано 10 февраля 2022 года в Москве.", "ru")
    assert {"n:10", "n:2", "n:2022"} <= numeric & spelled


def test_keys_cover_punctuation_urls_and_names() -> None:
    keys = sentence_keys('Is it "true" (see https://odkb-csto.org/news/)? Ask Pankin at info@csto.org!', "en")
    assert {"p:?", "p:!", "p:q", "p:("} <= keys
    assert "u:https://odkb-csto.org/news/" in keys
    assert "u:info@csto.org" in keys
    assert "c:panki" in keys


def test_german_capitals_are_not_names() -> None:
    key = match_key("Himalaya")
    assert f"w:{key}" in sentence_keys("Der Himalaya ist hoch.", "de")
    assert f"c:{key}" in sentence_keys("The great Himalaya is high.", "en")


# --- length model ----------------------------------------------------------------------------------


def test_neg_log_erfc_matches_math() -> None:
    for x in (0.0, 0.3, 1.0, 2.5, 6.0):
        assert neg_log_erfc(np.array(x)) == pytest.approx(-math.log(math.erfc(x)), rel=1e-6, abs=1e-6)


def test_length_cost_prefers_proportional_lengths() -> None:
    costs = length_cost(100.0, np.array([110.0, 150.0, 40.0]), ratio=1.1)
    assert costs[0] < 0.1
    assert costs[0] < costs[1] < costs[2]


# --- bead format -----------------------------------------------------------------------------------


def test_bead_lines_parse() -> None:
    assert parse_bead("[3]:[3, 4]") == Bead((3,), (3, 4))
    assert parse_bead("[]:[7]").is_null
    assert parse_bead("[0,1]:[2]:0.156") == Bead((0, 1), (2,), 0.156)
    assert format_bead(Bead((3,), (3, 4))) == "[3]:[3, 4]"
    assert format_bead(Bead((), (7,))) == "[]:[7]"


@pytest.mark.parametrize("line", ["[3]-[4]", "3:4", "[]:[]", "[a]:[1]"])
def test_bad_bead_lines_name_the_line(line: str) -> None:
    with pytest.raises(ParseError, match=r"gold\.txt:7"):
        parse_bead(line, "gold.txt", 7)


indices = st.lists(st.integers(min_value=0, max_value=10_000), max_size=5).map(lambda xs: tuple(sorted(xs)))


@given(indices, indices)
def test_bead_format_round_trips(src: tuple[int, ...], tgt: tuple[int, ...]) -> None:
    if not src and not tgt:
        return
    bead = Bead(src, tgt)
    assert parse_bead(format_bead(bead)) == bead


# --- evaluation ------------------------------------------------------------------------------------


def test_scores_follow_vecalign_definition() -> None:
    gold = [((0,), (0,)), ((1,), (1, 2)), ((2,), ()), ((3,), (3,))]
    test = [((0,), (0,)), ((1,), (1,)), ((), (2,)), ((2,), ()), ((3,), (3,))]
    scores = score_documents([(gold, test)])
    # precision: 5 test beads, strict hits [0]:[0], [2]:[], [3]:[3]; lax adds [1]:[1] (target 1 in gold)
    assert scores.precision_strict == pytest.approx(3 / 5)
    assert scores.precision_lax == pytest.approx(4 / 5)
    # recall: gold without null beads (3), strict hits 2; lax: [1]:[1, 2] overlaps test [1]:[1]
    assert scores.recall_strict == pytest.approx(2 / 3)
    assert scores.recall_lax == pytest.approx(1.0)


def test_scores_sum_counts_over_documents() -> None:
    one = ([((0,), (0,))], [((0,), (0,))])
    other = ([((0,), (0,)), ((1,), (1,)), ((2,), (2,))], [((0, 1, 2), (0, 1, 2))])
    assert score_documents([one, other]).precision_strict == pytest.approx(1 / 2)
    assert score_documents([one, other]).recall_strict == pytest.approx(1 / 4)


def test_chrf_agrees_with_sacrebleu() -> None:
    sacrebleu = pytest.importorskip("sacrebleu")
    for hyp, ref in [("the cat sat on the mat", "the cat is on the mat"), ("Привет мир", "Привет, мир!")]:
        assert chrf(hyp, ref) == pytest.approx(sacrebleu.sentence_chrf(hyp, [ref]).score / 100)
    assert chrf("abc", "xyz") == 0.0


# --- anchors ---------------------------------------------------------------------------------------


def test_anchors_keep_the_monotone_dense_chain() -> None:
    from aligntool.engines.alignment.anchors import find_anchors

    src = [{f"n:{k}"} for k in range(200)]
    tgt = [set() for _ in range(120)] + [{f"n:{k}"} for k in range(200)]  # 120 extra sentences first
    src[10].add("c:ksto")  # a name found once on each side but far away: an isolated, crossing pair
    tgt[300].add("c:ksto")
    src[50].add("p:?")  # punctuation never anchors
    tgt[170].add("p:?")
    anchors = find_anchors(src, tgt)
    assert anchors == [(k, k + 120) for k in range(200)]
