"""The OPUS-MT tokenizer read with sentencepiece alone (CTranslate2 runs) gives transformers' MarianTokenizer's ids,
pieces and texts, on tiny checkpoints in the real layout and on generated text; other layouts go to transformers;
a CTranslate2 run does not import transformers."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aligntool.engines.translation.marian_pieces import MarianPieces

pytest.importorskip("ctranslate2")

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = int(os.environ.get("ALIGNTOOL_FUZZ_EXAMPLES", "25"))
FUZZ = settings(max_examples=EXAMPLES * 4, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
TEXTS = [
    "", " ", "The CSTO met in Minsk.", "  leading and trailing  ", "a\tb\nc", "Organization's «quoted» — dash…",
    "Hello </s> world<unk>x <pad>", "</s></s>", "<unk>", ">>kaz_Cyrl<< The CSTO", ">>rus<<", " >>rus<< text",
    ">>no end", "x >>kaz_Cyrl<< y", ">>a<<>>b<< c", "ОДКБ провела учения «Взаимодействие-2026».", "😀 émoji",
    "\u00a0nbsp\u2009thin", "1,234.56 % $", "<s>not special</s>",
]
#: pieces of text the generator splices: special tokens, language codes, spaces, the models' scripts
SPLICES = st.sampled_from(["</s>", "<unk>", "<pad>", ">>kaz_Cyrl<<", ">>", "<<", " ", "  ", "\n", "▁", "CSTO",
                           "ОДКБ", "Қазақстан", "«", "»", "’", "\u0301", "\x00", "…", "e\u0301"])


def _pair(model: Path) -> tuple[object, MarianPieces]:
    from transformers import MarianTokenizer

    light = MarianPieces.read(model)
    assert light is not None
    return MarianTokenizer.from_pretrained(model), light


@pytest.fixture(scope="module", params=["tiny_en_ru", "tiny_en_trk"])
def pair(request: pytest.FixtureRequest) -> tuple[object, MarianPieces]:
    return _pair(request.getfixturevalue(request.param))


def _same(reference: object, light: MarianPieces, text: str) -> None:
    assert light(text, truncation=False)["input_ids"] == reference(text, truncation=False)["input_ids"], text
    ids = light(text)["input_ids"]
    for skip in (True, False):
        assert light.decode(ids, skip_special_tokens=skip) == reference.decode(ids, skip_special_tokens=skip), text


@pytest.mark.parametrize("text", TEXTS)
def test_ids_and_texts_are_transformers(pair: tuple[object, MarianPieces], text: str) -> None:
    _same(*pair, text)


@FUZZ
@given(parts=st.lists(st.one_of(SPLICES, st.text(max_size=12)), max_size=10))
def test_generated_text_gives_transformers_ids_and_texts(pair: tuple[object, MarianPieces], parts: list[str]) -> None:
    _same(*pair, "".join(parts))


@FUZZ
@given(data=st.data())
def test_any_ids_decode_as_transformers(pair: tuple[object, MarianPieces], data: st.DataObject) -> None:
    reference, light = pair
    ids = data.draw(st.lists(st.integers(0, len(light) - 1), max_size=20))
    for skip in (True, False):
        assert light.decode(ids, skip_special_tokens=skip) == reference.decode(ids, skip_special_tokens=skip)
        assert light.convert_ids_to_tokens(ids, skip_special_tokens=skip) == \
            reference.convert_ids_to_tokens(ids, skip_special_tokens=skip)


def test_vocabulary_and_special_tokens_are_transformers(pair: tuple[object, MarianPieces]) -> None:
    reference, light = pair
    assert light.get_vocab() == reference.get_vocab() and len(light) == len(reference)
    assert (light.eos_token_id, light.unk_token_id, light.pad_token_id) == (
        reference.eos_token_id, reference.unk_token_id, reference.pad_token_id)
    assert light.model_max_length == reference.model_max_length
    assert light.convert_tokens_to_ids(["▁", "no-such-piece", ">>kaz_Cyrl<<"]) == \
        reference.convert_tokens_to_ids(["▁", "no-such-piece", ">>kaz_Cyrl<<"])


@pytest.mark.parametrize("change", [
    {"separate_vocabs": True}, {"clean_up_tokenization_spaces": True}, {"sp_model_kwargs": {"alpha": 0.1}},
    {"tokenizer_class": "NllbTokenizer"}, {"unknown_option": 1},
    {"added_tokens_decoder": {"5": {"content": "<extra>", "special": True}}},
])
def test_other_layouts_are_left_to_transformers(tiny_en_ru: Path, tmp_path: Path, change: dict) -> None:
    model = tmp_path / "model"
    shutil.copytree(tiny_en_ru, model)
    settings_file = model / "tokenizer_config.json"
    settings_file.write_text(json.dumps({**json.loads(settings_file.read_text(encoding="utf-8")), **change}),
                             encoding="utf-8")
    assert MarianPieces.read(model) is None


def test_extra_added_tokens_file_is_left_to_transformers(tiny_en_ru: Path, tmp_path: Path) -> None:
    model = tmp_path / "model"
    shutil.copytree(tiny_en_ru, model)
    assert MarianPieces.read(model) is not None
    (model / "added_tokens.json").write_text('{"<extra>": 99999}', encoding="utf-8")
    assert MarianPieces.read(model) is None


def test_a_ctranslate2_run_does_not_import_transformers(tiny_en_ru: Path, tmp_path: Path) -> None:
    """The default engine's translation run: the tokenizer is read without transformers (nor torch)."""
    source = tmp_path / "in.txt"
    source.write_text("The CSTO met in Minsk. Kazakhstan hosted the Collective Security Council.\n",
                      encoding="utf-8")
    child = ("import sys, json; from aligntool.cli.app import run_cli; code = run_cli(sys.argv[1:]); "
             "print(json.dumps([code, sorted({m.split('.')[0] for m in sys.modules} & {'transformers', 'torch'})]),"
             " file=sys.stderr)")
    done = subprocess.run(
        [sys.executable, "-c", child, "translate", str(source), "--to", "ru", "--model", f"ru={tiny_en_ru}",
         "--out", str(tmp_path / "out"), "--max-length", "8", "--quiet", "--no-resume",
         "--glossary", str(REPO / "glossary" / "csto.yaml"), "--terms", "enforce"],
        capture_output=True, text=True, env={**os.environ, "ALIGNTOOL_CT2_CACHE": str(tmp_path / "ct2")}, cwd=REPO)
    # the first run converts the model (the converter uses transformers); the second is an ordinary run
    again = subprocess.run(done.args, capture_output=True, text=True,
                           env={**os.environ, "ALIGNTOOL_CT2_CACHE": str(tmp_path / "ct2")}, cwd=REPO)
    assert json.loads(again.stderr.strip().splitlines()[-1]) == [0, []], again.stderr[-2000:]
    assert (tmp_path / "out" / "in.en-ru.tmx").is_file()


def test_the_hub_layout_of_older_opus_mt_checkpoints_is_read_alike(tiny_en_ru: Path, tmp_path: Path) -> None:
    """Older OPUS-MT repositories have a two-key tokenizer_config.json and a special_tokens_map.json."""
    model = tmp_path / "model"
    shutil.copytree(tiny_en_ru, model)
    (model / "tokenizer_config.json").write_text('{"target_lang": "ru", "source_lang": "en"}', encoding="utf-8")
    (model / "special_tokens_map.json").write_text(
        '{"eos_token": "</s>", "unk_token": "<unk>", "pad_token": "<pad>"}', encoding="utf-8")
    reference, light = _pair(model)
    assert light.model_max_length == reference.model_max_length
    for text in TEXTS:
        _same(reference, light, text)
