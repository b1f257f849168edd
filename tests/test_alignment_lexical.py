"""The translation table learned from the documents (IBM Model 1) and the two-pass aligner."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from aligntool.engines.alignment.aligner import align_sentences
from aligntool.engines.alignment.beads import Bead, read_beads
from aligntool.engines.alignment.document import load_document
from aligntool.engines.alignment.evaluation import score_documents
from aligntool.engines.alignment.lexical import LexicalModel, confident_pairs, model1, train, words

DATA = Path(__file__).parent / "data" / "alignment"

# A toy parallel corpus: every word has one translation, sentences combine them differently.
PAIRS = [
    ("the house is small", "das haus ist klein"),
    ("the house is big", "das haus ist gross"),
    ("the book is small", "das buch ist klein"),
    ("a book is big", "ein buch ist gross"),
    ("a house", "ein haus"),
    ("the book", "das buch"),
]


def test_model1_puts_mass_on_the_true_translation() -> None:
    tokenised = [(words(e), words(f)) for e, f in PAIRS]
    param_e, param_f, prob, support, e_names, f_names = model1(tokenised, iterations=10)
    table = {(e_names[e], f_names[f]): p for e, f, p in zip(param_e, param_f, prob, strict=True)}
    for e, f in (("house", "haus"), ("book", "buch"), ("small", "klein"), ("big", "gross")):
        others = [p for (e2, f2), p in table.items() if e2 == e and f2 != f]
        assert table[(e, f)] > max(others)
    # t(.|e) sums to one for every source word
    sums = np.bincount(param_e, prob)
    assert np.allclose(sums[sums > 0], 1.0)
    assert support.max() <= len(PAIRS)


def test_train_keeps_pairs_both_directions_agree_on() -> None:
    model = train(PAIRS, threshold=0.3, min_count=2)
    assert "haus" in model.translations["house"]
    assert "buch" in model.translations["book"]
    assert "haus" not in model.translations.get("book", ())
    assert model == train(PAIRS, threshold=0.3, min_count=2)  # deterministic
    assert model.source_keys("The house.") >= {"l:haus"}
    assert model.target_keys("Ein Haus!") == {"l:haus"} | ({"l:ein"} if "ein" in model.target_words else set())


def test_rare_pairs_are_not_kept() -> None:
    model = train([("unique words here", "einzigartige worte hier")], threshold=0.0, min_count=2)
    assert len(model) == 0


def test_confident_pairs_take_only_sure_one_to_one_beads() -> None:
    beads = [Bead((0,), (0,), 0.9), Bead((1,), (1, 2), 0.9), Bead((2,), (3,), 0.1), Bead((3,), (), 0.0)]
    src, tgt = ["a", "b", "c", "d"], ["A", "B1", "B2", "C"]
    assert confident_pairs(beads, src, tgt, min_score=0.5) == [("a", "A")]


def test_two_passes_align_the_news_documents_and_a_given_table_is_used() -> None:
    src = load_document(DATA / "csto_news.en", "en", presegmented=True)
    tgt = load_document(DATA / "csto_news.ru", "ru", presegmented=True)
    gold = [bead.key() for bead in read_beads(DATA / "csto_news.en-ru.gold")]
    beads = align_sentences(src.sentences, tgt.sentences, "en", "ru")
    assert score_documents([(gold, [b.key() for b in beads])]).f1_strict >= 0.97
    # A wrong table (every word "translates" to a word of a far-away sentence) must not win over length.
    wrong = LexicalModel({w: ("несуществующее",) for s in src.sentences for w in words(s)})
    again = align_sentences(src.sentences, tgt.sentences, "en", "ru", lexical=wrong)
    assert score_documents([(gold, [b.key() for b in again])]).f1_strict >= 0.9


def test_report_names_the_evidence_against_doubtful_beads() -> None:
    import io

    from aligntool.engines.alignment.beads import BeadEvidence
    from aligntool.jobs.align_output import write_report

    assert BeadEvidence(5.0, 0.0, 0.1).reasons() == ["length (cost 5.0)", "lexical (shared 0.00)", "MT (chrF 0.10)"]
    assert BeadEvidence(0.2, 0.6, None).reasons() == []
    src = load_document(DATA / "csto_news.en", "en", presegmented=True).sentences
    tgt = load_document(DATA / "csto_news.ru", "ru", presegmented=True).sentences
    # The translator's sentence 10 is replaced by a much longer unrelated one.
    tgt = [*tgt[:10], "Погода в горах была хорошей, и все участники похода вернулись домой к вечеру, "
           "усталые, но довольные прогулкой по живописным окрестностям озера.", *tgt[11:]]
    beads = align_sentences(src, tgt, "en", "ru")
    out = io.StringIO()
    write_report(out, beads, src, tgt, min_score=0.0)
    lines = [line.split("\t") for line in out.getvalue().splitlines()[1:]]
    flagged = [line for line in lines if "Погода" in line[5]]
    assert len(flagged) == 1, out.getvalue()
    assert "lexical" in flagged[0][3] or "no counterpart" in flagged[0][3]
    kept = [line for line in lines if line[2] == "kept"]
    assert all(float(line[1]) < 0.5 or not line[3].startswith("ambiguous") for line in kept)


def test_source_translator_loads_once_and_translates_each_sentence_once(tiny_en_ru: Path) -> None:
    from aligntool.jobs.align_mt import SourceTranslator

    translate = SourceTranslator(str(tiny_en_ru))
    first = translate(["The CSTO met.", "Minsk.", "The CSTO met."], "en", "ru")
    assert len(first) == 3 and first[0] == first[2]
    translator = next(iter(translate._translators.values()))
    calls: list[list[str]] = []
    original = translator.translate

    def counting(sentences: list[str], *args: object, **kwargs: object) -> list[str]:
        calls.append(list(sentences))
        return original(sentences, *args, **kwargs)

    translator.translate = counting
    again = translate(["Minsk.", "New sentence."], "en", "ru")
    assert again[0] == first[1]
    assert calls == [["New sentence."]]
