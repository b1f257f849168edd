"""Windowed alignment of long documents (aligntool.engines.alignment.window) against the whole-document DP."""

from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aligntool.engines.alignment.aligner import align_sentences
from aligntool.engines.alignment.beads import Bead
from aligntool.engines.alignment.window import WindowedAligner


def _documents(n: int, seed: int, gap: tuple[int, int] = (0, 0)) -> tuple[list[str], list[str]]:
    """n source sentences; the target merges, splits and omits some, and leaves out ``gap`` entirely."""
    rng = random.Random(seed)
    vocabulary = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(2, 10)))
                  for _ in range(800)]

    def sentence() -> str:
        words = [rng.choice(vocabulary) for _ in range(rng.randint(4, 25))]
        if rng.random() < 0.25:
            words.append(str(rng.randint(1, 5000)))
        return " ".join(words) + "."

    src = [sentence() for _ in range(n)]
    tgt: list[str] = []
    i = 0
    while i < n:
        draw = rng.random()
        if gap[0] <= i < gap[1] or draw < 0.01:
            i += 1
        elif draw < 0.04 and i + 1 < n:
            tgt.append(src[i] + " " + src[i + 1])
            i += 2
        elif draw < 0.06:
            words = src[i].split()
            tgt.extend([" ".join(words[:len(words) // 2]) + ".", " ".join(words[len(words) // 2:])])
            i += 1
        else:
            tgt.append(src[i])
            i += 1
    return src, tgt


def _assert_same(whole: list[Bead], windows: list[Bead]) -> None:
    assert [bead.key() for bead in windows] == [bead.key() for bead in whole]
    assert [bead.score for bead in windows] == pytest.approx([bead.score for bead in whole], abs=1e-6)


def _assert_partition(beads: list[Bead], n: int, m: int) -> None:
    """Every sentence exactly once, in document order on both sides."""
    assert [i for bead in beads for i in bead.src] == list(range(n))
    assert [j for bead in beads for j in bead.tgt] == list(range(m))


@pytest.mark.parametrize("lexical_model", [False, True])
def test_windows_give_the_whole_document_alignment(lexical_model: bool) -> None:
    src, tgt = _documents(420, seed=3)
    whole = align_sentences(src, tgt, "en", "en", window=0, lexical_model=lexical_model)
    windows = align_sentences(src, tgt, "en", "en", window=100, lexical_model=lexical_model)
    _assert_partition(windows, len(src), len(tgt))
    _assert_same(whole, windows)


def test_windows_across_a_long_omission() -> None:
    # 120 untranslated sentences in a row: longer than a window, so windows end inside the gap.
    src, tgt = _documents(400, seed=5, gap=(150, 270))
    whole = align_sentences(src, tgt, "en", "en", window=0, lexical_model=False)
    windows = align_sentences(src, tgt, "en", "en", window=80, lexical_model=False)
    _assert_partition(windows, len(src), len(tgt))
    assert [bead.key() for bead in windows] == [bead.key() for bead in whole]
    assert sum(1 for bead in windows if bead.src and not bead.tgt and 150 <= bead.src[0] < 270) == 120


def test_short_documents_are_not_windowed(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise AssertionError("a document shorter than the window must be aligned in one piece")

    monkeypatch.setattr(WindowedAligner, "align", fail)
    src, tgt = _documents(60, seed=1)
    beads = align_sentences(src, tgt, "en", "en", window=100)
    _assert_partition(beads, len(src), len(tgt))


def test_window_option_is_validated() -> None:
    from aligntool.core.errors import ConfigError

    with pytest.raises(ConfigError, match="window"):
        align_sentences(["a"], ["b"], "en", "en", window=3)
    assert np.isfinite(align_sentences(["a b c."], ["a b c."], "en", "en", window=0)[0].score)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.text(alphabet="abc xyz 12.?ÄЖқ", min_size=0, max_size=40), min_size=9, max_size=60),
       st.lists(st.text(alphabet="abc xyz 12.?ÄЖқ", min_size=0, max_size=40), min_size=1, max_size=60),
       st.integers(min_value=8, max_value=20), st.integers(min_value=1, max_value=8))
def test_windows_always_partition_both_documents(src: list[str], tgt: list[str], window: int, band: int) -> None:
    # Tiny windows (overlap 2) on random text: the joined path must still be one monotone alignment.
    beads = align_sentences(src, tgt, "en", "ru", window=window, band=band, set_aside_debris=False)
    _assert_partition(beads, len(src), len(tgt))
    assert all(0.0 <= bead.score <= 1.0 for bead in beads)
