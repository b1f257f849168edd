"""align_sentences on real documents (en–ru, en–kk news with merges, splits, omissions) and edge cases."""

from __future__ import annotations

import random
from pathlib import Path
from types import SimpleNamespace
from typing import ClassVar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aligntool.core.errors import ConfigError, InputError
from aligntool.engines.alignment.aligner import align_sentences
from aligntool.engines.alignment.beads import Bead, read_beads
from aligntool.engines.alignment.debris import Kept
from aligntool.engines.alignment.document import load_document
from aligntool.engines.alignment.evaluation import score_documents
from aligntool.engines.alignment.features import sentence_keys
from aligntool.engines.alignment.scoring import AlignOptions
from aligntool.engines.segmentation.document import segment_document

DATA = Path(__file__).parent / "data" / "alignment"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
PAIRS = [("csto_news", "ru"), ("csto_news_part", "kk"), ("csto_exercise", "ru")]


def _check_partition(beads: list[Bead], n: int, m: int) -> None:
    """Beads are monotone and cover every sentence exactly once."""
    src = [i for bead in beads for i in bead.src]
    tgt = [j for bead in beads for j in bead.tgt]
    assert src == list(range(n))
    assert tgt == list(range(m))
    for bead in beads:
        assert 0.0 <= bead.score <= 1.0
        assert bead.src or bead.tgt


@pytest.mark.parametrize(("name", "lang"), PAIRS)
@pytest.mark.parametrize("anchors", [True, False])
def test_news_documents_align_with_gold(name: str, lang: str, anchors: bool) -> None:
    src = load_document(DATA / f"{name}.en", "en", presegmented=True)
    tgt = load_document(DATA / f"{name}.{lang}", lang, presegmented=True)
    gold = [bead.key() for bead in read_beads(DATA / f"{name}.en-{lang}.gold")]
    beads = align_sentences(src.sentences, tgt.sentences, "en", lang,
                            src_breaks=src.breaks if anchors else None, tgt_breaks=tgt.breaks if anchors else None)
    _check_partition(beads, len(src.sentences), len(tgt.sentences))
    scores = score_documents([(gold, [bead.key() for bead in beads])])
    assert scores.f1_strict >= 0.97


def test_merges_splits_and_omissions_are_found() -> None:
    src = load_document(DATA / "csto_news.en", "en", presegmented=True)
    tgt = load_document(DATA / "csto_news.ru", "ru", presegmented=True)
    beads = {bead.key() for bead in align_sentences(src.sentences, tgt.sentences, "en", "ru")}
    assert ((2,), (2, 3)) in beads  # one English sentence, two Russian ones
    assert ((6, 7), (8,)) in beads  # two English sentences, one Russian
    assert ((17,), ()) in beads  # left untranslated
    assert ((), (23,)) in beads  # translator's addition


def test_null_beads_score_zero_and_good_beads_score_higher() -> None:
    src = load_document(DATA / "csto_news.en", "en", presegmented=True)
    tgt = load_document(DATA / "csto_news.ru", "ru", presegmented=True)
    beads = align_sentences(src.sentences, tgt.sentences, "en", "ru")
    null = [bead.score for bead in beads if bead.is_null]
    real = [bead.score for bead in beads if not bead.is_null]
    assert null and all(score == 0.0 for score in null)
    assert sum(real) / len(real) > 0.5


class TinyGlossary:
    """Two entries with English and (stems of) Russian forms, shaped like aligntool.engines.terminology matches."""

    forms: ClassVar[dict[str, str]] = {"treaty": "treaty", "договор": "treaty", "peacekeepers": "pk",
                                       "миротвор": "pk"}

    def find(self, text: str, lang: str) -> list[SimpleNamespace]:
        return [SimpleNamespace(entry=SimpleNamespace(id=entry), start=text.lower().find(form))
                for form, entry in self.forms.items() if form in text.lower()]


def test_glossary_terms_are_evidence() -> None:
    assert "g:pk" in sentence_keys("Миротворцы покинули город.", "ru", TinyGlossary())
    tgt = ["Миротворцы покинули город."]
    for src, expected in [
        (["The treaty was signed yesterday.", "The peacekeepers left the city."], [((0,), ()), ((1,), (0,))]),
        (["The peacekeepers left the city.", "The treaty was signed yesterday."], [((0,), (0,)), ((1,), ())]),
    ]:
        beads = align_sentences(src, tgt, "en", "ru", glossary=TinyGlossary())
        assert [bead.key() for bead in beads] == expected


def test_real_glossary_when_present() -> None:
    path = Path(__file__).resolve().parents[1] / "glossary" / "csto.yaml"
    if not path.exists():
        pytest.skip("glossary/csto.yaml is not in this checkout")
    from aligntool.engines.terminology.termbase import Glossary

    glossary = Glossary.load(path)
    src = load_document(DATA / "csto_news_part.en", "en", presegmented=True)
    tgt = load_document(DATA / "csto_news_part.kk", "kk", presegmented=True)
    gold = [bead.key() for bead in read_beads(DATA / "csto_news_part.en-kk.gold")]
    beads = align_sentences(src.sentences, tgt.sentences, "en", "kk", glossary=glossary)
    assert score_documents([(gold, [bead.key() for bead in beads])]).f1_strict >= 0.97


def test_mt_translations_are_evidence() -> None:
    src = ["Good morning.", "The meeting starts at noon.", "Thank you."]
    tgt = ["Доброе утро.", "Спасибо."]
    # A (hand-written) translation of the source into Russian settles which sentence has no counterpart.
    mt = ["Доброе утро.", "Встреча начинается в полдень.", "Спасибо."]
    beads = align_sentences(src, tgt, "en", "ru", src_translations=mt)
    assert [bead.key() for bead in beads] == [((0,), (0,)), ((1,), ()), ((2,), (1,))]


def test_empty_sides() -> None:
    assert align_sentences([], [], "en", "ru") == []
    assert [b.key() for b in align_sentences(["A."], [], "en", "ru")] == [((0,), ())]
    assert [b.key() for b in align_sentences([], ["А.", "Б."], "en", "ru")] == [((), (0,)), ((), (1,))]


def test_single_sentences_align() -> None:
    beads = align_sentences(["Hello."], ["Привет."], "en", "ru")
    assert [b.key() for b in beads] == [((0,), (0,))]


def test_unknown_options_are_reported_together() -> None:
    with pytest.raises(ConfigError, match=r"bandwidth.*skip"):
        align_sentences(["A."], ["Б."], "en", "ru", bandwidth=3, skip=1)
    with pytest.raises(ConfigError, match="band must be at least 1"):
        align_sentences(["A."], ["Б."], "en", "ru", band=0)


def test_long_omission_widens_the_band() -> None:
    rng = random.Random(7)
    words = ["alpha", "beta", "gamma", "delta", "omega", "sigma", "kappa", "lambda"]
    src = [" ".join(rng.choice(words) for _ in range(rng.randint(3, 20))) + f" {k}." for k in range(300)]
    tgt = src[:100] + src[160:]  # 60 sentences never translated
    beads = align_sentences(src, tgt, "en", "en", options=AlignOptions(band=10))
    _check_partition(beads, len(src), len(tgt))
    keys = {bead.key() for bead in beads}
    assert ((99,), (99,)) in keys and ((160,), (100,)) in keys
    assert sum(1 for bead in beads if bead.src and not bead.tgt) == 60


def test_presegmented_blank_lines_are_paragraph_breaks() -> None:
    doc = segment_document("One.\nTwo.\n\n\nThree.\n  \nFour.\n", presegmented=True)
    assert doc.sentences == ["One.", "Two.", "Three.", "Four."]
    assert doc.breaks == [0, 2, 3]


def test_raw_documents_are_segmented_per_paragraph() -> None:
    doc = segment_document("First sentence here. Second one follows.\nA new paragraph.\n", "en")
    assert doc.sentences == ["First sentence here.", "Second one follows.", "A new paragraph."]
    assert doc.breaks == [0, 2]


def test_empty_document_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("\n\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"empty\.txt"):
        load_document(path, "en", presegmented=True)


def test_textberg_dev_beats_gale_church() -> None:
    folder = SHARED / "data" / "alignment" / "textberg-dev"
    if not folder.exists():
        pytest.skip(f"{folder} is absent (shared data is only on development machines)")
    src = load_document(folder / "dev.de", "de", presegmented=True)
    tgt = load_document(folder / "dev.fr", "fr", presegmented=True)
    gold = [bead.key() for bead in read_beads(folder / "dev.defr")]
    beads = align_sentences(src.sentences, tgt.sentences, "de", "fr")
    assert score_documents([(gold, [bead.key() for bead in beads])]).f1_strict >= 0.85


def test_mt_pipeline_runs_with_a_local_model(tiny_en_ru: Path) -> None:
    from aligntool.jobs.align_mt import translate_source

    src = load_document(DATA / "csto_exercise.en", "en", presegmented=True).sentences[:6]
    tgt = load_document(DATA / "csto_exercise.ru", "ru", presegmented=True).sentences[:5]
    translations = translate_source(src, "en", "ru", model=str(tiny_en_ru))
    assert len(translations) == len(src) and all(isinstance(text, str) for text in translations)
    beads = align_sentences(src, tgt, "en", "ru", src_translations=translations)
    _check_partition(beads, len(src), len(tgt))


sentences = st.lists(st.text(alphabet="abc xyz 12.?ÄЖқ", min_size=0, max_size=40), min_size=0, max_size=25)


@settings(max_examples=60, deadline=None)
@given(sentences, sentences, st.integers(min_value=1, max_value=8))
def test_beads_always_partition_both_documents(src: list[str], tgt: list[str], band: int) -> None:
    beads = align_sentences(src, tgt, "en", "ru", band=band)
    _check_partition(beads, len(src), len(tgt))
    # Bead types are the DP's; debris set aside inside a bead's span rejoins it on top (alignment.debris).
    src_kept, tgt_kept = set(Kept.of(src).indices), set(Kept.of(tgt).indices)
    for bead in beads:
        if not (bead.src and bead.tgt):
            assert len(bead.src) + len(bead.tgt) == 1
            continue
        size = (len(src_kept.intersection(bead.src)), len(tgt_kept.intersection(bead.tgt)))
        assert size in set(AlignOptions().bead_costs)
