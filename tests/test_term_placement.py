"""Terms enforced inside CTranslate2 (placed where attention says, forms chosen by whole-sentence scores), on tiny
random-weight MarianMT models in the OPUS-MT layout; the form choice on a model whose scores the test sets."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from aligntool.engines.terminology.constraints import constraint_from_strings
from aligntool.engines.translation.constraints import TargetVocabulary
from aligntool.engines.translation.factory import load_translator
from aligntool.engines.translation.registry import ModelSpec
from aligntool.engines.translation.term_placement import Decoded, choices, locate, missing, source_spans

pytest.importorskip("ctranslate2")

REPO = Path(__file__).resolve().parents[1]
GLOSSARY = REPO / "glossary" / "csto.yaml"
FORMS = ("Организации", "Организацию")  # genitive / accusative: pieces ▁Организаци + и / ю
SENTENCE = "The Organization met."


@pytest.fixture(scope="module", autouse=True)
def ct2_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("ct2-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ALIGNTOOL_CT2_CACHE", str(root))
        yield root


def _vocabulary(model: Path) -> TargetVocabulary:
    from transformers import MarianTokenizer

    return TargetVocabulary.from_tokenizer(MarianTokenizer.from_pretrained(model))


def _biased_model(source: Path, target: Path, favoured: str) -> Path:
    """``source`` with output biases: one filler word always first (so the free translation never has the
    term), the favoured form's last piece well above the other form's, everything else as the random weights say."""
    import torch
    from transformers import MarianMTModel

    shutil.copytree(source, target)
    vocabulary = _vocabulary(source)
    pieces = {form: vocabulary.encode(form) for form in FORMS}
    assert all(pieces.values()) and len({ids[-1] for ids in pieces.values()}) == 2
    model = MarianMTModel.from_pretrained(target)
    bias = torch.zeros_like(model.final_logits_bias)
    bias[0, vocabulary.encoder["▁the"]] = 30.0  # the filler: every free step
    bias[0, pieces[favoured][-1]] = 12.0
    model.register_buffer("final_logits_bias", bias)
    model.save_pretrained(target)
    return target


@pytest.mark.parametrize("engine", ["ctranslate2", "transformers"])
@pytest.mark.parametrize("favoured", FORMS)
def test_enforcement_keeps_the_form_the_model_scores_best(tiny_en_ru: Path, tmp_path: Path, engine: str,
                                                          favoured: str) -> None:
    model = _biased_model(tiny_en_ru, tmp_path / "biased", favoured)
    translator = load_translator(ModelSpec("ru", str(model)), device="cpu", engine=engine,
                                 compute_type="float32", max_length=8)
    free = translator.translate([SENTENCE])
    assert not any(form in free[0] for form in FORMS)  # the filler wins every free step
    term = constraint_from_strings("organization", list(FORMS), translator.target_vocabulary)
    assert term is not None
    out = translator.translate([SENTENCE], [[term]])
    other = FORMS[1 - FORMS.index(favoured)]
    assert favoured in out[0].split() and other not in out[0].split()
    assert out.constrained[0] and out.engines[0] == translator.engine_identity
    if engine == "ctranslate2":
        assert out.unconstrained[0] == free[0]  # the free output it replaced is kept for the summary
        assert translator.stats.repaired == 0 and translator.loaded.model is None  # never the last resort


def test_terms_are_placed_where_attention_puts_their_source_words(tiny_en_ru: Path) -> None:
    vocabulary = _vocabulary(tiny_en_ru)
    target = [vocabulary.encoder[p] for p in ("▁the", "▁Организаци", "и", "▁the", "▁the")]
    pieces = ["▁The", "▁CSTO", "▁met", ".", "</s>"]
    term = constraint_from_strings("csto", ["ОДКБ"], vocabulary)
    assert term is not None
    term = type(term)(term.label, term.sequences, term.free_start, "CSTO")
    spans = source_spans(pieces, [term])
    assert spans == [{1}]
    # target ids 1-2 ("Организации") attend to "CSTO": that whole word is the rendering to replace
    attention = [[0.9, 0.05, 0.05, 0, 0], [0.1, 0.8, 0.1, 0, 0], [0.2, 0.6, 0.2, 0, 0], [0, 0, 0.9, 0.1, 0],
                 [0, 0, 0.1, 0.9, 0]]
    assert locate(Decoded(target, attention), spans[0], 0, vocabulary) == (1, 3)
    assert locate(Decoded(target, attention), spans[0], 3, vocabulary)[0] >= 3  # only after what is decided
    assert missing(target, [term], vocabulary) == [0]
    glued = [*target[:1], *term.sequences[0], vocabulary.encoder["и"]]
    assert missing(glued, [term], vocabulary) == [0]  # a term extended into a longer word is no rendering
    assert missing([*target[:1], *term.sequences[0]], [term], vocabulary) == []


def test_form_choices_follow_position_and_spelling(tiny_en_ru: Path) -> None:
    vocabulary = _vocabulary(tiny_en_ru)
    from aligntool.engines.terminology.constraints import build_constraint

    term = build_constraint("sg", [("Генеральный секретарь", "first"), ("Генерального секретаря", "first")],
                            vocabulary, "ru")
    assert term is not None
    texts = lambda indices: {"".join(vocabulary.pieces[t] for t in term.sequences[i]) for i in indices}  # noqa: E731
    at_start = texts(choices(term, None, vocabulary))
    assert at_start and all(t.lstrip("▁")[0].isupper() for t in at_start)
    after_word = texts(choices(term, vocabulary.encoder["▁the"], vocabulary))
    assert after_word == {"▁Генеральный▁секретарь", "▁Генерального▁секретаря"}  # as the glossary writes them
    assert all(t.startswith("▁") for t in after_word)  # never glued onto a word


def test_ct2_enforces_the_corpus_terms_itself_without_torch(tmp_path: Path, tiny_en_ru: Path) -> None:
    """A CTranslate2 run with --terms enforce (model converted earlier) never imports PyTorch and needs no
    last resort on the sample corpus; every term is rendered as the term scorer counts it."""
    if not GLOSSARY.is_file():
        pytest.skip("glossary/csto.yaml is not in this checkout")
    load_translator(ModelSpec("ru", str(tiny_en_ru)), device="cpu")  # the conversion (imports torch) first
    script = (
        "import json, sys\n"
        "from aligntool.jobs.translate import TranslateJob, translate_files\n"
        "from aligntool.engines.translation.options import EngineOptions\n"
        "from pathlib import Path\n"
        f"job = TranslateJob(inputs=[Path({str(REPO / 'corpora' / 'csto_news_en.txt')!r})], targets=['ru'],\n"
        f"    out_dir=Path({str(tmp_path / 'out')!r}), models=['ru={tiny_en_ru}'], glossary=Path({str(GLOSSARY)!r}),\n"
        "    options=EngineOptions(device='cpu', max_length=24), progress=False, resume=False)\n"
        "summary = translate_files(job)\n"
        "print(json.dumps({'torch': 'torch' in sys.modules, 'summary': summary.as_dict()}))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    report = result["summary"]["languages"]["ru"]
    assert result["torch"] is False
    assert report["engine"].startswith("ctranslate2-") and report["repaired"] == 0
    assert report["terms"]["rates"]["exact_after"] == 100.0 and report["terms"]["exact_before"] == 0
    assert report["terms"]["unmeasured"] == 0  # the free pass is measured ("before")
    assert "ctranslate2-" in (tmp_path / "out" / "csto_news_en.en-ru.tmx").read_text(encoding="utf-8")


def test_spacing_before_a_term_is_typography_not_a_question(tiny_en_ru: Path) -> None:
    """After an opening quote only the glued spelling fits («ОДКБ»), after a word or a comma only the spaced one:
    the model is never asked to choose between the two."""
    vocabulary = _vocabulary(tiny_en_ru)
    from aligntool.engines.terminology.constraints import build_constraint

    term = build_constraint("odkb", [("ОДКБ", "first")], vocabulary, "ru")
    assert term is not None and any(term.is_free(i) for i in range(len(term.sequences)))
    spelled = lambda indices: {"".join(vocabulary.pieces[t] for t in term.sequences[i]) for i in indices}  # noqa: E731
    opening = next(vocabulary.encoder[p] for p in ("▁«", "«") if p in vocabulary.encoder)
    comma = vocabulary.encoder[","]
    assert vocabulary.opens(opening) and not vocabulary.opens(comma)
    after_quote = spelled(choices(term, opening, vocabulary))
    assert after_quote and not any(t.startswith("▁") for t in after_quote)
    after_comma = spelled(choices(term, comma, vocabulary))
    assert after_comma and all(t.startswith("▁") for t in after_comma)
    assert after_comma == spelled(choices(term, vocabulary.encoder["▁the"], vocabulary))


def test_what_opens_a_word_is_read_from_the_piece() -> None:
    from aligntool.engines.translation.constraints import TargetVocabulary

    pieces = ["▁«", "(", "▁\"", "word\"", "»", "ОДКБ-", "▁-", "▁“", "ка“", ".", "„"]
    vocabulary = TargetVocabulary(pieces, 0, {p: i for i, p in enumerate(pieces)}, None)
    opening = {p for i, p in enumerate(pieces) if vocabulary.opens(i)}
    assert opening == {"▁«", "(", "▁\"", "ОДКБ-", "▁“", "„"}


class _ScriptedScorer:
    """Next-piece scores the test sets (piece → log-probability, the same after every prefix); records each call's
    prefixes."""

    eos_id = 0

    def __init__(self, scores: dict[int, float]) -> None:
        self.scores: dict[int, float] = scores
        self.calls: list[list[list[int]]] = []

    def next_logprobs(self, rows: Sequence[int], prefixes: Sequence[Sequence[int]],
                      tokens: Sequence[Sequence[int]]) -> list[list[float]]:
        self.calls.append([list(p) for p in prefixes])
        return [[self.scores.get(t, -9.0) for t in pieces] for pieces in tokens]


@pytest.mark.parametrize(("scores", "kept", "calls"), [
    ({2: -1.0, 3: -2.0, 4: -1.0, 5: -3.0}, 0, 1),  # the first form's branch wins at both points: one call
    ({2: -3.0, 3: -1.0, 6: -1.0, 7: -2.0}, 2, 2),  # another branch wins at the first point: its own point next
])
def test_form_choice_asks_along_the_first_form_in_the_same_call(scores: dict[int, float], kept: int,
                                                                 calls: int) -> None:
    """Forms 1·2·4, 1·2·5, 1·3·6, 1·3·7: the first call asks the first point (after 1) and the point after 1·2
    (the first form's path, the same row read further); the point after 1·3 is asked only when 3 wins."""
    from aligntool.engines.translation.term_placement import _choose, _Walk

    walk = _Walk(0, 0, 0, [9], {0: (1, 2, 4), 1: (1, 2, 5), 2: (1, 3, 6), 3: (1, 3, 7)})
    scorer = _ScriptedScorer(scores)
    assert _choose([walk], scorer) == 2  # two points decided, whatever was asked
    assert list(walk.alive) == [kept] and len(scorer.calls) == calls
    assert scorer.calls[0] == [[9, 1], [9, 1, 2]]
    if calls == 2:
        assert scorer.calls[1] == [[9, 1, 3]]
